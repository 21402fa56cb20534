/**
 * `npm run bench -- classify`
 *
 * Triage against the general-purpose libraries of ADR 0026 on every evaluation set found (see
 * bench/eval-sets.json and classify-sets.ts: read from $TOWNHALL_EVAL_DIR, hashes checked,
 * nothing committed, nothing trained or tuned on them), then the airline set cold (no workspace
 * corrections) and with a workspace learner replayed leave-one-airline-out, then the Sandbox's own
 * labelled messages and the speed of bad input. Nothing learned is written anywhere.
 */

import { labelledSandboxTexts } from '../src/networks/sandbox/sandbox.labels.js'
import { type Classification, classify } from '../src/triage/classifier.js'
import { type Sentiment, TriageLearner } from '../src/triage/learner.js'
import { loadLibraries } from './classify-libraries.js'
import { type EvalExample, type EvalSet, loadEvalSets } from './classify-sets.js'

const TIMING_PASSES = 5
const CHUNK = 200
const CORRECTIONS = [200, 1000, 3000]
const INTENTS = ['question', 'complaint', 'praise', 'request', 'spam', 'other'] as const

/** Strict binary accuracy on polar texts, coverage, 3-class accuracy. */
class Score {
  n = 0
  correct = 0
  polar = 0
  polarCorrect = 0
  polarCovered = 0
  negatives = 0
  negativesFound = 0
  readNegative = 0
  readPositiveOfNegative = 0

  add(label: Sentiment, got: Sentiment): void {
    this.n++
    if (got === label) this.correct++
    if (label !== 'neutral') {
      this.polar++
      if (got === label) this.polarCorrect++
      if (got !== 'neutral') this.polarCovered++
    }
    if (label === 'negative') {
      this.negatives++
      if (got === 'negative') this.negativesFound++
      if (got === 'positive') this.readPositiveOfNegative++
    }
    if (got === 'negative') this.readNegative++
  }

  get strict(): number {
    return this.polarCorrect / this.polar
  }
  get coverage(): number {
    return this.polarCovered / this.polar
  }
  get acc3(): number {
    return this.correct / this.n
  }
  get recall(): number {
    return this.negativesFound / this.negatives
  }
  get precision(): number {
    return this.readNegative === 0 ? 0 : this.negativesFound / this.readNegative
  }
}

const f3 = (x: number) => x.toFixed(3)

/** Milliseconds to run a function over texts: wall clock and this process's CPU time. */
interface Timing {
  wall: number
  cpu: number
}

/**
 * Times running `fn` over `texts`. @NOTE The machine is shared: each chunk of CHUNK texts is timed
 * TIMING_PASSES times and its fastest pass counts, which discards preemptions while still timing
 * every text (the first pass warms the JIT). CPU time (user + system, same passes) is reported
 * beside it because on a loaded machine even the fastest wall-clock pass includes waiting for a core.
 */
function timeIt(texts: string[], fn: (t: string) => unknown, passes = TIMING_PASSES): Timing {
  const total = { wall: 0, cpu: 0 }
  for (let start = 0; start < texts.length; start += CHUNK) {
    const chunk = texts.slice(start, start + CHUNK)
    let wall = Number.POSITIVE_INFINITY
    let cpu = Number.POSITIVE_INFINITY
    for (let pass = 0; pass < passes; pass++) {
      const c0 = process.cpuUsage()
      const t0 = performance.now()
      for (const text of chunk) fn(text)
      wall = Math.min(wall, performance.now() - t0)
      const c = process.cpuUsage(c0)
      cpu = Math.min(cpu, (c.user + c.system) / 1000)
    }
    total.wall += wall
    total.cpu += cpu
  }
  return total
}

function hasNeutrals(set: EvalSet): boolean {
  return set.examples.some((e) => e.label === 'neutral')
}

function compare(sets: EvalSet[], figures: string[]): Timing {
  const libraries = loadLibraries()
  const townhall: Timing = { wall: 0, cpu: 0 }
  let townhallN = 0
  for (const set of sets) {
    const texts = set.examples.map((e) => e.text)
    const ours = new Score()
    for (const e of set.examples) ours.add(e.label, classify(e.text).sentiment)
    const timing = timeIt(texts, (t) => classify(t))
    const ms = timing.wall
    townhall.wall += timing.wall
    townhall.cpu += timing.cpu
    townhallN += texts.length
    const neutrals = hasNeutrals(set)
    console.log(`\n== ${set.name} (${set.kind}): ${set.examples.length} texts, ${ours.polar} polar ==`)
    const row = (name: string, s: Score, msPer: number) =>
      console.log(
        `${name.padEnd(15)} strict_acc=${f3(s.strict)} coverage=${f3(s.coverage)}${neutrals ? ` acc3=${f3(s.acc3)}` : ''} ms/msg=${msPer.toFixed(4)}`,
      )
    row('townhall', ours, ms / texts.length)
    figures.push(`strict_acc_${set.name}: ${f3(ours.strict)}`, `coverage_${set.name}: ${f3(ours.coverage)}`)
    if (neutrals) figures.push(`acc3_${set.name}: ${f3(ours.acc3)}`)
    figures.push(`ms_per_msg_${set.name}: ${(ms / texts.length).toFixed(4)}`)
    let best = 0
    let bestName = ''
    for (const lib of libraries) {
      const s = new Score()
      for (const e of set.examples) s.add(e.label, lib.classify(e.text))
      // Libraries are timed with one pass: several are 5–50× slower than triage.
      const libMs = timeIt(texts, lib.classify, 1).wall / texts.length
      row(lib.name, s, libMs)
      const p = `${lib.name}_`
      figures.push(
        `${p}strict_acc_${set.name}: ${f3(s.strict)}`,
        `${p}coverage_${set.name}: ${f3(s.coverage)}`,
      )
      if (neutrals) figures.push(`${p}acc3_${set.name}: ${f3(s.acc3)}`)
      figures.push(`${p}ms_per_msg_${set.name}: ${libMs.toFixed(4)}`)
      if (s.strict > best) {
        best = s.strict
        bestName = lib.name
      }
    }
    figures.push(
      `best_library_strict_acc_${set.name}: ${f3(best)}`,
      `best_library_${set.name}: ${bestName}`,
      `lead_strict_acc_${set.name}: ${(ours.strict - best).toFixed(3)}`,
    )
  }
  return { wall: townhall.wall / townhallN, cpu: townhall.cpu / townhallN }
}

function airlineFigures(examples: EvalExample[], figures: string[]): void {
  console.log('\n== airline set, no workspace corrections (what a new workspace gets) ==')
  const cold = new Score()
  const intent = { complaint: 0, complaintOfNegative: 0 }
  for (const e of examples) {
    const c = classify(e.text)
    cold.add(e.label, c.sentiment)
    if (c.intent === 'complaint') {
      intent.complaint++
      if (e.label === 'negative') intent.complaintOfNegative++
    }
  }
  console.log(
    `acc3=${f3(cold.acc3)} complaint_recall=${f3(cold.recall)} complaint_precision=${f3(cold.precision)} complaints_read_positive=${cold.readPositiveOfNegative}`,
  )
  figures.push(
    `airline_acc_cold: ${f3(cold.acc3)}`,
    `airline_complaint_recall_cold: ${f3(cold.recall)}`,
    `airline_complaint_precision_cold: ${f3(cold.precision)}`,
    `airline_complaints_read_positive_cold: ${cold.readPositiveOfNegative}`,
    `airline_intent_complaint_recall_cold: ${f3(intent.complaintOfNegative / cold.negatives)}`,
    `airline_intent_complaint_precision_cold: ${f3(intent.complaintOfNegative / intent.complaint)}`,
  )

  // A workspace's learner, replayed leave-one-airline-out: trained in memory on the first N
  // corrections of the five other airlines (file order, roughly as they arrived), tested on the sixth.
  const airlines = [...new Set(examples.map((e) => e.group!))].sort()
  console.log('\n== airline set with workspace corrections, leave-one-airline-out ==')
  for (const size of [...CORRECTIONS, Number.POSITIVE_INFINITY]) {
    const s = new Score()
    let ms = 0
    for (const airline of airlines) {
      const learner = new TriageLearner()
      for (const e of examples) {
        if (learner.examples >= size) break
        if (e.group !== airline) learner.learn(e.text, e.label)
      }
      const held = examples.filter((e) => e.group === airline)
      for (const e of held) s.add(e.label, classify(e.text, { learner }).sentiment)
      if (size === Number.POSITIVE_INFINITY)
        ms += timeIt(
          held.map((e) => e.text),
          (t) => classify(t, { learner }),
        ).wall
    }
    const name = size === Number.POSITIVE_INFINITY ? 'all' : String(size)
    console.log(
      `corrections=${name.padEnd(5)} acc3=${f3(s.acc3)} complaint_recall=${f3(s.recall)} complaint_precision=${f3(s.precision)}`,
    )
    if (size === 1000)
      figures.push(
        `airline_acc_1000: ${f3(s.acc3)}`,
        `airline_complaint_recall_1000: ${f3(s.recall)}`,
        `airline_complaint_precision_1000: ${f3(s.precision)}`,
      )
    if (size === Number.POSITIVE_INFINITY)
      figures.push(
        `classify_accuracy: ${f3(s.acc3)}`,
        `classify_complaint_recall: ${f3(s.recall)}`,
        `classify_ms_per_message: ${(ms / s.n).toFixed(4)}`,
      )
  }
}

function sandboxFigures(figures: string[]): void {
  const texts = labelledSandboxTexts()
  let sentiment = 0
  let intent = 0
  let urgentPraise = 0
  let buriedComplaints = 0
  const perIntent = new Map<string, { tp: number; fp: number; fn: number }>(
    INTENTS.map((i) => [i, { tp: 0, fp: 0, fn: 0 }]),
  )
  for (const t of texts) {
    const c: Classification = classify(t.text)
    if (c.sentiment === t.sentiment) sentiment++
    if (c.intent === t.intent) intent++
    // The two errors a care lead notices first: praise read as an urgent complaint, and a
    // complaint read as anything that needs no answer.
    if (t.intent === 'praise' && (c.intent === 'complaint' || c.sentiment === 'negative')) urgentPraise++
    if (t.intent === 'complaint' && !c.needsReply) buriedComplaints++
    if (c.intent === t.intent) perIntent.get(t.intent)!.tp++
    else {
      perIntent.get(t.intent)!.fn++
      perIntent.get(c.intent)!.fp++
    }
  }
  console.log(`\n== Sandbox templates with intended labels: ${texts.length} ==`)
  for (const [name, { tp, fp, fn }] of perIntent)
    console.log(
      `${name.padEnd(10)} precision=${f3(tp + fp === 0 ? 0 : tp / (tp + fp))} recall=${f3(tp + fn === 0 ? 0 : tp / (tp + fn))} n=${tp + fn}`,
    )
  figures.push(
    `sandbox_sentiment_acc: ${f3(sentiment / texts.length)}`,
    `sandbox_intent_acc: ${f3(intent / texts.length)}`,
    `sandbox_praise_read_urgent: ${urgentPraise}`,
    `sandbox_complaints_buried: ${buriedComplaints}`,
  )
}

function badInputFigures(figures: string[]): void {
  const big = 'my order never arrived and nobody answers '.repeat(2500) // ~100 kB
  const junk = Array.from({ length: 4000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')
  const ms = timeIt([big, junk, '\uD800\uDC00\uDFFF\uD83D', '受付の対応が最悪 😡 but thanks'], (t) =>
    classify(t),
  )
  figures.push(`classify_ms_bad_input_4_lines: ${ms.wall.toFixed(4)}`)
}

export default async function classifyBench(args: string[]): Promise<void> {
  const { sets, missing } = loadEvalSets(args[0])
  for (const s of sets) console.log(`read ${s.name}: ${s.examples.length} texts from ${s.file}`)
  for (const m of missing) console.log(`MISSING evaluation set ${m}`)
  const figures: string[] = []
  const perMsg = compare(sets, figures)
  const airline = sets.find((s) => s.name === 'airline')
  if (airline) airlineFigures(airline.examples, figures)
  sandboxFigures(figures)
  badInputFigures(figures)
  figures.push(
    `eval_sets_missing: ${missing.length}`,
    `classify_cpu_ms_per_msg: ${perMsg.cpu.toFixed(4)}`,
    `classify_ms_per_msg: ${perMsg.wall.toFixed(4)}`,
  )
  console.log('')
  for (const f of figures) console.log(f)
}

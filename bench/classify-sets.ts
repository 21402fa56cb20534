/**
 * The classify benchmark's evaluation sets: described (source, licence, SHA-256) in
 * bench/eval-sets.json, read from a directory outside the repository. None of them is
 * committed and nothing is trained or tuned on them.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseCsvRecords } from '../src/triage/csv.js'
import type { Sentiment } from '../src/triage/learner.js'

/** One labelled text. `group` is the airline for the airline set. */
export interface EvalExample {
  text: string
  label: Sentiment
  group?: string
}

/** A loaded evaluation set. */
export interface EvalSet {
  name: string
  kind: string
  file: string
  examples: EvalExample[]
}

interface SetSpec {
  name: string
  kind: string
  file: string
  format: 'hutto' | 'airline'
  sha256: string
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')

// @NOTE hutto_ICWSM_2014 gold is the mean of ~20 raters on -4..+4; a mean within ±0.5 is the
// raters' "neutral or mixed". Fixed before the first run, recorded in eval-sets.json.
const POLAR_AT = 0.5

function hutto(buf: Buffer): EvalExample[] {
  const out: EvalExample[] = []
  // The files are Latin-1 (a few reviews carry accented letters).
  for (const line of buf.toString('latin1').split(/\r?\n/)) {
    const [, rating, ...rest] = line.split('\t')
    const m = Number(rating)
    if (rest.length === 0 || !Number.isFinite(m)) continue
    const label: Sentiment = m > POLAR_AT ? 'positive' : m < -POLAR_AT ? 'negative' : 'neutral'
    out.push({ text: rest.join('\t'), label })
  }
  return out
}

const SENTIMENTS = new Set(['negative', 'neutral', 'positive'])

function airline(buf: Buffer): EvalExample[] {
  return parseCsvRecords(buf.toString('utf8'))
    .filter((r) => SENTIMENTS.has(r.airline_sentiment ?? '') && r.text && r.airline)
    .map((r) => ({ text: r.text!, label: r.airline_sentiment as Sentiment, group: r.airline! }))
}

function candidates(spec: SetSpec, dir: string): string[] {
  const list = [join(dir, spec.file)]
  if (spec.format === 'airline') {
    if (process.env.AIRLINE_TWEETS_CSV) list.push(process.env.AIRLINE_TWEETS_CSV)
    list.push(join(ROOT, '../shared/data/airline-tweets.csv'), '/work/shared/data/airline-tweets.csv')
  }
  return list
}

/**
 * Loads every set found under `dir` (default `$TOWNHALL_EVAL_DIR`, else `../eval-data` beside the
 * repository) whose SHA-256 matches; returns the others as `missing` with the reason.
 */
export function loadEvalSets(dir = process.env.TOWNHALL_EVAL_DIR ?? join(ROOT, '../eval-data')): {
  sets: EvalSet[]
  missing: string[]
} {
  const specs = (JSON.parse(readFileSync(join(ROOT, 'bench/eval-sets.json'), 'utf8')) as { sets: SetSpec[] })
    .sets
  const sets: EvalSet[] = []
  const missing: string[] = []
  for (const spec of specs) {
    const file = candidates(spec, dir).find((f) => existsSync(f))
    if (!file) {
      missing.push(`${spec.name}: ${spec.file} not found under ${dir}`)
      continue
    }
    const buf = readFileSync(file)
    const hash = createHash('sha256').update(buf).digest('hex')
    if (hash !== spec.sha256) {
      missing.push(`${spec.name}: ${file} has SHA-256 ${hash}, expected ${spec.sha256}`)
      continue
    }
    const examples = spec.format === 'hutto' ? hutto(buf) : airline(buf)
    sets.push({ name: spec.name, kind: spec.kind, file, examples })
  }
  return { sets, missing }
}

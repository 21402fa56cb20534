/**
 * Lexicon + rules sentiment scorer (zero training). VADER's lexicon and mechanics (valence sum with
 * intensifiers and hedges, negation scope, contrast clauses, capitals, elongation and exclamation
 * emphasis, squashed to -1..1), plus our customer-care layer: phrase cues for service failures,
 * waiting, refunds, sarcasm and praise that a general lexicon misses, and politeness that does not
 * count as praise inside a question or a request. Every reading names the cues that drove it.
 */

import { POLITENESS, splitHashtag, valenceOf } from './lexicon-base.js'
import {
  COMPLAINT_CUES,
  type Cue,
  PRAISE_CUES,
  QUESTION_RE,
  REQUEST_RE,
  SARCASM_CUES,
  SPAM_RE,
} from './lexicon-cues.js'
import { CONTRAST, INTENSIFIERS, NEGATORS } from './lexicon-words.js'
import { type Token, tokenize } from './tokenize.js'

/** What the lexicon stage knows about a message; the learner and the intent rules build on it. */
export interface LexiconReading {
  tokens: Token[]
  /** Lower-cased text with typographic apostrophes folded, as matched by the cue regexes. */
  lower: string
  /** Squashed valence, -1..1. */
  score: number
  /** Cue tags that matched (e.g. 'waiting', 'sarcasm', 'praise'). */
  tags: Set<string>
  /** Positive and negative valence mass before squashing (for explanations and debugging). */
  positive: number
  negative: number
  question: boolean
  request: boolean
  spam: boolean
  /** Word tokens with negated ones prefixed `not_`, for the learner's features. */
  marked: string[]
  /** What drove the reading, strongest first (at most {@link MAX_CUES}): "negation: not happy". */
  cues: string[]
}

/** How many cues a reading keeps for display. */
export const MAX_CUES = 6

const NEGATION_WINDOW = 3
// @NOTE VADER scales a negated word by -0.74. A negated negative is weaker here ("not bad" is
// faint praise, "not terrible" is not praise at all).
const NEGATED_POSITIVE = -0.74
const NEGATED_NEGATIVE = -0.4
const BEFORE_CONTRAST = 0.5
const AFTER_CONTRAST = 1.5
// @NOTE VADER's constants: a capitalised sentiment word among lower-case text gains 0.733, each
// "!" (up to 4) 0.292; squashing is score / sqrt(score² + 15).
const CAPS_BOOST = 0.733
const BANG_BOOST = 0.292
const ELONGATION_BOOST = 0.3
const CAPS_INTENSIFIER = 0.3
const ALPHA = 15
const COMPLAINT_DAMPS_POSITIVE = 0.5
const QUESTION_MILD = 2.5

// @NOTE Most cues open with a list of literal words (`\b(still|been|keep) ...`). Testing a word set
// first skips the regex for the many messages that contain none of those words (about 20 % off the
// lexicon stage, identical results on the evaluation set). Cues that do not open that way, or that
// have a top-level alternative, always run.
const GATE_RE = /^\\b\(([a-z' |]+)\)/

function hasTopLevelAlternative(source: string): boolean {
  let depth = 0
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]
    if (ch === '\\') i++
    else if (ch === '(') depth++
    else if (ch === ')') depth--
    else if (ch === '|' && depth === 0) return true
  }
  return false
}

function gateOf(cue: Cue): string[] | null {
  const m = GATE_RE.exec(cue.re.source)
  if (!m || hasTopLevelAlternative(cue.re.source)) return null
  return m[1]!.split('|').map((alt) => alt.split(' ')[0]!)
}

const GATES = new Map<Cue, string[] | null>()
for (const cue of [...SARCASM_CUES, ...COMPLAINT_CUES, ...PRAISE_CUES]) GATES.set(cue, gateOf(cue))

interface CueHit {
  text: string
  weight: number
}

function applyCues(
  lower: string,
  words: Set<string>,
  cues: readonly Cue[],
  tags: Set<string>,
  hits: CueHit[],
  negative: boolean,
  addressed = false,
): number {
  let sum = 0
  for (const cue of cues) {
    if (cue.needsNegative && !negative && sum >= 0) continue
    if (cue.needsAddress && !addressed) continue
    const gate = GATES.get(cue)
    if (gate && !gate.some((w) => words.has(w))) continue
    const m = cue.re.exec(lower)
    if (m) {
      sum += cue.weight
      tags.add(cue.tag)
      hits.push({ text: `${cue.tag}: ${m[0].trim().slice(0, 40)}`, weight: cue.weight })
    }
  }
  return sum
}

function isKnown(w: string): boolean {
  return valenceOf(w) !== undefined || NEGATORS.has(w) || INTENSIFIERS.has(w) || HASHTAG_WORDS.has(w)
}

const ENTHUSIASM = new Set(['believe', 'wait', 'stop', 'beat', 'enough'])

// Words that commonly make up hashtags with a sentiment word ("#neveragain", "#customerfail").
const HASHTAG_WORDS = new Set(['again', 'ever', 'more', 'customer', 'service', 'epic', 'so', 'day', 'life'])

/** Whether every question mark of the text comes with an exclamation mark ("how good is this?!"). */
function exclaimedOnly(tokens: readonly Token[]): boolean {
  let marks = 0
  for (const t of tokens) {
    if (t.kind !== 'bang' || !t.text.includes('?')) continue
    if (!t.text.includes('!')) return false
    marks++
  }
  return marks > 0
}

/** Scores `text` with the shipped lexicon and cue rules. Pure and synchronous. */
export function readLexicon(text: string): LexiconReading {
  const lower = text.toLowerCase().replace(/’/g, "'")
  const tokens = tokenize(text)
  const tags = new Set<string>()
  const marked: string[] = []
  const hits: CueHit[] = []
  const question = lower.includes('?') || QUESTION_RE.test(lower)
  const request = REQUEST_RE.test(lower)
  // Capitals are emphasis only when the rest is not shouted too.
  let words = 0
  let capsWords = 0
  for (const t of tokens)
    if (t.kind === 'word') {
      words++
      if (t.caps) capsWords++
    }
  const capsMatter = capsWords > 0 && capsWords < words
  const asking = question && !exclaimedOnly(tokens)

  let pos = 0
  let neg = 0
  let negateLeft = 0
  let negator = ''
  let boost = 0
  let clauseWeight = 1
  let sawContrast = false
  const score1 = (w: string, v: number, t: Token) => {
    let value = v * (1 + boost)
    if (t.kind === 'word') {
      if (capsMatter && t.caps) {
        value += Math.sign(v) * CAPS_BOOST
        hits.push({ text: `caps: ${w.toUpperCase()}`, weight: value })
      }
      if (t.elongated) value += Math.sign(v) * ELONGATION_BOOST
      if (negateLeft > 0) {
        value *= v > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE
        hits.push({ text: `negation: ${negator} ${w}`, weight: value - v })
      } else if (t.kind === 'word') hits.push({ text: `word: ${w}`, weight: value })
    } else hits.push({ text: `${/\p{L}|[:;=()<>^]/u.test(w) ? 'emoticon' : 'emoji'} ${w}`, weight: value })
    value *= clauseWeight
    if (value > 0) pos += value
    else neg += value
    boost = 0
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.kind === 'stop' || t.kind === 'bang') {
      negateLeft = 0
      boost = 0
      if (t.kind === 'bang') marked.push(t.text)
      continue
    }
    const w = t.text
    if (t.kind === 'emo') {
      marked.push(w)
      const v = valenceOf(w) ?? valenceOf(w.toLowerCase())
      if (v !== undefined) score1(w, v, t)
      continue
    }
    // "yet" contrasts only when it opens a clause ("cheap, yet sturdy"), not in "fixed yet?".
    const contrast = CONTRAST.has(w) && (w !== 'yet' || i === 0 || tokens[i - 1]!.kind === 'stop')
    if (contrast && t.kind === 'word') {
      // Earlier text counts half: "friendly crew but 3 hours late" is a complaint.
      if (!sawContrast) {
        pos *= BEFORE_CONTRAST
        neg *= BEFORE_CONTRAST
        sawContrast = true
        if (pos !== 0 || neg !== 0) hits.push({ text: `contrast: ${w}`, weight: 0.5 })
      }
      clauseWeight = AFTER_CONTRAST
      negateLeft = 0
      marked.push(w)
      continue
    }
    // "can't believe how good", "can't wait", "can't stop smiling", "can't beat it": idioms of
    // enthusiasm, not negation.
    if (negateLeft === NEGATION_WINDOW && ENTHUSIASM.has(w)) negateLeft = 0
    const negated = negateLeft > 0
    marked.push(negated && t.kind === 'word' ? `not_${w}` : w)
    let v = t.kind === 'word' ? valenceOf(w, t.elongated) : undefined
    // Politeness inside a question or a request is manners, not praise.
    if (v !== undefined && (question || request) && POLITENESS.has(w)) v = undefined
    // @NOTE A question asks; mild positive words in it describe what is asked about ("is the quick
    // start free?", "a good bakery near the station?"), they do not praise. Strong ones still count,
    // and so does an exclamation ("how good is this?!").
    if (v !== undefined && asking && v > 0 && v < QUESTION_MILD) v = undefined
    if (v !== undefined) score1(w, v, t)
    else if (t.hashtag && w.length > 5) {
      const parts = splitHashtag(w, isKnown)
      if (parts) {
        for (const p of parts) {
          const pv = valenceOf(p)
          if (pv !== undefined) score1(`#${w}`, pv, t)
          if (NEGATORS.has(p)) {
            negateLeft = NEGATION_WINDOW
            negator = p
          }
        }
        continue
      }
    } else {
      const b = INTENSIFIERS.get(w)
      if (b !== undefined) {
        boost += b
        // A shouted intensifier ("SO angry") intensifies more.
        if (capsMatter && t.caps && b > 0) {
          boost += CAPS_INTENSIFIER
          hits.push({ text: `caps: ${w.toUpperCase()}`, weight: CAPS_BOOST })
        }
      }
    }
    if (NEGATORS.has(w)) {
      negateLeft = NEGATION_WINDOW
      negator = w
    } else if (negateLeft > 0) negateLeft--
  }

  const wordSet = new Set<string>()
  for (const t of tokens) if (t.kind === 'word') wordSet.add(t.text)
  const addressed = tokens.some((t) => t.kind === 'mention')
  const complaint = applyCues(lower, wordSet, COMPLAINT_CUES, tags, hits, neg < 0, addressed)
  const sarcasm = applyCues(lower, wordSet, SARCASM_CUES, tags, hits, neg < 0 || complaint < 0)
  // Positive words inside a sarcastic message are the sarcasm: drop them rather than let "thanks"
  // win, and praise phrases with them ("love how …" is sarcasm there).
  if (sarcasm < 0) {
    pos = 0
    for (const h of hits) if (h.weight > 0) h.weight = 0
  }
  // @NOTE A reported service failure outweighs the manners around it: "thanks, but my bag is
  // still missing" is a complaint. Positive words count half once a complaint cue matched.
  if (complaint < 0) pos *= COMPLAINT_DAMPS_POSITIVE
  neg += sarcasm + complaint
  if (sarcasm === 0) pos += applyCues(lower, wordSet, PRAISE_CUES, tags, hits, true)

  let raw = pos + neg
  const bangs = (lower.match(/!/g) ?? []).length
  if (raw !== 0 && bangs > 0) raw += Math.sign(raw) * Math.min(bangs, 4) * BANG_BOOST
  const score = raw / Math.sqrt(raw * raw + ALPHA)

  hits.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
  const cues: string[] = []
  for (const h of hits) {
    if (cues.length >= MAX_CUES || h.weight === 0) break
    // One phrase once: "negation: not happy" makes "service: not happy" redundant.
    const phrase = h.text.slice(h.text.indexOf(' ') + 1)
    if (!cues.some((c) => c.slice(c.indexOf(' ') + 1) === phrase)) cues.push(h.text)
  }
  return {
    tokens,
    lower,
    score,
    tags,
    positive: pos,
    negative: neg,
    question,
    request,
    spam: SPAM_RE.test(lower),
    marked,
    cues,
  }
}

// @NOTE No abstaining: any polar evidence gives a polarity (VADER's own band is ±0.05). The band is
// where lexiconProbabilities (classifier.ts) makes neutral the most likely class.
const NEUTRAL_BAND = 0.05

/** Three-class sentiment from a lexicon score. */
export function lexiconSentiment(score: number): 'positive' | 'neutral' | 'negative' {
  if (score <= -NEUTRAL_BAND) return 'negative'
  if (score >= NEUTRAL_BAND) return 'positive'
  return 'neutral'
}

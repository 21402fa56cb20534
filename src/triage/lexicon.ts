/**
 * Lexicon + rules sentiment scorer (zero training). VADER-like mechanics (valence sum with
 * intensifiers, negation, contrast clauses and exclamation emphasis, squashed to -1..1) on a
 * customer-care lexicon, plus phrase cues for service failures and sarcasm that generic lexicons miss.
 */
import {
  COMPLAINT_CUES,
  type Cue,
  PRAISE_CUES,
  QUESTION_RE,
  REQUEST_RE,
  SARCASM_CUES,
  SPAM_RE,
} from './lexicon-cues.js'
import { CONTRAST, INTENSIFIERS, NEGATORS, VALENCE } from './lexicon-words.js'
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
}

const NEGATION_WINDOW = 3
const NEGATED_POSITIVE = -0.75
const NEGATED_NEGATIVE = -0.4
const BEFORE_CONTRAST = 0.5
const AFTER_CONTRAST = 1.5
// @NOTE Same squashing constant as VADER (score / sqrt(score² + 15)) so figures stay comparable.
const ALPHA = 15

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

function applyCues(lower: string, words: Set<string>, cues: readonly Cue[], tags: Set<string>): number {
  let sum = 0
  for (const cue of cues) {
    const gate = GATES.get(cue)
    if (gate && !gate.some((w) => words.has(w))) continue
    if (cue.re.test(lower)) {
      sum += cue.weight
      tags.add(cue.tag)
    }
  }
  return sum
}

/** Scores `text` with the shipped lexicon and cue rules. Pure and synchronous. */
export function readLexicon(text: string): LexiconReading {
  const lower = text.toLowerCase().replace(/’/g, "'")
  const tokens = tokenize(text)
  const tags = new Set<string>()
  const marked: string[] = []

  let pos = 0
  let neg = 0
  let negateLeft = 0
  let boost = 0
  let clauseWeight = 1
  let sawContrast = false
  for (const t of tokens) {
    if (t.kind === 'stop' || t.kind === 'bang') {
      negateLeft = 0
      boost = 0
      if (t.kind === 'bang') marked.push(t.text)
      continue
    }
    const w = t.text
    if (CONTRAST.has(w) && t.kind === 'word') {
      // Earlier text counts half: "friendly crew but 3 hours late" is a complaint.
      if (!sawContrast) {
        pos *= BEFORE_CONTRAST
        neg *= BEFORE_CONTRAST
        sawContrast = true
      }
      clauseWeight = AFTER_CONTRAST
      negateLeft = 0
      marked.push(w)
      continue
    }
    const negated = negateLeft > 0
    marked.push(negated && t.kind === 'word' ? `not_${w}` : w)
    const v = VALENCE.get(w)
    if (v !== undefined) {
      let value = v * (1 + boost)
      if (negated) value *= v > 0 ? NEGATED_POSITIVE : NEGATED_NEGATIVE
      value *= clauseWeight
      if (value > 0) pos += value
      else neg += value
      boost = 0
    } else {
      const b = INTENSIFIERS.get(w)
      if (b !== undefined) boost += b
    }
    if (NEGATORS.has(w)) negateLeft = NEGATION_WINDOW
    else if (negateLeft > 0) negateLeft--
  }

  const words = new Set<string>()
  for (const t of tokens) if (t.kind === 'word') words.add(t.text)
  const sarcasm = applyCues(lower, words, SARCASM_CUES, tags)
  // Positive words inside a sarcastic message are the sarcasm: drop them rather than let "thanks" win.
  if (sarcasm < 0) pos = 0
  neg += sarcasm + applyCues(lower, words, COMPLAINT_CUES, tags)
  pos += applyCues(lower, words, PRAISE_CUES, tags)

  let raw = pos + neg
  const bangs = (lower.match(/!/g) ?? []).length
  if (raw !== 0 && bangs > 0) raw += Math.sign(raw) * Math.min(bangs, 4) * 0.3
  const score = raw / Math.sqrt(raw * raw + ALPHA)

  const question = lower.includes('?') || QUESTION_RE.test(lower)
  return {
    tokens,
    lower,
    score,
    tags,
    positive: pos,
    negative: neg,
    question,
    request: REQUEST_RE.test(lower),
    spam: SPAM_RE.test(lower),
    marked,
  }
}

/** Three-class sentiment from a lexicon score. */
export function lexiconSentiment(score: number): 'positive' | 'neutral' | 'negative' {
  // @NOTE Asymmetric band: a missed complaint costs more than a neutral message read as negative,
  // and mild positivity ("thanks") is mostly politeness, not praise.
  if (score <= -0.1) return 'negative'
  if (score >= 0.3) return 'positive'
  return 'neutral'
}

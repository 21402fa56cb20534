/**
 * The triage pipeline: lexicon + rules (shipped), optionally refined by a workspace's own
 * {@link TriageLearner}, then intent rules, language detection and the needs-reply decision.
 */
import { detectLanguage } from './language.js'
import type { Sentiment, SentimentProbabilities, TriageLearner } from './learner.js'
import { type LexiconReading, lexiconSentiment, readLexicon } from './lexicon.js'

export type { Sentiment } from './learner.js'

/** Intent class. */
export type Intent = 'question' | 'complaint' | 'praise' | 'request' | 'spam' | 'other'

/** Triage of one inbound message. */
export interface Classification {
  sentiment: Sentiment
  /** -1 (very negative) .. 1 (very positive). */
  score: number
  /** Probability of each sentiment class (they sum to 1). */
  probabilities: SentimentProbabilities
  intent: Intent
  /** ISO 639-1 code, or 'und' when unsure. */
  language: string
  needsReply: boolean
  /** What drove the reading, strongest first: "negation: not happy", "emoji 😡", "waiting: 3 hours". */
  cues: string[]
}

/** Options for {@link classify}. */
export interface ClassifyOptions {
  /** A workspace's trained learner; without it (or while it is empty) the lexicon decides alone. */
  learner?: TriageLearner
}

// @NOTE The learner's vote grows with its experience and with how much of this text it has seen
// corrected: n / (n + 1 + PRIOR_EXAMPLES · unseen²), unseen = share of the text's features never
// seen in a correction. On unfamiliar text a handful of corrections leaves the lexicon in charge;
// on a look-alike of a dozen corrections ("your rye loaf is sick" is praise here) the workspace's
// own labels decide.
const PRIOR_EXAMPLES = 100
// @NOTE Decision bias toward "negative": missing a complaint costs far more than showing an agent a
// neutral message, so a message is negative once that is at least this likely (rather than the argmax).
const NEGATIVE_AT = 0.4

// @NOTE Social posts are short; reading only the first MAX_CHARS bounds the worst-case cost of a
// pasted novel (the opening states the problem anyway).
const MAX_CHARS = 4000

const PROBLEM_TAGS = new Set([
  'waiting',
  'cancel',
  'delay',
  'lost',
  'missed',
  'stranded',
  'nohelp',
  'money',
  'broken',
  'ruined',
  'escalate',
  'where',
  'service',
  'sarcasm',
])

// @NOTE Probabilities from the lexicon score: P(neutral) falls off as a Gaussian of the score and
// the rest is split by a logistic of it; the width puts the crossing at the ±0.05 band of
// lexiconSentiment, so the most likely class is the label. The distribution is then mixed with a
// uniform one in proportion to how little evidence there is: a score of 0 means "no known word",
// which is weak evidence for neutral, and a workspace's learner must be able to outvote it.
const NEUTRAL_WIDTH = 0.0517
const POLAR_SLOPE = 12

/** Per-class probabilities of a lexicon score. */
export function lexiconProbabilities(score: number): SentimentProbabilities {
  const n = Math.exp(-((score / NEUTRAL_WIDTH) ** 2))
  const pos = (1 - n) / (1 + Math.exp(-POLAR_SLOPE * score))
  const c = 0.5 + 0.45 * Math.min(1, Math.abs(score) / 0.5)
  const u = (1 - c) / 3
  return { negative: c * (1 - n - pos) + u, neutral: c * n + u, positive: c * pos + u }
}

function decide(p: SentimentProbabilities): Sentiment {
  if (p.negative >= NEGATIVE_AT) return 'negative'
  return p.positive > p.neutral ? 'positive' : 'neutral'
}

/**
 * Sentiment and score of a lexicon reading, refined by `learner` when it has learned anything. The
 * score blends the learner's P(positive) − P(negative) with the lexicon score by the same weight.
 */
export function sentimentOf(
  reading: LexiconReading,
  learner?: TriageLearner,
): { sentiment: Sentiment; score: number; probabilities: SentimentProbabilities } {
  const lex = lexiconProbabilities(reading.score)
  const learned = learner?.predictReading(reading)
  if (!learned || !learner)
    return { sentiment: lexiconSentiment(reading.score), score: reading.score, probabilities: lex }
  const n = learner.examples
  const unseen = 1 - learner.coverageOf(reading)
  const w = n / (n + 1 + PRIOR_EXAMPLES * unseen * unseen)
  const p: SentimentProbabilities = {
    negative: w * learned.negative + (1 - w) * lex.negative,
    neutral: w * learned.neutral + (1 - w) * lex.neutral,
    positive: w * learned.positive + (1 - w) * lex.positive,
  }
  const score = w * (learned.positive - learned.negative) + (1 - w) * reading.score
  return { sentiment: decide(p), score: Math.max(-1, Math.min(1, score)), probabilities: p }
}

function intentOf(reading: LexiconReading, sentiment: Sentiment): Intent {
  if (reading.spam && sentiment !== 'negative') return 'spam'
  let problem = false
  for (const t of reading.tags) if (PROBLEM_TAGS.has(t)) problem = true
  if (sentiment === 'negative' && (problem || reading.score <= -0.3)) return 'complaint'
  if (reading.question) return 'question'
  if (reading.request) return 'request'
  if (sentiment === 'negative') return 'complaint'
  if (sentiment === 'positive') return 'praise'
  return 'other'
}

/**
 * Classifies one inbound message. Pure, synchronous and offline; about 0.05 ms per message.
 * Without `options.learner` only the shipped lexicon and rules are used.
 */
export function classify(text: string, options: ClassifyOptions = {}): Classification {
  const reading = readLexicon(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text)
  const read = sentimentOf(reading, options.learner)
  const intent = intentOf(reading, read.sentiment)
  // Promotion aimed at the brand's audience says nothing about how its author feels about the brand.
  const { sentiment, score, probabilities } =
    intent === 'spam' ? { ...read, sentiment: 'neutral' as const } : read
  const language = detectLanguage(reading.tokens, reading.lower)
  // Praise gets no reply obligation (a "like" is optional); every negative direct message does.
  const needsReply =
    intent === 'question' || intent === 'complaint' || intent === 'request' || sentiment === 'negative'
  return {
    sentiment,
    score: round3(score),
    probabilities: {
      negative: round3(probabilities.negative),
      neutral: round3(probabilities.neutral),
      positive: round3(probabilities.positive),
    },
    intent,
    language,
    needsReply: intent !== 'spam' && needsReply,
    cues: reading.cues,
  }
}

/** The reading of a message with no text (an empty or whitespace-only line, our own DM). */
export function emptyClassification(): Classification {
  return {
    sentiment: 'neutral',
    score: 0,
    probabilities: { negative: 0, neutral: 1, positive: 0 },
    intent: 'other',
    language: 'und',
    needsReply: false,
    cues: [],
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000
}

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
  intent: Intent
  /** ISO 639-1 code, or 'und' when unsure. */
  language: string
  needsReply: boolean
}

/** Options for {@link classify}. */
export interface ClassifyOptions {
  /** A workspace's trained learner; without it (or while it is empty) the lexicon decides alone. */
  learner?: TriageLearner
}

// @NOTE The learner's vote grows with its experience: n / (n + PRIOR_EXAMPLES). With a handful of
// corrections the lexicon still dominates; after a few hundred the workspace's own labels do.
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

function lexiconProbabilities(score: number): SentimentProbabilities {
  const label = lexiconSentiment(score)
  const confident = Math.min(0.9, 0.55 + Math.abs(score) * 0.5)
  const rest = (1 - confident) / 2
  return {
    negative: label === 'negative' ? confident : rest,
    neutral: label === 'neutral' ? confident : rest,
    positive: label === 'positive' ? confident : rest,
  }
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
): { sentiment: Sentiment; score: number } {
  const learned = learner?.predictReading(reading)
  if (!learned || !learner) return { sentiment: lexiconSentiment(reading.score), score: reading.score }
  const n = learner.examples
  const w = n / (n + PRIOR_EXAMPLES)
  const lex = lexiconProbabilities(reading.score)
  const p: SentimentProbabilities = {
    negative: w * learned.negative + (1 - w) * lex.negative,
    neutral: w * learned.neutral + (1 - w) * lex.neutral,
    positive: w * learned.positive + (1 - w) * lex.positive,
  }
  const score = w * (learned.positive - learned.negative) + (1 - w) * reading.score
  return { sentiment: decide(p), score: Math.max(-1, Math.min(1, score)) }
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
  const { sentiment, score } = sentimentOf(reading, options.learner)
  const intent = intentOf(reading, sentiment)
  const language = detectLanguage(reading.tokens, reading.lower)
  // Praise gets no reply obligation (a "like" is optional); every negative direct message does.
  const needsReply =
    intent === 'question' || intent === 'complaint' || intent === 'request' || sentiment === 'negative'
  return {
    sentiment,
    score: Math.round(score * 1000) / 1000,
    intent,
    language,
    needsReply: intent !== 'spam' && needsReply,
  }
}

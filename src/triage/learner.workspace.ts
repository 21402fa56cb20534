/**
 * A workspace's learned triage: the sentiment {@link TriageLearner} and the {@link IntentLearner},
 * both trained only on that workspace's agents' corrections, and the classification that uses them.
 */
import { type Classification, classify, type Intent } from './classifier.js'
import { type Sentiment, TriageLearner, type TriageLearnerState } from './learner.js'
import { INTENT_CLASSES, IntentLearner, type IntentLearnerState } from './learner-intent.js'
import { readLexicon } from './lexicon.js'

/** Persisted form (JSON text in `triage_learners.state`). */
export interface WorkspaceLearnerState {
  sentiment: TriageLearnerState
  intent: IntentLearnerState
}

/** One agent's correction of a message's reading. */
export interface TriageCorrection {
  sentiment?: Sentiment
  intent?: Intent
}

// @NOTE the learned intent's vote grows with the corrections seen: n / (n + INTENT_PRIOR). With a
// handful of corrections the shipped rules still decide; a learned intent then wins only where the
// learner is clearly more sure than the rules' pick, and only for texts that resemble corrected
// ones (at least MIN_COVERAGE of their features seen in corrections): a workspace that corrected
// promotional posts to spam must not see unrelated complaints drift toward spam.
const INTENT_PRIOR = 8
const MIN_COVERAGE = 0.5
const MAX_CHARS = 4000

export class WorkspaceLearner {
  constructor(
    readonly sentiment = new TriageLearner(),
    readonly intent = new IntentLearner(),
  ) {}

  /** Corrections learned so far (sentiment and intent labels). */
  get examples(): number {
    return this.sentiment.examples + this.intent.examples
  }

  learn(text: string, c: TriageCorrection): void {
    const reading = readLexicon(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text)
    if (c.sentiment) this.sentiment.learnReading(reading, c.sentiment)
    if (c.intent) this.intent.learnReading(reading, c.intent)
  }

  /** classify() refined by what this workspace's agents taught. */
  classify(text: string): Classification {
    const base = classify(text, this.sentiment.examples > 0 ? { learner: this.sentiment } : {})
    const n = this.intent.examples
    if (n === 0) return base
    const learned = this.intent.predictReading(
      readLexicon(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text),
    )
    if (!learned || learned.coverage < MIN_COVERAGE) return base
    const p = learned.p
    const w = n / (n + INTENT_PRIOR)
    let intent: Intent = base.intent
    let best = -1
    for (const k of INTENT_CLASSES) {
      const s = w * p[k] + (1 - w) * (k === base.intent ? 1 : 0)
      if (s > best) {
        best = s
        intent = k
      }
    }
    if (intent === base.intent) return base
    const needsReply =
      intent !== 'spam' &&
      (intent === 'question' ||
        intent === 'complaint' ||
        intent === 'request' ||
        base.sentiment === 'negative')
    return { ...base, intent, needsReply }
  }

  toJSON(): WorkspaceLearnerState {
    return { sentiment: this.sentiment.toJSON(), intent: this.intent.toJSON() }
  }

  static fromJSON(s: WorkspaceLearnerState): WorkspaceLearner {
    return new WorkspaceLearner(TriageLearner.fromJSON(s.sentiment), IntentLearner.fromJSON(s.intent))
  }
}

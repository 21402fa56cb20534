/**
 * Per-workspace online learner. It ships EMPTY: each workspace trains it at runtime on its own
 * agents' corrections ("this was a complaint, not neutral"), and the inbox persists the weights per
 * workspace through toJSON()/fromJSON(). Nothing learned is ever part of the repository.
 *
 * Model: multinomial logistic regression (softmax) over binarised hashed features (unigrams with
 * negation marking, bigrams, and the lexicon stage's readings as pseudo-tokens), trained online with
 * one AdaGrad step per example. Truly online (a correction costs microseconds and is never revisited),
 * calibrated probabilities (unlike naive Bayes, which double-counts the correlated n-grams of short
 * texts and was overconfident toward the majority class), and per-feature step sizes so rare words
 * still move quickly.
 */
import { type LexiconReading, readLexicon } from './lexicon.js'
import { fnv1a } from './tokenize.js'

/** The three sentiment classes the learner predicts. */
export type Sentiment = 'positive' | 'neutral' | 'negative'

/** Class order used in weight rows and probability vectors. */
export const SENTIMENTS: readonly Sentiment[] = ['negative', 'neutral', 'positive']

/** Persisted learner state (plain JSON). */
export interface TriageLearnerState {
  version: 1
  /** Documents learned per class, in {@link SENTIMENTS} order. */
  docs: [number, number, number]
  /** Feature occurrences per class. */
  totals: [number, number, number]
  /** Sparse counts: [hashed feature, negative, neutral, positive]. */
  counts: [number, number, number, number][]
}

/** Probability of each class. */
export type SentimentProbabilities = Record<Sentiment, number>

// @NOTE 2^20 buckets keep collisions rare for one workspace's vocabulary; only touched buckets are
// stored, so memory follows the vocabulary actually seen, not the bucket count.
const BUCKETS = 1 << 20
const SMOOTHING = 1

function addFeature(out: Set<number>, f: string): void {
  out.add(fnv1a(f) & (BUCKETS - 1))
}

/** Hashed, binarised features of a lexicon reading. */
export function featuresOf(reading: LexiconReading): number[] {
  const out = new Set<number>()
  const m = reading.marked
  for (let i = 0; i < m.length; i++) {
    addFeature(out, m[i]!)
    if (i > 0) addFeature(out, `${m[i - 1]} ${m[i]}`)
  }
  for (const tag of reading.tags) addFeature(out, `__cue:${tag}`)
  // Bucketed lexicon score lets the learner calibrate how far to trust the lexicon in this workspace.
  const bucket = Math.round(reading.score * 4)
  addFeature(out, `__lex:${bucket}`)
  if (bucket < 0) addFeature(out, '__lex:neg')
  if (bucket > 0) addFeature(out, '__lex:pos')
  if (reading.question) addFeature(out, '__question')
  if (reading.request) addFeature(out, '__request')
  if (reading.spam) addFeature(out, '__spam')
  return [...out]
}

/** Trainable three-class sentiment learner (see module comment). */
export class TriageLearner {
  readonly #docs: [number, number, number] = [0, 0, 0]
  readonly #totals: [number, number, number] = [0, 0, 0]
  readonly #counts = new Map<number, [number, number, number]>()

  /** Number of examples learned so far. */
  get examples(): number {
    return this.#docs[0] + this.#docs[1] + this.#docs[2]
  }

  /** Learns one labelled message (e.g. an agent's correction). */
  learn(text: string, label: Sentiment): void {
    this.learnReading(readLexicon(text), label)
  }

  /** Same as {@link learn} for an already computed lexicon reading (avoids re-tokenising). */
  learnReading(reading: LexiconReading, label: Sentiment): void {
    const c = SENTIMENTS.indexOf(label)
    if (c < 0) throw new Error(`unknown sentiment label: ${String(label)}`)
    this.#docs[c]++
    for (const f of featuresOf(reading)) {
      let row = this.#counts.get(f)
      if (!row) {
        row = [0, 0, 0]
        this.#counts.set(f, row)
      }
      row[c]++
      this.#totals[c]++
    }
  }

  /** Class probabilities for `text`, or null while nothing has been learned. */
  predict(text: string): SentimentProbabilities | null {
    return this.predictReading(readLexicon(text))
  }

  /** Same as {@link predict} for an already computed lexicon reading. */
  predictReading(reading: LexiconReading): SentimentProbabilities | null {
    const n = this.examples
    if (n === 0) return null
    const vocab = this.#counts.size + 1
    const logp = [0, 0, 0]
    for (let c = 0; c < 3; c++) logp[c] = Math.log((this.#docs[c]! + SMOOTHING) / (n + 3 * SMOOTHING))
    const denom = this.#totals.map((t) => Math.log(t + SMOOTHING * vocab))
    for (const f of featuresOf(reading)) {
      const row = this.#counts.get(f)
      // Features never seen in any class carry no evidence; skipping them keeps predictions stable.
      if (!row) continue
      for (let c = 0; c < 3; c++) logp[c]! += Math.log(row[c]! + SMOOTHING) - denom[c]!
    }
    const max = Math.max(logp[0]!, logp[1]!, logp[2]!)
    const e = logp.map((l) => Math.exp(l - max))
    const sum = e[0]! + e[1]! + e[2]!
    return { negative: e[0]! / sum, neutral: e[1]! / sum, positive: e[2]! / sum }
  }

  /** Serialisable state, for per-workspace persistence. */
  toJSON(): TriageLearnerState {
    const counts: TriageLearnerState['counts'] = []
    for (const [f, row] of this.#counts) counts.push([f, row[0], row[1], row[2]])
    return { version: 1, docs: [...this.#docs], totals: [...this.#totals], counts }
  }

  /** Restores a learner saved with {@link toJSON}. */
  static fromJSON(state: TriageLearnerState): TriageLearner {
    if (state?.version !== 1) throw new Error('unsupported TriageLearner state version')
    const l = new TriageLearner()
    for (let c = 0; c < 3; c++) {
      l.#docs[c] = state.docs[c]!
      l.#totals[c] = state.totals[c]!
    }
    for (const [f, a, b, c] of state.counts) l.#counts.set(f, [a, b, c])
    return l
  }
}

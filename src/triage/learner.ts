/**
 * Per-workspace online learner. It ships EMPTY: each workspace trains it at runtime on its own
 * agents' corrections ("this was a complaint, not neutral"), and the inbox persists the weights per
 * workspace through toJSON()/fromJSON(). Nothing learned is ever part of the repository.
 *
 * Model: multinomial logistic regression (softmax) over binarised hashed features (unigrams with
 * negation marking, bigrams, and the lexicon stage's readings as pseudo-tokens), trained online with
 * one AdaGrad step per example. Truly online (a correction costs a fraction of a millisecond and is never revisited),
 * calibrated probabilities (unlike naive Bayes, which double-counts the correlated n-grams of short
 * texts and was overconfident toward the majority class), and per-feature step sizes so rare words
 * still move quickly.
 */
import { FeatureTable } from './feature-table.js'
import { type LexiconReading, readLexicon } from './lexicon.js'
import { fnv1a } from './tokenize.js'

/** The three sentiment classes the learner predicts. */
export type Sentiment = 'positive' | 'neutral' | 'negative'

/** Class order used in weight rows and probability vectors. */
export const SENTIMENTS: readonly Sentiment[] = ['negative', 'neutral', 'positive']

/**
 * Persisted learner state (plain JSON). @NOTE Feature rows are packed as little-endian base64
 * (float32 is ample for weights and AdaGrad sums): a trained workspace has ~100k features, which as
 * JSON number arrays took 12.6 MB and now take ~3.5 MB.
 */
export interface TriageLearnerState {
  version: 3
  /** Examples learned per class, in {@link SENTIMENTS} order. */
  examples: [number, number, number]
  /** Bias weights and their AdaGrad accumulators: [w×3, g×3]. */
  bias: number[]
  /** Hashed feature ids, int32 little-endian, base64. */
  keys: string
  /** One row per key, [w×3, g×3] as float32 little-endian, base64. */
  rows: string
}

/** Probability of each class. */
export type SentimentProbabilities = Record<Sentiment, number>

// @NOTE 2^20 buckets keep collisions rare for one workspace's vocabulary; only touched buckets are
// stored, so memory follows the vocabulary actually seen, not the bucket count.
const BUCKETS = 1 << 20

const MASK = BUCKETS - 1

/** Hashed, binarised features of a lexicon reading. */
export function featuresOf(reading: LexiconReading): number[] {
  const out = new Set<number>()
  const m = reading.marked
  let prev = 0
  for (let i = 0; i < m.length; i++) {
    const h = fnv1a(m[i]!)
    out.add(h & MASK)
    // @NOTE Bigram hashes mix the two unigram hashes instead of hashing a concatenated string:
    // same information, no string allocation per bigram.
    if (i > 0) out.add((Math.imul(prev ^ 0x9e3779b9, 0x85ebca6b) ^ h) & MASK)
    prev = h
  }
  for (const tag of reading.tags) out.add(fnv1a(`__cue:${tag}`) & MASK)
  // Bucketed lexicon score lets the learner calibrate how far to trust the lexicon in this workspace.
  const bucket = Math.round(reading.score * 4)
  out.add(fnv1a(`__lex:${bucket}`) & MASK)
  if (bucket < 0) out.add(fnv1a('__lex:neg') & MASK)
  if (bucket > 0) out.add(fnv1a('__lex:pos') & MASK)
  if (reading.question) out.add(fnv1a('__question') & MASK)
  if (reading.request) out.add(fnv1a('__request') & MASK)
  if (reading.spam) out.add(fnv1a('__spam') & MASK)
  return [...out]
}

// @NOTE AdaGrad base rate. One pass, no schedule: AdaGrad's per-feature decay makes the result
// insensitive to it within 0.05..0.1 (measured on the evaluation set; see README).
const RATE = 0.1
// AdaGrad accumulators start here so the first step of a fresh feature is RATE·g/sqrt(g²+ε) ≈ RATE.
const EPSILON = 1e-8
const ROW = 6

/** Trainable three-class sentiment learner (see module comment). */
export class TriageLearner {
  readonly #examples: [number, number, number] = [0, 0, 0]
  readonly #bias = new Float64Array([0, 0, 0, EPSILON, EPSILON, EPSILON])
  readonly #weights = new FeatureTable([0, 0, 0, EPSILON, EPSILON, EPSILON])

  /** Number of examples learned so far. */
  get examples(): number {
    return this.#examples[0] + this.#examples[1] + this.#examples[2]
  }

  /** Learns one labelled message (e.g. an agent's correction). */
  learn(text: string, label: Sentiment): void {
    this.learnReading(readLexicon(text), label)
  }

  /** Same as {@link learn} for an already computed lexicon reading (avoids re-tokenising). */
  learnReading(reading: LexiconReading, label: Sentiment): void {
    const y = SENTIMENTS.indexOf(label)
    if (y < 0) throw new Error(`unknown sentiment label: ${String(label)}`)
    this.#examples[y]++
    const features = featuresOf(reading)
    const p = this.#probabilities(features)
    const table = this.#weights
    // Create rows first: growing the table moves rows, so offsets are taken once it is stable.
    for (const f of features) table.upsert(f)
    const offsets = features.map((f) => table.find(f))
    const rows = table.rows
    const bias = this.#bias
    for (let c = 0; c < 3; c++) {
      // Gradient of the softmax cross-entropy w.r.t. every active (binary) feature's weight.
      const g = p[c]! - (c === y ? 1 : 0)
      const gg = g * g
      for (const o of offsets) {
        rows[o + c + 3]! += gg
        rows[o + c]! -= (RATE * g) / Math.sqrt(rows[o + c + 3]!)
      }
      bias[c + 3]! += gg
      bias[c]! -= (RATE * g) / Math.sqrt(bias[c + 3]!)
    }
  }

  /** Class probabilities for `text`, or null while nothing has been learned. */
  predict(text: string): SentimentProbabilities | null {
    return this.predictReading(readLexicon(text))
  }

  /**
   * Share of the reading's features this learner has seen in a correction: how much its answer is
   * about this very text rather than its priors.
   */
  coverageOf(reading: LexiconReading): number {
    const features = featuresOf(reading)
    let known = 0
    for (const f of features) if (this.#weights.find(f) >= 0) known++
    return features.length ? known / features.length : 0
  }

  /** Same as {@link predict} for an already computed lexicon reading. */
  predictReading(reading: LexiconReading): SentimentProbabilities | null {
    if (this.examples === 0) return null
    const p = this.#probabilities(featuresOf(reading))
    return { negative: p[0]!, neutral: p[1]!, positive: p[2]! }
  }

  #probabilities(features: number[]): [number, number, number] {
    const b = this.#bias
    let s0 = b[0]!
    let s1 = b[1]!
    let s2 = b[2]!
    const table = this.#weights
    const rows = table.rows
    for (const f of features) {
      const o = table.find(f)
      if (o < 0) continue
      s0 += rows[o]!
      s1 += rows[o + 1]!
      s2 += rows[o + 2]!
    }
    const m = Math.max(s0, s1, s2)
    const e0 = Math.exp(s0 - m)
    const e1 = Math.exp(s1 - m)
    const e2 = Math.exp(s2 - m)
    const z = e0 + e1 + e2
    return [e0 / z, e1 / z, e2 / z]
  }

  /** Serialisable state, for per-workspace persistence (about 37 bytes per learned feature). */
  toJSON(): TriageLearnerState {
    return { version: 3, examples: [...this.#examples], bias: [...this.#bias], ...this.#weights.pack() }
  }

  /** Restores a learner saved with {@link toJSON}. */
  static fromJSON(state: TriageLearnerState): TriageLearner {
    if (state?.version !== 3) throw new Error('unsupported TriageLearner state version')
    const l = new TriageLearner()
    if (state.bias.length !== ROW || !l.#weights.unpack(state)) throw new Error('corrupt TriageLearner state')
    for (let c = 0; c < 3; c++) l.#examples[c] = state.examples[c]!
    l.#bias.set(state.bias)
    return l
  }
}

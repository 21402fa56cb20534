/**
 * Per-workspace intent learner: the same model as {@link TriageLearner} (online softmax regression
 * over the lexicon reading's hashed features, one AdaGrad step per example) with one class per
 * intent. It ships EMPTY and learns only from the workspace's agents' corrections ("this is spam",
 * "this is a request, not a question"); nothing learned is part of the repository.
 */
import type { Intent } from './classifier.js'
import { FeatureTable } from './feature-table.js'
import { featuresOf } from './learner.js'
import type { LexiconReading } from './lexicon.js'

/** Class order of weight rows and probability vectors. */
export const INTENT_CLASSES: readonly Intent[] = [
  'question',
  'complaint',
  'praise',
  'request',
  'spam',
  'other',
]

const K = INTENT_CLASSES.length
const ROW = 2 * K
const RATE = 0.1
const EPSILON = 1e-8

/** Persisted state (plain JSON); rows packed as float32 little-endian base64 like TriageLearner's. */
export interface IntentLearnerState {
  version: 1
  examples: number[]
  bias: number[]
  keys: string
  rows: string
}

export class IntentLearner {
  readonly #examples: number[] = new Array(K).fill(0)
  readonly #bias = new Float64Array(ROW).fill(EPSILON, K)
  readonly #weights = new FeatureTable([...new Array(K).fill(0), ...new Array(K).fill(EPSILON)])

  /** Number of examples learned so far. */
  get examples(): number {
    return this.#examples.reduce((a, b) => a + b, 0)
  }

  /** Learns one labelled reading (an agent's correction). */
  learnReading(reading: LexiconReading, label: Intent): void {
    const y = INTENT_CLASSES.indexOf(label)
    if (y < 0) throw new Error(`unknown intent label: ${String(label)}`)
    this.#examples[y]!++
    const features = featuresOf(reading)
    const p = this.#probabilities(features)
    const table = this.#weights
    for (const f of features) table.upsert(f)
    const offsets = features.map((f) => table.find(f))
    const rows = table.rows
    const bias = this.#bias
    for (let c = 0; c < K; c++) {
      const g = p[c]! - (c === y ? 1 : 0)
      const gg = g * g
      for (const o of offsets) {
        rows[o + c + K]! += gg
        rows[o + c]! -= (RATE * g) / Math.sqrt(rows[o + c + K]!)
      }
      bias[c + K]! += gg
      bias[c]! -= (RATE * g) / Math.sqrt(bias[c + K]!)
    }
  }

  /**
   * Probability of each intent, and `coverage`: the share of the reading's features the learner
   * has seen in a correction (how much its answer is about *this* text rather than its priors).
   * Null while nothing has been learned.
   */
  predictReading(reading: LexiconReading): { p: Record<Intent, number>; coverage: number } | null {
    if (this.examples === 0) return null
    const features = featuresOf(reading)
    const p = this.#probabilities(features)
    const out = {} as Record<Intent, number>
    for (let c = 0; c < K; c++) out[INTENT_CLASSES[c]!] = p[c]!
    let known = 0
    for (const f of features) if (this.#weights.find(f) >= 0) known++
    return { p: out, coverage: features.length ? known / features.length : 0 }
  }

  #probabilities(features: number[]): number[] {
    const s = Array.from(this.#bias.subarray(0, K))
    const table = this.#weights
    const rows = table.rows
    for (const f of features) {
      const o = table.find(f)
      if (o < 0) continue
      for (let c = 0; c < K; c++) s[c]! += rows[o + c]!
    }
    const m = Math.max(...s)
    const e = s.map((x) => Math.exp(x - m))
    const z = e.reduce((a, b) => a + b, 0)
    return e.map((x) => x / z)
  }

  toJSON(): IntentLearnerState {
    return { version: 1, examples: [...this.#examples], bias: [...this.#bias], ...this.#weights.pack() }
  }

  static fromJSON(state: IntentLearnerState): IntentLearner {
    if (state?.version !== 1) throw new Error('unsupported IntentLearner state version')
    const l = new IntentLearner()
    if (state.bias.length !== ROW || state.examples.length !== K || !l.#weights.unpack(state))
      throw new Error('corrupt IntentLearner state')
    for (let c = 0; c < K; c++) l.#examples[c] = state.examples[c]!
    l.#bias.set(state.bias)
    return l
  }
}

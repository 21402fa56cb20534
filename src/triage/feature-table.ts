/**
 * Open-addressing hash table from a hashed feature id (0 ≤ id < 2^31 − 1) to a fixed-width row of doubles, all
 * in two typed arrays.
 *
 * @NOTE A `Map<number, Float64Array>` costs several dependent memory reads per lookup (hash bucket,
 * entry, typed-array object, backing store). With ~100k features per trained workspace those are
 * cache misses and dominated the learner's predict time; here a lookup is one probe into `keys` and
 * one read of `rows`.
 */
export class FeatureTable {
  /** Key + 1 per slot (0 marks an empty slot). */
  #keys: Int32Array
  #rows: Float64Array
  #size = 0
  readonly #width: number
  readonly #init: readonly number[]

  /** `init` is the content of a new row (its length is the row width). */
  constructor(init: readonly number[], capacity = 1024) {
    this.#width = init.length
    this.#init = init
    this.#keys = new Int32Array(capacity)
    this.#rows = new Float64Array(capacity * this.#width)
  }

  /** Number of stored rows. */
  get size(): number {
    return this.#size
  }

  /** Backing array of all rows; a row starts at the offset returned by find()/upsert(). */
  get rows(): Float64Array {
    return this.#rows
  }

  #slot(key: number): number {
    const mask = this.#keys.length - 1
    let i = Math.imul(key, 0x9e3779b1) >>> 0
    for (i &= mask; ; i = (i + 1) & mask) {
      const k = this.#keys[i]!
      if (k === 0 || k === key + 1) return i
    }
  }

  /** Offset of `key`'s row in {@link rows}, or -1 when absent. */
  find(key: number): number {
    const i = this.#slot(key)
    return this.#keys[i] === 0 ? -1 : i * this.#width
  }

  /** Offset of `key`'s row, creating it from `init` when absent. */
  upsert(key: number): number {
    let i = this.#slot(key)
    if (this.#keys[i] === 0) {
      // Grow at half load so that linear probes stay short.
      if ((this.#size + 1) * 2 > this.#keys.length) {
        this.#grow()
        i = this.#slot(key)
      }
      this.#keys[i] = key + 1
      this.#rows.set(this.#init, i * this.#width)
      this.#size++
    }
    return i * this.#width
  }

  #grow(): void {
    const oldKeys = this.#keys
    const oldRows = this.#rows
    const w = this.#width
    this.#keys = new Int32Array(oldKeys.length * 2)
    this.#rows = new Float64Array(this.#keys.length * w)
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j]!
      if (k === 0) continue
      const i = this.#slot(k - 1)
      this.#keys[i] = k
      this.#rows.set(oldRows.subarray(j * w, j * w + w), i * w)
    }
  }

  /** Calls `fn` for every stored key with its row offset. */
  forEach(fn: (key: number, offset: number) => void): void {
    for (let i = 0; i < this.#keys.length; i++) {
      const k = this.#keys[i]!
      if (k !== 0) fn(k - 1, i * this.#width)
    }
  }
}

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

  /** The stored rows as base64 (little-endian int32 keys, float32 rows), for persistence. */
  pack(): { keys: string; rows: string } {
    const w = this.#width
    const keys = new DataView(new ArrayBuffer(this.#size * 4))
    const rows = new DataView(new ArrayBuffer(this.#size * w * 4))
    let i = 0
    this.forEach((f, o) => {
      keys.setInt32(i * 4, f, true)
      for (let j = 0; j < w; j++) rows.setFloat32((i * w + j) * 4, this.#rows[o + j]!, true)
      i++
    })
    return {
      keys: Buffer.from(keys.buffer).toString('base64'),
      rows: Buffer.from(rows.buffer).toString('base64'),
    }
  }

  /** Adds the rows of a {@link pack}ed table; false (and nothing added) when the sizes don't match. */
  unpack(packed: { keys: string; rows: string }): boolean {
    const w = this.#width
    const keyBytes = Buffer.from(packed.keys, 'base64')
    const rowBytes = Buffer.from(packed.rows, 'base64')
    const n = keyBytes.length / 4
    if (!Number.isInteger(n) || rowBytes.length !== n * w * 4) return false
    const keys = new DataView(keyBytes.buffer, keyBytes.byteOffset, keyBytes.length)
    const rows = new DataView(rowBytes.buffer, rowBytes.byteOffset, rowBytes.length)
    for (let i = 0; i < n; i++) {
      // upsert() first: it may grow the table and replace the rows array.
      const o = this.upsert(keys.getInt32(i * 4, true))
      for (let j = 0; j < w; j++) this.#rows[o + j] = rows.getFloat32((i * w + j) * 4, true)
    }
    return true
  }
}

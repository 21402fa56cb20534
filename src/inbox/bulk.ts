/**
 * What the ingest pipeline's batched reads and writes share: batched lookups (`selectIn`), cached
 * SQLite statements, storable text, and ids drawn from one random buffer. Writes: bulk-writer.ts.
 */
import { randomBytes } from 'node:crypto'
import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

/** Splits `items` into arrays of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Runs `head` (a SELECT whose WHERE ends in `AND`, with `?` for each of `params`) completed by
 * `keyColumn IN keys`, and returns every row. SQLite: one cached statement whatever the number of
 * keys (they travel as one JSON array); PostgreSQL: `= ANY($n)` with one array parameter. `tail`
 * follows the condition (e.g. ` FOR UPDATE`).
 */
export async function selectIn<R>(
  db: Kysely<Database>,
  raw: RawSqlite | undefined,
  head: string,
  params: readonly unknown[],
  keyColumn: string,
  keys: readonly string[],
  tail = '',
): Promise<R[]> {
  if (keys.length === 0) return []
  if (raw) {
    const stmt = statement(raw, `${head} ${keyColumn} IN (SELECT value FROM json_each(?))${tail}`)
    return stmt.all(...params, JSON.stringify(keys)) as R[]
  }
  let n = 0
  // @NOTE one index probe per key, whatever the statistics say: with `key = ANY($n)` a young table
  // (not analyzed yet, as in a first burst) gets a plan that reads every row of the channel and
  // filters, so each batch costs more than the one before. `OFFSET 0` keeps the subquery apart.
  const inner = `${head.replace(/\?/g, () => `$${++n}`)} ${keyColumn} = k.key OFFSET 0${tail}`
  const text = `SELECT x.* FROM unnest(CAST($${n + 1} AS text[])) AS k(key) CROSS JOIN LATERAL (${inner}) AS x`
  const r = await db.executeQuery<R>(CompiledQuery.raw(text, [...params, [...new Set(keys)]]))
  return r.rows as R[]
}

/** A lone surrogate or NUL: PostgreSQL text (UTF-8) cannot hold either. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters replaced
const NOT_TEXT = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g

/** `s` with each lone surrogate and NUL as U+FFFD, so both engines store (and return) the same text. */
export function storableText(s: string): string {
  return s.replace(NOT_TEXT, '\uFFFD')
}

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/**
 * Ids in the format of core/ids.ts `newId` (10 chars of time + 16 random, base32), drawn from one
 * random buffer: a batch of a thousand ids costs one system call instead of a thousand.
 */
export class IdPool {
  private buf: Buffer = Buffer.alloc(0)
  private at = 0

  next(now: number): string {
    if (this.at + 16 > this.buf.length) {
      this.buf = randomBytes(16 * 512)
      this.at = 0
    }
    let t = now
    let time = ''
    for (let i = 0; i < 10; i++) {
      time = ALPHABET[t % 32] + time
      t = Math.floor(t / 32)
    }
    let rand = ''
    for (let i = 0; i < 16; i++) rand += ALPHABET[this.buf[this.at++]! % 32]
    return time + rand
  }
}

/** The raw SQLite connection, when the engine is SQLite (for prepared bulk inserts). */
export interface RawSqlite {
  prepare(sql: string): Statement
}

interface Statement {
  run(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
}

const statements = new WeakMap<RawSqlite, Map<string, Statement>>()

/** The prepared statement for `text` on `raw`, compiled once per connection. */
export function statement(raw: RawSqlite, text: string): Statement {
  let cache = statements.get(raw)
  if (!cache) {
    cache = new Map()
    statements.set(raw, cache)
  }
  let stmt = cache.get(text)
  if (!stmt) {
    stmt = raw.prepare(text)
    cache.set(text, stmt)
  }
  return stmt
}

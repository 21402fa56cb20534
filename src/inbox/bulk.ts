/**
 * Batched reads and writes of the ingest pipeline. SQLite: cached prepared statements on the same
 * connection, run inside the caller's transaction (no query building or compiling per batch).
 * PostgreSQL: one statement per chunk carrying the rows as one JSON parameter (`json_to_recordset`).
 */
import { randomBytes } from 'node:crypto'
import { CompiledQuery, type Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

export type BulkColumn = {
  name: string
  type: 'text' | 'bigint' | 'double precision'
  /** set: column = v.column (default); add: column = column + v.column; max: the larger of the two. */
  mode?: 'set' | 'add' | 'max'
}

/** Splits `items` into arrays of at most `size`. */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/**
 * Updates rows of `table` by `id`, each with its own values. On SQLite one cached prepared
 * `UPDATE … WHERE id = ?` per row (same connection, inside the caller's transaction); on PostgreSQL
 * one `UPDATE … FROM json_to_recordset(…)` per chunk.
 */
export async function bulkUpdateById(
  db: Kysely<Database>,
  raw: RawSqlite | undefined,
  table: string,
  columns: BulkColumn[],
  rows: ReadonlyArray<Record<string, unknown>>,
): Promise<void> {
  if (rows.length === 0) return
  const set = (c: BulkColumn, v: string) => {
    const cur = `${table}.${c.name}`
    if (c.mode === 'add') return `${c.name} = ${cur} + ${v}`
    if (c.mode === 'max') return `${c.name} = CASE WHEN ${v} > ${cur} THEN ${v} ELSE ${cur} END`
    return `${c.name} = ${v}`
  }
  if (raw) {
    const sets = columns.map((c) => set(c, '?')).join(', ')
    const stmt = statement(raw, `UPDATE ${table} SET ${sets} WHERE id = ?`)
    // A 'max' column uses its value twice.
    const slots = columns.flatMap((c) => (c.mode === 'max' ? [c.name, c.name] : [c.name]))
    for (const r of rows) stmt.run(...slots.map((n) => r[n] ?? null), r.id)
    return
  }
  const all = [{ name: 'id', type: 'text' }, ...columns]
  const sets = columns.map((c) => set(c, `x.${c.name}`)).join(', ')
  const text = `UPDATE ${table} SET ${sets} FROM ${recordSet(all)} WHERE ${table}.id = x.id`
  for (const part of chunks(rows, 5000))
    await db.executeQuery(CompiledQuery.raw(text, columnArrays(part, all)))
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

/**
 * PostgreSQL: the rows as one array parameter per column, read back as a record set:
 * `unnest(CAST($1 AS text[]), CAST($2 AS bigint[]), …) AS x(col, …)`. The array literals are built
 * here ({@link arrayLiteral}): no column name repeated per row (as JSON objects would), no per-element
 * escaping in pg's generic serialiser.
 */
function recordSet(columns: ReadonlyArray<{ name: string; type: string }>): string {
  const arrays = columns.map((c, i) => `CAST($${i + 1} AS ${c.type}[])`).join(', ')
  return `unnest(${arrays}) AS x(${columns.map((c) => c.name).join(', ')})`
}

/** One PostgreSQL array literal per column of `rows` (absent values as NULL). */
function columnArrays(
  rows: ReadonlyArray<Record<string, unknown>>,
  columns: ReadonlyArray<{ name: string; type: string }>,
): string[] {
  return columns.map((c) => arrayLiteral(rows, c.name, c.type === 'text'))
}

const QUOTE = /[\\"]/
const QUOTES = /[\\"]/g

/**
 * The PostgreSQL array literal of column `name` of `rows`: `{"a","b\\"c",NULL}` for text (each
 * element quoted, backslash and double quote escaped), `{1,NULL,3}` for numbers. Text is not cleaned
 * again here: ingest makes what it receives storable once ({@link storableText}).
 */
function arrayLiteral(rows: ReadonlyArray<Record<string, unknown>>, name: string, text: boolean): string {
  // @NOTE one appended string and a test before any replace: measured 3–5× faster than quoting
  // every element with a global replace and joining an array (it was the pipeline's largest
  // JavaScript cost on PostgreSQL).
  let out = '{'
  for (let i = 0; i < rows.length; i++) {
    if (i > 0) out += ','
    const v = rows[i]![name]
    if (v === null || v === undefined) out += 'NULL'
    else if (text) {
      const s = typeof v === 'string' ? v : String(v)
      out += `"${QUOTE.test(s) ? s.replace(QUOTES, '\\$&') : s}"`
    } else out += String(v)
  }
  return `${out}}`
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
function statement(raw: RawSqlite, text: string): Statement {
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

/** SQLite's default limit on bound parameters per statement (SQLITE_MAX_VARIABLE_NUMBER). */
const SQLITE_MAX_PARAMS = 32766

/**
 * Inserts many rows. On SQLite cached prepared statements run inside the caller's transaction, on
 * the same connection: one row per statement by default, or, with `rowsPerStatement` (a power of
 * two), multi-row `VALUES (…), (…)` statements of power-of-two sizes (at most log2 + 1 texts per
 * table). Measured: multi-row pays off on a table with a trigger (messages feed full-text search:
 * 32 rows a statement cost about 40 % of the CPU of one each); on plain tables one row a statement
 * was as cheap or cheaper. On PostgreSQL one `INSERT … SELECT FROM json_to_recordset(…)` per chunk
 * carries the rows as one JSON text. `types` gives each column's PostgreSQL type; `ignoreConflicts` adds ON
 * CONFLICT DO NOTHING.
 */
export async function bulkInsert(
  db: Kysely<Database>,
  raw: RawSqlite | undefined,
  table: string,
  types: Record<string, 'text' | 'bigint' | 'integer' | 'double precision'>,
  rows: ReadonlyArray<Record<string, unknown>>,
  ignoreConflicts = false,
  rowsPerStatement = 1,
): Promise<void> {
  if (rows.length === 0) return
  const cols = Object.keys(types)
  if (raw) {
    const head = `INSERT INTO ${table} (${cols.join(', ')}) VALUES `
    const tuple = `(${cols.map(() => '?').join(', ')})`
    const tail = ignoreConflicts ? ' ON CONFLICT DO NOTHING' : ''
    let most = Math.max(1, Math.floor(rowsPerStatement))
    while (most > 1 && most * cols.length > SQLITE_MAX_PARAMS) most >>= 1
    const bySize = new Map<number, Statement>()
    for (let at = 0; at < rows.length; ) {
      let k = most
      while (k > rows.length - at) k >>= 1
      let stmt = bySize.get(k)
      if (!stmt) {
        stmt = statement(raw, `${head}${Array<string>(k).fill(tuple).join(', ')}${tail}`)
        bySize.set(k, stmt)
      }
      const params: unknown[] = new Array(k * cols.length)
      let p = 0
      for (let i = at; i < at + k; i++) {
        const r = rows[i]!
        for (const c of cols) params[p++] = r[c] ?? null
      }
      stmt.run(params)
      at += k
    }
    return
  }
  const typed = cols.map((c) => ({ name: c, type: types[c]! }))
  const text = `INSERT INTO ${table} (${cols.join(', ')}) SELECT * FROM ${recordSet(typed)}${ignoreConflicts ? ' ON CONFLICT DO NOTHING' : ''}`
  for (const part of chunks(rows, 5000))
    await db.executeQuery(CompiledQuery.raw(text, columnArrays(part, typed)))
}

/**
 * PostgreSQL only: inserts `rows` like `bulkInsert` with ON CONFLICT DO NOTHING and returns the
 * `returning` column of the rows actually inserted (those that met a conflict are left out).
 */
export async function bulkInsertReturning(
  db: Kysely<Database>,
  table: string,
  types: Record<string, 'text' | 'bigint' | 'integer' | 'double precision'>,
  rows: ReadonlyArray<Record<string, unknown>>,
  returning: string,
): Promise<string[]> {
  const cols = Object.keys(types)
  const typed = cols.map((c) => ({ name: c, type: types[c]! }))
  const text = `INSERT INTO ${table} (${cols.join(', ')}) SELECT * FROM ${recordSet(typed)} ON CONFLICT DO NOTHING RETURNING ${returning}`
  const out: string[] = []
  for (const part of chunks(rows, 5000)) {
    const r = await db.executeQuery<Record<string, string>>(
      CompiledQuery.raw(text, columnArrays(part, typed)),
    )
    for (const row of r.rows) out.push(row[returning]!)
  }
  return out
}

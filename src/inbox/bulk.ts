/**
 * Batched writes used by the ingest pipeline: many rows in one statement on both engines.
 * @NOTE `WITH v(cols) AS (VALUES …) UPDATE … FROM v` is the one form SQLite (≥ 3.33) and
 * PostgreSQL both accept; CAST gives PostgreSQL the parameter types it cannot infer from VALUES.
 */
import { randomBytes } from 'node:crypto'
import { type Kysely, type RawBuilder, sql } from 'kysely'
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

/** Updates rows of `table` by `id`, each with its own values, in statements of up to `per` rows. */
export async function bulkUpdateById(
  db: Kysely<Database>,
  table: string,
  columns: BulkColumn[],
  rows: Array<Record<string, unknown>>,
  per = 400,
): Promise<void> {
  if (rows.length === 0) return
  const names = ['id', ...columns.map((c) => c.name)]
  const types = ['text', ...columns.map((c) => c.type)]
  const t = sql.table(table)
  const sets = sql.join(
    columns.map((c) => {
      const col = sql.ref(c.name)
      const v = sql.ref(`v.${c.name}`)
      const cur = sql.ref(`${table}.${c.name}`)
      if (c.mode === 'add') return sql`${col} = ${cur} + ${v}`
      if (c.mode === 'max') return sql`${col} = CASE WHEN ${v} > ${cur} THEN ${v} ELSE ${cur} END`
      return sql`${col} = ${v}`
    }),
  )
  for (const part of chunks(rows, per)) {
    const values = sql.join(
      part.map(
        (r) =>
          sql`(${sql.join(names.map((n, i) => sql`CAST(${r[n] ?? null} AS ${sql.raw(types[i] === 'double precision' ? 'double precision' : types[i]!)})`))})`,
      ),
    )
    const cols = sql.join(names.map((n) => sql.ref(n)))
    const q: RawBuilder<unknown> = sql`WITH v(${cols}) AS (VALUES ${values}) UPDATE ${t} SET ${sets} FROM v WHERE ${sql.ref(`${table}.id`)} = ${sql.ref('v.id')}`
    await q.execute(db)
  }
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
  prepare(sql: string): { run(...params: unknown[]): unknown }
}

const statements = new WeakMap<RawSqlite, Map<string, { run(...params: unknown[]): unknown }>>()

/**
 * Inserts many rows. On SQLite one cached prepared statement runs per row (inside the caller's
 * transaction, on the same connection): far cheaper than compiling large multi-row statements.
 * On PostgreSQL one `INSERT … SELECT FROM unnest(…)` per chunk carries one array per column.
 * `types` gives each column's PostgreSQL type; `ignoreConflicts` adds ON CONFLICT DO NOTHING.
 */
export async function bulkInsert(
  db: Kysely<Database>,
  raw: RawSqlite | undefined,
  table: string,
  types: Record<string, 'text' | 'bigint' | 'integer' | 'double precision'>,
  rows: ReadonlyArray<Record<string, unknown>>,
  ignoreConflicts = false,
): Promise<void> {
  if (rows.length === 0) return
  const cols = Object.keys(types)
  if (raw) {
    const text = `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})${ignoreConflicts ? ' ON CONFLICT DO NOTHING' : ''}`
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
    for (const r of rows) stmt.run(...cols.map((c) => r[c] ?? null))
    return
  }
  for (const part of chunks(rows, 5000)) {
    const arrays = sql.join(
      cols.map((c) => sql`CAST(${part.map((r) => r[c] ?? null)} AS ${sql.raw(types[c]!)}[])`),
    )
    const colList = sql.join(cols.map((c) => sql.ref(c)))
    await sql`INSERT INTO ${sql.table(table)} (${colList}) SELECT * FROM unnest(${arrays})${sql.raw(ignoreConflicts ? ' ON CONFLICT DO NOTHING' : '')}`.execute(
      db,
    )
  }
}

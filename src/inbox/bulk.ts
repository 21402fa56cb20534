/**
 * Batched writes used by the ingest pipeline: many rows in one statement on both engines.
 * @NOTE `WITH v(cols) AS (VALUES …) UPDATE … FROM v` is the one form SQLite (≥ 3.33) and
 * PostgreSQL both accept; CAST gives PostgreSQL the parameter types it cannot infer from VALUES.
 */
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

/**
 * The ingest pipeline's batched writes, one `BulkWriter` per batch (inside its transaction).
 *
 * SQLite: cached prepared statements on the same connection run at once, synchronously.
 * PostgreSQL: each write is queued at once; queued writes run one after another on the transaction's
 * connection without the pipeline awaiting each (the new contacts are inserted while the batch is
 * threaded and classified). Inserts are `COPY … FROM STDIN` on the transaction's own client
 * (db/pg-copy.ts, docs/adr/0025-ingest-copy.md); updates are compiled statements reading the rows as
 * one array literal per column (`unnest`, see `recordSet`). `done()` waits for every queued write and
 * throws the first failure; after a failure nothing queued later runs (docs/adr/0020-ingest-writes.md).
 */
import { CompiledQuery, type Kysely } from 'kysely'
import { copyRows, copyText, type PgClient } from '../db/pg-copy.js'
import type { Database } from '../db/schema.js'
import { chunks, type RawSqlite, statement } from './bulk.js'

export type ColumnType = 'text' | 'bigint' | 'integer' | 'double precision'

export type BulkColumn = {
  name: string
  type: ColumnType
  /** set: column = v.column (default); add: column = column + v.column; max: the larger of the two. */
  mode?: 'set' | 'add' | 'max'
}

type Rows = ReadonlyArray<Record<string, unknown>>

/** SQLite's default limit on bound parameters per statement (SQLITE_MAX_VARIABLE_NUMBER). */
const SQLITE_MAX_PARAMS = 32766
const PG_ROWS_PER_STATEMENT = 5000

export class BulkWriter {
  private tail: Promise<unknown> = Promise.resolve()
  private stopped = false

  constructor(
    private readonly db: Kysely<Database>,
    /** The SQLite connection when on SQLite; absent on PostgreSQL. */
    private readonly raw: RawSqlite | undefined,
    /** PostgreSQL: the client the transaction `db` runs on (db/pg-copy.ts `withPgClient`), for COPY. */
    private readonly copy?: PgClient,
  ) {}

  /**
   * Inserts `rows` into `table` (`types` gives its columns). PostgreSQL: one COPY. SQLite: one row per
   * statement by default, or with `rowsPerStatement` (a power of two) multi-row `VALUES (…), (…)`
   * statements of power-of-two sizes. Measured: multi-row pays off on a table with a trigger
   * (messages feed full-text search: 32 rows a statement cost about 40 % of the CPU of one each);
   * on plain tables one row a statement was as cheap or cheaper (docs/adr/0016-ingest-speed.md).
   */
  insert(
    table: string,
    types: Record<string, ColumnType>,
    rows: Rows,
    opts: { rowsPerStatement?: number } = {},
  ): void {
    if (rows.length === 0) return
    const cols = Object.keys(types)
    if (this.raw) {
      sqliteInsert(this.raw, table, cols, rows, opts.rowsPerStatement ?? 1)
      return
    }
    const client = this.copy
    if (!client) throw new Error('BulkWriter on PostgreSQL needs the client of its transaction')
    // @NOTE the rows are read now, as they are when queued, not when their turn comes.
    const body = copyText(cols, rows)
    this.enqueue(() => copyRows(client, table, cols, body))
  }

  /** Updates rows of `table` by `id`, each with its own values (see {@link BulkColumn} modes). */
  update(table: string, columns: readonly BulkColumn[], rows: Rows): void {
    if (rows.length === 0) return
    if (this.raw) {
      const sets = columns.map((c) => setColumn(table, c, '?')).join(', ')
      const stmt = statement(this.raw, `UPDATE ${table} SET ${sets} WHERE id = ?`)
      // A 'max' column uses its value twice.
      const slots = columns.flatMap((c) => (c.mode === 'max' ? [c.name, c.name] : [c.name]))
      for (const r of rows) stmt.run(...slots.map((n) => r[n] ?? null), r.id)
      return
    }
    for (const q of pgUpdates(table, columns, rows)) this.queue(q)
  }

  /** Any other write, queued behind the ones before it (run at once on SQLite). */
  async run(write: (db: Kysely<Database>) => Promise<unknown>): Promise<void> {
    if (this.raw) {
      await write(this.db)
      return
    }
    this.enqueue(() => write(this.db))
  }

  /**
   * PostgreSQL: gives the driver a turn to send what is queued, so the server works on it while
   * the caller computes. Call it between stretches of work. Nothing to do on SQLite.
   */
  async send(): Promise<void> {
    if (!this.raw) await new Promise<void>((resolve) => setImmediate(resolve))
  }

  /** Waits for every queued write; throws the first that failed. */
  async done(): Promise<void> {
    await this.tail
  }

  /**
   * After a failure elsewhere in the batch: runs nothing more that is queued and waits until the
   * statement in flight has finished, so the transaction can roll back on an idle connection.
   */
  async abandon(): Promise<void> {
    this.stopped = true
    await this.tail.catch(() => {})
  }

  private queue(q: CompiledQuery): void {
    this.enqueue(() => this.db.executeQuery(q))
  }

  private enqueue(write: () => Promise<unknown>): void {
    const next = this.tail.then(() => this.live(write))
    next.catch(() => {}) // surfaced by done()
    this.tail = next
  }

  private live<T>(f: () => Promise<T>): Promise<T> {
    if (this.stopped) return Promise.reject(new Error('ingest batch abandoned'))
    return f()
  }
}

function setColumn(table: string, c: BulkColumn, v: string): string {
  const cur = `${table}.${c.name}`
  if (c.mode === 'add') return `${c.name} = ${cur} + ${v}`
  if (c.mode === 'max') return `${c.name} = CASE WHEN ${v} > ${cur} THEN ${v} ELSE ${cur} END`
  return `${c.name} = ${v}`
}

/** PostgreSQL: the statements that update `rows` of `table` by `id` (exported for plan tests). */
export function pgUpdates(table: string, columns: readonly BulkColumn[], rows: Rows): CompiledQuery[] {
  const all = [{ name: 'id', type: 'text' }, ...columns]
  return chunks(rows, PG_ROWS_PER_STATEMENT).map((part) => {
    const r = recordSet(part, all)
    const sets = columns.map((c) => setColumn(table, c, r.value(c.name))).join(', ')
    // @NOTE the id list again as `= ANY`: with the record set's size known, PostgreSQL otherwise
    // hash-joins it against a scan of the whole table (17 ms for 350 of 12,600 contacts, and growing
    // with the table); this way it probes the primary key for each id (6 ms).
    const text = `UPDATE ${table} SET ${sets} FROM ${r.from} WHERE ${table}.id = x.id AND ${table}.id = ANY(CAST($1 AS text[]))`
    return CompiledQuery.raw(text, r.params)
  })
}

function sqliteInsert(
  raw: RawSqlite,
  table: string,
  cols: readonly string[],
  rows: Rows,
  rowsPerStatement: number,
): void {
  const head = `INSERT INTO ${table} (${cols.join(', ')}) VALUES `
  const tuple = `(${cols.map(() => '?').join(', ')})`
  let most = Math.max(1, Math.floor(rowsPerStatement))
  while (most > 1 && most * cols.length > SQLITE_MAX_PARAMS) most >>= 1
  // @NOTE one statement text per size, built once per call, not once per row (building and hashing
  // it per row showed up in the SQLite profile as a twentieth of the pipeline).
  const bySize = new Map<number, ReturnType<typeof statement>>()
  for (let at = 0; at < rows.length; ) {
    let k = most
    while (k > rows.length - at) k >>= 1
    let stmt = bySize.get(k)
    if (!stmt) {
      stmt = statement(raw, `${head}${Array<string>(k).fill(tuple).join(', ')}`)
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
}

/**
 * PostgreSQL: `rows` as a record set `x` with its parameters. A column with one value in every row
 * (the workspace, the channel, "now", a NULL) travels once as a typed scalar; each other column as one
 * array literal, read back with `unnest(CAST($1 AS text[]), CAST($2 AS bigint[]), …) AS x(col, …)`.
 * The first column (the id) is always an array, so `unnest` has the row count. `value(col)` is the
 * expression to read a column by. Measured: JSON objects (every key repeated per row) made the
 * pipeline send 2.5 KB a message; array literals 1.6 KB; with scalars for shared values, less again.
 */
function recordSet(
  rows: Rows,
  columns: ReadonlyArray<{ name: string; type: string }>,
): { from: string; params: unknown[]; value: (name: string) => string } {
  const params: unknown[] = []
  const arrays: string[] = []
  const names: string[] = []
  const scalar = new Map<string, string>()
  columns.forEach((c, i) => {
    const first = rows[0]![c.name] ?? null
    if (i > 0 && rows.every((r) => (r[c.name] ?? null) === first)) {
      params.push(first)
      scalar.set(c.name, `CAST($${params.length} AS ${c.type})`)
      return
    }
    params.push(arrayLiteral(rows, c.name, c.type === 'text'))
    arrays.push(`CAST($${params.length} AS ${c.type}[])`)
    names.push(c.name)
  })
  return {
    from: `unnest(${arrays.join(', ')}) AS x(${names.join(', ')})`,
    params,
    value: (name) => scalar.get(name) ?? `x.${name}`,
  }
}

const QUOTE = /[\\"]/
const QUOTES = /[\\"]/g

/**
 * The PostgreSQL array literal of column `name` of `rows`: `{"a","b\"c",NULL}` for text (each
 * element quoted, backslash and double quote escaped), `{1,NULL,3}` for numbers. Text is not cleaned
 * again here: ingest makes what it receives storable once (`storableText`).
 */
export function arrayLiteral(rows: Rows, name: string, text: boolean): string {
  // @NOTE one appended string and a test before any replace: measured 3–5× faster than quoting
  // every element with a global replace and joining an array.
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

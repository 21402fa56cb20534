/**
 * PostgreSQL bulk loads with `COPY … FROM STDIN` (text format), on a pooled client that a Kysely
 * instance shares, so the copy joins that instance's transaction. COPY skips the parsing and planning
 * of an INSERT and fills heap pages several rows at a time; for the ingest pipeline's message rows it
 * took a quarter less server CPU than `INSERT … SELECT FROM unnest(…)` (docs/adr/0025-ingest-copy.md).
 */
import { createRequire } from 'node:module'
import type { Writable } from 'node:stream'
import { Kysely, PostgresDialect } from 'kysely'
import type Pg from 'pg'
import type { Database } from './schema.js'

/** A pooled PostgreSQL client, as `withPgClient` lends it. */
export type PgClient = Pg.PoolClient

type CopyFrom = (text: string) => Writable & Pg.Submittable
let copyFrom: CopyFrom | undefined
// @NOTE loaded on first use, like pg itself (database.ts): SQLite installs never load either.
const loadCopyFrom = (): CopyFrom =>
  (copyFrom ??= (createRequire(import.meta.url)('pg-copy-streams') as { from: CopyFrom }).from)

/**
 * Runs `fn` with one client of `pool` and a Kysely bound to that client alone: a transaction begun
 * on `db` runs on `client`, so `copyRows(client, …)` inside it is part of the transaction. The
 * client goes back to the pool afterwards; after a failure it is closed instead (it may be mid-copy).
 */
export async function withPgClient<T>(
  pool: Pg.Pool,
  fn: (db: Kysely<Database>, client: PgClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  const db = boundTo(client)
  try {
    const out = await fn(db, client)
    client.release()
    return out
  } catch (e) {
    client.release(e instanceof Error ? e : true)
    throw e
  }
}

// @NOTE one Kysely per pooled client, made on its first batch: a pool reuses its clients.
const bound = new WeakMap<PgClient, Kysely<Database>>()

function boundTo(client: PgClient): Kysely<Database> {
  let db = bound.get(client)
  if (!db) {
    const lent = { query: client.query.bind(client), release: () => {} }
    db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: { connect: async () => lent, end: async () => {} } as never }),
    })
    bound.set(client, db)
  }
  return db
}

const SPECIAL = /[\\\t\n\r]/
const SPECIALS = /[\\\t\n\r]/g
const ESCAPED: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/** One value in COPY's text format: `\N` for NULL; backslash, tab, newline and CR escaped. */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N'
  if (typeof v === 'boolean') return v ? 't' : 'f'
  const s = typeof v === 'string' ? v : String(v)
  return SPECIAL.test(s) ? s.replace(SPECIALS, (c) => ESCAPED[c]!) : s
}

/** `rows` in COPY's text format: one line a row, `cols` in order, separated by tabs. */
export function copyText(cols: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  let body = ''
  for (const r of rows) {
    for (let i = 0; i < cols.length; i++) body += (i > 0 ? '\t' : '') + copyValue(r[cols[i]!])
    body += '\n'
  }
  return body
}

/**
 * Loads `body` (from `copyText`) into `table` with one `COPY (cols) FROM STDIN` on `client`. Text
 * must already be storable (no NUL, no lone surrogate: ingest's `storableText`). Rejects with the
 * server's error (a constraint violated, a value of the wrong type); nothing of the copy is then stored.
 */
export function copyRows(
  client: PgClient,
  table: string,
  cols: readonly string[],
  body: string,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const stream = client.query(loadCopyFrom()(`COPY ${table} (${cols.join(', ')}) FROM STDIN`))
    stream.on('finish', resolve)
    stream.on('error', reject)
    stream.end(body)
  })
}

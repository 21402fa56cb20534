import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { describe, inject } from 'vitest'
import { type Db, type Engine, migrateToLatest, openDatabase } from '../../src/db/database.js'

/** A fresh, migrated database for one test file, on either engine. */
export interface TestDb extends Db {
  /** For PostgreSQL, the URL of this test's own database. */
  url?: string
  /** Closes and deletes the database. */
  destroy(): Promise<void>
}

function randomName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
}

/** Creates an empty PostgreSQL database on the shared test server and returns its URL. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const serverUrl = inject('postgresUrl')
  if (!serverUrl) throw new Error(inject('postgresSkipReason') || 'no PostgreSQL server')
  const name = randomName('t')
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

export async function openTestDb(engine: Engine, opts: { migrate?: boolean } = {}): Promise<TestDb> {
  let db: TestDb
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'townhall-sqlite-'))
    const base = openDatabase({ engine: 'sqlite', file: join(dir, 'test.sqlite') })
    db = {
      ...base,
      async destroy() {
        await base.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  } else {
    const created = await createPostgresDatabase()
    const base = openDatabase({ engine: 'postgres', url: created.url })
    db = {
      ...base,
      url: created.url,
      async destroy() {
        await base.close()
        await created.drop()
      },
    }
  }
  if (opts.migrate !== false) await migrateToLatest(db)
  return db
}

/** The engines a contract suite must run on. PostgreSQL is skipped (with the reason) only outside CI. */
export function testEngines(): Engine[] {
  return inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite']
}

/**
 * Runs `suite` once per engine, as `describe('<name> [sqlite]')` and `[postgres]`. When PostgreSQL is
 * not installed (outside CI) the postgres block is reported as skipped with how to install it.
 */
export function describeEachEngine(name: string, suite: (engine: Engine) => void): void {
  for (const engine of ['sqlite', 'postgres'] as const) {
    if (engine === 'postgres' && !inject('postgresUrl')) {
      describe.skip(`${name} [postgres] — skipped: ${inject('postgresSkipReason')}`, () => suite(engine))
      continue
    }
    describe(`${name} [${engine}]`, () => suite(engine))
  }
}

/** A suite that needs the PostgreSQL server (e.g. the local AT Protocol network); skipped with the reason outside CI. */
export function describeNeedsPostgres(name: string, opts: { timeout?: number }, suite: () => void): void {
  if (!inject('postgresUrl')) {
    describe.skip(`${name} — skipped: ${inject('postgresSkipReason')}`, suite)
    return
  }
  describe(name, opts, suite)
}

/** The `CREATE INDEX` text of index `name` as the engine stores it (SQLite `sql`, PostgreSQL `indexdef`). */
export async function indexDefinition(db: Db, name: string): Promise<string | undefined> {
  const r =
    db.engine === 'sqlite'
      ? await sql<{ d: string }>`SELECT sql AS d FROM sqlite_master WHERE name = ${name}`.execute(db.kysely)
      : await sql<{ d: string }>`SELECT indexdef AS d FROM pg_indexes WHERE indexname = ${name}`.execute(
          db.kysely,
        )
  return r.rows[0]?.d
}

import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely'
import type Pg from 'pg'
import { ensurePrivateDir, ensurePrivateFile, SQLITE_SIDE_FILES, tighten } from '../core/private-files.js'
import {
  BackgroundCheckpointer,
  type CheckpointerSettings,
  DEFAULT_CHECKPOINTER,
  type SqliteCheckpoint,
} from './checkpointer.js'
import { migrations } from './migrations/index.js'
import type { Database } from './schema.js'

export type Engine = 'sqlite' | 'postgres'

export type DatabaseOptions =
  | {
      engine: 'sqlite'
      file: string
      /** Who checkpoints the WAL: a background worker (default) or the writer on commit. */
      checkpoint?: SqliteCheckpoint
      /** Tuning of the background checkpointer (tests use small values). */
      checkpointer?: Partial<CheckpointerSettings>
      /** Where a failure of the background checkpointer is reported; defaults to stderr. */
      onCheckpointerError?: (err: Error) => void
    }
  | { engine: 'postgres'; url: string; poolSize?: number }

/** A Kysely instance plus what the rest of the app needs to know about the engine. */
export interface Db {
  kysely: Kysely<Database>
  engine: Engine
  /** The SQLite connection, for online backups; undefined on PostgreSQL. */
  sqlite?: SQLite.Database
  /** The background WAL checkpointer of a SQLite file, when it runs. */
  checkpointer?: BackgroundCheckpointer
  /** The PostgreSQL pool Kysely uses, for bulk loads with COPY (db/pg-copy.ts); undefined on SQLite. */
  pgPool?: Pg.Pool
  close(): Promise<void>
}

// @NOTE int8 (bigint) and numeric come back from pg as strings; our bigints are epoch milliseconds and
// counts, which fit in a double, so they are parsed as numbers to match SQLite.
function pgTypes(pg: typeof Pg) {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === 20 || oid === 1700) return (v: string) => (v === null ? null : Number(v))
      return pg.types.getTypeParser(oid, format)
    },
  }
}

/** The same database for a short read-mostly use (backup, doctor): no background checkpointer. */
export function withoutCheckpointer(opts: DatabaseOptions): DatabaseOptions {
  return opts.engine === 'sqlite' ? { ...opts, checkpoint: 'inline' } : opts
}

function reportCheckpointerError(err: Error): void {
  process.stderr.write(
    `${JSON.stringify({ level: 'warn', msg: 'sqlite checkpointer failed; checkpoints return to commits', err: err.message })}\n`,
  )
}

// @NOTE pg is loaded only when PostgreSQL is configured, which keeps the embedded default's start-up lean.
const loadPg = (): typeof Pg => createRequire(import.meta.url)('pg') as typeof Pg

/** Opens the database (creating the SQLite file and its folder if needed). Does not migrate. */
export function openDatabase(opts: DatabaseOptions): Db {
  if (opts.engine === 'sqlite') {
    if (opts.file !== ':memory:' && opts.file !== '') {
      // @NOTE 0600 before SQLite opens it: the -wal and -shm files it creates later take this mode.
      ensurePrivateDir(dirname(opts.file))
      ensurePrivateFile(opts.file)
      for (const side of SQLITE_SIDE_FILES) tighten(opts.file + side)
    }
    const sqlite = new SQLite(opts.file)
    sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('busy_timeout = 5000')
    sqlite.pragma('synchronous = NORMAL')
    sqlite.pragma('foreign_keys = ON')
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
    // @NOTE only a file in WAL mode has a log to checkpoint ('' is a private temporary database).
    const walFile =
      opts.file !== ':memory:' &&
      opts.file !== '' &&
      !sqlite.readonly &&
      sqlite.pragma('journal_mode', { simple: true }) === 'wal'
    const checkpointer =
      walFile && (opts.checkpoint ?? 'background') === 'background'
        ? new BackgroundCheckpointer(
            sqlite,
            opts.file,
            { ...DEFAULT_CHECKPOINTER, ...opts.checkpointer },
            opts.onCheckpointerError ?? reportCheckpointerError,
          )
        : undefined
    // @NOTE the worker's connection closes first, so the writer's close is the last one and still
    // checkpoints and deletes the WAL file.
    const close = async () => {
      await checkpointer?.stop()
      await kysely.destroy()
      // @NOTE Kysely closes the connection only if it ever used it.
      if (sqlite.open) sqlite.close()
    }
    return { kysely, engine: 'sqlite', sqlite, checkpointer, close }
  }
  const pg = loadPg()
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    types: pgTypes(pg),
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  })
  // @NOTE an idle client error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { kysely, engine: 'postgres', pgPool: pool, close: () => kysely.destroy() }
}

function migrator(db: Db): Migrator {
  return new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    // @NOTE domains number their migrations independently; a later-numbered one may land first.
    allowUnorderedMigrations: true,
  })
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest()
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName
    throw new Error(
      `migration ${failed ?? '?'} failed: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Applies the migrations up to and including `name`: for tests of what a migration does to data. */
export async function migrateTo(db: Db, name: string): Promise<void> {
  const { error } = await migrator(db).migrateTo(name)
  if (error) throw error instanceof Error ? error : new Error(String(error))
}

/** Names of migrations not yet applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migrator(db).getMigrations()
  return all.filter((m) => !m.executedAt).map((m) => m.name)
}

/** True when the database answers a trivial query. */
export async function ping(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db.kysely)
    return true
  } catch {
    return false
  }
}

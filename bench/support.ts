/** What the benchmarks share: `--name=value` arguments and a fresh database on either engine. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { parseSqliteCheckpoint } from '../src/config/config.js'
import { readEnv } from '../src/config/env.js'
import { type Db, type Engine, openDatabase } from '../src/db/database.js'
import { startPostgres } from '../test/support/postgres.js'

/** The number given as `--name=value`, or `def`. */
export function arg(args: string[], name: string, def: number): number {
  const a = args.find((x) => x.startsWith(`--${name}=`))
  return a ? Number(a.split('=')[1]) : def
}

/**
 * An empty database for one benchmark run: a SQLite file in a temp folder, or a new database on the
 * PostgreSQL server at `pgUrl` (named `<prefix>_<time>`). `cleanup` closes and removes it.
 */
export async function openBenchDatabase(
  engine: 'sqlite' | 'postgres',
  pgUrl: string | undefined,
  prefix: string,
): Promise<{ db: Db; cleanup: () => Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'townhall-bench-'))
    // @NOTE TOWNHALL_SQLITE_CHECKPOINT=inline compares against SQLite's own checkpoint on commit (ADR 0019).
    const checkpoint = parseSqliteCheckpoint(readEnv().sqliteCheckpoint)
    const db = openDatabase({ engine: 'sqlite', file: join(dir, 'bench.sqlite'), checkpoint })
    return {
      db,
      cleanup: async () => {
        await db.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const name = `${prefix}_${Date.now().toString(36)}`
  const admin = new pg.Client({ connectionString: pgUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(pgUrl!)
  url.pathname = `/${name}`
  const db = openDatabase({ engine: 'postgres', url: url.toString() })
  return {
    db,
    cleanup: async () => {
      await db.close()
      const c = new pg.Client({ connectionString: pgUrl })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

/**
 * Runs `run` on each engine named by `--engines=` (default `sqlite,postgres`; PostgreSQL on a
 * throwaway server, or DATABASE_URL's) and returns every engine's figures together.
 */
export async function onEachEngine(
  args: string[],
  run: (engine: Engine, args: string[], pgUrl: string | undefined) => Promise<Record<string, string>>,
): Promise<Record<string, string>> {
  const engines = (args.find((a) => a.startsWith('--engines='))?.split('=')[1] ?? 'sqlite,postgres').split(
    ',',
  ) as Engine[]
  let server: Awaited<ReturnType<typeof startPostgres>> | undefined
  const figures: Record<string, string> = {}
  try {
    if (engines.includes('postgres')) server = await startPostgres()
    for (const e of engines) Object.assign(figures, await run(e, args, server?.url))
  } finally {
    server?.stop()
  }
  return figures
}

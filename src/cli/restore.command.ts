import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import type { Config } from '../config/config.js'
import { systemClock } from '../core/clock.js'
import { ensurePrivateDir, ensurePrivateFile, tighten } from '../core/private-files.js'
import { SECRET_KEY_FILE } from '../core/secret-key.js'
import { migrateToLatest, openDatabase, withoutCheckpointer } from '../db/database.js'
import { InstanceService } from '../instance/instance.service.js'
import type { CliIo } from './io.js'

const DB_FILE = 'townhall.sqlite'

/**
 * `townhall restore FILE [--data-dir DIR]`: copies a backup (`townhall backup`) into an empty data
 * directory, migrates it, and marks the copy **paused**, so starting it beside the original never
 * publishes a scheduled post or sends a webhook twice. An instance owner resumes it (web app banner,
 * `POST /api/instance/resume` or `townhall resume`) once it is the copy that should run.
 */
export async function restoreCommand(
  config: Config,
  file: string | undefined,
  dataDir: string | undefined,
  io: CliIo,
): Promise<number> {
  if (!file) {
    io.err('usage: townhall restore FILE [--data-dir DIR]')
    return 2
  }
  if (config.database.engine !== 'sqlite' && !dataDir) {
    io.err(
      'restore copies an embedded SQLite backup; for PostgreSQL restore with pg_restore, then run `townhall pause` before starting Townhall on it',
    )
    return 2
  }
  const source = resolve(file)
  if (!existsSync(source)) {
    io.err(`error: ${source} does not exist`)
    return 1
  }
  const dir = resolve(dataDir ?? config.dataDir)
  const target = dataDir ? join(dir, DB_FILE) : (config.database as { file: string }).file
  if (existsSync(target)) {
    io.err(`error: ${target} already exists; restore into an empty data directory (--data-dir DIR)`)
    return 1
  }
  let src: SQLite.Database
  try {
    src = new SQLite(source, { readonly: true, fileMustExist: true })
    const check = src.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(`integrity check: ${String(check)}`)
  } catch (err) {
    io.err(`error: ${source} is not a readable Townhall backup (${err instanceof Error ? err.message : err})`)
    return 1
  }
  try {
    ensurePrivateDir(dir)
    ensurePrivateFile(target)
    // @NOTE SQLite's online backup API writes a consistent copy even of a database in WAL mode.
    await src.backup(target)
  } finally {
    src.close()
  }
  tighten(target)
  const db = openDatabase({ engine: 'sqlite', file: target, checkpoint: 'inline' })
  try {
    const applied = await migrateToLatest(db)
    await new InstanceService(db.kysely, systemClock).pause(`restored from ${source}`)
    io.out(`restored ${source} into ${target}${applied.length ? ` (migrated: ${applied.join(', ')})` : ''}`)
  } finally {
    await db.close()
  }
  io.out(
    'this copy is PAUSED: no publishing, webhooks or polling until an instance owner resumes it (the banner in the web app, or `townhall resume`)',
  )
  if (!existsSync(join(dir, SECRET_KEY_FILE)))
    io.err(
      `copy the original's ${SECRET_KEY_FILE} into ${dir} (or set TOWNHALL_SECRET_KEY) before starting: without it channel credentials cannot be opened`,
    )
  return 0
}

/** `townhall pause` / `townhall resume`: the same switch as the restore's, for the operator. */
export async function pauseCommand(config: Config, sub: 'pause' | 'resume', io: CliIo): Promise<number> {
  const db = openDatabase(withoutCheckpointer(config.database))
  try {
    await migrateToLatest(db)
    const instance = new InstanceService(db.kysely, systemClock)
    if (sub === 'pause') {
      await instance.pause('paused by `townhall pause`')
      io.out(
        'paused: workers will not start until an instance owner resumes this copy (a running Townhall keeps its workers until it restarts)',
      )
    } else {
      const was = await instance.paused()
      await instance.resume(null)
      io.out(
        was
          ? 'resumed: workers start (running ones within a few seconds)'
          : 'this copy was not paused; nothing changed',
      )
    }
    return 0
  } finally {
    await db.close()
  }
}

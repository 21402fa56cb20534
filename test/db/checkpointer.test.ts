import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { buildConfig, ConfigError, parseSqliteCheckpoint } from '../../src/config/config.js'
import { BackgroundCheckpointer, DEFAULT_CHECKPOINTER } from '../../src/db/checkpointer.js'
import { type Db, openDatabase, withoutCheckpointer } from '../../src/db/database.js'

const PAGE = 4096
const dirs: string[] = []
const open: Db[] = []

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'townhall-ckpt-'))
  dirs.push(dir)
  return join(dir, 'db.sqlite')
}

afterEach(async () => {
  for (const db of open.splice(0)) await db.close()
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Writes `transactions` transactions of `rows` rows of ~1 KB each (about a page per 4 rows). */
function write(db: Db, transactions: number, rows: number, from = 0): number {
  const s = db.sqlite!
  s.exec('create table if not exists t (id integer primary key, v text not null)')
  const insert = s.prepare('insert into t (id, v) values (?, ?)')
  let id = from
  for (let i = 0; i < transactions; i++) {
    s.transaction(() => {
      for (let r = 0; r < rows; r++, id++) insert.run(id, `row ${id} `.padEnd(1000, 'x'))
    })()
  }
  return id
}

async function until(what: string, test: () => boolean, deadlineMs = 20_000): Promise<void> {
  const end = Date.now() + deadlineMs
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const walSize = (file: string) => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0)

describe('SQLite background checkpointer', () => {
  it('copies the log back into the database file from its own connection; close removes the log', async () => {
    const file = tempFile()
    const db = openDatabase({
      engine: 'sqlite',
      file,
      checkpointer: { thresholdPages: 100, intervalMs: 20 },
    })
    expect(db.checkpointer).toBeDefined()
    // The writer no longer checkpoints at SQLite's 1,000 pages, only at the safety net.
    expect(db.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(DEFAULT_CHECKPOINTER.capPages)
    const rows = write(db, 8, 250) // ~2,000 rows, ~500 pages, in 8 commits
    await until('a background checkpoint', () => (db.checkpointer!.status().checkpoints ?? 0) >= 1)
    // Only the worker checkpoints here, so a database file holding the rows is its work.
    await until('the database file to hold the rows', () => statSync(file).size >= 400 * PAGE)
    const status = db.checkpointer!.status()
    expect(status.state).toBe('running')
    expect(status.last!.busy).toBe(0)
    expect(status.checkpointMs).toBeGreaterThan(0)
    expect(status.last!.checkpointed).toBeGreaterThan(0)
    expect(status.last!.checkpointed).toBeLessThanOrEqual(status.last!.log)

    await db.close()
    expect(db.checkpointer!.status().state).toBe('stopped')
    expect(db.checkpointer!.status().exitCode).toBe(0)
    expect(existsSync(`${file}-wal`)).toBe(false)
    const fresh = new SQLite(file, { readonly: true })
    try {
      expect(fresh.prepare('select count(*) as n from t').get()).toEqual({ n: rows })
      const last = fresh.prepare('select v from t where id = ?').get(rows - 1) as { v: string }
      expect(last.v.startsWith(`row ${rows - 1} `)).toBe(true)
    } finally {
      fresh.close()
    }
  })

  it('copies the rest of the log back once writes stop, below the threshold', async () => {
    const file = tempFile()
    const db = openDatabase({
      engine: 'sqlite',
      file,
      checkpointer: { thresholdPages: 1_000_000, idleMs: 50, intervalMs: 20 },
    })
    open.push(db)
    write(db, 3, 20)
    await until('an idle checkpoint', () => db.checkpointer!.status().checkpoints >= 1)
    const last = db.checkpointer!.status().last!
    expect(last.busy).toBe(0)
    expect(last.log).toBeGreaterThan(0)
    expect(last.checkpointed).toBe(last.log)
  })

  it('keeps the log under the cap when the worker stalls (the writer checkpoints at the cap)', async () => {
    const file = tempFile()
    const capPages = 256
    const db = openDatabase({
      engine: 'sqlite',
      file,
      checkpointer: { thresholdPages: 50, capPages, intervalMs: 20 },
    })
    open.push(db)
    await until('the worker to start', () => db.checkpointer!.status().state === 'running')
    await db.checkpointer!.pause()
    const before = db.checkpointer!.status().checkpoints
    // 40 commits of ~25 pages each: about 1,000 pages, four times the cap.
    const rows = write(db, 40, 100)
    expect(db.checkpointer!.status().checkpoints).toBe(before)
    const frame = PAGE + 24
    const oneCommit = 40 * frame // a commit's pages plus index pages, generously
    expect(walSize(file)).toBeLessThanOrEqual(32 + capPages * frame + oneCommit)
    expect(statSync(file).size).toBeGreaterThan(capPages * PAGE) // the writer's own checkpoints
    expect(db.sqlite!.prepare('select count(*) as n from t').get()).toEqual({ n: rows })

    await db.checkpointer!.resume()
    write(db, 4, 100, rows)
    await until('checkpoints to resume', () => db.checkpointer!.status().checkpoints > before)
  })

  it('copies at an eighth of the threshold once the log is within one threshold of the cap', async () => {
    const file = tempFile()
    // near the cap: a log of 600 − 200 = 400 frames or more; there the worker copies at 25 pending
    const db = openDatabase({
      engine: 'sqlite',
      file,
      checkpointer: { thresholdPages: 200, capPages: 600, idleMs: 600_000, intervalMs: 20 },
    })
    open.push(db)
    await until('the worker to start', () => db.checkpointer!.status().state === 'running')
    await db.checkpointer!.pause()
    const rows = write(db, 1, 1800) // ~450 pages in one commit
    // A reader on that snapshot keeps the writer from starting the log over after the checkpoint.
    const reader = new SQLite(file, { readonly: true })
    try {
      reader.prepare('begin').run()
      expect(reader.prepare('select count(*) as n from t').get()).toEqual({ n: rows })
      await db.checkpointer!.resume()
      await until('the checkpoint at the threshold', () => db.checkpointer!.status().checkpoints >= 1)
      const first = db.checkpointer!.status()
      expect(first.last!.log).toBeGreaterThanOrEqual(400)
      write(db, 1, 160, rows) // ~40 pages: under the threshold, over an eighth of it
      await until(
        'a checkpoint near the cap',
        () => db.checkpointer!.status().checkpoints > first.checkpoints,
      )
      expect(db.checkpointer!.status().last!.log).toBeGreaterThan(first.last!.log)
    } finally {
      reader.prepare('commit').run()
      reader.close()
    }
  })

  it('gives checkpoints back to the writer and reports when the worker fails; the database keeps working', async () => {
    const file = tempFile()
    const db = openDatabase({ engine: 'sqlite', file, checkpoint: 'inline' })
    open.push(db)
    expect(db.checkpointer).toBeUndefined()
    const errors: Error[] = []
    const failing = new BackgroundCheckpointer(
      db.sqlite!,
      file,
      DEFAULT_CHECKPOINTER,
      (err) => errors.push(err),
      "throw new Error('checkpointer broke')",
    )
    expect(db.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(DEFAULT_CHECKPOINTER.capPages)
    await until('the failure to be reported', () => errors.length === 1)
    expect(errors[0]!.message).toBe('checkpointer broke')
    expect(failing.status().state).toBe('failed')
    expect(db.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    expect(write(db, 2, 10)).toBe(20)
    await failing.stop()
    expect(failing.status().state).toBe('stopped')
  })

  it('runs no worker for :memory: databases or when checkpoints are inline', async () => {
    const memory = openDatabase({ engine: 'sqlite', file: ':memory:' })
    open.push(memory)
    expect(memory.checkpointer).toBeUndefined()
    const inline = openDatabase({ engine: 'sqlite', file: tempFile(), checkpoint: 'inline' })
    open.push(inline)
    expect(inline.checkpointer).toBeUndefined()
    expect(inline.sqlite!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    // backup and doctor open the database for a moment: no worker either
    const config = buildConfig({ dataDir: tempFile() })
    const brief = openDatabase(withoutCheckpointer(config.database))
    open.push(brief)
    expect(brief.checkpointer).toBeUndefined()
  })

  it('is set by TOWNHALL_SQLITE_CHECKPOINT, background by default', () => {
    expect(parseSqliteCheckpoint(undefined)).toBe('background')
    expect(parseSqliteCheckpoint('inline')).toBe('inline')
    expect(() => parseSqliteCheckpoint('sometimes')).toThrow(ConfigError)
    const config = buildConfig({ dataDir: tempFile(), sqliteCheckpoint: 'inline' })
    expect(config.database).toMatchObject({ engine: 'sqlite', checkpoint: 'inline' })
    expect(buildConfig({ dataDir: tempFile() }).database).toMatchObject({ checkpoint: 'background' })
  })
})

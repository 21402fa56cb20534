import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { buildConfig } from '../../src/config/config.js'
import { type AppContext, createContext } from '../../src/context.js'
import { createLogger } from '../../src/core/logger.js'
import { migrateToLatest } from '../../src/db/database.js'

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8)

function io(): CliIo & { lines: string[] } {
  const lines: string[] = []
  return {
    lines,
    out: (l) => lines.push(l),
    err: () => {},
    stdin: Readable.from(['']),
    stdout: new Writable({ write: (_c, _e, cb) => cb() }),
  }
}

/** Issue #18 defect 4: townhall.sqlite, -wal and -shm were created 0644 while secret.key was 0600. */
describe('data directory and database file modes', () => {
  let root: string
  let dataDir: string
  let db: string
  let ctx: AppContext
  let umask: number
  let open = false

  beforeAll(async () => {
    // @NOTE the common default umask, so the modes below come from Townhall and not from the test's shell.
    umask = process.umask(0o022)
    root = mkdtempSync(join(tmpdir(), 'townhall-modes-'))
    dataDir = join(root, 'data')
    db = join(dataDir, 'townhall.sqlite')
    ctx = createContext(buildConfig({ dataDir, logLevel: 'silent' }), { logger: createLogger('silent') })
    open = true
    await migrateToLatest(ctx.db)
    await ctx.users.create({ email: 'ops@acme.example', name: 'Ops', password: 'a long enough password' })
  })
  afterAll(async () => {
    if (open) await ctx.close()
    process.umask(umask)
    rmSync(root, { recursive: true, force: true })
  })

  it('creates the data dir 0700 and the database, its -wal and -shm, and the key 0600', () => {
    expect(existsSync(`${db}-wal`)).toBe(true)
    expect(existsSync(`${db}-shm`)).toBe(true)
    expect({
      dir: mode(dataDir),
      db: mode(db),
      wal: mode(`${db}-wal`),
      shm: mode(`${db}-shm`),
      key: mode(join(dataDir, 'secret.key')),
    }).toEqual({ dir: '700', db: '600', wal: '600', shm: '600', key: '600' })
  })

  it('writes backups 0600', async () => {
    const out = join(dataDir, 'backups', 'copy.sqlite')
    expect(
      await main(['backup', '--out', out], io(), { TOWNHALL_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    ).toBe(0)
    expect(mode(join(dataDir, 'backups'))).toBe('700')
    expect(mode(out)).toBe('600')
  })

  it('doctor reports the modes as fine', async () => {
    const d = io()
    await main(['doctor'], d, { TOWNHALL_DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
    expect(d.lines).toContain(`✓ data dir ${dataDir} (mode 700)`)
    expect(d.lines).toContain(`✓ database file ${db} (mode 600)`)
  })

  it('doctor warns about a 0644 database file and a 0755 data dir', async () => {
    await ctx.close()
    open = false
    chmodSync(db, 0o644)
    chmodSync(dataDir, 0o755)
    const d = io()
    await main(['doctor'], d, { TOWNHALL_DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
    const text = d.lines.join('\n')
    expect(text).toContain(
      `! data dir ${dataDir} has mode 755: others can look inside\n  fix: chmod 700 ${dataDir}`,
    )
    expect(text).toContain(
      `! database file ${db} had mode 644 (others could read it); opening the database set 600`,
    )
    // Opening the database (doctor, start) takes the loose bits off its files; the folder is the operator's.
    expect(mode(db)).toBe('600')
    expect(mode(dataDir)).toBe('755')
  })
})

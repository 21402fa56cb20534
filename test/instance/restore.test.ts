import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { buildConfig } from '../../src/config/config.js'
import { type AppContext, createContext } from '../../src/context.js'
import { newId } from '../../src/core/ids.js'
import { createLogger } from '../../src/core/logger.js'
import { type Engine, migrateToLatest } from '../../src/db/database.js'
import { createApp } from '../../src/http/app.js'
import type { JobDefinition } from '../../src/jobs/queue.port.js'
import { startWorkers } from '../../src/jobs/worker.js'
import { createTestApp, OWNER, setupOwner, TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'

function io(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = []
  const errors: string[] = []
  return {
    lines,
    errors,
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    stdin: Readable.from(['']),
    stdout: new Writable({ write: (_c, _e, cb) => cb() }),
  }
}

/** Waits for `cond` (no timing assertion: the deadline only keeps a broken run from hanging). */
async function until(cond: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await cond()) return
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`gave up waiting for ${what}`)
}

const probe: JobDefinition<{ n: number }> = {
  name: 'test.restore-probe',
  schema: { parse: (p) => p as { n: number } },
}

/** Counts how often the workers looked at the pause flag, so a test can wait for a look. */
function countLooks(ctx: AppContext): () => number {
  let looks = 0
  const paused = ctx.instance.paused.bind(ctx.instance)
  ctx.instance.paused = async () => {
    looks++
    return paused()
  }
  return () => looks
}

/** Issue #18 defect 8: a backup started in a new data directory ran its workers at once. */
describe('townhall restore', () => {
  let root: string
  let original: string
  let backup: string
  const env = (dir: string) => ({ TOWNHALL_DATA_DIR: dir, LOG_LEVEL: 'silent' })
  const contextOn = (dir: string) =>
    createContext(buildConfig({ dataDir: dir, logLevel: 'silent' }), { logger: createLogger('silent') })

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'townhall-restore-'))
    original = join(root, 'original')
    const ctx = contextOn(original)
    try {
      await migrateToLatest(ctx.db)
      const app = createApp(ctx, { webDir: join(root, 'no-web') })
      await setupOwner(app)
      await ctx.users.create({ email: 'bob@acme.example', name: 'Bob', password: 'bobs long password' })
      // A job that was due in the original: a restored copy must not run it until resumed.
      await ctx.queue.enqueue(probe, { n: 1 })
    } finally {
      await ctx.close()
    }
    backup = join(root, 'copy.sqlite')
    expect(await main(['backup', '--out', backup], io(), env(original))).toBe(0)
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  it('restores into a new data dir (0600), paused, and the pause survives restarts', async () => {
    const dir = join(root, 'restored')
    const r = io()
    expect(await main(['restore', backup, '--data-dir', dir], r, env(original))).toBe(0)
    expect(r.lines[0]).toBe(`restored ${backup} into ${join(dir, 'townhall.sqlite')}`)
    expect(r.lines[1]).toContain('this copy is PAUSED')
    expect(r.errors[0]).toContain(`copy the original's secret.key into ${dir}`)
    expect((statSync(join(dir, 'townhall.sqlite')).mode & 0o777).toString(8)).toBe('600')
    for (let restart = 0; restart < 2; restart++) {
      const ctx = contextOn(dir)
      try {
        expect(await ctx.instance.paused()).toEqual({
          since: expect.any(Number),
          reason: `restored from ${backup}`,
        })
        expect(await ctx.db.kysely.selectFrom('users').select('email').orderBy('email').execute()).toEqual([
          { email: 'bob@acme.example' },
          { email: OWNER.email },
        ])
      } finally {
        await ctx.close()
      }
    }
  })

  it('runs no workers while paused; an instance owner resumes through the API and the due job runs', async () => {
    const dir = join(root, 'api-resume')
    expect(await main(['restore', backup, '--data-dir', dir], io(), env(original))).toBe(0)
    const ctx = contextOn(dir)
    const ran: number[] = []
    ctx.queue.work(probe, async (p) => {
      ran.push(p.n)
    })
    const looks = countLooks(ctx)
    const stop = await startWorkers(ctx, newId(), { pausePollMs: 10 })
    try {
      await until(() => looks() >= 3, 'three looks at the pause flag')
      expect(ctx.queue.running()).toBe(false)
      expect(ran).toEqual([])
      const jobs = await ctx.db.kysely.selectFrom('jobs').select(['name', 'state']).execute()
      expect(jobs).toEqual([{ name: probe.name, state: 'queued' }])
      expect(await ctx.db.kysely.selectFrom('worker_heartbeats').select('id').execute()).toEqual([])

      const app = createApp(ctx, { webDir: join(root, 'no-web') })
      const bob = new TestClient(app)
      await bob.post('/api/auth/login', { email: 'bob@acme.example', password: 'bobs long password' })
      const refused = await bob.post<{ detail: string }>('/api/instance/resume')
      expect(refused.status).toBe(403)
      const owner = new TestClient(app)
      await owner.post('/api/auth/login', { email: OWNER.email, password: OWNER.password })
      const seen = await owner.get<{ paused: { reason: string } | null }>('/api/instance')
      expect(seen.body.paused?.reason).toBe(`restored from ${backup}`)
      const resumed = await owner.post<{ paused: null }>('/api/instance/resume')
      expect(resumed.status).toBe(200)
      expect(resumed.body.paused).toBeNull()

      await until(() => ran.length === 1, 'the probe job to run after the resume')
      expect(ran).toEqual([1])
      expect(ctx.queue.running()).toBe(true)
      expect(await ctx.instance.paused()).toBeNull()
    } finally {
      await stop()
      await ctx.close()
    }
  })

  it('a worker process notices `townhall resume` run elsewhere', async () => {
    const dir = join(root, 'cli-resume')
    expect(await main(['restore', backup, '--data-dir', dir], io(), env(original))).toBe(0)
    const ctx = contextOn(dir)
    const ran: number[] = []
    ctx.queue.work(probe, async (p) => {
      ran.push(p.n)
    })
    const looks = countLooks(ctx)
    const stop = await startWorkers(ctx, newId(), { pausePollMs: 10 })
    try {
      await until(() => looks() >= 2, 'two looks at the pause flag')
      expect(ctx.queue.running()).toBe(false)
      const r = io()
      expect(await main(['resume', '--data-dir', dir], r, env(original))).toBe(0)
      expect(r.lines).toEqual(['resumed: workers start (running ones within a few seconds)'])
      await until(() => ran.length === 1, 'the probe job to run after the resume')
      expect(ctx.queue.running()).toBe(true)
    } finally {
      await stop()
      await ctx.close()
    }
  })

  it('refuses to restore over an existing database or from a file that is not a backup', async () => {
    const taken = io()
    expect(await main(['restore', backup, '--data-dir', original], taken, env(original))).toBe(1)
    expect(taken.errors[0]).toBe(
      `error: ${join(original, 'townhall.sqlite')} already exists; restore into an empty data directory (--data-dir DIR)`,
    )
    const junk = join(root, 'junk.sqlite')
    writeFileSync(junk, 'not a database at all, just text that is long enough to be a page header')
    const bad = io()
    expect(await main(['restore', junk, '--data-dir', join(root, 'from-junk')], bad, env(original))).toBe(1)
    expect(bad.errors[0]).toContain(`error: ${junk} is not a readable Townhall backup`)
    expect(existsSync(join(root, 'from-junk', 'townhall.sqlite'))).toBe(false)
  })
})

/** The pause flag lives in the database (instance_settings), so it is the same on PostgreSQL. */
describeEachEngine('paused copy', (engine: Engine) => {
  it('keeps workers off until resumed, and readiness says why', async () => {
    const t = await createTestApp(engine)
    const stops: Array<() => Promise<void>> = []
    try {
      await setupOwner(t.app)
      const ownerId = (await t.ctx.db.kysely.selectFrom('users').select('id').executeTakeFirstOrThrow()).id
      await t.ctx.instance.pause('drill')
      stops.push(await startWorkers(t.ctx, newId(), { pausePollMs: 10 }))
      expect(t.ctx.queue.running()).toBe(false)
      const ready = await t.app.request('/readyz')
      expect(ready.status).toBe(200)
      expect(await ready.json()).toMatchObject({ status: 'ready', workers: false, paused: true })
      await t.ctx.instance.resume(ownerId)
      await until(() => t.ctx.queue.running(), 'the queue to start')
      expect(await (await t.app.request('/readyz')).json()).toMatchObject({ workers: true, paused: false })
    } finally {
      for (const s of stops) await s()
      await t.close()
    }
  })
})

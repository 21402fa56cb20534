import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildConfig } from '../../src/config/config.js'
import { type AppContext, createContext } from '../../src/context.js'
import { createLogger } from '../../src/core/logger.js'
import { type Engine, migrateToLatest } from '../../src/db/database.js'
import { createApp } from '../../src/http/app.js'
import { setupOwner } from '../support/app.js'
import { createPostgresDatabase, describeEachEngine } from '../support/db.js'

const N = 40
const root = join(import.meta.dirname, '..', '..')

/**
 * Publishes N posts to the Sandbox through a real worker process that is killed with SIGKILL at
 * random moments and restarted, until every post is done; then counts on the network side that
 * each went out exactly once.
 */
describeEachEngine('crash test: SIGKILL the worker while publishing', (engine: Engine) => {
  let ctx: AppContext
  let dataDir: string
  let env: NodeJS.ProcessEnv
  let dropDb: (() => Promise<void>) | undefined
  let child: ChildProcess | undefined

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'townhall-crash-'))
    let databaseUrl: string | undefined
    if (engine === 'postgres') {
      const created = await createPostgresDatabase()
      databaseUrl = created.url
      dropDb = created.drop
    }
    const config = buildConfig({ dataDir, logLevel: 'silent', databaseUrl })
    ctx = createContext(config, { logger: createLogger('silent') })
    await migrateToLatest(ctx.db)
    env = { ...process.env, TOWNHALL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: databaseUrl ?? '' }
  })

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL')
    await ctx.close()
    await dropDb?.()
    rmSync(dataDir, { recursive: true, force: true })
  })

  function startWorker(): Promise<ChildProcess> {
    const p = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'test/publishing/support/crash-worker.ts')],
      {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    return new Promise((resolve, reject) => {
      p.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve(p)
      })
      p.once('exit', (code) => reject(new Error(`worker exited early (${code})`)))
    })
  }

  async function kill(p: ChildProcess): Promise<void> {
    if (p.exitCode !== null || p.signalCode !== null) return
    const exited = new Promise((r) => p.once('exit', r))
    p.kill('SIGKILL')
    await exited
  }

  async function pending(): Promise<number> {
    const r = await ctx.db.kysely
      .selectFrom('post_deliveries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', 'not in', ['published', 'failed', 'unknown', 'cancelled'])
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  it(`publishes ${N} posts exactly once across random kills`, { timeout: 120_000 }, async () => {
    const app = createApp(ctx, { webDir: join(dataDir, 'no-web') })
    const { owner, workspaceId } = await setupOwner(app)
    const channel = await ctx.networks.connect.connectSandbox(
      workspaceId,
      { ratePerMinute: 0 },
      { userId: null },
    )
    const ids: string[] = []
    for (let i = 0; i < N; i++) {
      const p = await owner.post<{ id: string }>(`/api/workspaces/${workspaceId}/posts`, {
        kind: 'free',
        parts: [{ text: `crash post ${i}` }, { text: `second part ${i}` }],
        channelIds: [channel.id],
      })
      await owner.post(`/api/workspaces/${workspaceId}/posts/${p.body.id}/submit`)
      const r = await owner.post(`/api/workspaces/${workspaceId}/posts/${p.body.id}/publish-now`)
      expect(r.status).toBe(200)
      ids.push(p.body.id)
    }

    let kills = 0
    // @NOTE each kill lands while jobs are in flight: after the worker has finished at least one more
    // delivery, at a random moment within the next few hundred milliseconds.
    while (kills < 4 && (await pending()) > 0) {
      const before = await pending()
      child = await startWorker()
      const until = Date.now() + 15_000
      while ((await pending()) >= before && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
      await new Promise((r) => setTimeout(r, Math.random() * 250))
      await kill(child)
      kills++
    }
    child = await startWorker()
    const deadline = Date.now() + 45_000
    while ((await pending()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    await kill(child)

    const ds = await ctx.db.kysely
      .selectFrom('post_deliveries')
      .select(['state', 'idempotency_key', 'remote_id'])
      .execute()
    expect(ds.map((d) => d.state)).toEqual(Array(N).fill('published'))
    const items = await ctx.db.kysely
      .selectFrom('sandbox_items')
      .select(['id', 'idempotency_key'])
      .where('from_brand', '=', 1)
      .execute()
    // Two parts per post: N first parts and N second parts, each key once.
    expect(items).toHaveLength(2 * N)
    const keys = new Map<string, number>()
    for (const it of items) keys.set(it.idempotency_key!, (keys.get(it.idempotency_key!) ?? 0) + 1)
    expect([...keys.values()].every((n) => n === 1)).toBe(true)
    for (const d of ds) {
      expect(keys.get(d.idempotency_key!)).toBe(1)
      expect(items.find((i) => i.idempotency_key === d.idempotency_key)?.id).toBe(d.remote_id)
    }
    expect(kills).toBeGreaterThan(0)
  })
})

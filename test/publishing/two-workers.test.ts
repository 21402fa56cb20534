import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildConfig } from '../../src/config/config.js'
import { type AppContext, createContext } from '../../src/context.js'
import { createLogger } from '../../src/core/logger.js'
import { migrateToLatest } from '../../src/db/database.js'
import { createPostgresDatabase, describeNeedsPostgres } from '../support/db.js'
import { insertDuePosts } from './support/due-posts.js'

const POSTS = 1000
const root = join(import.meta.dirname, '..', '..')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Two real worker processes (`townhall start --role worker`, test/publishing/support/crash-worker.ts)
 * share one PostgreSQL database and publish 1,000 posts that fall due together: every delivery is
 * published, each exactly once on the network, and both processes took part.
 */
describeNeedsPostgres('two worker processes on one PostgreSQL', { timeout: 240_000 }, () => {
  let ctx: AppContext
  let dataDir: string
  let drop: () => Promise<void>
  let env: NodeJS.ProcessEnv
  const children: ChildProcess[] = []

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'townhall-two-workers-'))
    const created = await createPostgresDatabase()
    drop = created.drop
    ctx = createContext(buildConfig({ dataDir, logLevel: 'silent', databaseUrl: created.url }), {
      logger: createLogger('silent'),
    })
    await migrateToLatest(ctx.db)
    env = { ...process.env, TOWNHALL_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: created.url }
  })

  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await ctx?.close()
    await drop?.()
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
    children.push(p)
    return new Promise((resolve, reject) => {
      p.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('ready')) resolve(p)
      })
      p.once('exit', (code) => reject(new Error(`worker exited early (${code})`)))
    })
  }

  async function stop(p: ChildProcess): Promise<void> {
    if (p.exitCode !== null || p.signalCode !== null) return
    const exited = new Promise((r) => p.once('exit', r))
    p.kill('SIGTERM')
    await exited
  }

  it(`publish ${POSTS} due posts with none doubled and none lost`, async () => {
    const { workspaceId, deliveries } = await insertDuePosts(ctx, POSTS, 10)
    const workers = await Promise.all([startWorker(), startWorker()])
    // All fall due within a quarter of a second, shortly after both workers are up.
    const due = Date.now() + 1000
    for (const [i, d] of deliveries.entries())
      await ctx.publishing.schedule.enqueue(d, due + (i % 250), ['draft'])
    const k = ctx.db.kysely
    const published = async () =>
      Number(
        (
          await k
            .selectFrom('post_deliveries')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('workspace_id', '=', workspaceId)
            .where('state', '=', 'published')
            .executeTakeFirstOrThrow()
        ).n,
      )
    const deadline = Date.now() + 180_000
    while ((await published()) < POSTS && Date.now() < deadline) await sleep(250)
    await Promise.all(workers.map(stop))

    const ds = await k
      .selectFrom('post_deliveries')
      .select(['id', 'state', 'idempotency_key', 'remote_id'])
      .where('workspace_id', '=', workspaceId)
      .execute()
    expect(ds.filter((d) => d.state === 'published')).toHaveLength(POSTS)
    const items = await k
      .selectFrom('sandbox_items')
      .select(['id', 'idempotency_key'])
      .where('from_brand', '=', 1)
      .execute()
    // Exactly one network post per delivery: POSTS items, POSTS distinct keys, each the delivery's.
    expect(items).toHaveLength(POSTS)
    const byKey = new Map(items.map((i) => [i.idempotency_key!, i.id]))
    expect(byKey.size).toBe(POSTS)
    for (const d of ds) expect(byKey.get(d.idempotency_key!)).toBe(d.remote_id)
    // Both processes ran publish jobs (each job keeps the id of the worker that ran it).
    const ranBy = await k
      .selectFrom('jobs')
      .select('locked_by')
      .distinct()
      .where('name', '=', 'publish.sandbox')
      .where('state', '=', 'done')
      .execute()
    expect(ranBy.filter((r) => r.locked_by !== null)).toHaveLength(2)
    const done = await k
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name', '=', 'publish.sandbox')
      .where('state', '=', 'done')
      .executeTakeFirstOrThrow()
    expect(Number(done.n)).toBe(POSTS)
  })
})

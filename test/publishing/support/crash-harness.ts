/**
 * The crash-test loop shared by the Sandbox and Bluesky crash tests: a Townhall context on a fresh
 * database, a real worker process (`support/crash-worker.ts`) that is killed with SIGKILL at random
 * moments while deliveries are in flight and restarted, until nothing is pending.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../../../src/config/config.js'
import { type AppContext, createContext } from '../../../src/context.js'
import { createLogger } from '../../../src/core/logger.js'
import { type Engine, migrateToLatest } from '../../../src/db/database.js'
import { createApp } from '../../../src/http/app.js'
import { setupOwner, type TestClient } from '../../support/app.js'
import { createPostgresDatabase } from '../../support/db.js'

const root = join(import.meta.dirname, '..', '..', '..')
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export interface CrashRig {
  ctx: AppContext
  owner: TestClient
  workspaceId: string
  /** Drafts, submits and publishes now a two-part post for `channelIds`; returns the post id. */
  publishNow(text: string, channelIds: string[]): Promise<string>
  /**
   * Runs the worker, killing it with SIGKILL up to `maxKills` times while deliveries are in flight,
   * then lets a last worker finish. Returns how many kills happened.
   */
  runWithKills(opts: { maxKills: number; settleMs: number }): Promise<number>
  close(): Promise<void>
}

/** `outboundAllow`: the local servers (a dev PDS) the app and its worker processes may reach. */
export async function startCrashRig(
  engine: Engine,
  opts: { outboundAllow?: string } = {},
): Promise<CrashRig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'townhall-crash-'))
  let databaseUrl: string | undefined
  let dropDb: (() => Promise<void>) | undefined
  if (engine === 'postgres') {
    const created = await createPostgresDatabase()
    databaseUrl = created.url
    dropDb = created.drop
  }
  const config = buildConfig({ dataDir, logLevel: 'silent', databaseUrl, outboundAllow: opts.outboundAllow })
  const ctx = createContext(config, { logger: createLogger('silent') })
  await migrateToLatest(ctx.db)
  const env = {
    ...process.env,
    TOWNHALL_DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl ?? '',
    TOWNHALL_OUTBOUND_ALLOW: opts.outboundAllow ?? '',
  }
  const app = createApp(ctx, { webDir: join(dataDir, 'no-web') })
  const { owner, workspaceId } = await setupOwner(app)
  let child: ChildProcess | undefined

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

  return {
    ctx,
    owner,
    workspaceId,
    async publishNow(text, channelIds) {
      const base = `/api/workspaces/${workspaceId}/posts`
      const p = await owner.post<{ id: string }>(base, {
        kind: 'free',
        parts: [{ text }, { text: `second part of ${text}` }],
        channelIds,
      })
      if (p.status !== 201 && p.status !== 200) throw new Error(`draft failed: ${JSON.stringify(p.body)}`)
      await owner.post(`${base}/${p.body.id}/submit`)
      const r = await owner.post(`${base}/${p.body.id}/publish-now`)
      if (r.status !== 200) throw new Error(`publish-now failed: ${JSON.stringify(r.body)}`)
      return p.body.id
    },
    async runWithKills({ maxKills, settleMs }) {
      let kills = 0
      // @NOTE each kill lands while jobs are in flight: after the worker has finished at least one
      // more delivery, at a random moment within the next few hundred milliseconds.
      while (kills < maxKills && (await pending()) > 0) {
        const before = await pending()
        child = await startWorker()
        const until = Date.now() + 15_000
        while ((await pending()) >= before && Date.now() < until) await sleep(20)
        await sleep(Math.random() * 250)
        await kill(child)
        kills++
      }
      child = await startWorker()
      const deadline = Date.now() + settleMs
      while ((await pending()) > 0 && Date.now() < deadline) await sleep(100)
      await kill(child)
      return kills
    },
    async close() {
      if (child) await kill(child)
      await ctx.close()
      await dropDb?.()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

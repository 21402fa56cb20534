import type { AppContext } from '../context.js'
import type { CheckpointerStatus } from '../db/checkpointer.js'
import { pendingMigrations, ping } from '../db/database.js'
import type { App } from './env.js'

const HEARTBEAT_FRESH_MS = 60_000

/** Whether the app can serve: database reachable, migrations applied, background workers running. */
export async function readiness(ctx: AppContext) {
  const database = await ping(ctx.db)
  const pending = database ? await pendingMigrations(ctx.db).catch(() => ['?']) : ['?']
  let workers: boolean
  if (ctx.config.role === 'api') {
    // @NOTE an API-only process relies on separate worker processes; they beat in worker_heartbeats.
    const fresh = database
      ? await ctx.db.kysely
          .selectFrom('worker_heartbeats')
          .select('id')
          .where('beat_at', '>', ctx.clock.now() - HEARTBEAT_FRESH_MS)
          .executeTakeFirst()
          .catch(() => undefined)
      : undefined
    workers = fresh !== undefined
  } else {
    workers = ctx.queue.running()
  }
  // @NOTE a copy paused after a restore runs no workers on purpose; it still serves, so owners can resume it.
  const paused = database ? (await ctx.instance.paused().catch(() => null)) !== null : false
  return {
    ready: database && pending.length === 0 && (workers || paused),
    checks: { database, migrationsPending: pending, workers, paused },
  }
}

export function registerOpsRoutes(app: App, ctx: AppContext): void {
  const started = Date.now()
  ctx.metrics.gauge('townhall_uptime_seconds', 'Seconds since the process started', () =>
    Math.round((Date.now() - started) / 1000),
  )
  ctx.metrics.gauge('townhall_resident_memory_bytes', 'Resident set size', () => process.memoryUsage.rss())
  const checkpointer = ctx.db.checkpointer
  if (checkpointer) {
    // @NOTE SQLite's background checkpointer (docs/adr/0019): if it fails, commits checkpoint inline again.
    const gauges: Array<[string, string, (s: CheckpointerStatus) => number]> = [
      [
        'checkpointer_running',
        '1 while the background checkpointer runs',
        (s) => (s.state === 'running' ? 1 : 0),
      ],
      ['checkpoints', 'Checkpoints the background checkpointer ran', (s) => s.checkpoints],
      [
        'checkpoint_seconds',
        'Time the background checkpointer spent checkpointing',
        (s) => Math.round(s.checkpointMs) / 1000,
      ],
      ['wal_frames', 'Frames in the write-ahead log at the last checkpoint', (s) => s.last?.log ?? 0],
    ]
    for (const [name, help, read] of gauges)
      ctx.metrics.gauge(`townhall_sqlite_${name}`, help, () => read(checkpointer.status()))
  }

  app.get('/healthz', (c) => c.json({ status: 'alive' }))
  app.get('/readyz', async (c) => {
    const r = await readiness(ctx)
    return c.json({ status: r.ready ? 'ready' : 'not-ready', ...r.checks }, r.ready ? 200 : 503)
  })
  app.get('/metrics', (c) =>
    c.text(ctx.metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4' }),
  )
}

import { registerPresenceMetricsJobs } from '../analytics/presence.module.js'
import type { AppContext } from '../context.js'
import { startInboxJobs } from '../inbox/inbox.module.js'
import { registerLeaderRhythmJobs } from '../leader/digest.module.js'
import { registerPublishingJobs } from '../publishing/publishing.module.js'

const HEARTBEAT_MS = 10_000

/**
 * Runs the background side of Townhall: registers every job handler on the queue, starts it and
 * beats a heartbeat so API-only processes can report worker health. Returns a stop function.
 */
export async function startWorkers(ctx: AppContext, instanceId: string): Promise<() => Promise<void>> {
  const k = ctx.db.kysely
  const beat = async () => {
    const now = ctx.clock.now()
    await k
      .insertInto('worker_heartbeats')
      .values({ id: instanceId, role: ctx.config.role, started_at: now, beat_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ beat_at: now }))
      .execute()
    await k
      .deleteFrom('worker_heartbeats')
      .where('beat_at', '<', now - 24 * 3600_000)
      .execute()
  }
  // Domain job handlers register here (one call each).
  registerPublishingJobs(ctx.queue, ctx.publishing)
  startInboxJobs(ctx.queue, ctx.inbox, ctx.clock)
  registerLeaderRhythmJobs(ctx.queue, () => ctx.leader.rhythm, ctx.clock)
  registerPresenceMetricsJobs(ctx.queue, ctx.presenceMetrics, ctx.clock)
  await ctx.queue.start()
  await beat()
  const timer = setInterval(() => {
    beat().catch((err) => ctx.logger.warn({ err }, 'worker heartbeat failed'))
  }, HEARTBEAT_MS)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await ctx.queue.stop()
    await k
      .deleteFrom('worker_heartbeats')
      .where('id', '=', instanceId)
      .execute()
      .catch(() => {})
  }
}

import { registerPresenceMetricsJobs } from '../analytics/presence.module.js'
import { registerCampaignJobs } from '../campaigns/campaigns.module.js'
import type { AppContext } from '../context.js'
import { startInboxJobs } from '../inbox/inbox.module.js'
import { registerLeaderRhythmJobs } from '../leader/digest.module.js'
import { registerPublishingJobs } from '../publishing/publishing.module.js'

const HEARTBEAT_MS = 10_000
/** How often a paused copy's worker process looks whether an owner resumed it elsewhere. */
const PAUSE_POLL_MS = 5_000

export interface WorkerOptions {
  /** How often a paused copy checks for a resume made by another process; default 5 s. */
  pausePollMs?: number
}

/**
 * Runs the background side of Townhall: registers every job handler on the queue, starts it and
 * beats a heartbeat so API-only processes can report worker health. Returns a stop function.
 *
 * A copy paused after a restore (`townhall restore`) starts nothing (no publishing, webhooks,
 * polling, digests) until an instance owner resumes it: at once when the resume happens in this
 * process, else at the next look (`pausePollMs`).
 */
export async function startWorkers(
  ctx: AppContext,
  instanceId: string,
  opts: WorkerOptions = {},
): Promise<() => Promise<void>> {
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
  let started = false
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  const begin = async () => {
    if (started || stopped) return
    started = true
    // Domain job handlers register here (one call each).
    registerPublishingJobs(ctx.queue, ctx.publishing)
    startInboxJobs(ctx.queue, ctx.inbox, ctx.clock)
    registerLeaderRhythmJobs(ctx.queue, () => ctx.leader.rhythm, ctx.clock)
    registerPresenceMetricsJobs(ctx.queue, ctx.presenceMetrics, ctx.clock)
    registerCampaignJobs(ctx.queue, () => ctx.campaigns, ctx.clock, ctx.logger)
    await ctx.queue.start()
    await beat()
    timer = setInterval(() => {
      beat().catch((err) => ctx.logger.warn({ err }, 'worker heartbeat failed'))
    }, HEARTBEAT_MS)
    timer.unref()
  }

  let waiting: NodeJS.Timeout | undefined
  let unlisten: (() => void) | undefined
  const pause = await ctx.instance.paused()
  if (pause) {
    ctx.logger.warn(
      { pausedSince: pause.since, reason: pause.reason },
      'this copy is paused after a restore: no workers run until an instance owner resumes it',
    )
    const look = async () => {
      if (started || stopped || (await ctx.instance.paused())) return
      clearInterval(waiting)
      unlisten?.()
      await begin()
      ctx.logger.info({}, 'resumed: workers started')
    }
    const lookSafely = () => {
      look().catch((err) => ctx.logger.warn({ err }, 'could not check whether the copy was resumed'))
    }
    unlisten = ctx.instance.onResume(lookSafely)
    waiting = setInterval(lookSafely, opts.pausePollMs ?? PAUSE_POLL_MS)
    waiting.unref()
  } else {
    await begin()
  }

  return async () => {
    stopped = true
    clearInterval(waiting)
    unlisten?.()
    if (!started) return
    clearInterval(timer)
    await ctx.queue.stop()
    await k
      .deleteFrom('worker_heartbeats')
      .where('id', '=', instanceId)
      .execute()
      .catch(() => {})
  }
}

/**
 * Presence metrics kept as history (issue 6). A periodic job reads, for every published delivery,
 * its likes, reposts, replies and quotes through the network port — hourly for the first 48 hours,
 * every 6 hours until day 7, daily until day 30 — and stores each reading as a snapshot. It also
 * keeps one row of followers per channel per local day (refreshed during the day, so the row holds
 * the day's latest count). Reports read only these tables: nothing in a report calls a network.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { newId } from '../core/ids.js'
import type { Logger } from '../core/logger.js'
import { toZoned } from '../core/zoned-time.js'
import type { Database } from '../db/schema.js'
import { runEverySlot, slotJob } from '../jobs/periodic.js'
import type { JobQueue } from '../jobs/queue.port.js'
import type { Network } from '../networks/network.port.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** How often the collector wakes up; each run takes only what is due. */
export const COLLECT_MS = 15 * 60_000
/** Metrics are followed for this long after publishing. */
export const FOLLOW_FOR_MS = 30 * DAY
/** A channel's follower row is refreshed when older than this. */
const FOLLOWER_REFRESH_MS = 6 * HOUR
/** Remote ids per fetchMetrics call. */
const BATCH = 100

/** Time between two readings of a post `ageMs` after it was published; null once we stop following it. */
export function snapshotInterval(ageMs: number): number | null {
  if (ageMs < 48 * HOUR) return HOUR
  if (ageMs < 7 * DAY) return 6 * HOUR
  if (ageMs < FOLLOW_FOR_MS) return DAY
  return null
}

/** True when a delivery published at `publishedAt`, last read at `lastAt`, should be read at `now`. */
export function snapshotDue(publishedAt: number, lastAt: number | null, now: number): boolean {
  if (lastAt === null) return now - publishedAt < FOLLOW_FOR_MS + DAY
  const interval = snapshotInterval(lastAt - publishedAt)
  if (interval === null) return false
  // @NOTE a few minutes of slack so a reading due at :00 is not pushed to the next run by jitter.
  return now - lastAt >= interval - 5 * 60_000
}

/** YYYY-MM-DD of `instant` in `timeZone`. */
export function localDay(instant: number, timeZone: string): string {
  const z = toZoned(instant, timeZone)
  return `${String(z.year).padStart(4, '0')}-${String(z.month).padStart(2, '0')}-${String(z.day).padStart(2, '0')}`
}

/** Opens a channel's network with health tracking (the networks domain's ChannelConnectService). */
export interface MetricsRunner {
  run<T>(workspaceId: string, channelId: string, work: (network: Network) => Promise<T>): Promise<T>
}

export interface CollectResult {
  snapshots: number
  followerRows: number
  failedChannels: number
}

interface DueDelivery {
  id: string
  workspace_id: string
  post_id: string
  channel_id: string
  presence_id: string
  remote_id: string
}

export class PresenceCollector {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly runner: MetricsRunner,
    private readonly logger?: Logger,
  ) {}

  /** Deliveries whose next reading is due, grouped by channel. */
  async due(now = this.clock.now()): Promise<Map<string, DueDelivery[]>> {
    const rows = await this.db
      .selectFrom('post_deliveries as d')
      .innerJoin('channels as c', 'c.id', 'd.channel_id')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('metric_post_snapshots')
            .select((e) => ['delivery_id', e.fn.max('taken_at').as('last_at')])
            .where('taken_at', '>=', now - FOLLOW_FOR_MS - 2 * DAY)
            .groupBy('delivery_id')
            .as('s'),
        (join) => join.onRef('s.delivery_id', '=', 'd.id'),
      )
      .select([
        'd.id',
        'd.workspace_id',
        'd.post_id',
        'd.channel_id',
        'c.presence_id',
        'd.remote_id',
        'd.published_at',
        's.last_at',
      ])
      .where('d.state', '=', 'published')
      .where('d.remote_id', 'is not', null)
      .where('d.published_at', '>=', now - FOLLOW_FOR_MS - DAY)
      .where('c.status', 'in', ['connected', 'failing', 'syncing'])
      .execute()
    const byChannel = new Map<string, DueDelivery[]>()
    for (const r of rows) {
      if (r.published_at === null || r.remote_id === null) continue
      const last = r.last_at === null ? null : Number(r.last_at)
      if (!snapshotDue(r.published_at, last, now)) continue
      const list = byChannel.get(r.channel_id) ?? []
      list.push({
        id: r.id,
        workspace_id: r.workspace_id,
        post_id: r.post_id,
        channel_id: r.channel_id,
        presence_id: r.presence_id,
        remote_id: r.remote_id,
      })
      byChannel.set(r.channel_id, list)
    }
    return byChannel
  }

  /** One run: reads every due delivery's metrics and refreshes stale follower rows. */
  async collect(): Promise<CollectResult> {
    const now = this.clock.now()
    const result: CollectResult = { snapshots: 0, followerRows: 0, failedChannels: 0 }
    const due = await this.due(now)
    for (const [channelId, deliveries] of due) {
      const first = deliveries[0]!
      try {
        for (let i = 0; i < deliveries.length; i += BATCH) {
          const batch = deliveries.slice(i, i + BATCH)
          const metrics = await this.runner.run(first.workspace_id, channelId, (n) =>
            n.fetchMetrics(batch.map((d) => d.remote_id)),
          )
          const byRemote = new Map(metrics.map((m) => [m.remoteId, m]))
          const takenAt = this.clock.now()
          const values = batch.flatMap((d) => {
            const m = byRemote.get(d.remote_id)
            if (!m) return []
            return [
              {
                id: newId(takenAt),
                workspace_id: d.workspace_id,
                delivery_id: d.id,
                post_id: d.post_id,
                channel_id: d.channel_id,
                presence_id: d.presence_id,
                taken_at: takenAt,
                likes: m.likes,
                reposts: m.reposts,
                replies: m.replies,
                quotes: m.quotes,
              },
            ]
          })
          if (values.length) await this.db.insertInto('metric_post_snapshots').values(values).execute()
          result.snapshots += values.length
        }
      } catch (err) {
        result.failedChannels++
        this.logger?.warn(
          { err: err instanceof Error ? err.message : String(err), channelId },
          'presence metrics: reading post metrics failed',
        )
      }
    }
    result.followerRows = await this.refreshFollowers(now)
    return result
  }

  /** Upserts today's follower row of every connected channel whose row is missing or stale. */
  async refreshFollowers(now = this.clock.now()): Promise<number> {
    const channels = await this.db
      .selectFrom('channels as c')
      .innerJoin('workspaces as w', 'w.id', 'c.workspace_id')
      .select(['c.id', 'c.workspace_id', 'c.presence_id', 'w.time_zone'])
      .where('c.status', 'in', ['connected', 'failing', 'syncing'])
      .execute()
    let n = 0
    for (const ch of channels) {
      const day = localDay(now, ch.time_zone)
      const row = await this.db
        .selectFrom('metric_follower_daily')
        .select('taken_at')
        .where('channel_id', '=', ch.id)
        .where('day', '=', day)
        .executeTakeFirst()
      if (row && now - row.taken_at < FOLLOWER_REFRESH_MS) continue
      try {
        const p = await this.runner.run(ch.workspace_id, ch.id, (net) => net.fetchProfile())
        await this.recordFollowers(
          { workspaceId: ch.workspace_id, channelId: ch.id, presenceId: ch.presence_id, day },
          { followers: p.followerCount, following: p.followingCount, posts: p.postCount },
          this.clock.now(),
        )
        n++
      } catch (err) {
        this.logger?.warn(
          { err: err instanceof Error ? err.message : String(err), channelId: ch.id },
          'presence metrics: reading followers failed',
        )
      }
    }
    return n
  }

  /** Stores a channel's counts for a local day (one row per channel and day; a later reading wins). */
  async recordFollowers(
    at: { workspaceId: string; channelId: string; presenceId: string; day: string },
    counts: { followers: number | null; following: number | null; posts: number | null },
    takenAt: number,
  ): Promise<void> {
    await this.db
      .insertInto('metric_follower_daily')
      .values({
        workspace_id: at.workspaceId,
        channel_id: at.channelId,
        presence_id: at.presenceId,
        day: at.day,
        ...counts,
        taken_at: takenAt,
      })
      .onConflict((oc) => oc.columns(['channel_id', 'day']).doUpdateSet({ ...counts, taken_at: takenAt }))
      .execute()
  }
}

export const collectJob = slotJob('analytics.presence.collect')

/** Registers the collector on the queue and starts its chain (one run every COLLECT_MS). */
export function registerPresenceCollectJob(
  queue: JobQueue,
  collector: PresenceCollector,
  clock: Clock,
): void {
  runEverySlot(queue, collectJob, COLLECT_MS, clock, () => collector.collect(), { maxAttempts: 2 })
}

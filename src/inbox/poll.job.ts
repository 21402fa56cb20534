/**
 * Background jobs of the inbox, on the durable JobQueue:
 * - `inbox.poll`: one chain per channel. Each run fetches the channel's new activity (page after
 *   page while the network says there is more), ingests it and schedules the next run: 15 s while
 *   there is traffic, doubling to 5 min when quiet, and after a network's retry-after when rate
 *   limited. `next_poll_at` names the one run that may continue the chain, so a chain restarted by
 *   the maintenance job never runs twice.
 * - `inbox.maintenance`: every 30 s — SLA warnings and breaches, snoozes that end, stale heartbeats,
 *   and restarting the poll chain of any connected channel that has none.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { Database } from '../db/schema.js'
import { runEverySlot, slotJob } from '../jobs/periodic.js'
import type { JobDefinition, JobQueue } from '../jobs/queue.port.js'
import { NetworkError } from '../networks/network.port.js'
import type { IngestService } from './ingest.service.js'
import type { ChannelRunner } from './reply.service.js'

export const POLL_MIN_MS = 15_000
export const POLL_MAX_MS = 5 * 60_000
export const MAINTENANCE_MS = 30_000
/** Pages fetched in one run before yielding to other channels. */
const MAX_PAGES = 20

export interface PollPayload {
  channelId: string
  at: number
}

export const pollJob: JobDefinition<PollPayload> = {
  name: 'inbox.poll',
  concurrency: 4,
  schema: {
    parse(p: unknown): PollPayload {
      const o = p as Partial<PollPayload> | null
      if (!o || typeof o !== 'object') throw new Error('payload must be an object')
      if (typeof o.channelId !== 'string' || !o.channelId || o.channelId.length > 64)
        throw new Error('channelId must be an id')
      if (typeof o.at !== 'number' || !Number.isFinite(o.at)) throw new Error('at must be a time')
      return { channelId: o.channelId, at: o.at }
    },
  },
}

export const maintenanceJob = slotJob('inbox.maintenance')

/** The next interval: fast while there is traffic, backing off when quiet. */
export function nextInterval(previousMs: number, received: number): number {
  if (received > 0) return POLL_MIN_MS
  return Math.min(POLL_MAX_MS, Math.max(POLL_MIN_MS, previousMs * 2))
}

export class PollService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
    private readonly runner: ChannelRunner,
    private readonly ingest: IngestService,
    private readonly logger?: Logger,
  ) {}

  private async schedule(
    channelId: string,
    workspaceId: string,
    at: number,
    intervalMs: number,
    extra: { cursor?: string | null; lastCount?: number; polled?: boolean } = {},
  ): Promise<void> {
    const now = this.clock.now()
    await this.db
      .insertInto('inbox_channel_sync')
      .values({
        channel_id: channelId,
        workspace_id: workspaceId,
        cursor: extra.cursor ?? null,
        interval_ms: intervalMs,
        last_count: extra.lastCount ?? 0,
        last_poll_at: extra.polled ? now : null,
        next_poll_at: at,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('channel_id').doUpdateSet({
          interval_ms: intervalMs,
          next_poll_at: at,
          updated_at: now,
          ...(extra.cursor !== undefined ? { cursor: extra.cursor } : {}),
          ...(extra.lastCount !== undefined ? { last_count: extra.lastCount } : {}),
          ...(extra.polled ? { last_poll_at: now } : {}),
        }),
      )
      .execute()
    await this.queue.enqueue(
      pollJob,
      { channelId, at },
      { runAt: at, dedupeKey: `${channelId}:${at}`, maxAttempts: 3 },
    )
  }

  /** Starts the poll chain of every connected channel that has none running (or a stalled one). */
  async ensurePolling(): Promise<number> {
    const now = this.clock.now()
    const rows = await this.db
      .selectFrom('channels as c')
      .leftJoin('inbox_channel_sync as s', 's.channel_id', 'c.id')
      .select(['c.id', 'c.workspace_id', 's.next_poll_at', 's.interval_ms'])
      .where('c.status', 'in', ['connected', 'failing', 'syncing'])
      .execute()
    let started = 0
    for (const r of rows) {
      // @NOTE a chain is stalled when its next run is well overdue (a lost job, a crashed worker past its lease).
      const stalled = r.next_poll_at === null || r.next_poll_at < now - 2 * POLL_MAX_MS
      if (!stalled) continue
      await this.schedule(r.id, r.workspace_id, now, r.interval_ms ?? POLL_MIN_MS)
      started++
    }
    return started
  }

  /** One run of a channel's chain. */
  async poll(payload: PollPayload): Promise<void> {
    const sync = await this.db
      .selectFrom('inbox_channel_sync')
      .selectAll()
      .where('channel_id', '=', payload.channelId)
      .executeTakeFirst()
    if (sync && sync.next_poll_at !== null && sync.next_poll_at !== payload.at) return // another chain owns this channel
    const channel = await this.db
      .selectFrom('channels')
      .selectAll()
      .where('id', '=', payload.channelId)
      .executeTakeFirst()
    if (!channel || channel.status === 'disconnected' || channel.status === 'needs-reconnect') {
      if (sync)
        await this.db
          .updateTable('inbox_channel_sync')
          .set({ next_poll_at: null })
          .where('channel_id', '=', payload.channelId)
          .execute()
      return
    }
    const now = this.clock.now()
    const interval = sync?.interval_ms ?? POLL_MIN_MS
    if (channel.rate_limited_until !== null && channel.rate_limited_until > now) {
      await this.schedule(channel.id, channel.workspace_id, channel.rate_limited_until, interval)
      return
    }
    let cursor = sync?.cursor ?? null
    let received = 0
    let next: number
    try {
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await this.runner.run(channel.workspace_id, channel.id, (n) => n.fetchActivity(cursor))
        await this.ingest.ingest(
          {
            id: channel.id,
            workspaceId: channel.workspace_id,
            presenceId: channel.presence_id,
            network: channel.network,
            remoteAccountId: channel.remote_account_id,
          },
          res.messages,
        )
        received += res.messages.length
        // @NOTE the cursor is saved only after its page is stored: a crash re-reads, ingest dedupes.
        cursor = res.cursor ?? cursor
        await this.db
          .updateTable('inbox_channel_sync')
          .set({ cursor })
          .where('channel_id', '=', channel.id)
          .execute()
        if (!res.more) break
      }
      const ms = nextInterval(interval, received)
      next = this.clock.now() + ms
      await this.schedule(channel.id, channel.workspace_id, next, ms, {
        cursor,
        lastCount: received,
        polled: true,
      })
    } catch (err) {
      const ms =
        err instanceof NetworkError && err.failure.kind === 'rate-limited'
          ? Math.max(err.failure.retryAfterMs, POLL_MIN_MS)
          : Math.min(POLL_MAX_MS, interval * 2)
      this.logger?.warn(
        { err: err instanceof Error ? err.message : String(err), channelId: channel.id },
        'inbox poll failed',
      )
      await this.schedule(
        channel.id,
        channel.workspace_id,
        this.clock.now() + ms,
        Math.min(POLL_MAX_MS, interval * 2),
        { cursor, polled: true },
      )
    }
  }
}

/** Registers the inbox's handlers and starts its periodic work (the worker runner calls this). */
export function registerInboxJobs(
  queue: JobQueue,
  deps: { poll: PollService; maintenance: (now: number) => Promise<void>; clock: Clock },
): void {
  queue.work(pollJob, (p) => deps.poll.poll(p))
  runEverySlot(queue, maintenanceJob, MAINTENANCE_MS, deps.clock, () => deps.maintenance(deps.clock.now()))
}

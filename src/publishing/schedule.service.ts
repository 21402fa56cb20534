/**
 * Scheduling: now, at a wall-clock time in an IANA zone, or in a channel's next free queue slot.
 * A schedule asked for before approval is kept and takes effect when the post is approved.
 * Every (re)queue bumps the delivery's revision, which is part of the job's dedupe key, so a
 * stale job finds a newer revision and does nothing.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, invalid, notFound } from '../core/errors.js'
import { isTimeZone } from '../core/time-zone.js'
import {
  addLocalDays,
  formatLocal,
  localWeekday,
  parseLocal,
  toZoned,
  zonedToUtc,
} from '../core/zoned-time.js'
import type { Database } from '../db/schema.js'
import type { JobQueue } from '../jobs/queue.port.js'
import type { DeliveryRow, PostRepository, PostRow } from './post.repository.js'
import type { DeliveryState, PostActor, ScheduleMode } from './post.types.js'
import { PUBLISH_MAX_ATTEMPTS, publishJob } from './publish.jobs.js'

export interface QueueSlot {
  /** 0 = Sunday … 6 = Saturday */
  weekday: number
  /** HH:MM local time */
  time: string
}

export interface QueueSlots {
  channelId: string
  timeZone: string
  slots: QueueSlot[]
  /** True when the channel has no slots of its own and uses the defaults. */
  isDefault: boolean
}

/** Weekdays at 09:00 and 15:00. */
export const DEFAULT_SLOTS: QueueSlot[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, time: '09:00' },
  { weekday, time: '15:00' },
])

export interface ScheduleInput {
  mode: ScheduleMode
  /** For `at`: YYYY-MM-DDTHH:MM in `timeZone`. */
  local?: string
  /** Default: the workspace's time zone. */
  timeZone?: string
}

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/
// @NOTE a time a minute in the past is still "now" (the form was filled in a minute ago).
const PAST_GRACE_MS = 60_000

export class ScheduleService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly repo: PostRepository,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
  ) {}

  async workspaceZone(workspaceId: string): Promise<string> {
    const w = await this.db
      .selectFrom('workspaces')
      .select('time_zone')
      .where('id', '=', workspaceId)
      .executeTakeFirst()
    if (!w) throw notFound('workspace')
    return w.time_zone
  }

  private async post(workspaceId: string, postId: string): Promise<PostRow> {
    const p = await this.repo.get(workspaceId, postId)
    if (!p) throw notFound('post')
    return p
  }

  /** Sets (or changes) when the post goes out; it is queued now if approved, else once approved. */
  async schedule(workspaceId: string, postId: string, input: ScheduleInput, actor: PostActor): Promise<void> {
    const post = await this.post(workspaceId, postId)
    const now = this.clock.now()
    const tz = input.timeZone ?? (await this.workspaceZone(workspaceId))
    if (!isTimeZone(tz)) throw invalid('timeZone', 'is not a known IANA time zone')
    let at: number | null = null
    let local: string | null = null
    if (input.mode === 'now') {
      at = now
      local = formatLocal(now, tz)
    } else if (input.mode === 'at') {
      if (!input.local) throw invalid('local', 'is required to schedule at a time')
      at = zonedToUtc(parseLocal(input.local, 'local'), tz)
      // @NOTE shown back as the clock will read then: 02:30 in a spring-forward gap becomes 03:30.
      local = formatLocal(at, tz)
      if (at < now - PAST_GRACE_MS) throw invalid('local', `is in the past (${local} ${tz})`)
    } else if (input.local !== undefined) {
      throw invalid('local', 'is only used with mode "at"')
    }
    await this.release(post, ['queued'])
    await this.repo.update(post.id, {
      schedule_mode: input.mode,
      scheduled_at: at,
      schedule_time_zone: tz,
      schedule_local: local,
      updated_at: now,
    })
    await this.repo.history(
      workspaceId,
      post.id,
      actor.userId,
      'schedule-set',
      { mode: input.mode, at, local, timeZone: tz },
      now,
    )
    await this.activate(workspaceId, post.id)
  }

  /** Takes the post off the schedule; it stays approved. */
  async unschedule(workspaceId: string, postId: string, actor: PostActor): Promise<void> {
    const post = await this.post(workspaceId, postId)
    await this.release(post, ['queued'])
    const now = this.clock.now()
    await this.repo.update(post.id, {
      schedule_mode: null,
      scheduled_at: null,
      schedule_time_zone: null,
      schedule_local: null,
      updated_at: now,
    })
    await this.repo.history(workspaceId, post.id, actor.userId, 'unscheduled', {}, now)
    await this.repo.refreshState(post.id, now)
  }

  /**
   * Queues every draft delivery of an approved post that has a schedule. Idempotent: deliveries
   * that are queued or further along are left alone.
   */
  async activate(workspaceId: string, postId: string): Promise<void> {
    const post = await this.repo.get(workspaceId, postId)
    if (post?.approval_state !== 'approved' || !post.schedule_mode) return
    const now = this.clock.now()
    const ds = (await this.repo.deliveries([post.id])).filter(
      (d) => d.state === 'draft' || d.state === 'cancelled',
    )
    let first: number | null = post.schedule_mode === 'queue' ? null : post.scheduled_at
    for (const d of ds) {
      let runAt: number | null
      if (post.schedule_mode === 'queue') runAt = await this.takeSlot(workspaceId, d, now)
      else {
        runAt = Math.max(post.scheduled_at ?? now, now)
        await this.enqueue(d, runAt, [d.state as DeliveryState])
      }
      if (runAt !== null && (first === null || runAt < first)) first = runAt
    }
    if (post.schedule_mode === 'queue' && first !== null) {
      const tz = post.schedule_time_zone ?? (await this.workspaceZone(workspaceId))
      await this.repo.update(post.id, { scheduled_at: first, schedule_local: formatLocal(first, tz) })
    }
    if (ds.length > 0)
      await this.repo.history(
        workspaceId,
        post.id,
        null,
        'scheduled',
        { at: first, channels: ds.map((d) => d.channel_id) },
        now,
      )
    await this.repo.refreshState(post.id, now)
  }

  /**
   * Queues one delivery at `runAt` from one of `from`. The job is stored before the delivery row
   * says queued: a job that runs first finds an older revision and waits for it (publish.job.ts).
   */
  async enqueue(d: DeliveryRow, runAt: number, from: DeliveryState[]): Promise<boolean> {
    const revision = d.revision + 1
    const def = publishJob(d.network)
    const jobId = await this.queue.enqueue(
      def,
      { deliveryId: d.id, revision },
      {
        runAt,
        dedupeKey: `post:${d.post_id}:${d.channel_id}:${revision}`,
        maxAttempts: PUBLISH_MAX_ATTEMPTS,
      },
    )
    const won = await this.repo.transition(
      d.id,
      from,
      {
        state: 'queued',
        revision,
        run_at: runAt,
        job_id: jobId,
        error: null,
        error_kind: null,
        updated_at: this.clock.now(),
      },
      d.revision,
    )
    if (!won) await this.queue.cancel(def.name, jobId)
    return won
  }

  /**
   * Takes queued deliveries back to draft (bumping their revision) and cancels their jobs.
   * Refuses while any delivery is being sent: the send decides, then the person can act.
   */
  async release(post: PostRow, from: DeliveryState[], to: DeliveryState = 'draft'): Promise<void> {
    const ds = await this.repo.deliveries([post.id])
    if (ds.some((d) => d.state === 'publishing'))
      throw conflict('The post is being published right now; try again in a moment')
    for (const d of ds.filter((x) => from.includes(x.state as DeliveryState))) {
      const won = await this.repo.transition(
        d.id,
        [d.state as DeliveryState],
        { state: to, revision: d.revision + 1, updated_at: this.clock.now() },
        d.revision,
      )
      if (!won) throw conflict('The post is being published right now; try again in a moment')
      if (d.job_id) await this.queue.cancel(publishJob(d.network).name, d.job_id)
    }
  }

  /** Sends a failed delivery again, now. */
  async retry(workspaceId: string, postId: string, deliveryId: string, actor: PostActor): Promise<void> {
    const post = await this.post(workspaceId, postId)
    const d = (await this.repo.deliveries([post.id])).find((x) => x.id === deliveryId)
    if (!d) throw notFound('delivery')
    if (d.state !== 'failed') throw conflict(`Only a failed delivery can be retried; this one is ${d.state}`)
    const now = this.clock.now()
    if (!(await this.enqueue(d, now, ['failed']))) throw conflict('The delivery changed meanwhile; reload')
    await this.repo.history(workspaceId, post.id, actor.userId, 'retried', { channelId: d.channel_id }, now)
    await this.repo.refreshState(post.id, now)
  }

  /** A person decides an unknown outcome: it was published (with its link), was not, or is sent again. */
  async resolveUnknown(
    workspaceId: string,
    postId: string,
    deliveryId: string,
    decision:
      | { outcome: 'published'; url: string; remoteId?: string }
      | { outcome: 'not-published' }
      | { outcome: 'resend' },
    actor: PostActor,
  ): Promise<DeliveryRow> {
    const post = await this.post(workspaceId, postId)
    const d = (await this.repo.deliveries([post.id])).find((x) => x.id === deliveryId)
    if (!d) throw notFound('delivery')
    if (d.state !== 'unknown')
      throw conflict(`Only a delivery whose outcome is unknown can be resolved; this one is ${d.state}`)
    const now = this.clock.now()
    let won: boolean
    if (decision.outcome === 'published') {
      won = await this.repo.transition(d.id, ['unknown'], {
        state: 'published',
        url: decision.url,
        remote_id: decision.remoteId ?? decision.url,
        published_at: d.sending_started_at ?? now,
        error: null,
        error_kind: null,
        updated_at: now,
      })
    } else if (decision.outcome === 'not-published') {
      won = await this.repo.transition(d.id, ['unknown'], {
        state: 'failed',
        error: 'A person confirmed it was not published',
        error_kind: 'resolved-not-published',
        updated_at: now,
      })
    } else {
      // @NOTE an explicit re-send: the new revision gets a new idempotency key, by a person's decision.
      won = await this.enqueue(d, now, ['unknown'])
    }
    if (!won) throw conflict('The delivery changed meanwhile; reload')
    await this.repo.history(
      workspaceId,
      post.id,
      actor.userId,
      'resolved',
      { channelId: d.channel_id, ...decision },
      now,
    )
    await this.repo.refreshState(post.id, now)
    return (await this.repo.delivery(d.id))!
  }

  async getSlots(workspaceId: string, channelId: string): Promise<QueueSlots> {
    await this.channel(workspaceId, channelId)
    const row = await this.db
      .selectFrom('channel_queue_slots')
      .selectAll()
      .where('channel_id', '=', channelId)
      .executeTakeFirst()
    const tz = row?.time_zone ?? (await this.workspaceZone(workspaceId))
    return row
      ? { channelId, timeZone: tz, slots: JSON.parse(row.slots) as QueueSlot[], isDefault: false }
      : { channelId, timeZone: tz, slots: DEFAULT_SLOTS, isDefault: true }
  }

  async setSlots(
    workspaceId: string,
    channelId: string,
    slots: QueueSlot[],
    timeZone: string | null,
  ): Promise<QueueSlots> {
    await this.channel(workspaceId, channelId)
    slots.forEach((s, i) => {
      if (!Number.isInteger(s.weekday) || s.weekday < 0 || s.weekday > 6)
        throw invalid(`slots.${i}.weekday`, 'must be 0 (Sunday) to 6')
      if (!TIME_RE.test(s.time)) throw invalid(`slots.${i}.time`, 'must be HH:MM')
    })
    if (timeZone !== null && !isTimeZone(timeZone)) throw invalid('timeZone', 'is not a known IANA time zone')
    const sorted = [...slots].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time))
    const row = {
      channel_id: channelId,
      workspace_id: workspaceId,
      slots: JSON.stringify(sorted),
      time_zone: timeZone,
      updated_at: this.clock.now(),
    }
    await this.db
      .insertInto('channel_queue_slots')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('channel_id')
          .doUpdateSet({ slots: row.slots, time_zone: row.time_zone, updated_at: row.updated_at }),
      )
      .execute()
    return this.getSlots(workspaceId, channelId)
  }

  /**
   * Queues `d` in its channel's next free slot and returns the slot. Within a process, slot picks
   * for one channel take turns. Across processes two picks can still meet: after writing, a delivery
   * that finds an earlier one (by id) in its minute moves on to the next free slot.
   */
  private takeSlot(workspaceId: string, d: DeliveryRow, now: number): Promise<number | null> {
    const before = this.slotTurns.get(d.channel_id) ?? Promise.resolve()
    const mine = before.then(() => this.pickSlot(workspaceId, d, now))
    const settled = mine.then(
      () => undefined,
      () => undefined,
    )
    this.slotTurns.set(d.channel_id, settled)
    void settled.then(() => {
      if (this.slotTurns.get(d.channel_id) === settled) this.slotTurns.delete(d.channel_id)
    })
    return mine
  }

  private readonly slotTurns = new Map<string, Promise<void>>()

  private async pickSlot(workspaceId: string, d: DeliveryRow, now: number): Promise<number | null> {
    let row: DeliveryRow | undefined = d
    let from: DeliveryState[] = [d.state as DeliveryState]
    for (let attempt = 0; attempt < 10 && row; attempt++) {
      const at = await this.nextFreeSlot(workspaceId, row.channel_id, now)
      if (!(await this.enqueue(row, at, from))) return null
      const minute = Math.floor(at / 60_000) * 60_000
      const clash = await this.db
        .selectFrom('post_deliveries')
        .select('id')
        .where('channel_id', '=', row.channel_id)
        .where('state', 'in', ['queued', 'publishing', 'published', 'unknown'])
        .where('run_at', '>=', minute)
        .where('run_at', '<', minute + 60_000)
        .where('id', '<', row.id)
        .executeTakeFirst()
      if (!clash) return at
      row = await this.repo.delivery(row.id)
      from = ['queued']
    }
    return null
  }

  /** The first slot of the channel after `after` that no queued or published post of it takes. */
  async nextFreeSlot(workspaceId: string, channelId: string, after: number): Promise<number> {
    const { slots, timeZone } = await this.getSlots(workspaceId, channelId)
    if (slots.length === 0) throw invalid('mode', 'the channel has no queue slots; add some or pick a time')
    const taken = new Set(
      (
        await this.db
          .selectFrom('post_deliveries')
          .select('run_at')
          .where('channel_id', '=', channelId)
          .where('state', 'in', ['queued', 'publishing', 'published', 'unknown'])
          .where('run_at', '>', after)
          .execute()
      ).map((r) => Math.floor(Number(r.run_at) / 60_000)),
    )
    const z = toZoned(after, timeZone)
    const today = { year: z.year, month: z.month, day: z.day, hour: 0, minute: 0 }
    for (let i = 0; i < 400; i++) {
      const day = addLocalDays(today, i)
      const wd = localWeekday(day)
      for (const s of slots.filter((x) => x.weekday === wd)) {
        const [hour, minute] = s.time.split(':').map(Number) as [number, number]
        const at = zonedToUtc({ ...day, hour, minute }, timeZone)
        if (at > after && !taken.has(Math.floor(at / 60_000))) return at
      }
    }
    throw invalid('mode', 'no free queue slot in the next year')
  }

  private async channel(workspaceId: string, channelId: string) {
    const c = await this.db
      .selectFrom('channels')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', channelId)
      .executeTakeFirst()
    if (!c) throw notFound('channel')
  }
}

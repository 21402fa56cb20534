import { type Kysely, type Selectable, sql } from 'kysely'
import type { Clock } from '../core/clock.js'
import { newId } from '../core/ids.js'
import type { Database, JobsTable } from '../db/schema.js'
import {
  backoffMs,
  type EnqueueOptions,
  type JobDefinition,
  type JobHandler,
  type JobInfo,
  type JobQueue,
  type JobState,
  RetryLater,
} from './queue.port.js'

interface Registered {
  def: JobDefinition<unknown>
  handler: JobHandler<unknown>
  active: number
}

const DEFAULT_LEASE_MS = 30_000
const REAP_EVERY_MS = 5_000

/**
 * SQL JobQueue: jobs live in the `jobs` table and an in-process loop claims due jobs with a lease that
 * running jobs renew. On PostgreSQL claims use SKIP LOCKED, so many worker processes on many machines
 * share the queue; a worker that dies stops renewing and its jobs become due again when the lease ends.
 * Why not pg-boss: docs/adr/0005-job-queue.md.
 */
export class EmbeddedJobQueue implements JobQueue {
  private readonly handlers = new Map<string, Registered>()
  private timer: NodeJS.Timeout | undefined
  private stopping = false
  private loopAlive = false
  private inFlight = new Set<Promise<void>>()
  /** This worker's id, stored in `locked_by` of the jobs it runs. */
  readonly workerId = newId()
  private wake: (() => void) | undefined
  private lastReap = 0
  private renewTimer: NodeJS.Timeout | undefined
  private readonly leaseMs: number

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly opts: {
      engine?: 'sqlite' | 'postgres'
      pollMs?: number
      batch?: number
      /** How long a claimed job stays with its worker without renewal; default 30 s. */
      leaseMs?: number
      onError?: (err: unknown, job: string) => void
    } = {},
  ) {
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS
  }

  async enqueue<P>(def: JobDefinition<P>, payload: P, opts: EnqueueOptions = {}): Promise<string> {
    const valid = def.schema.parse(payload)
    const now = this.clock.now()
    if (opts.dedupeKey) {
      const existing = await this.db
        .selectFrom('jobs')
        .select('id')
        .where('name', '=', def.name)
        .where('dedupe_key', '=', opts.dedupeKey)
        .executeTakeFirst()
      if (existing) return existing.id
    }
    const id = newId(now)
    await this.db
      .insertInto('jobs')
      .values({
        id,
        name: def.name,
        payload: JSON.stringify(valid),
        run_at: opts.runAt ?? now,
        dedupe_key: opts.dedupeKey ?? null,
        state: 'queued',
        attempts: 0,
        max_attempts: opts.maxAttempts ?? 5,
        last_error: null,
        locked_by: null,
        locked_until: null,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['name', 'dedupe_key']).doNothing())
      .execute()
    if (opts.dedupeKey) {
      const row = await this.db
        .selectFrom('jobs')
        .select('id')
        .where('name', '=', def.name)
        .where('dedupe_key', '=', opts.dedupeKey)
        .executeTakeFirstOrThrow()
      return row.id
    }
    this.wake?.()
    return id
  }

  async cancel(name: string, id: string): Promise<boolean> {
    const r = await this.db
      .updateTable('jobs')
      .set({ state: 'cancelled', updated_at: this.clock.now() })
      .where('id', '=', id)
      .where('name', '=', name)
      .where('state', '=', 'queued')
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }

  async get(name: string, id: string): Promise<JobInfo | undefined> {
    const r = await this.db
      .selectFrom('jobs')
      .selectAll()
      .where('id', '=', id)
      .where('name', '=', name)
      .executeTakeFirst()
    return (
      r && {
        id: r.id,
        name: r.name,
        state: r.state as JobState,
        attempts: r.attempts,
        runAt: r.run_at,
        lastError: r.last_error,
      }
    )
  }

  work<P>(def: JobDefinition<P>, handler: JobHandler<P>): void {
    this.handlers.set(def.name, {
      def: def as JobDefinition<unknown>,
      handler: handler as JobHandler<unknown>,
      active: 0,
    })
  }

  running(): boolean {
    return this.loopAlive && !this.stopping
  }

  async start(): Promise<void> {
    if (this.loopAlive) return
    this.stopping = false
    this.loopAlive = true
    await this.reapExpiredLeases(this.clock.now())
    this.renewTimer = setInterval(
      () => {
        this.renewLeases().catch((err) => this.opts.onError?.(err, 'lease-renewal'))
      },
      Math.max(1000, Math.floor(this.leaseMs / 3)),
    )
    this.renewTimer.unref()
    void this.loop()
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let claimed = 0
      try {
        claimed = await this.tick()
      } catch (err) {
        this.opts.onError?.(err, 'queue-loop')
      }
      if (this.stopping) break
      if (claimed === 0) {
        await new Promise<void>((resolve) => {
          this.wake = resolve
          this.timer = setTimeout(resolve, this.opts.pollMs ?? 250)
        })
        this.wake = undefined
      }
    }
    this.loopAlive = false
  }

  /** Claims and starts due jobs; returns how many it started. */
  async tick(): Promise<number> {
    const now = this.clock.now()
    if (now - this.lastReap >= REAP_EVERY_MS) {
      this.lastReap = now
      await this.reapExpiredLeases(now)
    }
    let started = 0
    for (const reg of this.handlers.values()) {
      const free = (reg.def.concurrency ?? 4) - reg.active
      if (free <= 0) continue
      for (const row of await this.claim(reg.def.name, Math.min(free, this.opts.batch ?? 50), now)) {
        reg.active++
        started++
        const p = this.run(row, reg).finally(() => {
          reg.active--
          this.inFlight.delete(p)
          this.wake?.()
        })
        this.inFlight.add(p)
      }
    }
    return started
  }

  /**
   * Claims up to `limit` due jobs of one name in one statement. On PostgreSQL the inner select takes
   * row locks with SKIP LOCKED, so any number of worker processes share the table without waiting on
   * each other; SQLite has one writer at a time, so the conditional update alone is enough.
   */
  private async claim(name: string, limit: number, now: number): Promise<Selectable<JobsTable>[]> {
    let due = this.db
      .selectFrom('jobs')
      .select('id')
      .where('state', '=', 'queued')
      .where('name', '=', name)
      .where('run_at', '<=', now)
      .orderBy('run_at')
      .limit(limit)
    if (this.opts.engine === 'postgres') due = due.forUpdate().skipLocked()
    return await this.db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        locked_by: this.workerId,
        locked_until: now + this.leaseMs,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', due)
      // @NOTE on SQLite a plain `state = 'queued'` here makes the planner walk the (state, run_at)
      // index over every queued job, thousands for a busy schedule; the unary + keeps it on the ids.
      .where(this.opts.engine === 'postgres' ? sql.ref('state') : sql<string>`+"state"`, '=', 'queued')
      .returningAll()
      .execute()
  }

  /** Jobs whose worker died (lease ran out without renewal) become due again. */
  private async reapExpiredLeases(now: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ state: 'queued', locked_by: null, locked_until: null, updated_at: now })
      .where('state', '=', 'running')
      .where('locked_until', '<', now)
      .execute()
  }

  /** Extends the leases of the jobs this worker is running, so a long job is not taken from it. */
  private async renewLeases(): Promise<void> {
    if (this.inFlight.size === 0) return
    const now = this.clock.now()
    await this.db
      .updateTable('jobs')
      .set({ locked_until: now + this.leaseMs })
      .where('state', '=', 'running')
      .where('locked_by', '=', this.workerId)
      .execute()
  }

  private async run(row: Selectable<JobsTable>, reg: Registered): Promise<void> {
    const id = row.id
    try {
      const payload = reg.def.schema.parse(JSON.parse(row.payload))
      await reg.handler(payload, { id, attempt: row.attempts })
      await this.finish(id, 'done', null)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      const now = this.clock.now()
      if (row.attempts >= row.max_attempts && !(err instanceof RetryLater)) {
        await this.finish(id, 'dead', message)
        this.opts.onError?.(err, reg.def.name)
        return
      }
      const delay = err instanceof RetryLater ? err.delayMs : backoffMs(row.attempts)
      await this.db
        .updateTable('jobs')
        .set({
          state: 'queued',
          run_at: now + delay,
          last_error: message.slice(0, 2000),
          locked_by: null,
          locked_until: null,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute()
    }
  }

  private async finish(id: string, state: JobState, error: string | null): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        state,
        last_error: error?.slice(0, 2000) ?? null,
        locked_by: null,
        locked_until: null,
        updated_at: this.clock.now(),
      })
      .where('id', '=', id)
      .execute()
  }

  /** Resolves when every job started so far has finished (tests and graceful drains). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true
    if (this.timer) clearTimeout(this.timer)
    if (this.renewTimer) clearInterval(this.renewTimer)
    this.wake?.()
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => setTimeout(r, timeoutMs).unref()),
    ])
  }
}

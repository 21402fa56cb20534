import { type Kysely, sql } from 'kysely'
import type { Clock } from '../core/clock.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
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
import { type ClaimWant, DoneBatch, type JobRow, JobStatements } from './queue-statements.js'
import { JOBS_CHANNEL, type JobWakeups } from './queue-wakeups.pg.js'

interface Registered {
  def: JobDefinition<unknown>
  handler: JobHandler<unknown>
  active: number
}

const DEFAULT_LEASE_MS = 30_000
const REAP_EVERY_MS = 5_000
/** Poll interval while nothing wakes the loop (no LISTEN connection); default 250 ms. */
const DEFAULT_POLL_MS = 250
/** Poll interval while LISTEN/NOTIFY wakes the loop; polling is then only the safety net. */
const DEFAULT_IDLE_POLL_MS = 5_000
/** How long finished jobs are kept (for `get` and for a look at what ran); default 7 days. */
export const DEFAULT_JOB_RETENTION_MS = 7 * 24 * 3600_000
const DEFAULT_PRUNE_EVERY_MS = 10 * 60_000

export interface EmbeddedJobQueueOptions {
  engine?: 'sqlite' | 'postgres'
  /** Poll interval when nothing else wakes the loop; default 250 ms. */
  pollMs?: number
  /** Poll interval while `wakeups` is listening; default 5 s. Enqueues due sooner than this notify. */
  idlePollMs?: number
  batch?: number
  /** How long a claimed job stays with its worker without renewal; default 30 s. */
  leaseMs?: number
  /** Finished jobs (done, dead, cancelled) older than this are deleted; default 7 days. */
  retentionMs?: number
  /** How often the worker loop prunes finished jobs; default 10 minutes. */
  pruneEveryMs?: number
  /** Wakes the loop when another process enqueues a job due soon (PostgreSQL LISTEN/NOTIFY). */
  wakeups?: JobWakeups
  onError?: (err: unknown, job: string) => void
}

/**
 * SQL JobQueue: jobs live in the `jobs` table and an in-process loop claims due jobs with a lease that
 * running jobs renew. On PostgreSQL claims use SKIP LOCKED, so many worker processes on many machines
 * share the queue; a worker that dies stops renewing and its jobs become due again when the lease ends.
 * The loop sleeps until the next job falls due, an enqueue here or a NOTIFY from another process wakes
 * it, or a running job ends; finished jobs are pruned after the retention. Why not pg-boss:
 * docs/adr/0005-job-queue.md; the PostgreSQL path: docs/adr/0031-postgres-queue.md.
 */
export class EmbeddedJobQueue implements JobQueue {
  private readonly handlers = new Map<string, Registered>()
  private stopping = false
  private loopAlive = false
  private inFlight = new Set<Promise<void>>()
  /** This worker's id, stored in `locked_by` of the jobs it runs. */
  readonly workerId = newId()
  private lastReap = 0
  private lastPrune = 0
  private pruning = false
  private renewTimer: NodeJS.Timeout | undefined
  private readonly leaseMs: number
  private readonly sql: JobStatements
  /** Earliest time (clock ms) something asked the loop to look again; Infinity when nothing did. */
  private wakeAt = Number.POSITIVE_INFINITY
  private sleeper: { until: number; timer: NodeJS.Timeout; resolve: () => void } | undefined
  private readonly doneMarks: DoneBatch

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly opts: EmbeddedJobQueueOptions = {},
  ) {
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS
    this.sql = new JobStatements(db, opts.engine ?? 'sqlite', this.workerId)
    this.doneMarks = new DoneBatch((ids) => this.sql.markDone(ids, this.clock.now()))
  }

  private get idlePollMs(): number {
    return this.opts.idlePollMs ?? DEFAULT_IDLE_POLL_MS
  }

  async enqueue<P>(def: JobDefinition<P>, payload: P, opts: EnqueueOptions = {}): Promise<string> {
    const valid = def.schema.parse(payload)
    const now = this.clock.now()
    const id = newId(now)
    const runAt = opts.runAt ?? now
    const row = {
      id,
      name: def.name,
      payload: JSON.stringify(valid),
      run_at: runAt,
      dedupe_key: opts.dedupeKey ?? null,
      state: 'queued',
      attempts: 0,
      max_attempts: opts.maxAttempts ?? 5,
      last_error: null,
      locked_by: null,
      locked_until: null,
      created_at: now,
      updated_at: now,
    }
    // @NOTE one round trip: the insert returns the id only when it stored the row (a dedupe key
    // already taken stores nothing), and on PostgreSQL a job due before the workers' next poll is
    // announced with NOTIFY in the same statement, so a worker in another process wakes for it.
    let stored: boolean
    if (this.opts.engine === 'postgres' && runAt <= now + this.idlePollMs) {
      const r = await this.db
        .with('ins', (qc) =>
          qc
            .insertInto('jobs')
            .values(row)
            .onConflict((oc) => oc.columns(['name', 'dedupe_key']).doNothing())
            .returning(['id', 'name', 'run_at']),
        )
        .selectFrom('ins')
        .select(['ins.id', sql<string>`pg_notify(${JOBS_CHANNEL}, ins.name || ' ' || ins.run_at)`.as('n')])
        .execute()
      stored = r.length > 0
    } else {
      const r = await this.db
        .insertInto('jobs')
        .values(row)
        .onConflict((oc) => oc.columns(['name', 'dedupe_key']).doNothing())
        .returning('id')
        .execute()
      stored = r.length > 0
    }
    if (stored) {
      this.noteDue(runAt)
      return id
    }
    const existing = await this.db
      .selectFrom('jobs')
      .select('id')
      .where('name', '=', def.name)
      .where('dedupe_key', '=', opts.dedupeKey ?? '')
      .executeTakeFirstOrThrow()
    return existing.id
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
    await this.sql.reapExpiredLeases(this.clock.now())
    this.renewTimer = setInterval(
      () => {
        this.renewLeases().catch((err) => this.opts.onError?.(err, 'lease-renewal'))
      },
      Math.max(1000, Math.floor(this.leaseMs / 3)),
    )
    this.renewTimer.unref()
    // @NOTE the loop does not wait for LISTEN: until it is up, the loop polls at the short interval.
    this.opts.wakeups
      ?.start((name, runAt) => {
        if (name === '' || this.handlers.has(name)) this.noteDue(runAt)
      })
      .catch((err) => this.opts.onError?.(err, 'queue-wakeups'))
    void this.loop()
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      // @NOTE reset before the step: an enqueue, a NOTIFY or a finished job during the step moves
      // wakeAt again, so the loop does not sleep past work that arrived while it was claiming.
      this.wakeAt = Number.POSITIVE_INFINITY
      let step: { started: number; more: boolean; nextDue: number | undefined } = {
        started: 0,
        more: false,
        nextDue: undefined,
      }
      try {
        step = await this.step()
      } catch (err) {
        this.opts.onError?.(err, 'queue-loop')
      }
      if (this.stopping) break
      if (step.more) continue
      const poll = this.opts.wakeups?.listening() ? this.idlePollMs : (this.opts.pollMs ?? DEFAULT_POLL_MS)
      const now = this.clock.now()
      const until = Math.min(now + poll, step.nextDue ?? Number.POSITIVE_INFINITY, this.wakeAt)
      if (until > now) await this.sleep(until)
    }
    this.loopAlive = false
  }

  /** Sleeps until `until` (clock ms) or until `noteDue` asks for an earlier look. */
  private sleep(until: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        if (this.sleeper?.resolve === done) this.sleeper = undefined
        resolve()
      }
      const timer = setTimeout(done, Math.max(0, until - this.clock.now()))
      this.sleeper = { until, timer, resolve: done }
    })
  }

  /** Asks the loop to look for work at `at` (clock ms; now or earlier means at once). */
  private noteDue(at: number): void {
    if (at < this.wakeAt) this.wakeAt = at
    const s = this.sleeper
    if (!s || at >= s.until) return
    clearTimeout(s.timer)
    const delay = at - this.clock.now()
    if (delay <= 0) {
      s.resolve()
      return
    }
    s.until = at
    s.timer = setTimeout(s.resolve, delay)
  }

  /** Claims and starts due jobs; returns how many it started. */
  async tick(): Promise<number> {
    return (await this.step()).started
  }

  /**
   * One turn of the loop: reaps expired leases now and then, starts the prune when due, claims due
   * jobs for every job name with free capacity (one statement on PostgreSQL) and starts them.
   * `more`: some name got all it asked for, so more may be due at once.
   */
  private async step(): Promise<{ started: number; more: boolean; nextDue: number | undefined }> {
    const now = this.clock.now()
    if (now - this.lastReap >= REAP_EVERY_MS) {
      this.lastReap = now
      await this.sql.reapExpiredLeases(now)
    }
    if (now - this.lastPrune >= (this.opts.pruneEveryMs ?? DEFAULT_PRUNE_EVERY_MS) && !this.pruning) {
      this.lastPrune = now
      this.pruning = true
      void this.prune(now)
        .catch((err) => this.opts.onError?.(err, 'queue-prune'))
        .finally(() => {
          this.pruning = false
        })
    }
    const wants: ClaimWant[] = []
    for (const reg of this.handlers.values()) {
      const free = (reg.def.concurrency ?? 4) - reg.active
      if (free > 0) wants.push({ name: reg.def.name, limit: Math.min(free, this.opts.batch ?? 50) })
    }
    const { rows, nextDue } = await this.sql.claim(wants, now, now + this.leaseMs)
    const claimedOf = new Map<string, number>()
    for (const row of rows) {
      const reg = this.handlers.get(row.name)
      if (!reg) continue
      claimedOf.set(row.name, (claimedOf.get(row.name) ?? 0) + 1)
      reg.active++
      const p = this.run(row, reg).finally(() => {
        reg.active--
        this.inFlight.delete(p)
        this.noteDue(0)
      })
      this.inFlight.add(p)
    }
    const more = wants.some((w) => (claimedOf.get(w.name) ?? 0) >= w.limit)
    return { started: rows.length, more, nextDue }
  }

  /**
   * Deletes finished jobs (done, dead, cancelled) older than the retention; returns how many. The
   * worker loop runs it every `pruneEveryMs`; queued and running jobs are never touched.
   */
  async prune(now = this.clock.now()): Promise<number> {
    return this.sql.pruneFinished(now - (this.opts.retentionMs ?? DEFAULT_JOB_RETENTION_MS))
  }

  /** Extends the leases of the jobs this worker is running, so a long job is not taken from it. */
  private async renewLeases(): Promise<void> {
    if (this.inFlight.size === 0) return
    await this.sql.renewLeases(this.clock.now() + this.leaseMs)
  }

  private async run(row: JobRow, reg: Registered): Promise<void> {
    const id = row.id
    try {
      const payload = reg.def.schema.parse(JSON.parse(row.payload))
      await reg.handler(payload, { id, attempt: row.attempts })
      await this.doneMarks.add(id)
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
      this.noteDue(now + delay)
    }
  }

  private async finish(id: string, state: JobState, error: string | null): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({
        state,
        last_error: error?.slice(0, 2000) ?? null,
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
    if (this.renewTimer) clearInterval(this.renewTimer)
    this.noteDue(Number.NEGATIVE_INFINITY)
    await this.opts.wakeups?.stop().catch(() => {})
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => setTimeout(r, timeoutMs).unref()),
    ])
  }
}

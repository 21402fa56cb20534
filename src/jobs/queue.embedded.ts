import type { Kysely } from 'kysely'
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

interface Registered {
  def: JobDefinition<unknown>
  handler: JobHandler<unknown>
  active: number
}

const LEASE_MS = 5 * 60_000

/**
 * Embedded JobQueue: jobs live in the `jobs` table and one in-process loop claims due jobs with a
 * lease. Works on SQLite and PostgreSQL for a single worker process; scale-out uses pg-boss.
 */
export class EmbeddedJobQueue implements JobQueue {
  private readonly handlers = new Map<string, Registered>()
  private timer: NodeJS.Timeout | undefined
  private stopping = false
  private loopAlive = false
  private inFlight = new Set<Promise<void>>()
  private readonly workerId = newId()
  private wake: (() => void) | undefined

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly opts: {
      pollMs?: number
      batch?: number
      onError?: (err: unknown, job: string) => void
    } = {},
  ) {}

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
    // Jobs whose lease ran out (a crashed worker) become due again.
    await this.db
      .updateTable('jobs')
      .set({ state: 'queued', locked_by: null, locked_until: null })
      .where('state', '=', 'running')
      .where('locked_until', '<', this.clock.now())
      .execute()
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
    const names = [...this.handlers.entries()]
      .filter(([, r]) => r.active < (r.def.concurrency ?? 4))
      .map(([n]) => n)
    if (names.length === 0) return 0
    const now = this.clock.now()
    const due = await this.db
      .selectFrom('jobs')
      .select(['id', 'name'])
      .where('state', '=', 'queued')
      .where('run_at', '<=', now)
      .where('name', 'in', names)
      .orderBy('run_at')
      .limit(this.opts.batch ?? 50)
      .execute()
    let started = 0
    for (const { id, name } of due) {
      const reg = this.handlers.get(name)
      if (!reg || reg.active >= (reg.def.concurrency ?? 4)) continue
      const claim = await this.db
        .updateTable('jobs')
        .set((eb) => ({
          state: 'running',
          locked_by: this.workerId,
          locked_until: now + LEASE_MS,
          attempts: eb('attempts', '+', 1),
          updated_at: now,
        }))
        .where('id', '=', id)
        .where('state', '=', 'queued')
        .executeTakeFirst()
      if (Number(claim.numUpdatedRows) === 0) continue
      reg.active++
      started++
      const p = this.run(id, reg).finally(() => {
        reg.active--
        this.inFlight.delete(p)
        this.wake?.()
      })
      this.inFlight.add(p)
    }
    return started
  }

  private async run(id: string, reg: Registered): Promise<void> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
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
    this.wake?.()
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => setTimeout(r, timeoutMs).unref()),
    ])
  }
}

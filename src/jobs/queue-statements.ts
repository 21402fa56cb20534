/**
 * The SQL of the job queue (queue.embedded.ts), per engine where they differ. On PostgreSQL every
 * statement a busy worker repeats is one round trip: the claim takes due jobs of every job name
 * with free capacity and reads when the next one falls due, all in one statement; finished jobs are
 * marked done in batches. Plans and figures: docs/adr/0031-postgres-queue.md.
 */
import { type Kysely, type Selectable, sql } from 'kysely'
import type { Database, JobsTable } from '../db/schema.js'

export type JobRow = Selectable<JobsTable>

/** What one claim asks for: up to `limit` due jobs of `name`. */
export interface ClaimWant {
  name: string
  limit: number
}

export interface ClaimResult {
  rows: JobRow[]
  /** The earliest `run_at` after `now` among queued jobs of the names asked for, if any. */
  nextDue: number | undefined
}

/** States whose jobs never run again, removed by the prune once older than the retention. */
export const FINISHED_STATES = ['done', 'dead', 'cancelled'] as const

const PRUNE_BATCH = 5000

export class JobStatements {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly engine: 'sqlite' | 'postgres',
    private readonly workerId: string,
  ) {}

  /**
   * Claims due jobs for every `want` and reads the next due time. PostgreSQL: one statement; rows
   * are locked with SKIP LOCKED, so worker processes never wait on each other. SQLite has one writer
   * at a time, so a conditional update per name is enough, and its statements cost no round trip.
   */
  async claim(wants: ClaimWant[], now: number, lockedUntil: number): Promise<ClaimResult> {
    if (wants.length === 0) return { rows: [], nextDue: undefined }
    if (this.engine === 'postgres') return this.claimPostgres(wants, now, lockedUntil)
    // @NOTE one read of each name's earliest queued job first (the jobs_queued index), then an update
    // only for the names that have due work: a finished job wakes the loop, and updating every name
    // with free capacity on each wake-up cost more CPU than the jobs themselves.
    const firsts = await this.db
      .selectFrom('jobs')
      .select((eb) => ['name', eb.fn.min<number>('run_at').as('first')])
      .where('state', '=', 'queued')
      .where(
        'name',
        'in',
        wants.map((w) => w.name),
      )
      .groupBy('name')
      .execute()
    const due = new Set(firsts.filter((f) => Number(f.first) <= now).map((f) => f.name))
    const rows: JobRow[] = []
    for (const w of wants) if (due.has(w.name)) rows.push(...(await this.claimSqlite(w, now, lockedUntil)))
    const later = firsts.filter((f) => !due.has(f.name)).map((f) => Number(f.first))
    if (due.size === 0) return { rows, nextDue: later.length ? Math.min(...later) : undefined }
    const next = await this.db
      .selectFrom('jobs')
      .select((eb) => eb.fn.min<number>('run_at').as('next'))
      .where('state', '=', 'queued')
      .where(
        'name',
        'in',
        wants.map((w) => w.name),
      )
      .where('run_at', '>', now)
      .executeTakeFirst()
    return { rows, nextDue: next?.next ?? undefined }
  }

  private async claimSqlite(w: ClaimWant, now: number, lockedUntil: number): Promise<JobRow[]> {
    const due = this.db
      .selectFrom('jobs')
      .select('id')
      .where('state', '=', 'queued')
      .where('name', '=', w.name)
      .where('run_at', '<=', now)
      .orderBy('run_at')
      .limit(w.limit)
    return await this.db
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        locked_by: this.workerId,
        locked_until: lockedUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: now,
      }))
      .where('id', 'in', due)
      // @NOTE a plain `state = 'queued'` here makes SQLite's planner walk the queued index over every
      // queued job, thousands for a busy schedule; the unary + keeps it on the ids.
      .where(sql<string>`+"state"`, '=', 'queued')
      .returningAll()
      .execute()
  }

  /**
   * @NOTE one statement: `want` lists the names with free capacity; `picked` locks up to each name's
   * limit of its due jobs through the partial index jobs_queued (name, run_at), skipping rows another
   * worker holds; `claimed` marks them running; `nxt` reads each name's next queued job after now on
   * the same index. `nxt` is one row, so the result has a row even when nothing was claimed.
   */
  private async claimPostgres(wants: ClaimWant[], now: number, lockedUntil: number): Promise<ClaimResult> {
    const r = await this.claimStatement(wants, now, lockedUntil).execute(this.db)
    const first = r.rows[0]
    const nextDue = first?.next_due ?? undefined
    const rows = r.rows.filter((x) => x.id !== null).map(({ next_due: _, ...row }) => row as JobRow)
    return { rows, nextDue: nextDue === undefined ? undefined : Number(nextDue) }
  }

  /** The PostgreSQL claim statement, unexecuted (the plan test and the ADR's EXPLAIN use it too). */
  claimStatement(wants: ClaimWant[], now: number, lockedUntil: number) {
    const names = wants.map((w) => w.name)
    const limits = wants.map((w) => w.limit)
    return sql<JobRow & { next_due: number | null }>`
      WITH want AS (
        SELECT * FROM unnest(${names}::text[], ${limits}::int[]) AS w(name, lim)
      ), picked AS (
        SELECT j.id FROM want CROSS JOIN LATERAL (
          SELECT id FROM jobs
          WHERE state = 'queued' AND name = want.name AND run_at <= ${now}
          ORDER BY run_at LIMIT want.lim
          FOR UPDATE SKIP LOCKED
        ) j
      ), claimed AS (
        UPDATE jobs SET state = 'running', locked_by = ${this.workerId}, locked_until = ${lockedUntil},
          attempts = attempts + 1, updated_at = ${now}
        WHERE id IN (SELECT id FROM picked) AND state = 'queued'
        RETURNING jobs.*
      ), nxt AS (
        SELECT min(n.run_at) AS next_due FROM want CROSS JOIN LATERAL (
          SELECT run_at FROM jobs
          WHERE state = 'queued' AND name = want.name AND run_at > ${now}
          ORDER BY run_at LIMIT 1
        ) n
      )
      SELECT claimed.*, nxt.next_due FROM nxt LEFT JOIN claimed ON true`
  }

  /**
   * Marks jobs done in one statement (the queue batches finishes that arrive together).
   * @NOTE `locked_by` stays: which worker ran a job is worth knowing, and only running jobs' leases count.
   */
  async markDone(ids: string[], now: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ state: 'done', last_error: null, locked_until: null, updated_at: now })
      .where('id', 'in', ids)
      .execute()
  }

  /** Jobs whose worker died (lease ran out without renewal) become due again. */
  async reapExpiredLeases(now: number): Promise<number> {
    const r = await this.db
      .updateTable('jobs')
      .set({ state: 'queued', locked_by: null, locked_until: null, updated_at: now })
      .where('state', '=', 'running')
      .where('locked_until', '<', now)
      .executeTakeFirst()
    return Number(r.numUpdatedRows)
  }

  /** Extends the leases of the jobs this worker is running. */
  async renewLeases(lockedUntil: number): Promise<void> {
    await this.db
      .updateTable('jobs')
      .set({ locked_until: lockedUntil })
      .where('state', '=', 'running')
      .where('locked_by', '=', this.workerId)
      .execute()
  }

  /**
   * Deletes jobs that finished (done, dead, cancelled) before `cutoff`, in batches through the
   * jobs_finished index, so one prune never holds many row locks; returns how many went.
   * @NOTE on PostgreSQL a batch skips rows another worker's prune holds, so concurrent prunes split
   * the work instead of waiting on each other.
   */
  async pruneFinished(cutoff: number, maxBatches = 200): Promise<number> {
    let total = 0
    for (let i = 0; i < maxBatches; i++) {
      let batch = this.db
        .selectFrom('jobs')
        .select('id')
        .where('state', 'in', [...FINISHED_STATES])
        .where('updated_at', '<', cutoff)
        .limit(PRUNE_BATCH)
      if (this.engine === 'postgres') batch = batch.forUpdate().skipLocked()
      const r = await this.db.deleteFrom('jobs').where('id', 'in', batch).executeTakeFirst()
      const n = Number(r.numDeletedRows)
      total += n
      if (n < PRUNE_BATCH) break
    }
    return total
  }
}

/**
 * Marks jobs done together (group commit): finishes that arrive while a batch is being written go
 * in the next statement, so a busy worker spends one round trip on many finished jobs; each caller
 * still resolves only once its job is stored as done.
 */
export class DoneBatch {
  private queue: Array<{ id: string; resolve: () => void; reject: (err: unknown) => void }> = []
  private flushing = false

  constructor(private readonly write: (ids: string[]) => Promise<void>) {}

  add(id: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ id, resolve, reject })
      if (!this.flushing) void this.flush()
    })
  }

  private async flush(): Promise<void> {
    this.flushing = true
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, 500)
        try {
          await this.write(batch.map((b) => b.id))
          for (const b of batch) b.resolve()
        } catch (err) {
          for (const b of batch) b.reject(err)
        }
      }
    } finally {
      this.flushing = false
    }
  }
}

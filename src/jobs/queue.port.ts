/**
 * JobQueue port. Adapters: embedded (a table + in-process loop; queue.embedded.ts) and PostgreSQL
 * (pg-boss, SKIP LOCKED; queue.pgboss.ts). No adapter type crosses this port.
 */
export interface EnqueueOptions {
  /** When to run (epoch ms); default now. */
  runAt?: number
  /** At most one job with this key per job name exists; enqueueing again returns the existing id. */
  dedupeKey?: string
  /** Attempts before the job is dead-lettered; default 5. */
  maxAttempts?: number
}

export interface JobContext {
  id: string
  attempt: number
}

/** Thrown by a handler to ask for a retry at a specific time (e.g. a network's retry-after). */
export class RetryLater extends Error {
  override name = 'RetryLater'
  constructor(
    readonly delayMs: number,
    message = 'retry later',
  ) {
    super(message)
  }
}

export type JobHandler<P> = (payload: P, ctx: JobContext) => Promise<void>

export interface JobSchema<P> {
  /** Validates a payload; throws with a message naming the field when it is wrong. */
  parse(payload: unknown): P
}

export interface JobDefinition<P> {
  name: string
  schema: JobSchema<P>
  /** Most jobs of this name running at once in one process. */
  concurrency?: number
}

export type JobState = 'queued' | 'running' | 'done' | 'dead' | 'cancelled'

export interface JobInfo {
  id: string
  name: string
  state: JobState
  attempts: number
  runAt: number
  lastError: string | null
}

export interface JobQueue {
  /** Validates the payload against the definition's schema and stores the job durably. */
  enqueue<P>(def: JobDefinition<P>, payload: P, opts?: EnqueueOptions): Promise<string>
  /** Cancels a job that has not started; true when it was cancelled. */
  cancel(name: string, id: string): Promise<boolean>
  get(name: string, id: string): Promise<JobInfo | undefined>
  /** Registers a handler; the payload is validated again before it runs. */
  work<P>(def: JobDefinition<P>, handler: JobHandler<P>): void
  /** Starts pulling jobs (worker role). */
  start(): Promise<void>
  /** Stops pulling and waits for running jobs up to `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>
  /** True while the worker loop is alive (for /readyz). */
  running(): boolean
  /** Claims and starts due jobs now instead of at the next poll; returns how many started. */
  tick?(): Promise<number>
}

/** Backoff for attempt n (1-based): 2^n seconds with ±20 % jitter, capped at 10 minutes. */
export function backoffMs(attempt: number): number {
  const base = Math.min(600_000, 1000 * 2 ** attempt)
  return Math.round(base * (0.8 + Math.random() * 0.4))
}

/**
 * Wake-ups for the job queue through PostgreSQL LISTEN/NOTIFY: an enqueue of a job due soon sends
 * `NOTIFY townhall_jobs, '<name> <runAt>'` in its own statement (queue.embedded.ts), and every worker
 * process listening here sets its loop to wake at that time instead of at its next poll. Same
 * connection approach as the event bus (core/event-bus.pg.ts): one dedicated client outside the pool.
 * Best effort: while the connection is down the queue falls back to short polling, and it reconnects.
 */
import { createRequire } from 'node:module'
import type Pg from 'pg'

/** The NOTIFY channel of due-soon jobs. */
export const JOBS_CHANNEL = 'townhall_jobs'
const RECONNECT_MS = 1000

/** What the queue needs from a wake-up source; only context.ts picks the adapter. */
export interface JobWakeups {
  /** Starts listening; `onDue(name, runAt)` is called for each job that was announced. */
  start(onDue: (name: string, runAt: number) => void): Promise<void>
  /** True while notifications can arrive (the queue polls quickly otherwise). */
  listening(): boolean
  stop(): Promise<void>
}

export interface PgJobWakeupsOptions {
  url: string
  onError?: (err: unknown) => void
}

/** The `<name> <runAt>` payload of a jobs notification; undefined when it is not one. */
export function parseJobNotification(
  payload: string | undefined,
): { name: string; runAt: number } | undefined {
  if (!payload) return undefined
  const at = payload.lastIndexOf(' ')
  const runAt = Number(payload.slice(at + 1))
  if (at <= 0 || !Number.isFinite(runAt)) return undefined
  return { name: payload.slice(0, at), runAt }
}

export class PgJobWakeups implements JobWakeups {
  private client: Pg.Client | undefined
  private stopped = true
  private retry: NodeJS.Timeout | undefined
  private onDue: (name: string, runAt: number) => void = () => {}

  constructor(private readonly opts: PgJobWakeupsOptions) {}

  async start(onDue: (name: string, runAt: number) => void): Promise<void> {
    this.onDue = onDue
    this.stopped = false
    await this.connect()
  }

  listening(): boolean {
    return this.client !== undefined
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.client) return
    const pg = createRequire(import.meta.url)('pg') as typeof Pg
    const client = new pg.Client({ connectionString: this.opts.url })
    const lost = (err?: unknown) => {
      if (err) this.opts.onError?.(err)
      if (this.client === client) this.client = undefined
      client.removeAllListeners('notification')
      void client.end().catch(() => {})
      this.later()
    }
    client.on('error', lost)
    client.on('end', () => lost())
    client.on('notification', (msg) => {
      if (msg.channel !== JOBS_CHANNEL) return
      const n = parseJobNotification(msg.payload)
      if (n) this.onDue(n.name, n.runAt)
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${JOBS_CHANNEL}`)
      if (this.stopped) {
        await client.end().catch(() => {})
        return
      }
      this.client = client
      // @NOTE a job enqueued while nobody listened is found by the next poll; wake once to look now.
      this.onDue('', 0)
    } catch (err) {
      this.opts.onError?.(err)
      client.removeAllListeners()
      client.on('error', () => {})
      await client.end().catch(() => {})
      this.later()
    }
  }

  private later(): void {
    if (this.stopped || this.retry) return
    this.retry = setTimeout(() => {
      this.retry = undefined
      void this.connect()
    }, RECONNECT_MS)
    this.retry.unref()
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.retry) clearTimeout(this.retry)
    this.retry = undefined
    const c = this.client
    this.client = undefined
    if (c) {
      c.removeAllListeners('end')
      await c.end().catch(() => {})
    }
  }
}

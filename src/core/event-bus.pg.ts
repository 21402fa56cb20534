/**
 * EventBus across processes through PostgreSQL LISTEN/NOTIFY. Events are delivered locally at once
 * and sent as a NOTIFY; other processes receive them on their LISTEN connection. A process ignores
 * its own notifications (tagged with its instance id).
 */
import { createRequire } from 'node:module'
import type Pg from 'pg'
import type { LiveEvent } from '../shared/live-event.types.js'
import { type EventBus, InMemoryEventBus, type LiveEventListener } from './event-bus.js'
import { newId } from './ids.js'

const CHANNEL = 'townhall_events'
// @NOTE NOTIFY payloads are limited to 8000 bytes; our events are a few hundred.
const MAX_PAYLOAD = 7900

export interface PgEventBusOptions {
  url: string
  onError?: (err: unknown) => void
}

export class PgEventBus implements EventBus {
  private readonly local = new InMemoryEventBus()
  private readonly instance = newId()
  private client: Pg.Client | undefined
  private connecting: Promise<void> | undefined
  private closed = false
  private pending: string[] = []
  // @NOTE one query at a time on the LISTEN client (pg deprecates overlapping queries on one client).
  private sending: Promise<unknown> = Promise.resolve()

  constructor(private readonly opts: PgEventBusOptions) {}

  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      const pg = createRequire(import.meta.url)('pg') as typeof Pg
      const client = new pg.Client({ connectionString: this.opts.url })
      client.on('error', (err) => this.opts.onError?.(err))
      client.on('notification', (msg) => {
        if (msg.channel !== CHANNEL || !msg.payload) return
        try {
          const { from, event } = JSON.parse(msg.payload) as { from: string; event: LiveEvent }
          if (from !== this.instance) this.local.deliver(event)
        } catch {}
      })
      await client.connect()
      await client.query(`LISTEN ${CHANNEL}`)
      this.client = client
      const queued = this.pending
      this.pending = []
      for (const p of queued) await client.query('SELECT pg_notify($1, $2)', [CHANNEL, p])
    })().catch((err: unknown) => {
      this.connecting = undefined
      this.opts.onError?.(err)
    })
    return this.connecting
  }

  publish(event: LiveEvent): void {
    this.local.deliver(event)
    if (this.closed) return
    const payload = JSON.stringify({ from: this.instance, event })
    if (payload.length > MAX_PAYLOAD) return
    if (!this.client) {
      this.pending.push(payload)
      void this.connect()
      return
    }
    // @NOTE one query at a time on the connection (pg deprecates queueing a query behind another).
    const client = this.client
    this.sending = this.sending.then(() =>
      client
        .query('SELECT pg_notify($1, $2)', [CHANNEL, payload])
        .catch((err: unknown) => this.opts.onError?.(err)),
    )
  }

  subscribe(workspaceId: string, listener: LiveEventListener): () => void {
    void this.connect()
    return this.local.subscribe(workspaceId, listener)
  }

  /** Resolves once the LISTEN connection is up (tests wait for it before publishing elsewhere). */
  ready(): Promise<void> {
    return this.connect()
  }

  async close(): Promise<void> {
    this.closed = true
    await this.local.close()
    const c = this.client
    this.client = undefined
    await this.sending
    if (c) await c.end().catch(() => {})
  }
}

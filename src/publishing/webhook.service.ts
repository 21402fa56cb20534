/**
 * Signed outgoing webhooks for post.published, post.failed and post.unknown.
 *
 * Each request carries `townhall-signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` computed with
 * the webhook's secret over `<t>.<raw body>`; receivers recompute it and reject old timestamps.
 * Deliveries are jobs (retried with backoff) and every attempt is logged. Secrets are sealed at rest.
 */
import { createHmac } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import { newId, newSecret } from '../core/ids.js'
import { OutboundBlockedError, type OutboundClient } from '../core/outbound/outbound.client.js'
import type { Sealer } from '../core/seal.js'
import type { Database } from '../db/schema.js'
import type { JobContext, JobQueue } from '../jobs/queue.port.js'
import { WEBHOOK_MAX_ATTEMPTS, type WebhookPayload, webhookJob } from './publish.jobs.js'
import type { WebhookDeliveriesTable, WebhooksTable } from './publishing.tables.js'

export const WEBHOOK_EVENTS = [
  'post.published',
  'post.failed',
  'post.unknown',
  'conversation.sla_breached',
] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]

export const SIGNATURE_HEADER = 'townhall-signature'
const TIMEOUT_MS = 10_000

export interface Webhook {
  id: string
  url: string
  events: WebhookEvent[]
  active: boolean
  description: string | null
  createdAt: number
  updatedAt: number
}

export interface WebhookDelivery {
  id: string
  webhookId: string
  event: string
  eventId: string
  state: 'pending' | 'delivered' | 'failed'
  attempts: number
  lastStatus: number | null
  lastError: string | null
  createdAt: number
  deliveredAt: number | null
}

/** The signature header value for `body` sent at `timestampSeconds`. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')
  return `t=${timestampSeconds},v1=${v1}`
}

/** Checks a signature header as a receiver would; `toleranceSeconds` bounds replay. */
export function verifyWebhook(
  secret: string,
  header: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=') as [string, string]))
  const t = Number(parts.t)
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false
  return signWebhook(secret, t, body) === `t=${t},v1=${parts.v1}`
}

const toWebhook = (r: Selectable<WebhooksTable>): Webhook => ({
  id: r.id,
  url: r.url,
  events: JSON.parse(r.events) as WebhookEvent[],
  active: r.active === 1,
  description: r.description,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
})

const toDelivery = (r: Selectable<WebhookDeliveriesTable>): WebhookDelivery => ({
  id: r.id,
  webhookId: r.webhook_id,
  event: r.event,
  eventId: r.event_id,
  state: r.state as WebhookDelivery['state'],
  attempts: r.attempts,
  lastStatus: r.last_status,
  lastError: r.last_error,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at,
})

export class WebhookService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly queue: JobQueue,
    private readonly sealer: Sealer,
    private readonly clock: Clock,
    private readonly outbound: Pick<OutboundClient, 'fetch' | 'refusal'>,
  ) {}

  /** The target as given, or a validation error: http(s) only, and never an internal address. */
  private async checkUrl(url: string): Promise<string> {
    const refusal = await this.outbound.refusal(url)
    if (refusal) throw invalid('url', refusal)
    return url
  }

  async list(workspaceId: string): Promise<Webhook[]> {
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('id')
      .execute()
    return rows.map(toWebhook)
  }

  private async row(workspaceId: string, id: string) {
    const r = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!r) throw notFound('webhook')
    return r
  }

  async get(workspaceId: string, id: string): Promise<Webhook> {
    return toWebhook(await this.row(workspaceId, id))
  }

  /** Creates a webhook; the signing secret is returned this once. */
  async create(
    workspaceId: string,
    input: { url: string; events: WebhookEvent[]; description?: string | null },
  ): Promise<{ webhook: Webhook; secret: string }> {
    const now = this.clock.now()
    const id = newId(now)
    const secret = `whsec_${newSecret(32)}`
    await this.db
      .insertInto('webhooks')
      .values({
        id,
        workspace_id: workspaceId,
        url: await this.checkUrl(input.url),
        events: JSON.stringify([...new Set(input.events)]),
        secret_sealed: this.sealer.seal(secret, id),
        active: 1,
        description: input.description ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    this.activeCache.delete(workspaceId)
    return { webhook: await this.get(workspaceId, id), secret }
  }

  async update(
    workspaceId: string,
    id: string,
    patch: { url?: string; events?: WebhookEvent[]; active?: boolean; description?: string | null },
  ): Promise<Webhook> {
    await this.row(workspaceId, id)
    await this.db
      .updateTable('webhooks')
      .set({
        ...(patch.url !== undefined && { url: await this.checkUrl(patch.url) }),
        ...(patch.events !== undefined && { events: JSON.stringify([...new Set(patch.events)]) }),
        ...(patch.active !== undefined && { active: patch.active ? 1 : 0 }),
        ...(patch.description !== undefined && { description: patch.description }),
        updated_at: this.clock.now(),
      })
      .where('id', '=', id)
      .execute()
    this.activeCache.delete(workspaceId)
    return this.get(workspaceId, id)
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    await this.row(workspaceId, id)
    await this.db.deleteFrom('webhooks').where('id', '=', id).execute()
    this.activeCache.delete(workspaceId)
  }

  async deliveries(workspaceId: string, webhookId: string, limit = 100): Promise<WebhookDelivery[]> {
    await this.row(workspaceId, webhookId)
    const rows = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
    return rows.map(toDelivery)
  }

  private readonly activeCache = new Map<string, { rows: Selectable<WebhooksTable>[]; until: number }>()

  /**
   * Active webhooks of a workspace, cached briefly so a burst of publications reads them once.
   * @NOTE changes made in this process clear the cache; another process sees them within 2 s.
   */
  private async active(workspaceId: string): Promise<Selectable<WebhooksTable>[]> {
    const now = Date.now()
    const hit = this.activeCache.get(workspaceId)
    if (hit && hit.until > now) return hit.rows
    const rows = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('active', '=', 1)
      .execute()
    if (this.activeCache.size > 1000) this.activeCache.clear()
    this.activeCache.set(workspaceId, { rows, until: now + 2000 })
    return rows
  }

  /**
   * Records `event` for every active webhook that wants it and queues its delivery. `data` may be a
   * function, so it is only loaded when some webhook wants the event.
   */
  async emit(
    workspaceId: string,
    event: WebhookEvent,
    data: Record<string, unknown> | (() => Promise<Record<string, unknown>>),
  ): Promise<void> {
    const hooks = (await this.active(workspaceId)).filter((h) =>
      (JSON.parse(h.events) as string[]).includes(event),
    )
    if (hooks.length === 0) return
    const now = this.clock.now()
    const eventId = newId(now)
    const body = JSON.stringify({
      id: eventId,
      type: event,
      createdAt: now,
      workspaceId,
      data: typeof data === 'function' ? await data() : data,
    })
    for (const h of hooks) {
      const id = newId(now)
      await this.db
        .insertInto('webhook_deliveries')
        .values({
          id,
          workspace_id: workspaceId,
          webhook_id: h.id,
          event,
          event_id: eventId,
          payload: body,
          state: 'pending',
          attempts: 0,
          last_status: null,
          last_error: null,
          created_at: now,
          updated_at: now,
          delivered_at: null,
        })
        .execute()
      await this.queue.enqueue(
        webhookJob,
        { deliveryId: id },
        { dedupeKey: `webhook:${id}`, maxAttempts: WEBHOOK_MAX_ATTEMPTS },
      )
    }
  }

  /** The job handler: one signed POST; non-2xx or no answer retries with backoff, then fails. */
  async deliver(payload: WebhookPayload, job: JobContext): Promise<void> {
    const d = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('id', '=', payload.deliveryId)
      .executeTakeFirst()
    if (d?.state !== 'pending') return
    const hook = await this.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', d.webhook_id)
      .executeTakeFirst()
    if (!hook) return
    const secret = this.sealer.open(hook.secret_sealed, hook.id)
    const t = Math.floor(this.clock.now() / 1000)
    let status: number | null = null
    let error: string | null = null
    let blocked = false
    try {
      const res = await this.outbound.fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Townhall-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhook(secret, t, d.payload),
          'townhall-event': d.event,
          'townhall-event-id': d.event_id,
          'townhall-delivery': d.id,
        },
        body: d.payload,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      })
      status = res.status
      await res.body?.cancel().catch(() => {})
      if (res.status < 200 || res.status >= 300) error = `answered ${res.status}`
    } catch (err) {
      error = err instanceof Error ? err.message : String(err)
      // @NOTE a target that resolves to an internal address is not retried (and reports no status).
      blocked = err instanceof OutboundBlockedError
      if (blocked) error = `refused: ${error}`
    }
    const now = this.clock.now()
    const last = blocked || job.attempt >= WEBHOOK_MAX_ATTEMPTS
    await this.db
      .updateTable('webhook_deliveries')
      .set({
        attempts: job.attempt,
        last_status: status,
        last_error: error,
        state: error === null ? 'delivered' : last ? 'failed' : 'pending',
        delivered_at: error === null ? now : null,
        updated_at: now,
      })
      .where('id', '=', d.id)
      .execute()
    if (error !== null && !last) throw new Error(`webhook ${hook.url} ${error}`)
  }
}

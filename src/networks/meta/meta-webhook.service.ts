/**
 * Meta webhooks (Page `feed` and `messages`, Instagram `comments` and `messages`): the subscription
 * handshake (`hub.challenge` with the app's verify token) and deliveries, each checked against
 * `X-Hub-Signature-256` (HMAC-SHA256 of the raw body with the app secret, compared in constant time)
 * before anything in it is used. Accepted items go into the inbox's one ingest pipeline.
 *
 * @NOTE one webhook URL serves every workspace of the install: a delivery names its Pages and
 * Instagram accounts (`entry[].id`), those name the channels, and the channels' workspaces name the
 * Meta apps whose secrets may have signed it. The body is parsed (size-capped) to find them but
 * nothing in it is trusted until a secret verifies the signature.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database } from '../../db/schema.js'
import type { ActivityMessage } from '../network.port.js'
import type { OAuthApp } from '../oauth/oauth.provider.js'
import { instagramEntry, type MetaEntry, pageEntry } from './meta-webhook.activity.js'

/** Largest delivery accepted; Meta batches up to 1,000 changes, far below this. */
export const MAX_WEBHOOK_BYTES = 1_000_000
const OBJECTS = { page: 'facebook', instagram: 'instagram' } as const

/** The channel a pushed batch belongs to (the inbox's IngestChannel). */
export interface WebhookChannel {
  id: string
  workspaceId: string
  presenceId: string
  network: string
  remoteAccountId: string | null
}

export interface MetaWebhookDeps {
  db: Kysely<Database>
  /** The workspace's Meta app, or the install's (OAuthAppStore.resolve). */
  resolveApp(workspaceId: string): Promise<OAuthApp | null>
  /** Every workspace with a Meta app of its own (for the handshake). */
  workspacesWithApp(): Promise<string[]>
  /** The install-wide Meta app (TOWNHALL_META_APP_ID/SECRET), if any. */
  installApp(): Promise<OAuthApp | null>
  /** The inbox's ingest pipeline (dedupe, threading, triage, rules, SLA). */
  ingest(
    channel: WebhookChannel,
    messages: ActivityMessage[],
  ): Promise<{ stored: number; duplicates: number }>
}

export type DeliveryOutcome =
  | { status: 200; object: string; stored: number; duplicates: number; ignored: number; channels: number }
  | { status: 400 | 401 | 413; reason: string; object?: string; bytes: number }

/**
 * The verify token Meta is given for an app: the app's own setting (`extra.webhookVerifyToken`) or,
 * by default, derived from its secret, so nothing more is stored and Settings can show it.
 */
export function metaVerifyToken(app: OAuthApp): string {
  return (
    app.endpoints.extra?.webhookVerifyToken ??
    createHmac('sha256', app.clientSecret).update('townhall:meta-webhook-verify').digest('hex').slice(0, 32)
  )
}

/** `sha256=<hex>` of `body` with `secret`. */
export function metaSignature(secret: string, body: string | Uint8Array): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

interface ChannelRow {
  id: string
  workspace_id: string
  presence_id: string
  network: string
  remote_account_id: string | null
  handle: string
  display_name: string | null
}

export class MetaWebhookService {
  constructor(private readonly deps: MetaWebhookDeps) {}

  private async apps(): Promise<OAuthApp[]> {
    const apps: OAuthApp[] = []
    for (const ws of await this.deps.workspacesWithApp()) {
      const app = await this.deps.resolveApp(ws)
      if (app) apps.push(app)
    }
    const install = await this.deps.installApp()
    if (install) apps.push(install)
    return apps
  }

  /** The subscription handshake: the challenge to echo when the token is one of our apps', else null. */
  async challenge(
    mode: string | undefined,
    token: string | undefined,
    challenge: string | undefined,
  ): Promise<string | null> {
    if (mode !== 'subscribe' || !token || !challenge) return null
    for (const app of await this.apps()) if (sameText(metaVerifyToken(app), token)) return challenge
    return null
  }

  /** One delivery: checked, then ingested per channel. Never throws for bad input; says why instead. */
  async deliver(raw: Uint8Array, signature: string | undefined): Promise<DeliveryOutcome> {
    const bytes = raw.byteLength
    if (bytes > MAX_WEBHOOK_BYTES)
      return { status: 413, reason: `the body is over ${MAX_WEBHOOK_BYTES} bytes`, bytes }
    if (!signature?.startsWith('sha256='))
      return { status: 401, reason: 'X-Hub-Signature-256 is missing', bytes }
    let body: { object?: unknown; entry?: unknown }
    try {
      body = JSON.parse(Buffer.from(raw).toString('utf8')) as typeof body
    } catch {
      return { status: 400, reason: 'the body is not JSON', bytes }
    }
    if (!body || typeof body !== 'object' || !Array.isArray(body.entry))
      return { status: 400, reason: 'the body has no entry list', bytes }
    const object = typeof body.object === 'string' ? body.object : ''
    const network = OBJECTS[object as keyof typeof OBJECTS]
    const entries = (body.entry as MetaEntry[]).filter(
      (e) => e && typeof e === 'object' && typeof e.id === 'string',
    )
    // @NOTE for an object type we do not take, the entries' accounts still name the apps that may have signed it.
    const channels = await this.channelsFor(
      network ? [network] : Object.values(OBJECTS),
      entries.map((e) => e.id as string),
    )
    const secrets = new Set<string>()
    for (const ws of new Set(channels.map((c) => c.workspace_id))) {
      const app = await this.deps.resolveApp(ws)
      if (app) secrets.add(app.clientSecret)
    }
    const install = await this.deps.installApp()
    if (install) secrets.add(install.clientSecret)
    const signed = [...secrets].some((secret) => sameText(metaSignature(secret, raw), signature))
    if (!signed) return { status: 401, reason: 'the signature does not match any Meta app', object, bytes }
    if (!network)
      return { status: 400, reason: `object "${object}" is not one Townhall subscribes to`, object, bytes }

    const out = { status: 200 as const, object, stored: 0, duplicates: 0, ignored: 0, channels: 0 }
    for (const ch of channels) {
      const mine = entries.filter((e) => e.id === ch.remote_account_id)
      const messages: ActivityMessage[] = []
      for (const e of mine) {
        const got =
          network === 'facebook'
            ? pageEntry(e, ch.remote_account_id as string, ch.display_name ?? ch.handle)
            : instagramEntry(e, ch.remote_account_id as string, ch.handle)
        messages.push(...got.messages)
        out.ignored += got.ignored
      }
      if (messages.length === 0) continue
      const res = await this.deps.ingest(
        {
          id: ch.id,
          workspaceId: ch.workspace_id,
          presenceId: ch.presence_id,
          network: ch.network,
          remoteAccountId: ch.remote_account_id,
        },
        messages,
      )
      out.stored += res.stored
      out.duplicates += res.duplicates
      out.channels++
    }
    return out
  }

  private async channelsFor(networks: string[], accountIds: string[]): Promise<ChannelRow[]> {
    if (accountIds.length === 0) return []
    return this.deps.db
      .selectFrom('channels')
      .select(['id', 'workspace_id', 'presence_id', 'network', 'remote_account_id', 'handle', 'display_name'])
      .where('network', 'in', networks)
      .where('remote_account_id', 'in', [...new Set(accountIds)])
      .where('status', 'not in', ['disconnected'])
      .execute()
  }
}

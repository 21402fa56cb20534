/**
 * Which adapter implements which network. Built once in the composition root; the rest of the app
 * asks for a network by id ('sandbox', 'bluesky') and never imports an adapter.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid } from '../core/errors.js'
import type { OutboundFetch } from '../core/outbound/outbound.client.js'
import type { Database } from '../db/schema.js'
import { BLUESKY_CAPABILITIES } from './bluesky/bluesky.capabilities.js'
import type { BlueskyCredentials } from './bluesky/bluesky.network.js'
import { FACEBOOK_CAPABILITIES } from './facebook/facebook.capabilities.js'
import { INSTAGRAM_CAPABILITIES } from './instagram/instagram.capabilities.js'
import { DEFAULT_GRAPH_URL } from './meta/graph.client.js'
import { FACEBOOK_OAUTH, INSTAGRAM_OAUTH } from './meta/meta.oauth.js'
import { type Network, type NetworkCapabilities, NetworkError } from './network.port.js'
import { GRANT_FIELD, OAuthProviders, readGrant } from './oauth/oauth.provider.js'
import type { OAuthAppStore } from './oauth/oauth-app.store.js'
import { OAuthSession } from './oauth/oauth-session.js'
import { SANDBOX_CAPABILITIES, SandboxNetwork } from './sandbox/sandbox.network.js'
import type { SandboxWorlds } from './sandbox/sandbox.world.js'
import { X_CAPABILITIES } from './x/x.capabilities.js'
import { sharedXBudgets, XClient } from './x/x.client.js'
import { X_OAUTH } from './x/x.oauth.js'

/** What an adapter is built from: the channel (or the one being connected) and its opened credentials. */
export interface NetworkOpenInput {
  /** Null while connecting, before the channel exists. */
  channelId: string | null
  /** The channel's workspace when the caller knows it (OAuth networks find their app by it). */
  workspaceId?: string
  handle: string
  displayName: string | null
  /** Opened (unsealed) credentials; only adapters see them. */
  credentials: Record<string, unknown>
  /** Non-secret, network-specific settings (service URL, Sandbox world…). */
  settings: Record<string, unknown>
  /** Seals changed credentials again (a refreshed session). */
  saveCredentials(credentials: Record<string, unknown>): Promise<void>
  /** The credentials as stored now (another process may have refreshed a token meanwhile). */
  reloadCredentials?(): Promise<Record<string, unknown> | undefined>
}

export interface NetworkDefinition {
  id: string
  /** Shown to people: "Bluesky", "Sandbox". */
  label: string
  capabilities: NetworkCapabilities
  create(input: NetworkOpenInput): Promise<Network>
}

export class NetworkRegistry {
  private readonly defs = new Map<string, NetworkDefinition>()

  /** Adds (or replaces, in tests) a network. */
  register(def: NetworkDefinition): this {
    this.defs.set(def.id, def)
    return this
  }

  has(id: string): boolean {
    return this.defs.has(id)
  }

  /** The definition of `id`; a validation error naming the known networks otherwise. */
  get(id: string): NetworkDefinition {
    const def = this.defs.get(id)
    if (!def) throw invalid('network', `must be one of ${[...this.defs.keys()].join(', ')}`)
    return def
  }

  list(): NetworkDefinition[] {
    return [...this.defs.values()]
  }

  create(id: string, input: NetworkOpenInput): Promise<Network> {
    return this.get(id).create(input)
  }
}

export interface BuiltInNetworkDeps {
  db: Kysely<Database>
  clock: Clock
  worlds: SandboxWorlds
  /** Deadline of one network call. */
  timeoutMs?: number
  /** The guarded outbound client's fetch: every network API request goes through it. */
  fetch: OutboundFetch
  /** Townhall's public URL, for links to the Sandbox's own view of its posts. */
  publicUrl?: string
  /** OAuth apps of workspaces and the install (X, Meta). */
  oauthApps: OAuthAppStore
}

/** OAuth connect definitions of the networks that use it (oauth/oauth.provider.ts). */
export function createOAuthProviders(): OAuthProviders {
  return new OAuthProviders().register(X_OAUTH).register(FACEBOOK_OAUTH).register(INSTAGRAM_OAUTH)
}

/**
 * What both Meta adapters are built from: the Page token, the Graph URL (the channel's setting, else
 * the Meta app's API base, else graph.facebook.com/v25.0), the app secret for `appsecret_proof`, and a
 * pause that is written to the channel row, so every worker process honours a nearly spent budget.
 */
async function metaBase(deps: BuiltInNetworkDeps, input: NetworkOpenInput, label: string) {
  const app = await deps.oauthApps.resolve(await workspaceOf(deps, input), 'meta')
  const token = str(input.credentials.pageAccessToken)
  if (!token)
    throw new NetworkError(
      { kind: 'auth-expired' },
      `This ${label} channel has no Page access token; reconnect it`,
    )
  const channelId = input.channelId
  return {
    token,
    baseUrl: str(input.settings.graphUrl) ?? app?.endpoints.apiBaseUrl ?? DEFAULT_GRAPH_URL,
    appSecret: app?.clientSecret,
    timeoutMs: deps.timeoutMs,
    fetch: deps.fetch,
    onPause: async (ms: number) => {
      if (!channelId) return
      await deps.db
        .updateTable('channels')
        .set({ rate_limited_until: deps.clock.now() + ms })
        .where('id', '=', channelId)
        .execute()
    },
  }
}

/** The workspace of a channel being opened (the caller's, or the channel row's). */
async function workspaceOf(deps: BuiltInNetworkDeps, input: NetworkOpenInput): Promise<string> {
  if (input.workspaceId) return input.workspaceId
  const row = input.channelId
    ? await deps.db
        .selectFrom('channels')
        .select('workspace_id')
        .where('id', '=', input.channelId)
        .executeTakeFirst()
    : undefined
  if (!row) throw invalid('channelId', 'is not a channel')
  return row.workspace_id
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined
}

/** The registry with the built-in networks: the Sandbox and Bluesky. */
export function createNetworkRegistry(deps: BuiltInNetworkDeps): NetworkRegistry {
  return new NetworkRegistry()
    .register({
      id: 'sandbox',
      label: 'Sandbox',
      capabilities: SANDBOX_CAPABILITIES,
      async create(input) {
        // @NOTE a channel's world id is in its settings; the channel id is the fallback for rows without one.
        const worldId = str(input.settings.worldId) ?? input.channelId
        if (!worldId) throw invalid('settings.worldId', 'is required for a Sandbox channel')
        return new SandboxNetwork(deps.db, deps.worlds, deps.clock, worldId, deps.timeoutMs, deps.publicUrl)
      },
    })
    .register({
      id: 'bluesky',
      label: 'Bluesky',
      capabilities: BLUESKY_CAPABILITIES,
      async create(input) {
        const identifier = str(input.credentials.identifier) ?? input.handle
        const appPassword = str(input.credentials.appPassword) ?? ''
        const session = input.credentials.session as BlueskyCredentials['session']
        // @NOTE loaded on first use: @atproto/api is a large module graph that would slow every start.
        const { BlueskyNetwork } = await import('./bluesky/bluesky.network.js')
        return new BlueskyNetwork({
          serviceUrl: str(input.settings.serviceUrl) ?? 'https://bsky.social',
          webUrl: str(input.settings.webUrl),
          credentials: { identifier, appPassword, ...(session ? { session } : {}) },
          saveCredentials: (c) => input.saveCredentials({ ...c }),
          timeoutMs: deps.timeoutMs,
          fetch: deps.fetch,
        })
      },
    })
    .register({
      id: 'x',
      label: 'X',
      capabilities: X_CAPABILITIES,
      async create(input) {
        const app = await deps.oauthApps.resolve(await workspaceOf(deps, input), 'x')
        if (!app)
          throw new NetworkError(
            { kind: 'auth-expired' },
            'No X app is set up for this workspace any more: enter its client id and secret in Settings → Network apps, then reconnect',
          )
        const grant = readGrant(input.credentials)
        if (!grant)
          throw new NetworkError(
            { kind: 'auth-expired' },
            'This X channel has no authorization; reconnect it',
          )
        const now = () => deps.clock.now()
        const session = new OAuthSession({
          app,
          provider: X_OAUTH,
          grant,
          save: (g) => input.saveCredentials({ ...input.credentials, [GRANT_FIELD]: g }),
          reload: input.reloadCredentials
            ? async () => {
                const c = await input.reloadCredentials?.()
                return c ? readGrant(c) : null
              }
            : undefined,
          fetch: deps.fetch,
          now,
        })
        const timeoutMs = deps.timeoutMs ?? 20_000
        const { XNetwork } = await import('./x/x.network.js')
        return new XNetwork({
          client: new XClient({
            apiBaseUrl: app.endpoints.apiBaseUrl,
            session,
            fetch: deps.fetch,
            budgets: sharedXBudgets,
            budgetScope: input.channelId ?? `new:${str(input.settings.userId) ?? input.handle}`,
            timeoutMs,
            now,
          }),
          userId: str(input.settings.userId) ?? null,
          username: input.handle || null,
          subscriptionType: str(input.settings.subscriptionType) ?? null,
          timeoutMs,
          now,
        })
      },
    })
    .register({
      id: 'facebook',
      label: 'Facebook',
      capabilities: FACEBOOK_CAPABILITIES,
      async create(input) {
        const pageId = str(input.settings.pageId)
        if (!pageId) throw invalid('settings.pageId', 'is required for a Facebook channel')
        const { token, ...base } = await metaBase(deps, input, 'Facebook')
        const { FacebookNetwork } = await import('./facebook/facebook.network.js')
        return new FacebookNetwork({ ...base, pageId, pageAccessToken: token })
      },
    })
    .register({
      id: 'instagram',
      label: 'Instagram',
      capabilities: INSTAGRAM_CAPABILITIES,
      async create(input) {
        const igUserId = str(input.settings.igUserId)
        const pageId = str(input.settings.pageId)
        if (!igUserId) throw invalid('settings.igUserId', 'is required for an Instagram channel')
        if (!pageId)
          throw invalid('settings.pageId', 'is required for an Instagram channel (its linked Page)')
        const { token, ...base } = await metaBase(deps, input, 'Instagram')
        const { InstagramNetwork } = await import('./instagram/instagram.network.js')
        return new InstagramNetwork({ ...base, igUserId, pageId, accessToken: token })
      },
    })
}

/**
 * What a network tells the OAuth connect infrastructure (src/networks/oauth/) so that its channels can
 * be connected with an authorization-code grant (PKCE + state, oauth4webapi). One `OAuthProvider` per
 * channel network ('x', 'facebook', 'instagram'); several networks may share one developer app
 * (`app: 'meta'` for Facebook and Instagram), whose credentials an owner/admin enters once in Settings
 * (or the install sets through TOWNHALL_X_CLIENT_ID/SECRET, TOWNHALL_META_APP_ID/SECRET).
 *
 * How a network plugs in (the Meta adapters do exactly this):
 * 1. Write an `OAuthProvider` (endpoints with the real network's defaults, scopes, client auth, PKCE,
 *    and `accounts()`, which turns the token response into the account(s) the grant reaches: X returns
 *    the one user; Facebook returns the Pages the person manages, each with its Page token).
 * 2. Register it: `oauthProviders.register(provider)` in src/networks/network.registry.ts next to the
 *    adapter's `NetworkDefinition` (same `network` id).
 * 3. In the adapter, read the grant from the channel's credentials with `readGrant()` and get a fresh
 *    access token from an `OAuthSession` (refresh before expiry, `auth-expired` when the grant is
 *    revoked, which turns the channel into Needs reconnect and notifies owners/admins).
 *
 * The flow (oauth-connect.service.ts): POST …/oauth/{network}/start → the network's consent page →
 * GET /oauth/callback/{network} (the exact URL Settings shows) → one account: the channel is created;
 * several: the person picks one in the Connect dialog (POST …/oauth/pending/{id}).
 */
import type { OutboundFetch } from '../../core/outbound/outbound.client.js'

/** Every URL of one app. Each is configurable per workspace app; defaults are the real network's. */
export interface OAuthEndpoints {
  /** Where the browser is sent for consent, e.g. https://x.com/i/oauth2/authorize. */
  authorizationUrl: string
  /** Code → token and refresh, e.g. https://api.x.com/2/oauth2/token. */
  tokenUrl: string
  /** Token revocation (RFC 7009) where the network has it. */
  revocationUrl?: string
  /** The network's API base, e.g. https://api.x.com (adapters build every request on it). */
  apiBaseUrl: string
  /**
   * The authorization server's issuer, checked against an `iss` callback parameter (RFC 9207) when the
   * server sends one. Default: the origin of `authorizationUrl`.
   */
  issuer?: string
  /** Network-specific extra URLs (Meta: graph video or upload hosts), passed through untouched. */
  extra?: Record<string, string>
}

/** One app's credentials as the flow and the adapters use them (the secret opened, in memory only). */
export interface OAuthApp {
  /** 'x' | 'meta' */
  app: string
  clientId: string
  clientSecret: string
  endpoints: OAuthEndpoints
  /** Where the credentials came from. */
  source: 'workspace' | 'environment'
}

/** A token endpoint's answer, normalised. */
export interface OAuthGrant {
  accessToken: string
  refreshToken: string | null
  /** Epoch ms; null when the network did not say (long-lived Page tokens). */
  expiresAt: number | null
  scope: string[]
  tokenType: string
}

/** One account a grant reaches, ready to become a channel. */
export interface OAuthAccountChoice {
  remoteId: string
  handle: string
  displayName: string | null
  avatarUrl: string | null
  followerCount: number | null
  /** Shown in the picker under the name, e.g. "Facebook Page · Retail". */
  description?: string
  /**
   * Sealed as the channel's credentials. Put the user grant under `oauth` (see `grantCredentials`) when
   * the adapter should refresh it; add what else the adapter needs (a Page token, the IG user id).
   */
  credentials: Record<string, unknown>
  /** Non-secret channel settings (API base URL, Page id…). */
  settings: Record<string, unknown>
}

/** What `accounts()` may use: the guarded outbound fetch (never a plain one) and the app. */
export interface OAuthProviderIo {
  fetch: OutboundFetch
  app: OAuthApp
  now(): number
}

export interface OAuthProvider {
  /** The channel network this provider connects: 'x', 'facebook', 'instagram'. */
  network: string
  /** The developer app it uses: 'x' or 'meta'. Several providers may share one. */
  app: string
  /** "X", "Facebook Page", "Instagram". */
  label: string
  /** The real network's URLs. */
  defaults: OAuthEndpoints
  /** Scopes requested, in the network's spelling. */
  scopes: string[]
  /** Why each scope is requested, shown in Settings next to it. */
  scopeReasons: Record<string, string>
  /** Scope separator in the authorization request (X and Meta: a space; Meta also takes commas). */
  scopeSeparator?: string
  /** Send S256 PKCE (X requires it; Facebook Login accepts it). */
  pkce: boolean
  /** How the client authenticates at the token endpoint: HTTP Basic (X) or in the body (Meta). */
  clientAuth: 'basic' | 'post'
  /** Extra authorization request parameters (Meta: `auth_type=rerequest`…). */
  authorizationParams?: Record<string, string>
  /** Whether the grant carries a refresh token that `OAuthSession` should use before expiry. */
  refreshable: boolean
  /** Settings shows it as the webhook URL to paste in the developer portal, when the network pushes. */
  webhookPath?: string
  /** The developer portal where the app is created (Settings links to it). */
  portalUrl: string
  /**
   * The account(s) this grant reaches. Throw a NetworkError (auth-expired, permission as
   * invalid-content…) to send the person back with a clear message.
   */
  accounts(grant: OAuthGrant, io: OAuthProviderIo): Promise<OAuthAccountChoice[]>
}

/** Provider list, keyed by channel network. */
export class OAuthProviders {
  private readonly byNetwork = new Map<string, OAuthProvider>()

  register(provider: OAuthProvider): this {
    this.byNetwork.set(provider.network, provider)
    return this
  }

  get(network: string): OAuthProvider | undefined {
    return this.byNetwork.get(network)
  }

  list(): OAuthProvider[] {
    return [...this.byNetwork.values()]
  }

  /** The providers using one developer app ('meta' → facebook, instagram). */
  ofApp(app: string): OAuthProvider[] {
    return this.list().filter((p) => p.app === app)
  }

  apps(): string[] {
    return [...new Set(this.list().map((p) => p.app))]
  }
}

/** The channel credentials' field holding the user grant. */
export const GRANT_FIELD = 'oauth'

/** `{ oauth: grant }`, the shape `readGrant` and `OAuthSession` expect in a channel's credentials. */
export function grantCredentials(grant: OAuthGrant): Record<string, unknown> {
  return { [GRANT_FIELD]: { ...grant } }
}

/** The grant stored in a channel's credentials, or null when there is none (or it is malformed). */
export function readGrant(credentials: Record<string, unknown>): OAuthGrant | null {
  const g = credentials[GRANT_FIELD] as Partial<OAuthGrant> | undefined
  if (!g || typeof g.accessToken !== 'string' || g.accessToken.length === 0) return null
  return {
    accessToken: g.accessToken,
    refreshToken: typeof g.refreshToken === 'string' ? g.refreshToken : null,
    expiresAt: typeof g.expiresAt === 'number' ? g.expiresAt : null,
    scope: Array.isArray(g.scope) ? g.scope.filter((s): s is string => typeof s === 'string') : [],
    tokenType: typeof g.tokenType === 'string' ? g.tokenType : 'bearer',
  }
}

/**
 * Connects a channel through OAuth 2.0 authorization code + PKCE + state (oauth4webapi). The state,
 * the PKCE verifier and who asked are sealed into a short-lived cookie bound to the network, so the
 * callback proves it answers a request this browser started for this user; the tokens are sealed with
 * the channel's credentials. Contract for networks: oauth.provider.ts.
 */
import type { Kysely } from 'kysely'
import * as oauth from 'oauth4webapi'
import type { Clock } from '../../core/clock.js'
import { DomainError, invalid, notFound } from '../../core/errors.js'
import { newId } from '../../core/ids.js'
import type { OutboundFetch } from '../../core/outbound/outbound.client.js'
import type { Sealer } from '../../core/seal.js'
import type { Database } from '../../db/schema.js'
import type { Channel } from '../../presence/channel.service.js'
import type { ChannelConnectService } from '../channel-connect.service.js'
import type { OAuthAccountChoice, OAuthProvider, OAuthProviders } from './oauth.provider.js'
import type { OAuthAppStore } from './oauth-app.store.js'
import { oauthClient, toGrant, tokenError } from './oauth-client.js'

/** How long a person has to finish the consent screen, and to pick an account afterwards. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000

/** Name of the cookie that carries one network's sealed authorization request. */
export const stateCookieName = (network: string) => `th_oauth_${network}`

interface SealedState {
  state: string
  verifier: string
  workspaceId: string
  presenceId: string
  userId: string
  expiresAt: number
}

export type OAuthCompletion =
  | { kind: 'connected'; workspaceId: string; channel: Channel }
  | { kind: 'choose'; workspaceId: string; pendingId: string }

/** An account to pick, as the browser sees it (no credentials). */
export interface OAuthChoiceView {
  remoteId: string
  handle: string
  displayName: string | null
  avatarUrl: string | null
  description: string | null
}

export interface OAuthConnectDeps {
  db: Kysely<Database>
  sealer: Sealer
  clock: Clock
  apps: OAuthAppStore
  providers: OAuthProviders
  connect: ChannelConnectService
  fetch: OutboundFetch
  /** TOWNHALL_PUBLIC_URL: the callback and webhook URLs are built on it. */
  publicUrl: string
}

export class OAuthConnectService {
  constructor(private readonly deps: OAuthConnectDeps) {}

  provider(network: string): OAuthProvider {
    const p = this.deps.providers.get(network)
    if (!p)
      throw invalid(
        'network',
        `must be one of ${this.deps.providers
          .list()
          .map((x) => x.network)
          .join(', ')}`,
      )
    return p
  }

  /** The exact redirect URI to register in the network's developer portal. */
  callbackUrl(network: string): string {
    return `${this.deps.publicUrl}/api/oauth/callback/${network}`
  }

  webhookUrl(provider: OAuthProvider): string | null {
    return provider.webhookPath ? `${this.deps.publicUrl}${provider.webhookPath}` : null
  }

  /**
   * Starts an authorization for `presenceId`: returns the consent URL to send the browser to and the
   * sealed cookie value to set for the callback.
   */
  async start(
    workspaceId: string,
    network: string,
    presenceId: string,
    userId: string,
  ): Promise<{ authorizationUrl: string; cookie: string; maxAgeSeconds: number }> {
    const provider = this.provider(network)
    // @NOTE expired pending choices hold tokens: drop them whenever someone starts a connection.
    await this.prune()
    const presence = await this.deps.db
      .selectFrom('presences')
      .select('id')
      .where('id', '=', presenceId)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!presence) throw notFound('presence')
    const app = await this.deps.apps.resolve(workspaceId, provider.app)
    if (!app)
      throw new DomainError(
        'conflict',
        `No ${provider.label} app is set up yet: an owner or admin enters its client id and secret in Settings → Network apps.`,
      )
    const state = oauth.generateRandomState()
    const verifier = oauth.generateRandomCodeVerifier()
    const url = new URL(app.endpoints.authorizationUrl)
    url.searchParams.set('response_type', 'code')
    url.searchParams.set('client_id', app.clientId)
    url.searchParams.set('redirect_uri', this.callbackUrl(network))
    url.searchParams.set('scope', provider.scopes.join(provider.scopeSeparator ?? ' '))
    url.searchParams.set('state', state)
    if (provider.pkce) {
      url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier))
      url.searchParams.set('code_challenge_method', 'S256')
    }
    for (const [k, v] of Object.entries(provider.authorizationParams ?? {})) url.searchParams.set(k, v)
    const sealed: SealedState = {
      state,
      verifier,
      workspaceId,
      presenceId,
      userId,
      expiresAt: this.deps.clock.now() + OAUTH_STATE_TTL_MS,
    }
    return {
      authorizationUrl: url.toString(),
      cookie: this.deps.sealer.seal(JSON.stringify(sealed), `oauth-state:${network}`),
      maxAgeSeconds: OAUTH_STATE_TTL_MS / 1000,
    }
  }

  private openState(network: string, cookie: string | undefined, userId: string): SealedState {
    const expired = new DomainError(
      'conflict',
      'This connection attempt has expired or was started in another browser. Start it again from Channels.',
    )
    if (!cookie) throw expired
    let s: SealedState
    try {
      s = JSON.parse(this.deps.sealer.open(cookie, `oauth-state:${network}`)) as SealedState
    } catch {
      throw expired
    }
    if (s.expiresAt < this.deps.clock.now() || s.userId !== userId) throw expired
    return s
  }

  /**
   * Handles the redirect back from the network: checks state (and `iss` when sent) through
   * oauth4webapi, exchanges the code with the PKCE verifier, asks the provider which account(s) the
   * grant reaches, and connects the one (or keeps several for the person to pick).
   */
  async complete(
    network: string,
    callback: URL,
    cookie: string | undefined,
    userId: string,
  ): Promise<OAuthCompletion> {
    const provider = this.provider(network)
    const s = this.openState(network, cookie, userId)
    const app = await this.deps.apps.resolve(s.workspaceId, provider.app)
    if (!app)
      throw new DomainError('conflict', `The ${provider.label} app was removed from Settings meanwhile.`)
    const { as, client, auth, options } = oauthClient(app, provider, this.deps.fetch)
    let params: URLSearchParams
    try {
      params = oauth.validateAuthResponse(as, client, callback, s.state)
    } catch (err) {
      if (err instanceof oauth.AuthorizationResponseError) {
        const denied = err.error === 'access_denied'
        throw new DomainError(
          denied ? 'forbidden' : 'conflict',
          denied
            ? `${provider.label} was not connected: the authorization was declined.`
            : `${provider.label} refused the authorization (${err.error}).`,
        )
      }
      throw new DomainError('conflict', `${provider.label}'s answer did not match this connection attempt.`)
    }
    let choices: OAuthAccountChoice[]
    try {
      const res = await oauth.authorizationCodeGrantRequest(
        as,
        client,
        auth,
        params,
        this.callbackUrl(network),
        provider.pkce ? s.verifier : oauth.nopkce,
        options,
      )
      const grant = toGrant(
        await oauth.processAuthorizationCodeResponse(as, client, res),
        this.deps.clock.now(),
      )
      choices = await provider.accounts(grant, {
        fetch: this.deps.fetch,
        app,
        now: () => this.deps.clock.now(),
      })
    } catch (err) {
      const e = tokenError(err, provider.label)
      throw new DomainError(
        e.kind === 'transient' ? 'unavailable' : 'conflict',
        `${provider.label} was not connected: ${e.message}`,
      )
    }
    if (choices.length === 0)
      throw new DomainError('conflict', `${provider.label} gave access to no account that can be connected.`)
    if (choices.length === 1) {
      const channel = await this.connectChoice(s.workspaceId, network, s.presenceId, choices[0]!, userId)
      return { kind: 'connected', workspaceId: s.workspaceId, channel }
    }
    const id = newId(this.deps.clock.now())
    await this.deps.db
      .insertInto('oauth_pending')
      .values({
        id,
        workspace_id: s.workspaceId,
        user_id: userId,
        network,
        presence_id: s.presenceId,
        choices_sealed: this.deps.sealer.seal(JSON.stringify(choices), `oauth-pending:${id}`),
        expires_at: this.deps.clock.now() + OAUTH_STATE_TTL_MS,
      })
      .execute()
    return { kind: 'choose', workspaceId: s.workspaceId, pendingId: id }
  }

  private async pendingRow(workspaceId: string, id: string, userId: string) {
    const row = await this.deps.db
      .selectFrom('oauth_pending')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .executeTakeFirst()
    if (!row || row.expires_at < this.deps.clock.now()) throw notFound('pending connection')
    const choices = JSON.parse(
      this.deps.sealer.open(row.choices_sealed, `oauth-pending:${id}`),
    ) as OAuthAccountChoice[]
    return { row, choices }
  }

  /** The accounts an authorization reached, to pick one. */
  async pending(
    workspaceId: string,
    id: string,
    userId: string,
  ): Promise<{ network: string; presenceId: string; choices: OAuthChoiceView[] }> {
    const { row, choices } = await this.pendingRow(workspaceId, id, userId)
    return {
      network: row.network,
      presenceId: row.presence_id,
      choices: choices.map((c) => ({
        remoteId: c.remoteId,
        handle: c.handle,
        displayName: c.displayName,
        avatarUrl: c.avatarUrl,
        description: c.description ?? null,
      })),
    }
  }

  /** Connects the account picked among a pending authorization's; the others' tokens are dropped. */
  async choose(workspaceId: string, id: string, remoteId: string, userId: string): Promise<Channel> {
    const { row, choices } = await this.pendingRow(workspaceId, id, userId)
    const choice = choices.find((c) => c.remoteId === remoteId)
    if (!choice) throw invalid('remoteId', 'is not one of the accounts this authorization reached')
    const channel = await this.connectChoice(workspaceId, row.network, row.presence_id, choice, userId)
    await this.deps.db.deleteFrom('oauth_pending').where('id', '=', id).execute()
    return channel
  }

  private connectChoice(
    workspaceId: string,
    network: string,
    presenceId: string,
    c: OAuthAccountChoice,
    userId: string,
  ): Promise<Channel> {
    return this.deps.connect.connectAuthorized(
      workspaceId,
      {
        presenceId,
        network,
        handle: c.handle,
        displayName: c.displayName,
        avatarUrl: c.avatarUrl,
        remoteAccountId: c.remoteId,
        followerCount: c.followerCount,
        settings: c.settings,
        credentials: c.credentials,
      },
      { userId },
    )
  }

  /** Drops expired pending choices (their tokens with them). */
  async prune(): Promise<number> {
    const r = await this.deps.db
      .deleteFrom('oauth_pending')
      .where('expires_at', '<', this.deps.clock.now())
      .executeTakeFirst()
    return Number(r.numDeletedRows)
  }
}

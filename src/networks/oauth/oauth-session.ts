/**
 * Keeps one channel's OAuth grant usable: hands out the access token, refreshes it shortly before it
 * expires (and once after a 401), and saves every new grant sealed. A refused refresh is auth-expired,
 * which channel health turns into Needs reconnect with a notification to owners and admins.
 */
import * as oauth from 'oauth4webapi'
import type { OutboundFetch } from '../../core/outbound/outbound.client.js'
import { NetworkError } from '../network.port.js'
import type { OAuthApp, OAuthGrant, OAuthProvider } from './oauth.provider.js'
import { oauthClient, toGrant, tokenError } from './oauth-client.js'

/** Refresh this long before the token expires, so a slow call does not carry a dying token. */
export const REFRESH_MARGIN_MS = 5 * 60_000

export interface OAuthSessionOptions {
  app: OAuthApp
  provider: Pick<OAuthProvider, 'clientAuth' | 'refreshable' | 'label'>
  grant: OAuthGrant
  /** Seals the new grant into the channel's credentials. */
  save(grant: OAuthGrant): Promise<void>
  fetch: OutboundFetch
  now(): number
  /**
   * The grant as stored now (another worker process may have refreshed it meanwhile). Read before a
   * refresh and after a refused one, so a refresh token rotated elsewhere is adopted, not reported
   * as a revoked connection.
   */
  reload?(): Promise<OAuthGrant | null>
}

// @NOTE one refresh per refresh token in this process: X rotates refresh tokens, so two concurrent
// refreshes with the same one would make the second fail with invalid_grant.
const inFlight = new Map<string, Promise<OAuthGrant>>()

export class OAuthSession {
  private current: OAuthGrant

  constructor(private readonly opts: OAuthSessionOptions) {
    this.current = opts.grant
  }

  get grant(): OAuthGrant {
    return this.current
  }

  /** A valid access token, refreshed first when it expires within REFRESH_MARGIN_MS. */
  async token(): Promise<string> {
    const exp = this.current.expiresAt
    if (exp !== null && exp - this.opts.now() <= REFRESH_MARGIN_MS) {
      if (this.opts.provider.refreshable && this.current.refreshToken) await this.refresh()
      else if (exp <= this.opts.now())
        throw new NetworkError(
          { kind: 'auth-expired' },
          `${this.opts.provider.label} access expired; reconnect the channel`,
        )
    }
    return this.current.accessToken
  }

  /** After a 401: refresh once if we can; otherwise the grant is gone (auth-expired). */
  async afterUnauthorized(): Promise<string> {
    if (!this.opts.provider.refreshable || !this.current.refreshToken)
      throw new NetworkError(
        { kind: 'auth-expired' },
        `${this.opts.provider.label} no longer accepts this connection; reconnect the channel`,
      )
    await this.refresh()
    return this.current.accessToken
  }

  /** A stored grant newer than ours (another process refreshed), if any. */
  private async newerStored(rt: string, mustBeFresh: boolean): Promise<OAuthGrant | null> {
    const stored = await this.opts.reload?.().catch(() => null)
    if (!stored || stored.refreshToken === rt || stored.accessToken === this.current.accessToken) return null
    if (mustBeFresh && stored.expiresAt !== null && stored.expiresAt - this.opts.now() <= REFRESH_MARGIN_MS)
      return null
    return stored
  }

  private async refresh(): Promise<void> {
    const rt = this.current.refreshToken as string
    const adopted = await this.newerStored(rt, true)
    if (adopted) {
      this.current = adopted
      return
    }
    let pending = inFlight.get(rt)
    if (!pending) {
      pending = this.exchange(rt).finally(() => inFlight.delete(rt))
      inFlight.set(rt, pending)
    }
    try {
      this.current = await pending
    } catch (err) {
      // @NOTE refused because another process rotated the refresh token first: use its grant.
      const adopted =
        err instanceof NetworkError && err.kind === 'auth-expired' ? await this.newerStored(rt, false) : null
      if (!adopted) throw err
      this.current = adopted
    }
  }

  private async exchange(refreshToken: string): Promise<OAuthGrant> {
    const { as, client, auth, options } = oauthClient(this.opts.app, this.opts.provider, this.opts.fetch)
    let grant: OAuthGrant
    try {
      const res = await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, options)
      grant = toGrant(await oauth.processRefreshTokenResponse(as, client, res), this.opts.now(), this.current)
    } catch (err) {
      throw tokenError(err, this.opts.provider.label)
    }
    await this.opts.save(grant)
    return grant
  }
}

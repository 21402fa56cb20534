/**
 * The oauth4webapi pieces every OAuth call needs, built from one app: the authorization server and
 * client metadata, the client authentication, and request options that send everything through the
 * guarded outbound client. No hand-written OAuth: the protocol checks are the library's.
 */
import * as oauth from 'oauth4webapi'
import type { OutboundFetch } from '../../core/outbound/outbound.client.js'
import { NetworkError } from '../network.port.js'
import type { OAuthApp, OAuthGrant, OAuthProvider } from './oauth.provider.js'

export interface OAuthClientParts {
  as: oauth.AuthorizationServer
  client: oauth.Client
  auth: oauth.ClientAuth
  options: {
    [oauth.customFetch]: OutboundFetch
    [oauth.allowInsecureRequests]: boolean
    signal?: AbortSignal
  }
}

/** The authorization server of an app: its issuer and endpoints, with no discovery request. */
export function oauthClient(
  app: OAuthApp,
  provider: Pick<OAuthProvider, 'clientAuth'>,
  fetch: OutboundFetch,
  timeoutMs = 20_000,
): OAuthClientParts {
  const e = app.endpoints
  const as: oauth.AuthorizationServer = {
    issuer: e.issuer ?? new URL(e.authorizationUrl).origin,
    authorization_endpoint: e.authorizationUrl,
    token_endpoint: e.tokenUrl,
    ...(e.revocationUrl ? { revocation_endpoint: e.revocationUrl } : {}),
  }
  return {
    as,
    client: { client_id: app.clientId },
    auth:
      provider.clientAuth === 'basic'
        ? oauth.ClientSecretBasic(app.clientSecret)
        : oauth.ClientSecretPost(app.clientSecret),
    options: {
      [oauth.customFetch]: fetch,
      // @NOTE plain http only where the install points an endpoint at it on purpose (tests, a local
      // proxy): the defaults are https, and the outbound guard still refuses internal targets not allow-listed.
      [oauth.allowInsecureRequests]: [e.authorizationUrl, e.tokenUrl].some((u) => u.startsWith('http:')),
      signal: AbortSignal.timeout(timeoutMs),
    },
  }
}

/** A token endpoint response as our grant. */
export function toGrant(res: oauth.TokenEndpointResponse, now: number, previous?: OAuthGrant): OAuthGrant {
  return {
    accessToken: res.access_token,
    // @NOTE a refresh response may omit the refresh token: the old one stays valid then (RFC 6749 §6).
    refreshToken: res.refresh_token ?? previous?.refreshToken ?? null,
    expiresAt: typeof res.expires_in === 'number' ? now + res.expires_in * 1000 : null,
    scope: res.scope ? res.scope.split(/[\s,]+/).filter(Boolean) : (previous?.scope ?? []),
    tokenType: res.token_type,
  }
}

/**
 * A token endpoint's refusal in our terms. invalid_grant (revoked, expired or already used refresh
 * token) and invalid_client (the app's secret changed) cannot succeed by retrying: auth-expired.
 */
export function tokenError(err: unknown, label: string): NetworkError {
  if (err instanceof NetworkError) return err
  if (err instanceof oauth.ResponseBodyError) {
    if (err.status === 429)
      return new NetworkError(
        { kind: 'rate-limited', retryAfterMs: 60_000 },
        `${label} asks us to slow down`,
        {
          cause: err,
        },
      )
    if (err.status >= 500)
      return new NetworkError({ kind: 'transient' }, `${label} had a problem (${err.status})`)
    return new NetworkError(
      { kind: 'auth-expired' },
      `${label} no longer accepts this connection (${err.error}); reconnect the channel`,
      { cause: err },
    )
  }
  if (err instanceof oauth.AuthorizationResponseError) {
    return new NetworkError({ kind: 'auth-expired' }, `${label} refused the authorization (${err.error})`, {
      cause: err,
    })
  }
  return new NetworkError({ kind: 'transient' }, `Could not reach ${label}'s token endpoint`, { cause: err })
}

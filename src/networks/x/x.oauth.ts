/**
 * Connecting X: OAuth 2.0 authorization code with PKCE (X requires it), a confidential client
 * authenticating with HTTP Basic, `offline.access` for a refresh token (access tokens live 2 hours).
 */
import { NetworkError } from '../network.port.js'
import { grantCredentials, type OAuthProvider } from '../oauth/oauth.provider.js'
import type { XUser } from './x.activity.js'

export const X_SCOPES = [
  'tweet.read',
  'tweet.write',
  'users.read',
  'offline.access',
  'media.write',
  'like.write',
  'dm.read',
  'dm.write',
]

export const X_OAUTH: OAuthProvider = {
  network: 'x',
  app: 'x',
  label: 'X',
  defaults: {
    authorizationUrl: 'https://x.com/i/oauth2/authorize',
    tokenUrl: 'https://api.x.com/2/oauth2/token',
    revocationUrl: 'https://api.x.com/2/oauth2/revoke',
    apiBaseUrl: 'https://api.x.com',
  },
  scopes: X_SCOPES,
  scopeReasons: {
    'tweet.read': 'read mentions, replies and quotes of the account, and its own posts (reconciling a send)',
    'tweet.write': 'publish posts, threads, replies and quotes; delete them; hide replies',
    'users.read': 'read the account and the people who write to it',
    'offline.access': 'a refresh token, so the connection lasts beyond the 2-hour access token',
    'media.write': 'upload images with their alt text',
    'like.write': 'like a customer’s post from the inbox',
    'dm.read': 'bring direct messages into the inbox',
    'dm.write': 'answer direct messages',
  },
  pkce: true,
  clientAuth: 'basic',
  refreshable: true,
  portalUrl: 'https://developer.x.com/en/portal/dashboard',
  async accounts(grant, io) {
    const url = new URL('/2/users/me', `${io.app.endpoints.apiBaseUrl.replace(/\/+$/, '')}/`)
    url.searchParams.set('user.fields', 'profile_image_url,public_metrics,subscription_type')
    const res = await io.fetch(url, {
      headers: { authorization: `Bearer ${grant.accessToken}`, accept: 'application/json' },
      signal: AbortSignal.timeout(20_000),
    })
    const body = (await res.json().catch(() => undefined)) as { data?: XUser } | undefined
    if (!res.ok || !body?.data?.id)
      throw new NetworkError(
        { kind: 'auth-expired' },
        `X did not show the account for this token (${res.status})`,
      )
    const u = body.data
    return [
      {
        remoteId: u.id,
        handle: u.username,
        displayName: u.name ?? null,
        avatarUrl: u.profile_image_url ?? null,
        followerCount: u.public_metrics?.followers_count ?? null,
        credentials: grantCredentials(grant),
        settings: { userId: u.id, subscriptionType: u.subscription_type ?? null },
      },
    ]
  },
}

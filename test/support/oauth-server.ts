/**
 * A real OAuth 2.0 authorization server for the connect tests (#20): panva's `oidc-provider`, configured
 * the way X's is: authorization at /i/oauth2/authorize, token at /2/oauth2/token, revocation at
 * /2/oauth2/revoke; a confidential client authenticating with HTTP Basic; PKCE S256 required; X's
 * scopes, `offline.access` giving a rotating refresh token; access tokens for 2 hours, refresh tokens
 * for 6 months, authorization codes for 30 s. Its development interactions are the login and consent
 * pages (any login, any password; "Continue" grants the scopes).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Provider from 'oidc-provider'

export interface OAuthServerOptions {
  clientId: string
  clientSecret: string
  redirectUri: string
  scopes: string[]
  /** The scope that yields a refresh token (X: offline.access). */
  offlineScope: string
  accessTokenTtl?: number
}

export interface OAuthServer {
  issuer: string
  host: string
  authorizationUrl: string
  tokenUrl: string
  revocationUrl: string
  /** Whether an access token is live (not expired, not revoked): the resource server's check. */
  isActive(accessToken: string): Promise<boolean>
  /** Revokes every grant of the account (as "revoke app access" on the network does). */
  revokeAll(accountId: string): Promise<void>
  close(): Promise<void>
}

export async function startOAuthServer(opts: OAuthServerOptions): Promise<OAuthServer> {
  const server: Server = createServer()
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const port = (server.address() as AddressInfo).port
  const issuer = `http://127.0.0.1:${port}`
  const grants = new Map<string, Set<string>>()
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: [opts.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    routes: {
      authorization: '/i/oauth2/authorize',
      token: '/2/oauth2/token',
      revocation: '/2/oauth2/revoke',
    },
    scopes: opts.scopes,
    claims: { openid: ['sub'] },
    pkce: { required: () => true },
    features: { revocation: { enabled: true }, devInteractions: { enabled: true } },
    ttl: {
      AccessToken: opts.accessTokenTtl ?? 7200,
      AuthorizationCode: 30,
      RefreshToken: 180 * 24 * 3600,
      Grant: 180 * 24 * 3600,
      Interaction: 600,
      Session: 3600,
    },
    rotateRefreshToken: true,
    issueRefreshToken: async (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && code.scopes.has(opts.offlineScope),
    async findAccount(_ctx, sub) {
      return { accountId: sub, claims: async () => ({ sub }) }
    },
    // @NOTE silence the development-keys and development-interactions warnings' stack noise.
    renderError: async (ctx, out) => {
      ctx.type = 'html'
      ctx.body = `<h1>${out.error}</h1><p>${out.error_description ?? ''}</p>`
    },
  })
  const remember = (token: { accountId?: string; grantId?: string }) => {
    if (!token.accountId || !token.grantId) return
    grants.set(token.accountId, (grants.get(token.accountId) ?? new Set()).add(token.grantId))
  }
  provider.on('access_token.saved', remember)
  provider.on('refresh_token.saved', remember)
  server.on('request', provider.callback())
  return {
    issuer,
    host: `127.0.0.1:${port}`,
    authorizationUrl: `${issuer}/i/oauth2/authorize`,
    tokenUrl: `${issuer}/2/oauth2/token`,
    revocationUrl: `${issuer}/2/oauth2/revoke`,
    async isActive(token) {
      const t = await provider.AccessToken.find(token)
      return !!t && !t.isExpired
    },
    async revokeAll(accountId) {
      // @NOTE the memory adapter indexes every token by its grant: one call drops them all.
      const adapter = (
        provider.AccessToken as unknown as { adapter: { revokeByGrantId(id: string): Promise<void> } }
      ).adapter
      for (const id of grants.get(accountId) ?? []) await adapter.revokeByGrantId(id)
    },
    close: () => new Promise((ok) => server.close(() => ok())),
  }
}

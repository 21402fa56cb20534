import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { X_OAUTH, X_SCOPES } from '../../src/networks/x/x.oauth.js'
import { startXDouble, type XDouble } from '../../src/networks/x/x.testing.js'
import { createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'
import { type OAuthServer, startOAuthServer } from '../support/oauth-server.js'
import { type PrismServer, specPath, startPrism } from '../support/prism.js'

/**
 * Connecting X through a real OAuth 2.0 authorization server (oidc-provider configured as X), driven
 * over HTTP here; test/e2e/x-connect.test.ts does the same in Chromium.
 */
let t: TestApp
let owner: TestClient
let workspaceId: string
let presenceId: string
let as: OAuthServer
let prism: PrismServer
let x: XDouble

beforeAll(async () => {
  prism = await startPrism({ spec: specPath('x-openapi.json') })
  t = await createTestApp('sqlite', { outboundAllow: '127.0.0.1' })
  ;({ owner, workspaceId } = await setupOwner(t.app))
  presenceId = (
    await t.db.kysely
      .selectFrom('presences')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow()
  ).id
  as = await startOAuthServer({
    clientId: 'townhall-x',
    clientSecret: 's3cret-x-client',
    redirectUri: t.ctx.networks.oauth.flow.callbackUrl('x'),
    scopes: X_SCOPES,
    offlineScope: 'offline.access',
  })
  x = await startXDouble({ prismUrl: prism.url, verifyToken: (tok) => as.isActive(tok) })
})

afterAll(async () => {
  await x?.close()
  await as?.close()
  await t?.close()
  await prism?.stop()
})

/** Follows the authorization server's redirects like a browser (cookies kept), logging in and consenting. */
async function consent(authorizationUrl: string, login = 'acme-social'): Promise<URL> {
  const jar = new Map<string, string>()
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  let url = authorizationUrl
  let method = 'GET'
  let body: string | undefined
  for (let hop = 0; hop < 12; hop++) {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body,
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const [k, ...v] = pair!.split('=')
      jar.set(k!, v.join('='))
    }
    const location = res.headers.get('location')
    if (location) {
      const next = new URL(location, url)
      if (next.pathname.startsWith('/api/oauth/callback/')) return next
      url = next.toString()
      method = 'GET'
      body = undefined
      continue
    }
    const html = await res.text()
    const action = /action="([^"]+)"/.exec(html)?.[1]
    if (!action) throw new Error(`no form at ${url}: ${html.slice(0, 300)}`)
    url = new URL(action, url).toString()
    method = 'POST'
    body = html.includes('name="login"')
      ? new URLSearchParams({ prompt: 'login', login, password: 'anything' }).toString()
      : new URLSearchParams({ prompt: 'consent' }).toString()
  }
  throw new Error('too many redirects')
}

async function callback(url: URL, stateCookie: string): Promise<URL> {
  const res = await t.app.request(`${url.pathname}${url.search}`, {
    headers: { cookie: `${owner.cookie}; ${stateCookie}` },
  })
  expect(res.status).toBe(302)
  return new URL(res.headers.get('location')!, 'http://app')
}

async function start(): Promise<{ authorizationUrl: string; stateCookie: string }> {
  const r = await owner.post<{ authorizationUrl: string }>(
    `/api/workspaces/${workspaceId}/channels/oauth/x/start`,
    { presenceId },
  )
  expect(r.status).toBe(200)
  const set = r.headers.get('set-cookie') ?? ''
  expect(set).toMatch(/th_oauth_x=.+; Max-Age=600; Path=\/api\/oauth\/callback; HttpOnly; SameSite=Lax/)
  return { authorizationUrl: r.body.authorizationUrl, stateCookie: set.split(';')[0]! }
}

describe('Connect X with OAuth 2.0 (authorization code + PKCE + state) against a real authorization server', () => {
  let channelId: string

  test('without an app, starting is refused and Settings says what to register', async () => {
    const r = await owner.post(`/api/workspaces/${workspaceId}/channels/oauth/x/start`, { presenceId })
    expect(r.status).toBe(409)
    expect(JSON.stringify(r.body)).toContain('Settings → Network apps')
    const apps = await owner.get<Array<Record<string, unknown>>>(`/api/workspaces/${workspaceId}/oauth-apps`)
    const xApp = apps.body.find((a) => a.app === 'x') as {
      source: string | null
      networks: Array<{ callbackUrl: string; scopes: Array<{ scope: string; reason: string }> }>
    }
    expect(xApp.source).toBeNull()
    expect(xApp.networks[0]!.callbackUrl).toBe('http://localhost:0/api/oauth/callback/x')
    expect(xApp.networks[0]!.scopes.map((s) => s.scope)).toContain('offline.access')
  })

  test('an owner saves the app: the secret is sealed and never returned; an internal URL is refused', async () => {
    const bad = await owner.put(`/api/workspaces/${workspaceId}/oauth-apps/x`, {
      clientId: 'townhall-x',
      clientSecret: 's3cret-x-client',
      endpoints: { tokenUrl: 'http://169.254.169.254/latest' },
    })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('endpoints.tokenUrl')
    const r = await owner.put(`/api/workspaces/${workspaceId}/oauth-apps/x`, {
      clientId: 'townhall-x',
      clientSecret: 's3cret-x-client',
      endpoints: {
        authorizationUrl: as.authorizationUrl,
        tokenUrl: as.tokenUrl,
        revocationUrl: as.revocationUrl,
        apiBaseUrl: x.url,
        issuer: as.issuer,
      },
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ source: 'workspace', clientId: 'townhall-x', secretSet: true })
    expect(JSON.stringify(r.body)).not.toContain('s3cret-x-client')
    const row = await t.db.kysely.selectFrom('oauth_apps').selectAll().executeTakeFirstOrThrow()
    expect(row.client_secret_sealed).not.toContain('s3cret')
    expect(row.client_secret_sealed.startsWith('v1.')).toBe(true)
  })

  test('consent at the authorization server, callback, channel connected for the chosen presence', async () => {
    const { authorizationUrl, stateCookie } = await start()
    const u = new URL(authorizationUrl)
    expect(u.origin + u.pathname).toBe(as.authorizationUrl)
    expect(u.searchParams.get('code_challenge_method')).toBe('S256')
    expect(u.searchParams.get('scope')).toBe(X_SCOPES.join(' '))
    expect(u.searchParams.get('state')?.length).toBeGreaterThan(20)
    const back = await consent(authorizationUrl)
    expect(back.searchParams.get('code')).toBeTruthy()
    expect(back.searchParams.get('iss')).toBe(as.issuer)
    const landed = await callback(back, stateCookie)
    expect(landed.pathname).toBe('/channels')
    channelId = landed.searchParams.get('connected') ?? ''
    expect(channelId, landed.search).not.toBe('')
    const list = await owner.get<Array<Record<string, unknown>>>(`/api/workspaces/${workspaceId}/channels`)
    expect(list.body.find((c) => c.id === channelId)).toMatchObject({
      network: 'x',
      networkLabel: 'X',
      handle: 'acmebrand',
      presenceId,
      status: 'connected',
    })
    const creds = await t.ctx.channels.credentials(channelId)
    const grant = creds?.oauth as {
      accessToken: string
      refreshToken: string
      expiresAt: number
      scope: string[]
    }
    expect(grant.refreshToken).toBeTruthy()
    expect(grant.expiresAt).toBe(t.clock.now() + 7200 * 1000)
    expect(grant.scope).toContain('tweet.write')
    const row = await t.db.kysely
      .selectFrom('channels')
      .select('credentials_sealed')
      .where('id', '=', channelId)
      .executeTakeFirstOrThrow()
    expect(row.credentials_sealed).not.toContain(grant.accessToken)
  })

  test('a mention and a DM land in the inbox through the poll job; a reply goes out threaded on X', async () => {
    const erin = x.customer('erin')
    const mention = x.customerPost(
      erin,
      `@${x.brand.username} my parcel never arrived and nobody answers. Help?`,
    )
    x.customerDm(erin, 'Order 5521, still nothing')
    await t.ctx.inbox.poll.poll({ channelId, at: 0 })
    const list = await owner.get<{
      items: Array<{ id: string; lastMessageId: string; contact: { handle: string }; channelId?: string }>
    }>(`/api/workspaces/${workspaceId}/inbox/conversations?states=open`)
    expect(list.status).toBe(200)
    const mine = list.body.items.filter((c) => c.contact.handle === 'erin')
    expect(mine.length).toBe(2)
    const detail = await Promise.all(
      mine.map((c) =>
        owner.get<{ messages: Array<{ remoteId: string; text: string }> }>(
          `/api/workspaces/${workspaceId}/inbox/conversations/${c.id}`,
        ),
      ),
    )
    const public_ = mine[detail.findIndex((d) => d.body.messages.some((m) => m.remoteId === mention))]!
    expect(public_).toBeDefined()
    const sent = await owner.post<{ remoteId: string; direction: string }>(
      `/api/workspaces/${workspaceId}/inbox/conversations/${public_.id}/reply`,
      {
        text: 'Sorry {{contact.name}}! DM us the order number and we will sort it today.',
        lastSeenMessageId: public_.lastMessageId,
      },
    )
    expect(sent.status, JSON.stringify(sent.body)).toBe(201)
    expect(x.posts.get(sent.body.remoteId)).toMatchObject({
      replyTo: mention,
      text: 'Sorry Erin! DM us the order number and we will sort it today.',
    })
    const sync = await t.db.kysely
      .selectFrom('inbox_channel_sync')
      .selectAll()
      .where('channel_id', '=', channelId)
      .executeTakeFirstOrThrow()
    expect(sync.cursor).toBeTruthy()
  })

  test('the same code or a forged state does not connect anything', async () => {
    const { authorizationUrl, stateCookie } = await start()
    const back = await consent(authorizationUrl)
    const forged = new URL(back)
    forged.searchParams.set('state', 'not-the-state')
    const refused = await callback(forged, stateCookie)
    expect(refused.searchParams.get('oauth-error')).toMatch(/did not match/)
    const noCookie = await callback(back, 'th_other=1')
    expect(noCookie.searchParams.get('oauth-error')).toMatch(/expired or was started in another browser/)
  })

  test('the access token is refreshed before it expires, and the rotated grant is sealed', async () => {
    const before = (await t.ctx.channels.credentials(channelId))?.oauth as {
      refreshToken: string
      accessToken: string
    }
    t.clock.advance(7200 * 1000 - 60_000) // one minute before expiry: inside the 5-minute margin
    const checked = await owner.post<Record<string, unknown>>(
      `/api/workspaces/${workspaceId}/channels/${channelId}/check`,
    )
    expect(checked.body).toMatchObject({ status: 'connected', handle: 'acmebrand' })
    const after = (await t.ctx.channels.credentials(channelId))?.oauth as {
      refreshToken: string
      accessToken: string
    }
    expect(after.accessToken).not.toBe(before.accessToken)
    expect(after.refreshToken).not.toBe(before.refreshToken)
  })

  test('a revoked grant turns the channel into Needs reconnect and notifies the owner; connecting again restores it', async () => {
    await as.revokeAll('acme-social')
    const checked = await owner.post<Record<string, unknown>>(
      `/api/workspaces/${workspaceId}/channels/${channelId}/check`,
    )
    expect(checked.body).toMatchObject({ status: 'needs-reconnect' })
    expect(String(checked.body.statusReason)).toMatch(/no longer accepts/)
    const notes = await t.db.kysely
      .selectFrom('notifications')
      .selectAll()
      .where('subject_id', '=', channelId)
      .execute()
    expect(notes.map((n) => n.kind)).toContain('channel.needs-reconnect')
    const { authorizationUrl, stateCookie } = await start()
    const landed = await callback(await consent(authorizationUrl), stateCookie)
    expect(landed.searchParams.get('connected')).toBe(channelId)
    const list = await owner.get<Array<Record<string, unknown>>>(`/api/workspaces/${workspaceId}/channels`)
    expect(list.body.filter((c) => c.network === 'x')).toHaveLength(1)
    expect(list.body.find((c) => c.id === channelId)).toMatchObject({ status: 'connected' })
  })

  test('the adapter publishes through the connected channel; Prism saw no invalid request', async () => {
    const ch = await t.ctx.channels.get(workspaceId, channelId)
    const n = await t.ctx.networks.connect.open(ch)
    const p = await n.publish({ text: 'Hello from Townhall', idempotencyKey: 'k1' })
    expect(x.posts.get(p.remoteId)?.text).toBe('Hello from Townhall')
    expect(X_OAUTH.clientAuth).toBe('basic')
    expect(prism.violations(), prism.violationMessages().join('\n')).toBe(0)
  })
})

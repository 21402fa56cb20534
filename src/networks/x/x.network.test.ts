import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type PrismServer, specPath, startPrism } from '../../../test/support/prism.js'
import { parseAllowList } from '../../core/outbound/address-policy.js'
import { createOutboundClient, type OutboundClient } from '../../core/outbound/outbound.client.js'
import { moderateOn } from '../moderation.port.js'
import { drain, testNetworkContract } from '../network.contract.js'
import { NetworkError } from '../network.port.js'
import type { OAuthGrant } from '../oauth/oauth.provider.js'
import { OAuthSession } from '../oauth/oauth-session.js'
import { XClient, XRateBudgets } from './x.client.js'
import { XNetwork, xWeightedLength } from './x.network.js'
import { X_OAUTH } from './x.oauth.js'
import { startXDouble, type XDouble } from './x.testing.js'

let prism: PrismServer
let x: XDouble
let outbound: OutboundClient

beforeAll(async () => {
  prism = await startPrism({ spec: specPath('x-openapi.json') })
  x = await startXDouble({ prismUrl: prism.url })
  outbound = createOutboundClient({ allow: parseAllowList('127.0.0.1') })
})

afterAll(async () => {
  await x?.close()
  await prism?.stop()
  await outbound?.close()
})

/** An adapter with its own session; `saved` collects every grant the session seals again. */
function adapter(
  opts: { grant?: OAuthGrant; saved?: OAuthGrant[]; budgets?: XRateBudgets; subscriptionType?: string } = {},
): XNetwork {
  const g = opts.grant ?? { ...x.initialGrant(), scope: [], tokenType: 'bearer' }
  const session = new OAuthSession({
    app: {
      app: 'x',
      clientId: x.oauth.clientId,
      clientSecret: x.oauth.clientSecret,
      endpoints: { ...X_OAUTH.defaults, tokenUrl: `${x.url}/2/oauth2/token`, apiBaseUrl: x.url },
      source: 'workspace',
    },
    provider: X_OAUTH,
    grant: g,
    save: async (next) => {
      opts.saved?.push(next)
    },
    fetch: outbound.fetch,
    now: () => Date.now(),
  })
  return new XNetwork({
    client: new XClient({
      apiBaseUrl: x.url,
      session,
      fetch: outbound.fetch,
      budgets: opts.budgets ?? new XRateBudgets(),
      budgetScope: 'test',
      timeoutMs: 10_000,
      now: () => Date.now(),
    }),
    userId: x.brand.id,
    username: x.brand.username,
    subscriptionType: opts.subscriptionType ?? null,
    timeoutMs: 10_000,
    now: () => Date.now(),
  })
}

async function failure(p: Promise<unknown>): Promise<NetworkError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(NetworkError)
  return err as NetworkError
}

testNetworkContract('x (stateful X over Prism serving x-openapi.json)', async () => {
  const alice = x.customer('alice')
  return {
    network: adapter(),
    customerMention: async (text) => x.customerPost(alice, `@${x.brand.username} ${text}`),
    settle: async () => {},
    threadOf: async (id) => {
      const p = x.posts.get(id)!
      return { parentId: p.replyTo, rootId: p.replyTo ? p.conversation_id : null }
    },
  }
})

describe('X adapter', () => {
  test('counts text as X does: links 23, emoji and CJK 2; long posts only with a subscription', async () => {
    expect(xWeightedLength(`see ${'https://example.com/'.padEnd(80, 'a')}`)).toBe(4 + 23)
    expect(xWeightedLength('👍🏽')).toBe(2)
    expect(xWeightedLength('日本語')).toBe(6)
    const n = adapter()
    const ok = `${'a'.repeat(256)} https://example.com/${'p'.repeat(100)}` // 256 + 1 + 23 = 280
    expect(xWeightedLength(ok)).toBe(280)
    const published = await n.publish({ text: ok, idempotencyKey: 'w1' })
    expect(x.posts.get(published.remoteId)?.text).toBe(ok)
    const cjk = '日'.repeat(141)
    const err = await failure(n.publish({ text: cjk, idempotencyKey: 'w2' }))
    expect(err.failure).toMatchObject({ kind: 'invalid-content', field: 'text' })
    expect(err.message).toContain('282 characters as X counts them')
    const premium = adapter({ subscriptionType: 'Premium' })
    expect(premium.capabilities.text.maxLength).toBe(25_000)
    const long = await premium.publish({ text: `long ${'z'.repeat(400)}`, idempotencyKey: 'w3' })
    expect(x.posts.get(long.remoteId)?.text.length).toBe(405)
  })

  test('a thread is a reply chain; a quote carries quote_tweet_id; images carry alt text', async () => {
    const n = adapter()
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])
    const r = await n.publish({
      text: 'Thread 1/3: our outage report',
      images: [{ data: png, mimeType: 'image/png', altText: 'Chart of errors by hour, peaking at 14:00' }],
      thread: [{ text: 'Thread 2/3: what broke' }, { text: 'Thread 3/3: what we changed' }],
      idempotencyKey: 't1',
    })
    expect(r.parts).toHaveLength(3)
    const [a, b, c] = r.parts.map((p) => x.posts.get(p.remoteId)!)
    expect(a!.replyTo).toBeNull()
    expect(b!.replyTo).toBe(a!.id)
    expect(c!.replyTo).toBe(b!.id)
    expect(c!.conversation_id).toBe(a!.id)
    expect(a!.mediaIds).toHaveLength(1)
    expect(x.altText.get(a!.mediaIds[0]!)).toBe('Chart of errors by hour, peaking at 14:00')
    expect(r.url).toBe(`https://x.com/acmebrand/status/${a!.id}`)
    const q = await n.publish({ text: 'Worth reading', quote: a!.id, idempotencyKey: 't2' })
    expect(x.posts.get(q.remoteId)?.quote).toBe(a!.id)
  })

  test('mentions, replies, quotes and DMs arrive once; the since_id cursor survives a new instance', async () => {
    const bob = x.customer('bob')
    const first = await drain(adapter(), null)
    const ours = x.customerPost(x.brand, 'Our announcement', {})
    const reply = x.customerPost(bob, `@${x.brand.username} when does it ship?`, { replyTo: ours })
    const quote = x.customerPost(bob, `@${x.brand.username} great news`, { quote: ours })
    const dm = x.customerDm(bob, 'My order 1234 never arrived')
    // @NOTE a fresh adapter per poll, as the inbox opens one per call: only the cursor carries over.
    const page = await adapter().fetchActivity(first.cursor)
    const byId = new Map(page.messages.map((m) => [m.remoteId, m]))
    expect(byId.get(reply)).toMatchObject({
      kind: 'reply',
      parentId: ours,
      threadRootId: ours,
      text: `@${x.brand.username} when does it ship?`,
    })
    expect(byId.get(reply)?.author).toMatchObject({ remoteId: bob.id, handle: 'bob', followerCount: 42 })
    expect(byId.get(quote)).toMatchObject({ kind: 'quote', subjectRemoteId: ours })
    expect(byId.get(`dm:${dm}`)).toMatchObject({
      kind: 'direct-message',
      text: 'My order 1234 never arrived',
      conversationId: `${x.brand.id}-${bob.id}`,
    })
    const again = await adapter().fetchActivity(page.cursor)
    expect(again.messages).toEqual([])
  })

  test('pages through since_id when more than a page of mentions waits (recorded pagination)', async () => {
    const carol = x.customer('carol')
    const start = await drain(adapter(), null)
    const ids = Array.from({ length: 130 }, (_, i) =>
      x.customerPost(carol, `@${x.brand.username} complaint ${i}`),
    )
    const out = await drain(adapter(), start.cursor)
    expect(out.ids.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort())
    expect(x.calls.get('GET /2/users/:id/mentions')).toBeGreaterThanOrEqual(2)
  })

  test('replies and DMs are sent; delete checks the post is ours', async () => {
    const dave = x.customer('dave')
    const m = x.customerPost(dave, `@${x.brand.username} help`)
    const n = adapter()
    const r = await n.reply(m, 'We are on it')
    expect(x.posts.get(r.remoteId)?.replyTo).toBe(m)
    const dm = await n.sendDirectMessage(dave.id, 'Could you send us your order number?')
    expect(dm.conversationId).toBe(`${x.brand.id}-${dave.id}`)
    expect((await failure(n.delete(m))).kind).toBe('not-found')
    await n.like(m)
    expect(x.posts.get(m)?.likes).toBe(1)
    await n.hideReply(m, true)
    expect(x.posts.get(m)?.hidden).toBe(true)
    await moderateOn(n, { remoteId: m }, 'unhide')
    expect(x.posts.get(m)?.hidden).toBe(false)
    await moderateOn(n, { remoteId: m }, 'unlike')
    expect(x.posts.get(m)?.likes).toBe(0)
    const ban = await failure(moderateOn(n, { remoteId: m }, 'ban-author'))
    expect(ban.failure).toMatchObject({ kind: 'invalid-content', field: 'action' })
  })

  test('an unknown outcome (503 after X created the post) is reconciled by text in the window', async () => {
    const n = adapter()
    x.fail('POST /2/tweets', {
      status: 503,
      body: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 },
      afterEffect: true,
    })
    const since = Date.now() - 60_000
    const text = `Maintenance tonight 22:00–23:00 & https://status.example.com/${Date.now()}`
    const err = await failure(n.publish({ text, idempotencyKey: 'u1' }))
    expect(err.kind).toBe('unknown-outcome')
    const created = [...x.posts.values()].find((p) => p.text === text)!
    const found = await n.findPublished({ text, since, until: Date.now() + 60_000 })
    expect(found?.remoteId).toBe(created.id)
    expect(await n.findPublished({ idempotencyKey: 'u1' })).toBeNull()
  })

  test('X problem types map to typed errors', async () => {
    const n = adapter()
    x.fail('POST /2/tweets', {
      status: 403,
      body: {
        detail: 'You are not allowed to create a Tweet with duplicate content.',
        type: 'about:blank',
        title: 'Forbidden',
        status: 403,
      },
    })
    const dup = await failure(n.publish({ text: 'dup', idempotencyKey: 'e1' }))
    expect(dup.failure).toMatchObject({
      kind: 'invalid-content',
      reason: 'X does not allow posting the same text twice; change the wording',
    })
    x.fail('POST /2/tweets', {
      status: 403,
      body: {
        title: 'Client Forbidden',
        detail:
          'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project.',
        reason: 'client-not-enrolled',
        type: 'https://api.twitter.com/2/problems/client-forbidden',
      },
    })
    expect((await failure(n.publish({ text: 'e2', idempotencyKey: 'e2' }))).kind).toBe('auth-expired')
    x.fail('POST /2/tweets', {
      status: 429,
      body: {
        title: 'UsageCapExceeded',
        detail: 'Usage cap exceeded: Monthly product cap',
        type: 'https://api.twitter.com/2/problems/usage-capped',
      },
    })
    const capped = await failure(n.publish({ text: 'e3', idempotencyKey: 'e3' }))
    expect(capped.kind).toBe('rate-limited')
    expect(capped.failure.kind === 'rate-limited' && capped.failure.retryAfterMs).toBeGreaterThanOrEqual(
      3_600_000,
    )
    x.fail('GET /2/users/me', {
      status: 503,
      body: { title: 'Service Unavailable', type: 'about:blank', status: 503, detail: 'x' },
    })
    expect((await failure(n.fetchProfile())).kind).toBe('transient')
  })

  test('x-rate-limit headers: a used-up window is honoured without another request', async () => {
    const budgets = new XRateBudgets()
    const n = adapter({ budgets })
    const reset = Math.floor(Date.now() / 1000) + 900
    x.limit('GET /2/users/me', 2, reset)
    await n.fetchProfile()
    await n.fetchProfile()
    const before = x.calls.get('GET /2/users/me')
    const err = await failure(n.fetchProfile())
    expect(err.kind).toBe('rate-limited')
    expect(err.failure.kind === 'rate-limited' && err.failure.retryAfterMs).toBeGreaterThan(800_000)
    expect(x.calls.get('GET /2/users/me')).toBe(before)
    x.limit('GET /2/users/me', 1000, reset)
  })

  test('the token is refreshed before expiry (rotation saved) and once after a 401; a revoked grant is auth-expired', async () => {
    const saved: OAuthGrant[] = []
    const g = x.initialGrant(60) // expires within the 5-minute margin
    const n = adapter({ grant: { ...g, scope: [], tokenType: 'bearer' }, saved })
    const refreshed = x.oauth.refreshed
    await n.fetchProfile()
    expect(x.oauth.refreshed).toBe(refreshed + 1)
    expect(saved).toHaveLength(1)
    expect(saved[0]!.refreshToken).not.toBe(g.refreshToken)
    expect(saved[0]!.expiresAt).toBeGreaterThan(Date.now() + 7_000_000)
    x.oauth.revoke()
    const err = await failure(n.fetchProfile())
    expect(err.kind).toBe('auth-expired')
    expect(err.message).toMatch(/reconnect/)
  })

  test('a refresh token rotated by another worker process is adopted, not taken for a revoked connection', async () => {
    const first = x.initialGrant(60)
    let stored: OAuthGrant = { ...first, scope: [], tokenType: 'bearer' }
    const session = (grant: OAuthGrant, canReload = true) =>
      new OAuthSession({
        app: {
          app: 'x',
          clientId: x.oauth.clientId,
          clientSecret: x.oauth.clientSecret,
          endpoints: { ...X_OAUTH.defaults, tokenUrl: `${x.url}/2/oauth2/token`, apiBaseUrl: x.url },
          source: 'workspace',
        },
        provider: X_OAUTH,
        grant,
        save: async (g) => {
          stored = g
        },
        reload: canReload ? async () => stored : undefined,
        fetch: outbound.fetch,
        now: () => Date.now(),
      })
    const a = session(stored)
    const b = session(stored) // opened by another process before a refreshed
    const tokenA = await a.token()
    expect(stored.refreshToken).not.toBe(first.refreshToken)
    const tokenB = await b.token()
    expect(tokenB).toBe(tokenA)
    const refreshed = x.oauth.refreshed
    // Without the stored grant to reload, the old refresh token is refused: that is auth-expired.
    const c = session({ ...first, scope: [], tokenType: 'bearer' }, false)
    expect((await failure(c.token())).kind).toBe('auth-expired')
    expect(x.oauth.refreshed).toBe(refreshed)
  })

  test('Prism flagged no request the adapter made', () => {
    expect(prism.requests()).toBeGreaterThan(50)
    expect(prism.violations(), prism.violationMessages().join('\n')).toBe(0)
  })
})

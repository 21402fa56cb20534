import {
  type AppBskyEmbedImages,
  type AppBskyFeedDefs,
  type AppBskyFeedPost,
  AtUri,
  XRPCError,
} from '@atproto/api'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { describeNeedsPostgres } from '../../../test/support/db.js'
import { drain, testNetworkContract } from '../network.contract.js'
import { NetworkError } from '../network.port.js'
import { toNetworkError } from './bluesky.errors.js'
import { type BlueskyCredentials, BlueskyNetwork } from './bluesky.network.js'
import { type LocalBluesky, startLocalBluesky, type TestAccount, TINY_PNG } from './bluesky.testing.js'

let local: LocalBluesky
let brand: TestAccount
let alice: TestAccount
let bob: TestAccount
/** One signed-in adapter shared by the tests that are not about signing in (a login costs a scrypt on the PDS). */
let shared: BlueskyNetwork

beforeAll(async () => {
  local = await startLocalBluesky(inject('postgresUrl'), 'bluesky_network_test')
  brand = await local.createAccount('brand')
  alice = await local.createAccount('alice')
  bob = await local.createAccount('bob')
  await local.settle()
  shared = connect()
})

afterAll(async () => {
  await local?.close()
})

function connect(creds: Partial<BlueskyCredentials> = {}, saved: BlueskyCredentials[] = []): BlueskyNetwork {
  return new BlueskyNetwork({
    serviceUrl: local.serviceUrl,
    credentials: { identifier: brand.handle, appPassword: brand.appPassword, ...creds },
    saveCredentials: async (c) => {
      saved.push(c)
    },
    timeoutMs: 15_000,
  })
}

async function record(uri: string): Promise<AppBskyFeedPost.Record> {
  const at = new AtUri(uri)
  const { data } = await alice.agent.com.atproto.repo.getRecord({
    repo: at.host,
    collection: at.collection,
    rkey: at.rkey,
  })
  return data.value as AppBskyFeedPost.Record
}

async function failure(p: Promise<unknown>): Promise<NetworkError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(NetworkError)
  return err as NetworkError
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8')

testNetworkContract('bluesky (local AT Protocol network)', async () => ({
  network: shared,
  customerMention: async (text) => (await local.post(alice, `@${brand.handle} ${text}`)).uri,
  settle: () => local.settle(),
  threadOf: async (uri) => {
    const r = await record(uri)
    return { parentId: r.reply?.parent.uri ?? null, rootId: r.reply?.root.uri ?? null }
  },
}))

// @NOTE generous per-test time: the local network shares two CPU cores with other test files.
describeNeedsPostgres('Bluesky adapter on a local network', { timeout: 90_000 }, () => {
  test('connects with handle + app password, reports the account, and keeps the session sealed-ready', async () => {
    const saved: BlueskyCredentials[] = []
    const net = connect({}, saved)
    const account = await net.verify()
    expect(account.remoteId).toBe(brand.did)
    expect(account.handle).toBe('brand.test')
    expect(account.displayName).toBe('Brand')
    expect(account.followerCount).toBe(0)
    await net.flush()
    expect(saved.at(-1)?.session?.did).toBe(brand.did)
    expect(saved.at(-1)?.appPassword).toBe(brand.appPassword)

    // a restart: the stored session is resumed, so even a changed app password is not needed yet
    const resumed = connect({ appPassword: 'not-the-password', session: saved.at(-1)!.session })
    expect((await resumed.verify()).remoteId).toBe(brand.did)
  })

  test('a revoked session is re-created from the app password without anyone reconnecting', async () => {
    const saved: BlueskyCredentials[] = []
    const first = connect({}, saved)
    await first.verify()
    await first.flush()
    const stale = saved.at(-1)!.session!
    await revokeSession(stale.refreshJwt)
    const again: BlueskyCredentials[] = []
    const net = connect({ session: stale }, again)
    expect((await net.verify()).handle).toBe('brand.test')
    await net.flush()
    expect(again.at(-1)?.session?.refreshJwt).not.toBe(stale.refreshJwt)
  })

  test('publishes text with a mention, a link and a hashtag, with facets in UTF-8 byte offsets', async () => {
    const net = shared
    const text = '🎉 Hello @alice.test, read https://example.com/news #launch'
    const res = await net.publish({ text, idempotencyKey: 'facets-1' })
    const r = await record(res.remoteId)
    expect(r.text).toBe(text)
    const byType = Object.fromEntries((r.facets ?? []).map((f) => [f.features[0]!.$type, f]))
    const mention = byType['app.bsky.richtext.facet#mention']!
    expect(mention.index).toEqual({ byteStart: bytes('🎉 Hello '), byteEnd: bytes('🎉 Hello @alice.test') })
    expect((mention.features[0] as { did: string }).did).toBe(alice.did)
    const link = byType['app.bsky.richtext.facet#link']!
    expect((link.features[0] as { uri: string }).uri).toBe('https://example.com/news')
    expect(link.index.byteStart).toBe(bytes('🎉 Hello @alice.test, read '))
    const tag = byType['app.bsky.richtext.facet#tag']!
    expect((tag.features[0] as { tag: string }).tag).toBe('launch')
    expect(tag.index.byteEnd).toBe(bytes(text))
    expect(res.url).toBe(`https://bsky.app/profile/brand.test/post/${new AtUri(res.remoteId).rkey}`)
  })

  test('converts facets given in string offsets to byte offsets', async () => {
    const net = shared
    const text = 'Grüße an @bob.test'
    const start = text.indexOf('@')
    const res = await net.publish({
      text,
      facets: [{ type: 'mention', start, end: text.length, value: 'bob.test' }],
      idempotencyKey: 'facets-2',
    })
    const r = await record(res.remoteId)
    expect(r.facets?.[0]?.index).toEqual({ byteStart: bytes('Grüße an '), byteEnd: bytes(text) })
    expect(r.facets?.[0]?.features[0]).toMatchObject({ did: bob.did })
  })

  test('publishes a thread, each part under the previous one with the first as root', async () => {
    const net = shared
    const res = await net.publish({
      text: 'Thread 1/3',
      thread: [{ text: 'Thread 2/3' }, { text: 'Thread 3/3' }],
      idempotencyKey: 'thread-1',
    })
    expect(res.parts).toHaveLength(3)
    const [one, two, three] = res.parts.map((p) => p.remoteId)
    const r2 = await record(two!)
    const r3 = await record(three!)
    expect(r2.reply?.parent.uri).toBe(one)
    expect(r2.reply?.root.uri).toBe(one)
    expect(r3.reply?.parent.uri).toBe(two)
    expect(r3.reply?.root.uri).toBe(one)
    expect((await net.findPublished({ idempotencyKey: 'thread-1#2' }))?.remoteId).toBe(three)
  })

  test('a retried publish of a thread cut short writes only the missing parts, under the ones already out', async () => {
    const net = shared
    const post = {
      text: 'Resume 1/3',
      thread: [{ text: 'Resume 2/3' }, { text: 'Resume 3/3' }],
      idempotencyKey: 'resume-1',
    }
    const first = await net.publish(post)
    const [one, two, three] = first.parts.map((p) => p.remoteId)
    // As if the process died after part 2: part 3 never reached the network.
    await net.delete(three!)
    const again = await net.publish(post)
    expect(again.parts.map((p) => p.remoteId).slice(0, 2)).toEqual([one, two])
    const newThree = again.parts[2]!.remoteId
    expect(newThree).not.toBe(three)
    const r3 = await record(newThree)
    expect(r3.text).toBe('Resume 3/3')
    expect(r3.reply?.parent.uri).toBe(two)
    expect(r3.reply?.root.uri).toBe(one)
    const { data } = await brand.agent.com.atproto.repo.listRecords({
      repo: brand.did,
      collection: 'app.bsky.feed.post',
      limit: 100,
    })
    const texts = data.records.map((r) => (r.value as { text: string }).text)
    expect(texts.filter((t) => t.startsWith('Resume ')).sort()).toEqual([
      'Resume 1/3',
      'Resume 2/3',
      'Resume 3/3',
    ])
  })

  test('publishes an image with alt text (blob uploaded)', async () => {
    const net = shared
    const res = await net.publish({
      text: 'Our new logo',
      images: [{ data: TINY_PNG, mimeType: 'image/png', altText: 'A single red dot' }],
      idempotencyKey: 'image-1',
    })
    const r = await record(res.remoteId)
    const embed = r.embed as AppBskyEmbedImages.Main
    expect(embed.$type).toBe('app.bsky.embed.images')
    expect(embed.images[0]!.alt).toBe('A single red dot')
    expect(embed.images[0]!.image.mimeType).toBe('image/png')
    expect(embed.images[0]!.image.size).toBe(TINY_PNG.byteLength)
  })

  test('a customer mention comes back exactly once across repeated polls, with its author', async () => {
    const net = shared
    let cursor = (await drain(net, null)).cursor
    const mention = await local.post(alice, '@brand.test my order #4411 never arrived')
    await local.settle()
    const found = []
    for (let i = 0; i < 3; i++) {
      const page = await net.fetchActivity(cursor)
      cursor = page.cursor
      found.push(...page.messages.filter((m) => m.remoteId === mention.uri))
    }
    expect(found).toHaveLength(1)
    expect(found[0]!.kind).toBe('mention')
    expect(found[0]!.text).toBe('@brand.test my order #4411 never arrived')
    expect(found[0]!.author.remoteId).toBe(alice.did)
    expect(found[0]!.author.handle).toBe('alice.test')
    expect(found[0]!.author.displayName).toBe('Alice')
    expect(found[0]!.author.followerCount).toBe(0)
  })

  test('a reply lands as a child of the mention in getPostThread', async () => {
    const net = shared
    const mention = await local.post(alice, '@brand.test is the app down?')
    await local.settle()
    const reply = await net.reply(mention.uri, 'Sorry Alice, we are on it. Back in 10 minutes.')
    await local.settle()
    const { data } = await alice.agent.app.bsky.feed.getPostThread({ uri: mention.uri })
    const thread = data.thread as AppBskyFeedDefs.ThreadViewPost
    const children = (thread.replies ?? []) as AppBskyFeedDefs.ThreadViewPost[]
    expect(children.map((c) => c.post.uri)).toContain(reply.remoteId)
    const r = await record(reply.remoteId)
    expect(r.reply?.parent).toEqual(mention)
    expect(r.reply?.root).toEqual(mention)

    // the customer answers; the reply notification carries root and parent
    const cursor = (await drain(net, null)).cursor
    const answer = await local.post(alice, 'Thanks!', {
      root: mention,
      parent: {
        uri: reply.remoteId,
        cid: (await alice.agent.app.bsky.feed.getPosts({ uris: [reply.remoteId] })).data.posts[0]!.cid,
      },
    })
    await local.settle()
    const { messages } = await net.fetchActivity(cursor)
    const msg = messages.find((m) => m.remoteId === answer.uri)
    expect(msg?.kind).toBe('reply')
    expect(msg?.parentId).toBe(reply.remoteId)
    expect(msg?.threadRootId).toBe(mention.uri)
  })

  test('deletes a post; it is gone from the repository', async () => {
    const net = shared
    const res = await net.publish({ text: 'Oops, typo', idempotencyKey: 'delete-1' })
    await net.delete(res.remoteId)
    const gone = await alice.agent.com.atproto.repo
      .getRecord({ repo: brand.did, collection: 'app.bsky.feed.post', rkey: new AtUri(res.remoteId).rkey })
      .then(
        () => 'found',
        (e: unknown) => (e as XRPCError).error,
      )
    expect(gone).toBe('RecordNotFound')
    expect((await failure(net.delete(res.remoteId))).kind).toBe('not-found')
  })

  test('metrics reflect a like and a repost', async () => {
    const net = shared
    const res = await net.publish({ text: 'Like and repost me', idempotencyKey: 'metrics-1' })
    await local.settle()
    const cid = (await alice.agent.app.bsky.feed.getPosts({ uris: [res.remoteId] })).data.posts[0]!.cid
    await alice.agent.like(res.remoteId, cid)
    await bob.agent.repost(res.remoteId, cid)
    await local.settle()
    const [m] = await net.fetchMetrics([res.remoteId])
    expect(m).toEqual({ remoteId: res.remoteId, likes: 1, reposts: 1, replies: 0, quotes: 0 })
    const { messages } = await net.fetchActivity(null)
    const like = messages.find((x) => x.kind === 'like' && x.subjectRemoteId === res.remoteId)
    expect(like?.author.handle).toBe('alice.test')
    expect(
      messages.find((x) => x.kind === 'repost' && x.subjectRemoteId === res.remoteId)?.author.handle,
    ).toBe('bob.test')
  })

  test('a wrong app password is auth-expired', async () => {
    const net = connect({ appPassword: 'aaaa-bbbb-cccc-dddd' })
    const err = await failure(net.verify())
    expect(err.kind).toBe('auth-expired')
    expect(err.message).toMatch(/reconnect/)
  })

  test('an over-long text is invalid-content, locally and when the PDS refuses it', async () => {
    const net = shared
    const err = await failure(net.publish({ text: 'é'.repeat(301), idempotencyKey: 'long-1' }))
    expect(err.failure).toMatchObject({ kind: 'invalid-content', field: 'text' })
    const refused = await brand.agent.post({ text: 'x'.repeat(301) }).then(
      () => undefined,
      (e: unknown) => e,
    )
    const mapped = toNetworkError(refused, 'write', 'publish')
    expect(mapped.failure.kind).toBe('invalid-content')
    expect(mapped.failure.kind === 'invalid-content' && mapped.failure.reason).toMatch(/grapheme/)
  })

  test('429 becomes rate-limited with the reset time', () => {
    const now = Date.UTC(2026, 0, 1)
    const err = toNetworkError(
      new XRPCError(429, 'RateLimitExceeded', 'Rate Limit Exceeded', {
        'ratelimit-reset': String(now / 1000 + 90),
      }),
      'write',
      'publish',
      now,
    )
    expect(err.failure).toEqual({ kind: 'rate-limited', retryAfterMs: 90_000 })
  })
})

/** Revokes a session the way a person does when they log out (deleteSession with the refresh token). */
async function revokeSession(refreshJwt: string): Promise<void> {
  const res = await fetch(`${local.serviceUrl}/xrpc/com.atproto.server.deleteSession`, {
    method: 'POST',
    headers: { authorization: `Bearer ${refreshJwt}` },
  })
  expect(res.status).toBe(200)
}

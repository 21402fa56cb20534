import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { GraphFake } from '../../../test/support/graph-fake.js'
import { writeMetaOpenApi } from '../../../test/support/meta-openapi.js'
import { type PrismServer, startPrism } from '../../../test/support/prism.js'
import { moderateOn } from '../moderation.port.js'
import { testNetworkContract } from '../network.contract.js'
import { NetworkError } from '../network.port.js'
import { FacebookNetwork } from './facebook.network.js'

const PAGE = { id: '104000000000001', name: 'Acme', username: 'acme' }
const IG = { id: '178414000000001', username: 'acme.ig' }

let prism: PrismServer
let fake: GraphFake
let fb: FacebookNetwork
const pauses: number[] = []

function open(token = 'page-token'): FacebookNetwork {
  return new FacebookNetwork({
    baseUrl: fake.url,
    pageId: PAGE.id,
    pageAccessToken: token,
    appSecret: 'app-secret',
    onPause: (ms) => {
      pauses.push(ms)
    },
  })
}

async function failure(p: Promise<unknown>): Promise<NetworkError> {
  try {
    await p
  } catch (err) {
    if (err instanceof NetworkError) return err
    throw err
  }
  throw new Error('expected a NetworkError')
}

beforeAll(async () => {
  prism = await startPrism({ spec: writeMetaOpenApi(`/tmp/meta-openapi-fb-${process.pid}.json`) })
  fake = await new GraphFake(prism.url, PAGE, IG).start()
  fb = open()
})
afterAll(async () => {
  await fake?.stop()
  await prism?.stop()
})

testNetworkContract('Facebook Page (Graph API v25, Prism validating)', async () => ({
  network: fb,
  customerMention: async (text) => fake.visitorPost(text),
  settle: async () => {},
  threadOf: async (id) => fake.threadOf(id),
}))

describe('Facebook Page adapter', () => {
  test('a photo post uploads the photo unpublished with its alt text and attaches it', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])
    const res = await fb.publish({
      text: 'New store hours',
      idempotencyKey: 'k-photo',
      images: [{ data: png, mimeType: 'image/png', altText: 'The shop front at dusk' }],
    })
    const post = fake.items.get(res.remoteId)
    const attached = JSON.parse(String(post?.extra?.attached)) as { media_fbid: string }[]
    const photo = fake.items.get(attached[0]?.media_fbid ?? '')
    expect(photo?.extra?.alt).toBe('The shop front at dusk')
    expect(photo?.extra?.published).toBe('false')
    expect(post?.message).toBe('New store hours')
  })

  test('a link post passes the first link for its preview; edit changes the text', async () => {
    const res = await fb.publish({ text: 'Read https://acme.example/news today', idempotencyKey: 'k-link' })
    expect(fake.items.get(res.remoteId)?.extra?.link).toBe('https://acme.example/news')
    await fb.edit(res.remoteId, 'Read https://acme.example/news now')
    expect(fake.items.get(res.remoteId)?.message).toBe('Read https://acme.example/news now')
  })

  test('activity: visitor posts, comments and replies, recommendations and Messenger, each once', async () => {
    const first = await fb.fetchActivity(null)
    const wall = fake.visitorPost('My order #123 never arrived')
    const ours = (await fb.publish({ text: 'Launch day', idempotencyKey: 'k-launch' })).remoteId
    const comment = fake.comment(ours, 'Congrats!')
    const reply = fake.comment(comment, 'Agreed', { id: '9004', name: 'Sam' })
    fake.rating('Slow delivery', false)
    fake.message('Hello, is anyone there?', 'messenger', '7002')
    const page = await fb.fetchActivity(first.cursor)
    const by = new Map(page.messages.map((m) => [m.remoteId, m]))
    expect(by.get(wall)?.kind).toBe('mention')
    expect(by.get(comment)).toMatchObject({
      kind: 'reply',
      threadRootId: ours,
      parentId: ours,
      subjectRemoteId: ours,
    })
    expect(by.get(reply)).toMatchObject({ kind: 'reply', threadRootId: ours, parentId: comment })
    const review = page.messages.find((m) => m.remoteId.startsWith('rating:'))
    expect(review?.text).toBe('Does not recommend Acme: Slow delivery')
    const dm = page.messages.find((m) => m.kind === 'direct-message' && m.text === 'Hello, is anyone there?')
    expect(dm?.conversationId).toBe('7002')
    const again = await fb.fetchActivity(page.cursor)
    expect(again.messages.map((m) => m.remoteId)).toEqual([])
    // @NOTE the first poll (no cursor) subscribed the Page to the app's webhooks; later polls do not.
    expect(fake.subscribed.filter((s) => s.startsWith(PAGE.id))).toHaveLength(fake.subscribed.length)
    expect(fake.subscribed.at(-1)).toBe(`${PAGE.id}:feed,messages,ratings`)
  })

  test('a Messenger reply goes to the customer by their page-scoped id', async () => {
    const sent = await fb.sendDirectMessage('7002', 'Yes, how can we help?')
    expect(sent.conversationId).toBe('7002')
    expect(fake.messages.find((m) => m.id === sent.remoteId)).toMatchObject({
      to: '7002',
      text: 'Yes, how can we help?',
    })
  })

  test('moderation: hide, unhide, like, ban the author, delete', async () => {
    const post = (await fb.publish({ text: 'Moderation target', idempotencyKey: 'k-mod' })).remoteId
    const spam = fake.comment(post, 'Cheap followers at spam.example', { id: '9666', name: 'Spammer' })
    await moderateOn(fb, { remoteId: spam }, 'hide')
    expect(fake.items.get(spam)?.hidden).toBe(true)
    await moderateOn(fb, { remoteId: spam }, 'unhide')
    expect(fake.items.get(spam)?.hidden).toBe(false)
    await moderateOn(fb, { remoteId: spam }, 'like')
    expect(fake.items.get(spam)?.likes).toBe(1)
    await moderateOn(fb, { remoteId: spam, authorRemoteId: '9666' }, 'ban-author')
    expect(fake.items.get(spam)?.hidden).toBe(true)
    expect(fake.blocked).toContain('9666')
    await moderateOn(fb, { remoteId: spam }, 'delete')
    expect(fake.items.has(spam)).toBe(false)
  })

  test('Graph error codes become typed failures that say what to do', async () => {
    const cases: [number, string, Partial<{ retryAfterMs: number; field: string }>][] = [
      [190, 'auth-expired', {}],
      [4, 'rate-limited', { retryAfterMs: 300_000 }],
      [17, 'rate-limited', {}],
      [32, 'rate-limited', {}],
      [613, 'rate-limited', {}],
      [10, 'invalid-content', { field: 'permissions' }],
      [200, 'invalid-content', { field: 'permissions' }],
      [368, 'invalid-content', {}],
    ]
    for (const [code, kind, extra] of cases) {
      fake.failNext({
        route: 'POST /{id}/feed',
        status: code === 190 ? 401 : 400,
        body: { error: { message: `code ${code}`, type: 'OAuthException', code } },
      })
      const err = await failure(fb.publish({ text: `error ${code}`, idempotencyKey: `k-${code}` }))
      expect({ code, kind: err.kind }).toEqual({ code, kind })
      expect(err.failure).toMatchObject(extra)
    }
  })

  test('Retry-After and the usage headers set the wait, and a nearly spent budget pauses the channel', async () => {
    fake.failNext({
      route: 'GET /{id}/feed',
      status: 400,
      body: { error: { message: 'limit', code: 80001 } },
      headers: {
        'x-business-use-case-usage': JSON.stringify({
          [PAGE.id]: [
            {
              type: 'pages',
              call_count: 100,
              total_cputime: 20,
              total_time: 20,
              estimated_time_to_regain_access: 7,
            },
          ],
        }),
      },
    })
    const limited = await failure(open().fetchActivity(null))
    expect(limited.failure).toEqual({ kind: 'rate-limited', retryAfterMs: 7 * 60_000 })
    expect(pauses.at(-1)).toBe(7 * 60_000)
    const other = open()
    fake.failNext({
      route: 'GET /{id}/ratings',
      status: 429,
      body: { error: { message: 'slow', code: 4 } },
      headers: { 'retry-after': '30' },
    })
    const retry = await failure(other.fetchActivity(null))
    expect(retry.failure).toEqual({ kind: 'rate-limited', retryAfterMs: 30_000 })
  })

  test('after an unknown outcome the post already made is found by its text, not sent twice', async () => {
    fake.failNext({ route: 'POST /{id}/feed', lose: true })
    const text = `Exactly once ${Date.now()}`
    const res = await fb.publish({ text, idempotencyKey: 'k-once' })
    const same = [...fake.items.values()].filter((i) => i.message === text)
    expect(same.map((i) => i.id)).toEqual([res.remoteId])
  })

  test("Prism's validator flagged none of the adapter's requests", () => {
    expect(prism.violations(), prism.violationMessages().join('\n')).toBe(0)
    expect(prism.requests()).toBeGreaterThan(40)
  })
})

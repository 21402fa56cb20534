import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { GraphFake } from '../../../test/support/graph-fake.js'
import { writeMetaOpenApi } from '../../../test/support/meta-openapi.js'
import { type PrismServer, startPrism } from '../../../test/support/prism.js'
import { moderateOn } from '../moderation.port.js'
import { testNetworkContract } from '../network.contract.js'
import { NetworkError, type PostImage } from '../network.port.js'
import { instagramIssues } from './instagram.capabilities.js'
import { InstagramNetwork } from './instagram.network.js'

const PAGE = { id: '104000000000002', name: 'Acme', username: 'acme' }
const IG = { id: '178414000000002', username: 'acme.ig' }
const JPEG: PostImage = {
  data: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]),
  mimeType: 'image/jpeg',
  altText: 'A red bicycle',
}

let prism: PrismServer
let fake: GraphFake
let ig: InstagramNetwork

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
  prism = await startPrism({ spec: writeMetaOpenApi(`/tmp/meta-openapi-ig-${process.pid}.json`) })
  fake = await new GraphFake(prism.url, PAGE, IG).start()
  ig = new InstagramNetwork({
    baseUrl: fake.url,
    igUserId: IG.id,
    pageId: PAGE.id,
    accessToken: 'page-token',
  })
})
afterAll(async () => {
  await fake?.stop()
  await prism?.stop()
})

/** A customer comments on our newest media (Instagram has no free-standing mention of an account). */
async function customerComment(text: string): Promise<string> {
  const ours = await ig.publish({
    text: `Our post ${Date.now()}`,
    idempotencyKey: `m-${Date.now()}`,
    images: [JPEG],
  })
  return fake.igComment(ours.remoteId, text)
}

testNetworkContract('Instagram (Graph API v25, Prism validating)', async () => ({
  network: ig,
  customerMention: customerComment,
  settle: async () => {},
  // @NOTE on Instagram a comment thread is one top-level comment and its replies: that comment is the root.
  threadOf: async (id) => {
    const { parentId } = fake.threadOf(id)
    let root = parentId
    while (root && fake.items.get(fake.items.get(root)?.parent ?? '')?.kind === 'comment')
      root = fake.items.get(root)?.parent ?? null
    return { parentId, rootId: root }
  },
  postImages: [JPEG],
}))

describe('Instagram adapter', () => {
  test('a single image goes container → media_publish with caption and alt text', async () => {
    const res = await ig.publish({ text: 'Spring collection #bikes', idempotencyKey: 'i-1', images: [JPEG] })
    const media = fake.items.get(res.remoteId)
    expect(media?.message).toBe('Spring collection #bikes')
    expect(media?.extra?.alt_text).toBe('A red bicycle')
    expect(String(media?.extra?.image_url)).toMatch(/^https:\/\/scontent\.example\/\d+\.jpg$/)
    expect(res.url).toBe(`https://www.instagram.com/p/${res.remoteId}/`)
  })

  test('several images become a carousel of child containers', async () => {
    const res = await ig.publish({
      text: 'Three colours',
      idempotencyKey: 'i-2',
      images: [JPEG, { ...JPEG, altText: 'A blue bicycle' }, { ...JPEG, altText: '' }],
    })
    const media = fake.items.get(res.remoteId)
    expect(media?.extra?.media_type).toBe('CAROUSEL')
    const children = JSON.parse(String(media?.extra?.children)) as string[]
    expect(children).toHaveLength(3)
    expect(children.map((c) => fake.items.get(c)?.extra?.is_carousel_item)).toEqual(['true', 'true', 'true'])
    expect(fake.items.get(children[1] ?? '')?.extra?.alt_text).toBe('A blue bicycle')
    expect(fake.items.get(children[2] ?? '')?.extra?.alt_text).toBeUndefined()
  })

  test("Instagram's own rules: media required, 2,200 characters, 30 hashtags", async () => {
    expect(instagramIssues({ text: 'no picture' })).toEqual([
      { field: 'images', reason: 'Instagram posts need at least one image' },
    ])
    const tags = Array.from({ length: 31 }, (_, i) => `#t${i}`).join(' ')
    expect(instagramIssues({ text: tags, images: [JPEG] })).toEqual([
      { field: 'text', reason: 'has 31 hashtags; Instagram allows 30' },
    ])
    const err = await failure(ig.publish({ text: tags, idempotencyKey: 'i-3', images: [JPEG] }))
    expect(err.failure).toMatchObject({ kind: 'invalid-content', field: 'text' })
    const none = await failure(ig.publish({ text: 'no picture', idempotencyKey: 'i-4' }))
    expect(none.failure).toMatchObject({ kind: 'invalid-content', field: 'images' })
    const long = await failure(ig.publish({ text: 'x'.repeat(2201), idempotencyKey: 'i-5', images: [JPEG] }))
    expect(long.failure).toMatchObject({ kind: 'invalid-content', field: 'text' })
  })

  test('activity: comments and replies on media, tags and DMs, each once; a reply to a reply threads under its comment', async () => {
    const first = await ig.fetchActivity(null)
    const comment = await customerComment('Do you ship to Canada?')
    const media = fake.threadOf(comment).rootId as string
    const reply = fake.igComment(comment, 'Me too', { id: '8002', username: 'sam.s' })
    const tag = fake.tag('Love my new bike @acme.ig')
    fake.message('Where is my order?', 'instagram', '6001')
    const page = await ig.fetchActivity(first.cursor)
    const by = new Map(page.messages.map((m) => [m.remoteId, m]))
    expect(by.get(comment)).toMatchObject({ kind: 'reply', threadRootId: media, parentId: media })
    expect(by.get(reply)).toMatchObject({ kind: 'reply', threadRootId: media, parentId: comment })
    expect(by.get(`tag:${tag}`)).toMatchObject({ kind: 'mention', text: 'Love my new bike @acme.ig' })
    expect(page.messages.find((m) => m.kind === 'direct-message')?.conversationId).toBe('6001')
    expect((await ig.fetchActivity(page.cursor)).messages).toEqual([])
    const answer = await ig.reply(reply, 'We do!')
    expect(fake.threadOf(answer.remoteId).parentId).toBe(comment)
  })

  test('moderation: hide, unhide and delete a comment; like is unsupported and said so', async () => {
    const spam = await customerComment('Follow me for free followers')
    await moderateOn(ig, { remoteId: spam }, 'hide')
    expect(fake.items.get(spam)?.hidden).toBe(true)
    await moderateOn(ig, { remoteId: spam }, 'unhide')
    expect(fake.items.get(spam)?.hidden).toBe(false)
    const like = await failure(moderateOn(ig, { remoteId: spam }, 'like'))
    expect(like.failure).toMatchObject({ kind: 'invalid-content', field: 'action' })
    await moderateOn(ig, { remoteId: spam }, 'delete')
    expect(fake.items.has(spam)).toBe(false)
  })

  test('after an unknown outcome of media_publish the post is found by its caption, not published twice', async () => {
    fake.failNext({ route: 'POST /{id}/media_publish', lose: true })
    const text = `Exactly once ${Date.now()}`
    const res = await ig.publish({ text, idempotencyKey: 'i-once', images: [JPEG] })
    const same = [...fake.items.values()].filter((i) => i.kind === 'media' && i.message === text)
    expect(same.map((i) => i.id)).toEqual([res.remoteId])
  })

  test("Prism's validator flagged none of the adapter's requests", () => {
    expect(prism.violations(), prism.violationMessages().join('\n')).toBe(0)
    expect(prism.requests()).toBeGreaterThan(40)
  })
})

/**
 * The contract every Network adapter keeps, as one test suite run against each adapter (the pattern
 * of hono's `common.case.test.ts` and fedify's `testMessageQueue`). Call `testNetworkContract`
 * inside a test file with a harness that reaches the adapter and the network behind it.
 */
import { beforeAll, describe, expect, test } from 'vitest'
import { validatePost } from '../shared/validate-post.js'
import { type Network, NetworkError, type PostImage } from './network.port.js'

/** What the contract needs beyond the port: a second account on the network and a way to look. */
export interface NetworkHarness {
  network: Network
  /** Another account mentions the channel's account in a new post; returns its remote id. */
  customerMention(text: string): Promise<string>
  /** Waits until the network has indexed previous writes (no-op where writes are immediate). */
  settle(): Promise<void>
  /** Thread position of a post as the network itself reports it. */
  threadOf(remoteId: string): Promise<{ parentId: string | null; rootId: string | null }>
  /** Images every post needs on this network (Instagram posts carry at least one). */
  postImages?: PostImage[]
}

async function failureOf(p: Promise<unknown>): Promise<NetworkError> {
  try {
    await p
  } catch (err) {
    if (err instanceof NetworkError) return err
    throw err
  }
  throw new Error('expected a NetworkError, the call succeeded')
}

let n = 0
function key(): string {
  return `contract-${Date.now().toString(36)}-${++n}`
}

/** Registers the contract tests for one adapter. `harness` is called once, in a beforeAll. */
export function testNetworkContract(name: string, harness: () => Promise<NetworkHarness>): void {
  describe(`Network contract: ${name}`, () => {
    let h: NetworkHarness
    beforeAll(async () => {
      h = await harness()
    })

    test('capabilities describe text, media and features', () => {
      const c = h.network.capabilities
      expect(c.network).toMatch(/^[a-z-]+$/)
      expect(c.label.length).toBeGreaterThan(0)
      expect(c.text.maxLength).toBeGreaterThan(0)
      expect(['graphemes', 'characters', 'utf8-bytes', 'weighted']).toContain(c.text.unit)
      expect(c.media.maxImages).toBeGreaterThanOrEqual(0)
      expect(c.media.mimeTypes.length).toBeGreaterThan(0)
      expect(typeof c.replies).toBe('boolean')
      expect(['native', 'lookup', 'none']).toContain(c.idempotency)
    })

    test('verify and fetchProfile report the account', async () => {
      const account = await h.network.verify()
      expect(account.remoteId.length).toBeGreaterThan(0)
      expect(account.handle.length).toBeGreaterThan(0)
      const profile = await h.network.fetchProfile()
      expect(profile.remoteId).toBe(account.remoteId)
      expect(profile.handle).toBe(account.handle)
      expect(typeof profile.postCount).toBe('number')
    })

    test('publish, then findPublished finds it by key and by text', async () => {
      const idempotencyKey = key()
      const text = `Contract post ${idempotencyKey}`
      const before = Date.now() - 60_000
      const published = await h.network.publish({ text, idempotencyKey, images: h.postImages })
      expect(published.remoteId.length).toBeGreaterThan(0)
      expect(published.parts).toHaveLength(1)
      expect(published.parts[0]!.remoteId).toBe(published.remoteId)
      await h.settle()
      const byKey = await h.network.findPublished({ idempotencyKey })
      // @NOTE a network without idempotency ('none') keeps no key of ours: only text + time window can find a post.
      if (h.network.capabilities.idempotency === 'none') expect(byKey).toBeNull()
      else expect(byKey?.remoteId).toBe(published.remoteId)
      const byText = await h.network.findPublished({ text, since: before, until: Date.now() + 60_000 })
      expect(byText?.remoteId).toBe(published.remoteId)
      expect(await h.network.findPublished({ idempotencyKey: key() })).toBeNull()
    })

    test('a reply is threaded under the message it answers', async () => {
      const mention = await h.customerMention('Contract: is anyone there?')
      await h.settle()
      const reply = await h.network.reply(mention, 'Contract: yes, we are here.')
      await h.settle()
      const pos = await h.threadOf(reply.remoteId)
      expect(pos.parentId).toBe(mention)
      expect(pos.rootId).toBe(mention)
    })

    test('fetchActivity returns a mention once across repeated polls', async () => {
      let cursor: string | null = (await drain(h.network, null)).cursor
      const mention = await h.customerMention(`Contract: hello ${key()}`)
      await h.settle()
      const seen: string[] = []
      for (let i = 0; i < 3; i++) {
        const page = await drain(h.network, cursor)
        cursor = page.cursor
        seen.push(...page.ids.filter((id) => id === mention))
      }
      expect(seen).toEqual([mention])
    })

    test('delete, then the post is not found', async () => {
      const p = await h.network.publish({
        text: `Contract: to be deleted ${key()}`,
        idempotencyKey: key(),
        images: h.postImages,
      })
      await h.settle()
      await h.network.delete(p.remoteId)
      await h.settle()
      const again = await failureOf(h.network.delete(p.remoteId))
      expect(again.kind).toBe('not-found')
      expect(await h.network.fetchMetrics([p.remoteId])).toEqual([])
    })

    test('an over-long text is invalid-content, and validatePost says so first', async () => {
      const c = h.network.capabilities
      const text = 'x'.repeat(c.text.maxLength + 1)
      const issues = validatePost(c, { text })
      expect(issues[0]?.field).toBe('text')
      const err = await failureOf(h.network.publish({ text, idempotencyKey: key() }))
      expect(err.kind).toBe('invalid-content')
      expect(err.failure.kind === 'invalid-content' && err.failure.reason.length).toBeGreaterThan(0)
    })

    test('metrics have counts for each existing post', async () => {
      const p = await h.network.publish({
        text: `Contract: metrics ${key()}`,
        idempotencyKey: key(),
        images: h.postImages,
      })
      await h.settle()
      const [m] = await h.network.fetchMetrics([p.remoteId])
      expect(m?.remoteId).toBe(p.remoteId)
      for (const k of ['likes', 'reposts', 'replies', 'quotes'] as const)
        expect(m?.[k]).toBeGreaterThanOrEqual(0)
    })
  })
}

/** Polls until the network says nothing more is waiting. */
export async function drain(
  network: Network,
  cursor: string | null,
): Promise<{ cursor: string | null; ids: string[] }> {
  const ids: string[] = []
  let c = cursor
  for (let i = 0; i < 50; i++) {
    const page = await network.fetchActivity(c)
    ids.push(...page.messages.map((m) => m.remoteId))
    c = page.cursor
    if (!page.more) break
  }
  return { cursor: c, ids }
}

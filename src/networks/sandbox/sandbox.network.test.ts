import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { describeEachEngine, openTestDb, type TestDb } from '../../../test/support/db.js'
import { ManualClock, systemClock } from '../../core/clock.js'
import { newId } from '../../core/ids.js'
import { drain, testNetworkContract } from '../network.contract.js'
import { NetworkError } from '../network.port.js'
import { generateEvent } from './sandbox.generator.js'
import { SandboxNetwork } from './sandbox.network.js'
import { Prng, sandboxPerson } from './sandbox.people.js'
import { SandboxWorlds } from './sandbox.world.js'

describeEachEngine('Sandbox network', (engine) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(engine)
  })
  afterAll(async () => {
    await db?.destroy()
  })

  testNetworkContract(`sandbox [${engine}]`, async () => {
    const worlds = new SandboxWorlds(db.kysely, systemClock)
    const w = await worlds.ensure({
      id: newId(),
      handle: 'acme.sandbox',
      displayName: 'Acme',
      seed: 7,
      ratePerMinute: 0,
    })
    const network = new SandboxNetwork(db.kysely, worlds, systemClock, w.id)
    return {
      network,
      customerMention: async (text) =>
        (
          await worlds.addCustomerItem(w.id, {
            kind: 'mention',
            authorIndex: 3,
            text: `@acme.sandbox ${text}`,
          })
        ).id,
      settle: async () => {},
      threadOf: async (id) => {
        const r = await db.kysely
          .selectFrom('sandbox_items')
          .select(['parent_id', 'root_id'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
        return { parentId: r.parent_id, rootId: r.root_id }
      },
    }
  })

  describe('simulation', () => {
    let clock: ManualClock
    let worlds: SandboxWorlds
    beforeAll(() => {
      clock = new ManualClock()
      worlds = new SandboxWorlds(db.kysely, clock)
    })

    async function world(opts: { seed?: number; ratePerMinute?: number } = {}) {
      const w = await worlds.ensure({
        id: newId(clock.now()),
        handle: 'acme.sandbox',
        displayName: 'Acme',
        seed: opts.seed ?? 42,
        ratePerMinute: opts.ratePerMinute ?? 60,
      })
      return { w, net: new SandboxNetwork(db.kysely, worlds, clock, w.id) }
    }

    test('generates lazily from elapsed time, at the configured rate, and never repeats a message', async () => {
      const { net } = await world({ ratePerMinute: 60 })
      const first = await drain(net, null)
      expect(first.ids).toHaveLength(0)
      clock.advance(10 * 60_000)
      const page = await drain(net, first.cursor)
      expect(page.ids).toHaveLength(600)
      expect(new Set(page.ids).size).toBe(600)
      const again = await drain(net, page.cursor)
      expect(again.ids).toHaveLength(0)
    })

    test('is deterministic from the seed', async () => {
      const a = await world({ seed: 99, ratePerMinute: 30 })
      const b = await world({ seed: 99, ratePerMinute: 30 })
      clock.advance(5 * 60_000)
      const pa = await a.net.fetchActivity(null)
      const pb = await b.net.fetchActivity(null)
      expect(pa.messages.map((m) => [m.kind, m.text, m.author.handle])).toEqual(
        pb.messages.map((m) => [m.kind, m.text, m.author.handle]),
      )
      expect(pa.messages.length).toBe(150)
    })

    test('has a realistic mix: complaints, praise, questions, sarcasm, spam, likes and DMs', async () => {
      const { w, net } = await world({ seed: 5, ratePerMinute: 0 })
      await net.publish({ text: 'Our spring release is out!', idempotencyKey: 'spring' })
      await worlds.setRate(w.id, 1000)
      clock.advance(60_000)
      const { messages } = await net.fetchActivity(null)
      const kinds = new Set(messages.map((m) => m.kind))
      for (const k of ['mention', 'reply', 'quote', 'like', 'repost', 'follow', 'direct-message'])
        expect(kinds).toContain(k)
      const topics = await db.kysely
        .selectFrom('sandbox_items')
        .select('topic')
        .distinct()
        .where('world_id', '=', w.id)
        .execute()
      const t = new Set(topics.map((r) => r.topic))
      for (const k of [
        'complaint-delivery',
        'complaint-outage',
        'complaint-billing',
        'complaint-service',
        'praise',
        'feature-request',
        'spam',
        'off-topic',
      ]) {
        expect(t).toContain(k)
      }
      expect(messages.some((m) => m.text?.includes('Thanks for nothing'))).toBe(true)
      const like = messages.find((m) => m.kind === 'like')!
      expect(like.text).toBeNull()
      expect(like.subjectRemoteId).toBeTruthy()
      expect(messages.find((m) => m.kind === 'direct-message')?.conversationId).toMatch(/^dm-\d+$/)
      expect(messages.some((m) => (m.author.followerCount ?? 0) > 40_000)).toBe(true)
    })

    test('a crisis ramps mentions up 100×, mostly about the outage', async () => {
      const { w, net } = await world({ seed: 11, ratePerMinute: 2 })
      await worlds.setCrisis(w.id, true, 10 * 60_000)
      clock.advance(10 * 60_000)
      const { ids } = await drain(net, null)
      expect(ids.length).toBe(2000)
      const outage = await db.kysely
        .selectFrom('sandbox_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('world_id', '=', w.id)
        .where('topic', '=', 'complaint-outage')
        .executeTakeFirstOrThrow()
      expect(Number(outage.n)).toBeGreaterThan(1000)
      clock.advance(10 * 60_000)
      const after = await drain(net, null)
      expect(after.ids.length).toBe(2020)
    })

    test('1,000 mentions per second for 20 seconds are stored in batches', async () => {
      const { w, net } = await world({ seed: 3, ratePerMinute: 60_000 })
      clock.advance(20_000)
      await net.fetchActivity(null)
      const n = await db.kysely
        .selectFrom('sandbox_items')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('world_id', '=', w.id)
        .executeTakeFirstOrThrow()
      expect(Number(n.n)).toBe(20_000)
    })

    test('customers escalate when ignored and react when answered', async () => {
      const { w, net } = await world({ seed: 1, ratePerMinute: 0 })
      const ignored = await worlds.addCustomerItem(w.id, {
        kind: 'mention',
        authorIndex: 8,
        text: '@acme.sandbox where is my order?',
        topic: 'complaint-delivery',
      })
      const answered = await worlds.addCustomerItem(w.id, {
        kind: 'mention',
        authorIndex: 9,
        text: '@acme.sandbox charged twice',
        topic: 'complaint-billing',
      })
      for (const m of [ignored, answered]) {
        await db.kysely
          .insertInto('sandbox_pending')
          .values({
            id: newId(),
            world_id: w.id,
            due_at: clock.now() + 3_600_000,
            kind: 'escalation',
            about_id: m.id,
            data: '{}',
            created_at: clock.now(),
          })
          .execute()
      }
      const start = await drain(net, null)
      await net.reply(answered.id, 'Sorry about that, we refunded the second charge.')
      clock.advance(2 * 3_600_000)
      const { messages } = await net.fetchActivity(start.cursor)
      const escalation = messages.filter((m) => m.parentId === ignored.id)
      expect(escalation).toHaveLength(1)
      expect(escalation[0]!.author.handle).toBe(sandboxPerson(1, 8).handle)
      expect(messages.filter((m) => m.parentId === answered.id)).toHaveLength(0)
    })

    test('answered customers react to our reply: thanks, a follow-up, or still unhappy', async () => {
      const { w, net } = await world({ seed: 2, ratePerMinute: 0 })
      const mentions: string[] = []
      const replies: string[] = []
      for (let i = 0; i < 8; i++) {
        const m = await worlds.addCustomerItem(w.id, {
          kind: 'mention',
          authorIndex: 20 + i,
          text: '@acme.sandbox I was billed twice',
          topic: 'complaint-billing',
        })
        mentions.push(m.id)
        replies.push((await net.reply(m.id, 'Sorry! We refunded the second charge.')).remoteId)
      }
      const before = await net.fetchActivity(null)
      clock.advance(15 * 60_000)
      const { messages } = await net.fetchActivity(before.cursor)
      const reactions = messages.filter((m) => m.parentId !== null && replies.includes(m.parentId))
      expect(reactions.length).toBeGreaterThan(0)
      for (const r of reactions) {
        expect(r.kind).toBe('reply')
        expect(mentions).toContain(r.threadRootId)
        expect(r.text?.length).toBeGreaterThan(0)
      }
    })

    test('publishing is idempotent by key, threads keep their order, and the network side can count posts', async () => {
      const { w, net } = await world({ ratePerMinute: 0 })
      const post = {
        text: 'Part one',
        thread: [{ text: 'Part two' }, { text: 'Part three' }],
        idempotencyKey: 'launch-1',
      }
      const a = await net.publish(post)
      const b = await net.publish(post)
      expect(b.parts.map((p) => p.remoteId)).toEqual(a.parts.map((p) => p.remoteId))
      const rows = await db.kysely
        .selectFrom('sandbox_items')
        .selectAll()
        .where('world_id', '=', w.id)
        .where('from_brand', '=', 1)
        .orderBy('seq')
        .execute()
      expect(rows.map((r) => r.text)).toEqual(['Part one', 'Part two', 'Part three'])
      expect(rows[1]!.parent_id).toBe(rows[0]!.id)
      expect(rows[2]!.parent_id).toBe(rows[1]!.id)
      expect(rows[2]!.root_id).toBe(rows[0]!.id)
      expect((await net.findPublished({ idempotencyKey: 'launch-1' }))?.remoteId).toBe(a.remoteId)
    })

    test('survives a restart: a new instance continues from the stored state', async () => {
      const { w, net } = await world({ seed: 21, ratePerMinute: 6 })
      clock.advance(60_000)
      const first = await drain(net, null)
      const restarted = new SandboxNetwork(db.kysely, new SandboxWorlds(db.kysely, clock), clock, w.id)
      clock.advance(60_000)
      const next = await drain(restarted, first.cursor)
      expect(first.ids).toHaveLength(6)
      expect(next.ids).toHaveLength(6)
      expect(next.ids.some((id) => first.ids.includes(id))).toBe(false)
    })

    test('a removed world reports auth-expired', async () => {
      const net = new SandboxNetwork(db.kysely, worlds, clock, 'no-such-world')
      const err = await net.verify().catch((e: unknown) => e)
      expect(err).toBeInstanceOf(NetworkError)
      expect((err as NetworkError).kind).toBe('auth-expired')
    })
  })
})

describe('Sandbox generator', () => {
  test('the PRNG is seeded', () => {
    const a = new Prng(123)
    const b = new Prng(123)
    expect([a.next(), a.next(), a.next()]).toEqual([b.next(), b.next(), b.next()])
  })

  test('people are stable per seed and index, with some influential accounts', () => {
    expect(sandboxPerson(1, 10)).toEqual(sandboxPerson(1, 10))
    const people = Array.from({ length: 2000 }, (_, i) => sandboxPerson(1, i))
    expect(new Set(people.map((p) => p.handle)).size).toBe(2000)
    expect(people.filter((p) => p.influential).length).toBeGreaterThan(20)
    // Served by Townhall (sandbox.avatar.ts): initials and colour in a short address.
    expect(people[0]!.avatarUrl).toMatch(/^\/sandbox\/avatars\/[^/]{1,12}-[0-9a-f]{6}\.svg$/)
  })

  test('events mention the account by handle', () => {
    const ctx = {
      seed: 1,
      handle: 'acme.sandbox',
      name: 'Acme',
      population: 100,
      brandPosts: [],
      crisis: false,
    }
    const mentions = Array.from({ length: 200 }, (_, i) => generateEvent(ctx, i)).filter(
      (e) => e.kind === 'mention',
    )
    expect(mentions.length).toBeGreaterThan(50)
    expect(mentions.every((m) => m.text?.includes('@acme.sandbox') || m.text?.includes('Acme'))).toBe(true)
  })
})

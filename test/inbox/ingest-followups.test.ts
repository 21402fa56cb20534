import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import type { Network } from '../../src/networks/network.port.js'
import { addMember } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

describeEachEngine('inbox follow-ups', (engine: Engine) => {
  let f: InboxFixture
  let agents: string[]
  const actor = () => ({ memberId: f.ownerMemberId, userId: 'owner' })

  beforeAll(async () => {
    f = await inboxFixture(engine)
    for (const n of [1, 2, 3])
      await addMember(f.t.app, f.owner, f.workspaceId, 'agent', `agent${n}@acme.example`)
    const rows = await f.t.ctx.db.kysely
      .selectFrom('members')
      .select('id')
      .where('workspace_id', '=', f.workspaceId)
      .where('role', '=', 'agent')
      .orderBy('id')
      .execute()
    agents = rows.map((r) => r.id)
  })
  afterAll(async () => f.t.close())

  const ruleEvents = async (conversationId: string) =>
    (await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, conversationId)).timeline
      .filter((e) => e.ruleId)
      .map((e) => e.data.text)

  it('evaluates rules on every incoming message, not only the first', async () => {
    await f.t.ctx.inbox.rules.create(f.workspaceId, {
      name: 'Outage',
      conditions: { keywords: ['outage'] },
      actions: [
        { type: 'label', label: 'outage' },
        { type: 'priority', priority: 'urgent' },
      ],
    })
    await f.t.ctx.inbox.rules.create(f.workspaceId, {
      name: 'Billing',
      conditions: { keywords: ['refund'] },
      actions: [{ type: 'assign-member', memberId: agents[0]! }],
    })
    await f.t.ctx.inbox.rules.create(f.workspaceId, {
      name: 'Legal',
      conditions: { keywords: ['lawyer'] },
      actions: [{ type: 'assign-member', memberId: agents[1]!, reassign: true }],
    })
    const who = { remoteId: 'dana-id', handle: 'dana.example', displayName: 'Dana' }
    const first = activity({ remoteId: 'fu-1', text: '@acme hi, a question about my plan', author: who })
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [first])
    const id = r.conversationIds[0]!
    expect(await ruleEvents(id)).toEqual([])
    const reply = (remoteId: string, text: string) => {
      f.t.clock.advance(1000) // timeline events of different batches then sort in order
      return activity({ remoteId, kind: 'reply', text, author: who, threadRootId: 'fu-1', parentId: 'fu-1' })
    }

    const r2 = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      reply('fu-2', 'and now your site is down, outage?'),
    ])
    expect(r2.conversationIds).toEqual([id])
    let d = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, id)
    expect(d.labels).toEqual(['outage'])
    expect(d.priority).toBe('urgent')
    expect(await ruleEvents(id)).toEqual([
      'rule Outage labelled this outage',
      'rule Outage set priority urgent',
    ])

    // Unassigned: the rule assigns. The same outage words again change nothing and add nothing.
    await f.t.ctx.inbox.ingest.ingest(f.channel, [reply('fu-3', 'still an outage, I want a refund')])
    d = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, id)
    expect(d.assigneeMemberId).toBe(agents[0])
    expect((await ruleEvents(id)).slice(2)).toEqual(['rule Billing assigned this'])

    // Assigned by hand: the rule does not take it away; a rule marked reassign does.
    await f.t.ctx.inbox.conversations.assign(f.workspaceId, id, actor(), agents[2]!)
    await f.t.ctx.inbox.ingest.ingest(f.channel, [reply('fu-4', 'refund please, today')])
    d = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, id)
    expect(d.assigneeMemberId).toBe(agents[2])
    expect((await ruleEvents(id)).length).toBe(3)
    await f.t.ctx.inbox.ingest.ingest(f.channel, [reply('fu-5', 'my lawyer will call you')])
    d = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, id)
    expect(d.assigneeMemberId).toBe(agents[1])
    expect((await ruleEvents(id)).slice(3)).toEqual(['rule Legal assigned this'])
  })

  it('on the Sandbox, replies from different people to our post are separate conversations', async () => {
    const worlds = f.t.ctx.networks.worlds
    const w = await worlds.ensure({
      id: f.channel.id,
      handle: 'acme.sandbox',
      displayName: 'Acme',
      seed: 11,
      ratePerMinute: 0,
    })
    const run = <T>(work: (n: Network) => Promise<T>) =>
      f.t.ctx.networks.connect.run(f.workspaceId, f.channel.id, work)
    const add = (input: Parameters<typeof worlds.addCustomerItem>[1]) => {
      f.t.clock.advance(1000)
      return worlds.addCustomerItem(w.id, input)
    }
    const post = await run((n) => n.publish({ text: 'Our spring release is out!', idempotencyKey: 'spring' }))
    const ann = await add({
      kind: 'reply',
      authorIndex: 3,
      text: 'Love it!',
      parentId: post.remoteId,
    })
    await add({
      kind: 'reply',
      authorIndex: 5,
      text: 'Does it work on Android? Mine will not start',
      parentId: post.remoteId,
    })
    await add({
      kind: 'reply',
      authorIndex: 3,
      text: 'Also: dark mode?',
      parentId: post.remoteId,
    })
    const page = await run((n) => n.fetchActivity(null))
    const res = await f.t.ctx.inbox.ingest.ingest(f.channel, page.messages)
    expect(res.stored).toBe(3)
    expect(res.conversationsCreated).toBe(2)
    const convs = await f.t.ctx.db.kysely
      .selectFrom('inbox_conversations')
      .select(['id', 'thread_key', 'message_count'])
      .where('id', 'in', res.conversationIds)
      .orderBy('message_count')
      .execute()
    expect(convs.map((c) => c.message_count)).toEqual([1, 2])
    expect(convs.every((c) => c.thread_key.startsWith(`t:${post.remoteId}~`))).toBe(true)
    // We answer the first customer; their answer to us lands in their conversation, not the other one.
    const annConv = convs[1]!.id
    const d = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, annConv)
    const ours = await f.t.ctx.inbox.replies.reply(f.workspaceId, annConv, actor(), {
      text: 'Thank you! Dark mode is next.',
      lastSeenMessageId: d.messages.at(-1)!.id,
      inReplyToMessageId: d.messages.find((m) => m.remoteId === ann.id)!.id,
    })
    await add({
      kind: 'reply',
      authorIndex: 3,
      text: 'Great, thanks',
      parentId: ours.remoteId,
    })
    const next = await run((n) => n.fetchActivity(page.cursor))
    const res2 = await f.t.ctx.inbox.ingest.ingest(f.channel, next.messages)
    expect(res2.conversationIds).toEqual([annConv])
  })
})

import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { ReplyCollision, ReplyService } from '../../src/inbox/reply.service.js'
import type { Network } from '../../src/networks/network.port.js'
import { addMember } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

describeEachEngine('inbox work', (engine: Engine) => {
  let f: InboxFixture
  let agents: string[]
  let sent = 0
  let replies: ReplyService
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
    const fakeNetwork = {
      reply: async () => ({ remoteId: `ours-${++sent}`, url: null, createdAt: f.t.clock.now() }),
    } as unknown as Network
    replies = new ReplyService(
      f.t.ctx.db.kysely,
      f.t.clock,
      f.t.ctx.inbox.conversations,
      { run: (_ws, _ch, work) => work(fakeNetwork) },
      () => undefined,
    )
  })
  afterAll(async () => f.t.close())

  it('applies rules in order and records each effect on the timeline', async () => {
    const team = await f.t.ctx.inbox.teams.create(f.workspaceId, {
      name: 'Care',
      memberIds: agents,
      maxOpenPerAgent: 1,
    })
    const r1 = await f.t.ctx.inbox.rules.create(f.workspaceId, {
      name: 'Refunds',
      conditions: { keywords: ['refund'] },
      actions: [
        { type: 'label', label: 'billing' },
        { type: 'priority', priority: 'urgent' },
      ],
    })
    const r2 = await f.t.ctx.inbox.rules.create(f.workspaceId, {
      name: 'Big accounts',
      conditions: { minFollowers: 5000 },
      actions: [
        { type: 'assign-team', teamId: team.id },
        { type: 'note', text: 'VIP: be quick' },
      ],
      stop: true,
    })
    await f.t.ctx.inbox.rules.create(f.workspaceId, {
      name: 'Never reached',
      conditions: { minFollowers: 5000 },
      actions: [{ type: 'label', label: 'late' }],
    })
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({
        remoteId: 'rule-1',
        text: '@acme I want a refund now',
        author: { remoteId: 'vip', handle: 'vip.example', followerCount: 90_000 },
      }),
    ])
    const d = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, r.conversationIds[0]!)
    expect(d.labels).toEqual(['billing'])
    expect(d.priority).toBe('urgent')
    expect(d.teamId).toBe(team.id)
    expect(d.assigneeMemberId).toBe(agents[0])
    const effects = d.timeline.filter((e) => e.ruleId).map((e) => [e.ruleName, e.data.text])
    expect(effects).toEqual([
      ['Refunds', 'rule Refunds labelled this billing'],
      ['Refunds', 'rule Refunds set priority urgent'],
      ['Big accounts', 'rule Big accounts assigned this'],
      ['Big accounts', 'VIP: be quick'],
    ])
    // Reordering puts "Never reached" first: it now labels, and "Big accounts" still stops after.
    const order = (await f.t.ctx.inbox.rules.list(f.workspaceId)).map((x) => x.id)
    await f.t.ctx.inbox.rules.reorder(f.workspaceId, [order[2]!, r2.id, r1.id])
    const r3 = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({
        remoteId: 'rule-2',
        text: 'refund please',
        author: { remoteId: 'vip2', handle: 'vip2.example', followerCount: 90_000 },
      }),
    ])
    const d3 = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, r3.conversationIds[0]!)
    expect(d3.labels).toEqual(['late'])
    expect(d3.timeline.filter((e) => e.ruleId).map((e) => e.ruleName)).toEqual([
      'Never reached',
      'Big accounts',
      'Big accounts',
    ])
    expect(d3.assigneeMemberId).toBe(agents[1])
  })

  it('assigns round robin among available agents, within the cap', async () => {
    // agents[0] holds one open conversation (cap 1); agents[1] is away.
    await f.t.ctx.db.kysely
      .updateTable('members')
      .set({ availability: 'away' })
      .where('id', '=', agents[1]!)
      .execute()
    const team = (await f.t.ctx.inbox.teams.list(f.workspaceId))[0]!
    const ids: string[] = []
    for (const n of [1, 2, 3]) {
      const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [
        activity({ remoteId: `rr-${n}`, author: { remoteId: `rr-author-${n}`, handle: `rr${n}.example` } }),
      ])
      ids.push(r.conversationIds[0]!)
    }
    const picked = []
    for (const id of ids)
      picked.push(await f.t.ctx.inbox.conversations.assignTeam(f.workspaceId, id, actor(), team.id))
    const assigned = await f.t.ctx.db.kysely
      .selectFrom('inbox_conversations')
      .select(['assignee_member_id'])
      .where('workspace_id', '=', f.workspaceId)
      .where('state', 'in', ['open', 'pending'])
      .where('assignee_member_id', 'is not', null)
      .execute()
    const perAgent = new Map<string, number>()
    for (const a of assigned)
      perAgent.set(a.assignee_member_id!, (perAgent.get(a.assignee_member_id!) ?? 0) + 1)
    expect(picked).toEqual([agents[2], null, null])
    expect(perAgent.get(agents[0]!)).toBe(1)
    expect(perAgent.get(agents[2]!)).toBe(1)
    // agents[1] keeps the one the rule gave them before they went away, and gets no more.
    expect(perAgent.get(agents[1]!)).toBe(1)
    // The agent the team's round robin picked is told, as with an assignment by hand.
    const told = await f.t.ctx.db.kysely
      .selectFrom('notifications as n')
      .innerJoin('members as m', 'm.user_id', 'n.user_id')
      .select(['n.kind', 'n.subject_id'])
      .where('m.id', '=', agents[2]!)
      .where('n.subject_id', '=', ids[0]!)
      .execute()
    expect(told).toEqual([{ kind: 'inbox.assigned', subject_id: ids[0] }])
  })

  it('blocks a reply when a message arrived after the agent opened the conversation, and records first response', async () => {
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({ remoteId: 'col-1', author: { remoteId: 'col', handle: 'col.example' } }),
    ])
    const id = r.conversationIds[0]!
    const opened = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, id)
    f.t.clock.advance(60_000)
    await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({
        kind: 'reply',
        remoteId: 'col-2',
        threadRootId: 'col-1',
        parentId: 'col-1',
        text: 'hello?',
        author: { remoteId: 'col', handle: 'col.example' },
      }),
    ])
    const err = await replies
      .reply(f.workspaceId, id, actor(), { text: 'Hi!', lastSeenMessageId: opened.lastMessageId })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ReplyCollision)
    expect((err as ReplyCollision).newMessages.map((m) => m.text)).toEqual(['hello?'])
    const now = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, id)
    const ok = await replies.reply(f.workspaceId, id, actor(), {
      text: 'Hi {{contact.handle}}',
      lastSeenMessageId: now.lastMessageId,
      thenState: 'pending',
    })
    expect(ok.text).toBe('Hi @col.example')
    expect(ok.sentByMemberId).toBe(f.ownerMemberId)
    const after = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, id)
    expect(after.state).toBe('pending')
    expect(after.firstResponseMs).toBe(f.t.clock.now() - opened.messages[0]!.createdAt)
    // A colleague who opened it before our reply is blocked too.
    const again = await replies
      .reply(f.workspaceId, id, actor(), { text: 'Me too', lastSeenMessageId: now.lastMessageId })
      .catch((e: unknown) => e)
    expect((again as ReplyCollision).newMessages.map((m) => m.direction)).toEqual(['out'])
    // The customer's follow-up under our reply lands in the same conversation and reopens it.
    await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({
        kind: 'reply',
        remoteId: 'col-3',
        threadRootId: 'col-1',
        parentId: ok.remoteId,
        text: 'thanks',
        author: { remoteId: 'col', handle: 'col.example' },
      }),
    ])
    const last = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, id)
    expect(last.messageCount).toBe(4)
    expect(last.state).toBe('open')
    expect(last.sla?.kind).toBe('next')
  })

  it('counts SLA targets in business hours across a weekend', async () => {
    for (const p of ['normal', 'high'] as const) {
      await f.t.ctx.inbox.sla.setPolicy(f.workspaceId, p, {
        firstResponseMinutes: 120,
        nextResponseMinutes: 60,
        businessHours: true,
        warnBeforeMinutes: 30,
      })
    }
    // Friday 2026-03-06 16:00 in Berlin (the workspace's zone, 09–17 on weekdays).
    f.t.clock.set(Date.UTC(2026, 2, 6, 15, 0))
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({
        remoteId: 'sla-1',
        text: 'what are your opening hours?',
        createdAt: Date.UTC(2026, 2, 6, 15, 0),
        author: { remoteId: 'sla', handle: 'sla.example' },
      }),
    ])
    const d = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, r.conversationIds[0]!)
    expect(['normal', 'high']).toContain(d.priority)
    expect(d.sla?.dueAt).toBe(Date.UTC(2026, 2, 9, 9, 0)) // Monday 10:00 Berlin
    expect(d.sla?.timeLeftMs).toBe(2 * 3_600_000)
    f.t.clock.set(Date.UTC(2026, 2, 9, 8, 45)) // Monday 09:45: 15 min left → warning
    expect((await f.t.ctx.inbox.slaMonitor.check()).warned).toBeGreaterThanOrEqual(1)
    f.t.clock.set(Date.UTC(2026, 2, 9, 9, 1))
    expect((await f.t.ctx.inbox.slaMonitor.check()).breached).toBeGreaterThanOrEqual(1)
    const after = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, r.conversationIds[0]!)
    expect(after.sla?.breachedAt).toBe(Date.UTC(2026, 2, 9, 9, 1))
    expect(after.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['sla.warning', 'sla.breached']))
  })

  it('searches messages and contacts with filters', async () => {
    await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({
        remoteId: 's-1',
        text: 'my suitcase was damaged on arrival',
        author: { remoteId: 's1', handle: 'sam.example', displayName: 'Sam Porter' },
      }),
      activity({
        remoteId: 's-2',
        text: 'love the new suitcase design!',
        author: { remoteId: 's2', handle: 'lee.example', displayName: 'Lee' },
      }),
    ])
    const all = await f.t.ctx.inbox.view.list(f.workspaceId, f.ownerMemberId, { q: 'suitcase' })
    expect(all.items.map((c) => c.contact.handle).sort()).toEqual(['lee.example', 'sam.example'])
    const negative = await f.t.ctx.inbox.view.list(f.workspaceId, f.ownerMemberId, {
      q: 'suitcase',
      sentiments: ['negative'],
    })
    expect(negative.items.map((c) => c.contact.handle)).toEqual(['sam.example'])
    const byName = await f.t.ctx.inbox.view.list(f.workspaceId, f.ownerMemberId, { q: 'porter' })
    expect(byName.items.map((c) => c.contact.handle)).toEqual(['sam.example'])
    const none = await f.t.ctx.inbox.view.list(f.workspaceId, f.ownerMemberId, {
      q: 'suitcase',
      states: ['resolved'],
    })
    expect(none.items).toEqual([])
    const res = await f.owner.get<{
      conversations: { items: unknown[] }
      contacts: Array<{ handle: string }>
    }>(`/api/workspaces/${f.workspaceId}/inbox/search?q=porter`)
    expect(res.body.contacts.map((c) => c.handle)).toEqual(['sam.example'])
    // Cursor pagination walks every open conversation once.
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const p = await f.t.ctx.inbox.view.list(
        f.workspaceId,
        f.ownerMemberId,
        { states: ['open'] },
        { cursor, limit: 2 },
      )
      seen.push(...p.items.map((c) => c.id))
      cursor = p.nextCursor ?? undefined
    } while (cursor)
    const total = await f.t.ctx.inbox.view.unreadCount(f.workspaceId, f.ownerMemberId, { states: ['open'] })
    expect(new Set(seen).size).toBe(total.total)
    expect(seen.length).toBe(total.total)
  })

  it('merges contacts across networks and keeps their history', async () => {
    const list = await f.t.ctx.inbox.contacts.list(f.workspaceId, { q: 'sam' })
    const other = await f.t.ctx.inbox.contacts.list(f.workspaceId, { q: 'lee' })
    const merged = await f.t.ctx.inbox.contacts.merge(f.workspaceId, list[0]!.id, other[0]!.id)
    expect(merged.accounts.map((a) => a.handle).sort()).toEqual(['lee.example', 'sam.example'])
    expect(merged.conversations).toHaveLength(2)
    // The merged account's next message joins the surviving contact.
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({ remoteId: 's-3', author: { remoteId: 's2', handle: 'lee.example' } }),
    ])
    const d = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, r.conversationIds[0]!)
    expect(d.contact.id).toBe(merged.id)
    // It counts for the group, and the merged account's handle finds the group's conversations.
    const after = await f.t.ctx.inbox.contacts.get(f.workspaceId, merged.id)
    expect(after.messageCount).toBe(merged.messageCount + 1)
    expect(after.conversations).toHaveLength(3)
    const found = await f.t.ctx.inbox.view.list(f.workspaceId, f.ownerMemberId, { q: 'lee.example' })
    expect(found.items.map((c) => c.id).sort()).toEqual(after.conversations.map((c) => c.id).sort())
  })
})

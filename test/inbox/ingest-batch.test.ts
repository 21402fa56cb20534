/**
 * One batch and one message at a time must give the same inbox: the batch path writes conversations,
 * messages (several rows a statement on SQLite), contacts and the timeline in bulk, and looks rows
 * up per key; the one-by-one path takes every step once per message.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import type { ActivityMessage } from '../../src/networks/network.port.js'
import { describeEachEngine } from '../support/db.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

const PEOPLE = ['ann', 'ben', 'cat', 'dan', 'eve']
const TEXTS = [
  '@acme I was charged twice, I want a refund now',
  '@acme the app is down again, 500 errors everywhere',
  '@acme love the new release, great work',
  '@acme how do I change my password?',
]

/** 77 items: mentions, replies threading into them, direct messages, our answers, a like, a repeat. */
function script(): ActivityMessage[] {
  const out: ActivityMessage[] = []
  const t0 = Date.UTC(2026, 2, 2, 8, 0, 0)
  const author = (i: number) => {
    const p = PEOPLE[i % PEOPLE.length]!
    return {
      remoteId: `${p}-id`,
      handle: `${p}.example`,
      displayName: p.toUpperCase(),
      followerCount: 100 + i,
    }
  }
  for (let i = 0; i < 40; i++) {
    out.push(
      activity({
        remoteId: `root-${i}`,
        text: `${TEXTS[i % TEXTS.length]} #${i}`,
        createdAt: t0 + i * 60_000,
        author: author(i),
      }),
    )
  }
  for (let i = 0; i < 20; i++) {
    const root = `root-${i * 2}`
    out.push(
      activity({
        kind: 'reply',
        remoteId: `reply-${i}`,
        text: `still waiting on this ${i}`,
        threadRootId: root,
        parentId: root,
        createdAt: t0 + (45 + i) * 60_000,
        author: author(i * 2),
      }),
    )
  }
  for (let i = 0; i < 10; i++) {
    out.push(
      activity({
        kind: 'direct-message',
        remoteId: `dm-${i}`,
        text: `private question number ${i}`,
        conversationId: `dm-${i % 3}`,
        createdAt: t0 + (70 + i) * 60_000,
        author: author(i % 3),
      }),
    )
  }
  for (let i = 0; i < 5; i++) {
    out.push(
      activity({
        kind: 'reply',
        remoteId: `ours-${i}`,
        text: `sorry about that, we are on it ${i}`,
        threadRootId: `root-${i}`,
        parentId: `root-${i}`,
        createdAt: t0 + (90 + i) * 60_000,
        author: { remoteId: 'brand-account', handle: 'acme.sandbox', displayName: 'Acme' },
      }),
    )
  }
  out.push(activity({ kind: 'like', remoteId: 'like-1', subjectRemoteId: 'post-1', createdAt: t0 }))
  out.push({ ...out[3]! })
  return out
}

interface Snapshot {
  conversations: unknown[]
  messages: unknown[]
  contacts: unknown[]
  timeline: unknown[]
  search: string[]
}

async function snapshot(f: InboxFixture): Promise<Snapshot> {
  const k = f.t.ctx.db.kysely
  const conversations = await k
    .selectFrom('inbox_conversations as v')
    .innerJoin('inbox_contacts as c', 'c.id', 'v.contact_id')
    .select([
      'v.thread_key',
      'v.kind',
      'v.state',
      'v.priority',
      'v.labels',
      'v.preview',
      'v.intent',
      'v.sentiment',
      'v.message_count',
      'v.last_message_at',
      'v.last_inbound_at',
      'v.first_inbound_at',
      'v.first_response_at',
      'v.first_response_ms',
      'v.awaiting_since',
      'v.sla_kind',
      'v.sla_due_at',
      'v.version',
      'c.handle',
    ])
    .where('v.workspace_id', '=', f.workspaceId)
    .orderBy('v.thread_key')
    .execute()
  const messages = await k
    .selectFrom('inbox_messages as m')
    .innerJoin('inbox_conversations as v', 'v.id', 'm.conversation_id')
    .leftJoin('inbox_contacts as c', 'c.id', 'm.contact_id')
    .select([
      'm.remote_id',
      'm.direction',
      'm.kind',
      'm.text',
      'm.sentiment',
      'm.intent',
      'm.language',
      'm.needs_reply',
      'm.created_at',
      'v.thread_key',
      'c.handle',
    ])
    .where('m.workspace_id', '=', f.workspaceId)
    .orderBy('m.remote_id')
    .execute()
  const contacts = await k
    .selectFrom('inbox_contacts')
    .select(['handle', 'display_name', 'follower_count', 'message_count', 'last_seen_at'])
    .where('workspace_id', '=', f.workspaceId)
    .orderBy('handle')
    .execute()
  const timeline = await k
    .selectFrom('inbox_events as e')
    .innerJoin('inbox_conversations as v', 'v.id', 'e.conversation_id')
    .select(['v.thread_key', 'e.kind', 'e.rule_name', 'e.data'])
    .where('e.workspace_id', '=', f.workspaceId)
    .orderBy('v.thread_key')
    .orderBy('e.id')
    .execute()
  const found = await f.t.ctx.inbox.view.list(f.workspaceId, f.ownerMemberId, { q: 'refund' }, { limit: 200 })
  return { conversations, messages, contacts, timeline, search: found.items.map((c) => c.preview).sort() }
}

describeEachEngine('inbox ingest: one batch and one at a time agree', (engine: Engine) => {
  let batch: InboxFixture
  let single: InboxFixture
  let a: Snapshot
  let b: Snapshot
  beforeAll(async () => {
    batch = await inboxFixture(engine)
    single = await inboxFixture(engine)
    for (const f of [batch, single]) {
      await f.t.ctx.inbox.rules.create(f.workspaceId, {
        name: 'Refunds',
        conditions: { keywords: ['refund'] },
        actions: [{ type: 'label', label: 'billing' }],
      })
      await f.t.ctx.inbox.rules.create(f.workspaceId, {
        name: 'Outage',
        conditions: { keywords: ['down'] },
        actions: [{ type: 'priority', priority: 'urgent' }],
      })
    }
    const items = script()
    const result = await batch.t.ctx.inbox.ingest.ingest(batch.channel, items)
    expect(result.stored).toBe(75)
    expect(result.counted).toBe(1)
    let stored = 0
    for (const m of items) stored += (await single.t.ctx.inbox.ingest.ingest(single.channel, [m])).stored
    expect(stored).toBe(75)
    a = await snapshot(batch)
    b = await snapshot(single)
  })
  afterAll(async () => {
    await batch.t.close()
    await single.t.close()
  })

  it('stores the same messages, each in the same conversation, classified alike', () => {
    expect(a.messages).toHaveLength(75)
    expect(a.messages).toEqual(b.messages)
    const reply = a.messages.find((m) => (m as { remote_id: string }).remote_id === 'reply-3') as Record<
      string,
      unknown
    >
    expect(reply.thread_key).toBe('t:root-6')
    expect(reply.handle).toBe('ben.example')
    const ours = a.messages.find((m) => (m as { remote_id: string }).remote_id === 'ours-1') as Record<
      string,
      unknown
    >
    expect(ours.direction).toBe('out')
    expect(ours.handle).toBeNull()
  })

  it('gives the conversations the same final state', () => {
    expect(a.conversations).toHaveLength(43)
    expect(a.conversations).toEqual(b.conversations)
    const root0 = a.conversations.find(
      (c) => (c as { thread_key: string }).thread_key === 't:root-0',
    ) as Record<string, unknown>
    expect(root0.message_count).toBe(3)
    expect(root0.first_response_at).not.toBeNull()
    expect(root0.labels).toBe('["billing"]')
    const dm = a.conversations.find((c) => (c as { thread_key: string }).thread_key === 'd:dm-1') as Record<
      string,
      unknown
    >
    expect(dm.kind).toBe('direct')
    expect(dm.message_count).toBe(3)
  })

  it('counts each contact’s messages and records the same rule effects', () => {
    expect(a.contacts).toEqual(b.contacts)
    const ann = a.contacts.find((c) => (c as { handle: string }).handle === 'ann.example') as Record<
      string,
      unknown
    >
    // ann wrote roots 0,5,…,35 (8), replies to roots 0,10,20,30 (4) and the DMs 0,3,6,9 (4).
    expect(Number(ann.message_count)).toBe(16)
    expect(a.timeline.length).toBeGreaterThan(0)
    expect(a.timeline).toEqual(b.timeline)
  })

  it('finds the same conversations by full text', () => {
    expect(a.search).toHaveLength(10)
    expect(a.search).toEqual(b.search)
  })
})

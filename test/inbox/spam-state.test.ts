import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import type { ConversationDetail } from '../../src/inbox/inbox.view.js'
import { classify } from '../../src/triage/classifier.js'
import { readLexicon } from '../../src/triage/lexicon.js'
import { describeEachEngine } from '../support/db.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

const ITEMS = ['sourdough', 'rye loaf', 'croissant', 'bagel', 'focaccia', 'brioche']
const ITEMS2 = ['baguette', 'pretzel', 'muffin', 'scone', 'danish', 'cinnamon roll']
/** Collaboration pitches this workspace treats as spam; the shipped rules read them as requests. */
const pitch = (x: string) => `@acme DM me for a collab on your ${x} page`

/** Marking a conversation spam by its state (one or in bulk) teaches the learner like a triage correction. */
describeEachEngine('inbox: spam by state teaches triage', (engine: Engine) => {
  let f: InboxFixture
  let base: string
  beforeAll(async () => {
    f = await inboxFixture(engine)
    base = `/api/workspaces/${f.workspaceId}/inbox`
  })
  afterAll(async () => f.t.close())

  const ingestOne = async (text: string, who: string): Promise<ConversationDetail> => {
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({ text, author: { remoteId: who, handle: `${who}.example` } }),
    ])
    return f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, r.conversationIds[0]!)
  }
  const corrections = (messageId: string) =>
    f.t.ctx.db.kysely
      .selectFrom('triage_corrections')
      .select(['field', 'from_value', 'to_value'])
      .where('message_id', '=', messageId)
      .orderBy('created_at')
      .orderBy('field')
      .execute()
      .then((rows) => rows.map((r) => `${r.field}: ${r.from_value} -> ${r.to_value}`).sort())
  const examples = async () =>
    (await f.owner.get<{ examples: number }>(`${base}/triage/learner`)).body.examples

  it('records a spam correction for the incoming messages of a conversation marked spam', async () => {
    expect(classify(pitch('bread')).intent).toBe('request')
    const d = await ingestOne(pitch('bread'), 'pitcher-0')
    const follow = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({
        text: 'still waiting for your answer about the collab',
        author: { remoteId: 'pitcher-0', handle: 'pitcher-0.example' },
        kind: 'reply',
        parentId: d.messages[0]!.remoteId,
        threadRootId: d.messages[0]!.remoteId,
      }),
    ])
    expect(follow.conversationIds[0]).toBe(d.id)
    const r = await f.owner.post(`${base}/conversations/${d.id}/state`, { state: 'spam' })
    expect(r.status).toBe(204)
    const after = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, d.id)
    expect(after.state).toBe('spam')
    expect(after.messages.map((m) => m.classification?.intent)).toEqual(['spam', 'spam'])
    expect(await corrections(after.messages[0]!.id)).toEqual([
      'intent: request -> spam',
      'spam: false -> true',
    ])
    expect(
      after.timeline
        .filter((e) => e.kind === 'triage')
        .map((e) => e.data.messageId)
        .sort(),
    ).toEqual(after.messages.map((m) => m.id).sort())
    expect(after.timeline.filter((e) => e.kind === 'state').map((e) => e.data.to)).toEqual(['spam'])
    expect(await examples()).toBe(2)
  })

  it('learns from spam marked in bulk: later look-alikes arrive as spam', async () => {
    const ids: string[] = []
    for (const [i, x] of [...ITEMS, ...ITEMS2].entries()) ids.push((await ingestOne(pitch(x), `p-${i}`)).id)
    const r = await f.owner.post<{ updated: number; notFound: string[] }>(`${base}/conversations/bulk`, {
      ids,
      action: { type: 'state', state: 'spam' },
    })
    expect(r.body).toEqual({ updated: 12, notFound: [] })
    expect(await examples()).toBe(14)
    const later = await ingestOne(pitch('cookie'), 'new-pitcher')
    expect(later.messages[0]!.classification?.intent).toBe('spam')
    expect(later.state).toBe('spam')
    // Unrelated messages keep the shipped reading.
    const complaint = await ingestOne('@acme my order arrived broken, I want a refund', 'unhappy')
    expect(complaint.messages[0]!.classification?.intent).toBe('complaint')
  })

  it('taking a conversation out of spam leaves the learner not reading that text as spam', async () => {
    const text = '@acme can you tell me when the new shop on Main Street opens?'
    const d = await ingestOne(text, 'curious')
    const intent = d.messages[0]!.classification!.intent
    expect(intent).not.toBe('spam')
    const before = await examples()
    expect((await f.owner.post(`${base}/conversations/${d.id}/state`, { state: 'spam' })).status).toBe(204)
    const learner = async () => (await f.t.ctx.inbox.learners.learnerFor(f.workspaceId))!
    const spamP = (await learner()).intent.predictReading(readLexicon(text))!.p
    expect(spamP.spam).toBeGreaterThan(spamP[intent as 'question'])

    expect((await f.owner.post(`${base}/conversations/${d.id}/state`, { state: 'open' })).status).toBe(204)
    const back = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, d.id)
    expect(back.state).toBe('open')
    expect(back.messages[0]!.classification?.intent).toBe(intent)
    expect(await corrections(d.messages[0]!.id)).toEqual(
      [
        `intent: ${intent} -> spam`,
        'spam: false -> true',
        `intent: spam -> ${intent}`,
        'spam: true -> false',
      ].sort(),
    )
    const p = (await learner()).intent.predictReading(readLexicon(text))!.p
    expect(p[intent as 'question']).toBeGreaterThan(p.spam)
    expect(await examples()).toBeGreaterThan(before + 1)
    // Resolving or reopening outside spam teaches nothing.
    const n = await examples()
    expect((await f.owner.post(`${base}/conversations/${d.id}/state`, { state: 'resolved' })).status).toBe(
      204,
    )
    expect(await examples()).toBe(n)
  })

  it('records a needs-reply correction on the message without teaching the learner', async () => {
    const d = await ingestOne('@acme my order arrived broken again', 'needs-no-reply')
    const m = d.messages[0]!
    expect(m.classification?.needsReply).toBe(true)
    const n = await examples()
    const r = await f.owner.post<{ needsReply: boolean; intent: string }>(`${base}/messages/${m.id}/triage`, {
      needsReply: false,
    })
    expect(r.status).toBe(200)
    expect(r.body).toMatchObject({ needsReply: false, intent: m.classification!.intent })
    const after = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, d.id)
    expect(after.messages[0]!.classification?.needsReply).toBe(false)
    expect(await corrections(m.id)).toEqual(['needsReply: true -> false'])
    expect(await examples()).toBe(n)
  })
})

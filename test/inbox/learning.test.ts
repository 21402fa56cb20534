import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildConfig } from '../../src/config/config.js'
import { createContext } from '../../src/context.js'
import { createLogger } from '../../src/core/logger.js'
import type { Engine } from '../../src/db/database.js'
import { classify } from '../../src/triage/classifier.js'
import { describeEachEngine } from '../support/db.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

const ITEMS = ['sourdough', 'rye loaf', 'croissant', 'bagel', 'focaccia', 'brioche']
const ITEMS2 = ['baguette', 'pretzel', 'muffin', 'scone', 'danish', 'cinnamon roll']
/** Bakery slang the shipped lexicon reads the other way: "sick" is praise here. */
const sick = (x: string) => `@acme your ${x} is sick`
/** Collaboration pitches this workspace treats as spam; the shipped rules read them as requests. */
const pitch = (x: string) => `@acme DM me for a collab on your ${x} page`

describeEachEngine('inbox triage learning', (engine: Engine) => {
  let f: InboxFixture
  beforeAll(async () => {
    f = await inboxFixture(engine)
  })
  afterAll(async () => f.t.close())

  const ingestOne = async (text: string, who: string) => {
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({ text, author: { remoteId: who, handle: `${who}.example` } }),
    ])
    const d = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, r.conversationIds[0]!)
    return d
  }

  it('records agents corrections and classifies later messages of the workspace by them', async () => {
    // The shipped lexicon reads "sick" as VADER rates it (ill, bad): the slang is what corrections teach.
    expect(classify(sick('rye bread')).intent).toBe('complaint')
    expect(classify(pitch('bread')).intent).toBe('request')
    const before = await ingestOne(pitch('bread'), 'before')
    expect(before.messages[0]!.classification?.intent).toBe('request')

    const pitches: Array<{ id: string; intent: string | undefined }> = []
    for (const [i, x] of [...ITEMS, ...ITEMS2].entries()) {
      const a = await ingestOne(sick(x), `fan-${i}`)
      const r = await f.owner.post(
        `/api/workspaces/${f.workspaceId}/inbox/messages/${a.messages[0]!.id}/triage`,
        {
          sentiment: 'positive',
          intent: 'praise',
        },
      )
      expect(r.status).toBe(200)
      const b = await ingestOne(pitch(x), `pitcher-${i}`)
      pitches.push({ id: b.messages[0]!.id, intent: b.messages[0]!.classification?.intent })
      const s = await f.owner.post<{ intent: string; needsReply: boolean; learnerExamples: number }>(
        `/api/workspaces/${f.workspaceId}/inbox/messages/${b.messages[0]!.id}/triage`,
        { spam: true },
      )
      expect(s.status).toBe(200)
      expect(s.body.intent).toBe('spam')
      expect(s.body.needsReply).toBe(false)
      expect(s.body.learnerExamples).toBe(3 * (i + 1))
    }
    // The corrected conversation shows the correction and moved to spam.
    const last = await f.t.ctx.db.kysely
      .selectFrom('triage_corrections')
      .select(['field', 'from_value', 'to_value', 'conversation_id'])
      .where('message_id', '=', pitches[0]!.id)
      .orderBy('field')
      .execute()
    expect(last.map((c) => [c.field, c.from_value, c.to_value])).toEqual([
      ['intent', 'request', 'spam'],
      ['spam', 'false', 'true'],
    ])
    // Learning took effect during the session: the first pitches arrived as requests, the last as spam.
    expect(pitches[0]!.intent).toBe('request')
    expect(pitches.at(-1)!.intent).toBe('spam')
    const conv = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, last[0]!.conversation_id)
    expect(conv.state).toBe('spam')
    expect(conv.timeline.some((e) => e.kind === 'triage' && String(e.data.text).includes('spam'))).toBe(true)

    const praise = await ingestOne(sick('rye bread'), 'new-fan')
    expect(praise.messages[0]!.classification).toMatchObject({ intent: 'praise', needsReply: false })
    expect(praise.messages[0]!.classification!.score).toBeGreaterThan(0)
    const spam = await ingestOne(pitch('bread'), 'new-pitcher')
    expect(spam.messages[0]!.classification?.intent).toBe('spam')
    expect(spam.state).toBe('spam')
    // Unrelated messages keep the shipped reading.
    const complaint = await ingestOne('@acme my order arrived broken, I want a refund', 'unhappy')
    expect(complaint.messages[0]!.classification).toMatchObject({
      intent: 'complaint',
      sentiment: 'negative',
    })
    const stats = await f.owner.get<{ examples: number }>(
      `/api/workspaces/${f.workspaceId}/inbox/triage/learner`,
    )
    expect(stats.body.examples).toBe(36)
  })

  it('keeps the learner in the database: a new context classifies the same way', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'townhall-data-'))
    const ctx2 = createContext(buildConfig({ dataDir, logLevel: 'silent', port: '0' }), {
      db: f.t.db,
      clock: f.t.clock,
      logger: createLogger('silent'),
    })
    try {
      const r = await ctx2.inbox.ingest.ingest(f.channel, [
        activity({ text: pitch('cookie'), author: { remoteId: 'restart-pitcher', handle: 'rp.example' } }),
        activity({ text: sick('cookie'), author: { remoteId: 'restart-fan', handle: 'rf.example' } }),
      ])
      const rows = await ctx2.db.kysely
        .selectFrom('inbox_messages')
        .select(['text', 'intent'])
        .where('conversation_id', 'in', r.conversationIds)
        .execute()
      const byText = new Map(rows.map((x) => [x.text, x.intent]))
      expect(byText.get(pitch('cookie'))).toBe('spam')
      expect(byText.get(sick('cookie'))).toBe('praise')
      // Another workspace learned nothing.
      expect(await ctx2.inbox.learners.learnerFor('some-other-workspace')).toBeUndefined()
    } finally {
      await ctx2.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('rejects corrections of our own messages and contradictory ones', async () => {
    const a = await ingestOne(sick('tart'), 'tart-fan')
    const id = a.messages[0]!.id
    const bad = await f.owner.post(`/api/workspaces/${f.workspaceId}/inbox/messages/${id}/triage`, {
      intent: 'praise',
      spam: true,
    })
    expect(bad.status).toBe(400)
    const empty = await f.owner.post(`/api/workspaces/${f.workspaceId}/inbox/messages/${id}/triage`, {})
    expect(empty.status).toBe(400)
    const missing = await f.owner.post(`/api/workspaces/${f.workspaceId}/inbox/messages/nope/triage`, {
      spam: false,
    })
    expect(missing.status).toBe(404)
  })
})

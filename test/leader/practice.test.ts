import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PracticeSessionSchema } from '../../src/http/routes/leader-rhythm.schemas.js'
import { practiceResults } from '../../src/leader/practice.results.js'
import { practiceScript, SCRIPT_LENGTH_MS } from '../../src/leader/practice.script.js'
import type { PracticeSessionView } from '../../src/leader/practice.service.js'
import { addMember, createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'

describe('practice script', () => {
  it('is the same for the same seed, different for another, and covers every tone', () => {
    const a = practiceScript(7, 'dana.sandbox')
    expect(practiceScript(7, 'dana.sandbox')).toEqual(a)
    expect(practiceScript(8, 'dana.sandbox').map((m) => m.text)).not.toEqual(a.map((m) => m.text))
    expect(a.map((m) => m.tone)).toEqual([
      'friendly',
      'curious',
      'hostile',
      'curious',
      'friendly',
      'hostile',
      'curious',
      'hostile',
    ])
    expect(a.every((m) => m.text.includes('@dana.sandbox'))).toBe(true)
    expect(new Set(a.map((m) => m.authorIndex)).size).toBe(8)
    expect(Math.max(...a.map((m) => m.offsetMs))).toBeLessThanOrEqual(SCRIPT_LENGTH_MS)
  })

  it('computes response times, replies and suggestions by hand', () => {
    const r = practiceResults([
      {
        position: 0,
        tone: 'friendly',
        text: 'hi',
        deliveredAt: 0,
        reply: { text: 'Thank you!', at: 20_000 },
      },
      {
        position: 1,
        tone: 'curious',
        text: 'q',
        deliveredAt: 10_000,
        reply: { text: 'Good question.', at: 70_000 },
      },
      { position: 2, tone: 'hostile', text: 'bad', deliveredAt: 20_000, reply: null },
      {
        position: 3,
        tone: 'hostile',
        text: 'worse',
        deliveredAt: 30_000,
        reply: { text: 'ok', at: 430_000 },
      },
    ])
    // response times: 20 000, 60 000, 400 000 → sorted median is the middle one: 60 000
    expect(r.medianResponseMs).toBe(60_000)
    expect(r.messages).toBe(4)
    expect(r.replies).toBe(3)
    expect(r.byTone).toEqual({
      friendly: { messages: 1, replied: 1 },
      curious: { messages: 1, replied: 1 },
      hostile: { messages: 2, replied: 1 },
    })
    expect(r.suggestions[0]).toBe(
      'Answer hostile messages too: 1 of 2 got no reply. A short, calm public answer shows everyone else that you listen.',
    )
    // the slowest reply (400 s) is over the 5-minute target while the median is not
    expect(r.suggestions).toContain(
      'One reply took 6 min 40 s (to a hostile message): keep every answer under 5 min.',
    )
  })
})

describeEachEngine('practice on the Sandbox', (engine) => {
  let t: TestApp
  let owner: TestClient
  let ws: string
  let leaderId: string
  let session: PracticeSessionView

  beforeAll(async () => {
    t = await createTestApp(engine)
    const s = await setupOwner(t.app)
    owner = s.owner
    ws = s.workspaceId
    const perms = await owner.get<{ memberId: string }>(`/api/workspaces/${ws}/permissions`)
    const p = await owner.post<{ id: string }>(`/api/workspaces/${ws}/presences`, {
      kind: 'person',
      displayName: 'Dana Leader',
      memberId: perms.body.memberId,
    })
    leaderId = p.body.id
  })
  afterAll(async () => t.close())

  it('starts a PRACTICE session on a practice presence with a Sandbox channel', async () => {
    const r = await owner.post<PracticeSessionView>(`/api/workspaces/${ws}/leaders/${leaderId}/practice`, {
      speed: 60,
      seed: 42,
    })
    expect(r.status).toBe(201)
    session = r.body
    expect(session.label).toBe('PRACTICE')
    expect(session.state).toBe('running')
    expect(session.messages).toHaveLength(8)
    expect(session.messages[0]!.deliveredAt).toBe(t.clock.now())
    expect(session.messages.slice(1).every((m) => m.deliveredAt === null)).toBe(true)
    const presence = await owner.get<{ displayName: string; kind: string }>(
      `/api/workspaces/${ws}/presences/${session.practicePresenceId}`,
    )
    expect(presence.body.displayName).toBe('PRACTICE · Dana Leader')
    const channel = await t.ctx.channels.get(ws, session.channelId)
    expect(channel.network).toBe('sandbox')
    expect(channel.handle).toBe('practice-dana-leader.sandbox')
    const leaders = await owner.get<Array<{ presenceId: string }>>(`/api/workspaces/${ws}/leaders`)
    expect(leaders.body.map((l) => l.presenceId)).toEqual([leaderId])
    const again = await owner.post(`/api/workspaces/${ws}/leaders/${leaderId}/practice`, {})
    expect(again.status).toBe(409)
  })

  it('streams the script into the inbox as time passes, then finishes with results', async () => {
    const t0 = t.clock.now()
    // speed 60: the ~225 s script takes 3.75 s
    t.clock.advance(4000)
    const t1 = t.clock.now()
    const r = await owner.get<PracticeSessionView>(
      `/api/workspaces/${ws}/leaders/${leaderId}/practice/${session.id}`,
    )
    expect(r.body.messages.every((m) => m.deliveredAt !== null)).toBe(true)
    const convs = await t.ctx.db.kysely
      .selectFrom('inbox_conversations as v')
      .innerJoin('inbox_messages as m', 'm.conversation_id', 'v.id')
      .select(['v.id', 'm.id as messageId', 'm.text', 'm.created_at'])
      .where('v.presence_id', '=', session.practicePresenceId)
      .where('m.direction', '=', 'in')
      .execute()
    expect(convs).toHaveLength(8)
    const convOf = (pos: number) => convs.find((c) => c.text === r.body.messages[pos]!.text)!
    const reply = async (pos: number, text: string) => {
      const c = convOf(pos)
      const res = await owner.post(`/api/workspaces/${ws}/inbox/conversations/${c.id}/reply`, {
        text,
        lastSeenMessageId: c.messageId,
      })
      expect(res.status).toBe(201)
    }
    t.clock.advance(30_000)
    await reply(0, 'Thank you so much, that means a lot!') // friendly, delivered t0 → 34 s
    t.clock.advance(60_000)
    await reply(1, 'Good question: focus on customers first.') // curious, delivered t1 → 90 s
    t.clock.advance(310_000)
    await reply(2, 'I hear you. Our team will look into it today and I will follow up personally.') // hostile, t1 → 400 s
    const done = await owner.post<PracticeSessionView>(
      `/api/workspaces/${ws}/leaders/${leaderId}/practice/${session.id}/finish`,
    )
    expect(done.status).toBe(200)
    expect(PracticeSessionSchema.safeParse(done.body).error).toBeUndefined()
    const res = done.body.results as unknown as ReturnType<typeof practiceResults>
    expect(done.body.state).toBe('finished')
    expect(res.messages).toBe(8)
    expect(res.replies).toBe(3)
    // response times: 34 000 (t1 + 30 s − t0, t1 = t0 + 4 s), 90 000, 400 000 → median 90 000
    expect(res.exchanges[0]!.responseMs).toBe(t1 + 30_000 - t0)
    expect(res.exchanges[0]!.responseMs).toBe(34_000)
    expect(res.exchanges[1]!.responseMs).toBe(90_000)
    expect(res.exchanges[2]!.responseMs).toBe(400_000)
    expect(res.medianResponseMs).toBe(90_000)
    expect(res.byTone.hostile).toEqual({ messages: 3, replied: 1 })
    expect(res.byTone.curious).toEqual({ messages: 3, replied: 1 })
    expect(res.replyTone.positive + res.replyTone.neutral + res.replyTone.negative).toBe(3)
    expect(res.exchanges[0]!.replyTone).toBe('positive')
    expect(res.suggestions[0]).toMatch(/^Answer hostile messages too: 2 of 3 got no reply/)
    expect(res.suggestions).toContain(
      'One reply took 6 min 40 s (to a hostile message): keep every answer under 5 min.',
    )
    const list = await owner.get<PracticeSessionView[]>(`/api/workspaces/${ws}/leaders/${leaderId}/practice`)
    expect(list.body.map((s) => s.id)).toEqual([session.id])
  })

  it('lets an executive leader (no inbox role) answer from the practice page', async () => {
    const exec = await addMember(t.app, owner, ws, 'executive', 'lee@acme.example')
    const em = (await exec.get<{ memberId: string }>(`/api/workspaces/${ws}/permissions`)).body.memberId
    const lee = await owner.post<{ id: string }>(`/api/workspaces/${ws}/presences`, {
      kind: 'person',
      displayName: 'Lee Exec',
      memberId: em,
    })
    const base = `/api/workspaces/${ws}/leaders/${lee.body.id}/practice`
    const started = await exec.post<PracticeSessionView>(base, { speed: 60, seed: 9 })
    expect(started.status).toBe(201)
    const s = started.body
    // The executive's inbox holds only their own presences' conversations (the practice one's here).
    const inbox = await exec.get<{ items: Array<{ presenceId: string }> }>(
      `/api/workspaces/${ws}/inbox/conversations`,
    )
    expect(inbox.status).toBe(200)
    const theirs = await t.ctx.db.kysely
      .selectFrom('presences')
      .select('id')
      .where('member_id', '=', em)
      .execute()
    for (const c of inbox.body.items) expect(theirs.map((p) => p.id)).toContain(c.presenceId)
    t.clock.advance(20_000)
    const answered = await exec.post<PracticeSessionView>(`${base}/${s.id}/messages/0/reply`, {
      text: 'Thank you, glad to be here!',
    })
    expect(answered.status).toBe(200)
    expect(answered.body.messages[0]!.replied).toBe(true)
    expect((await exec.post(`${base}/${s.id}/messages/5/reply`, { text: 'x' })).status).toBe(404) // not delivered yet
    expect((await owner.post(`${base}/${s.id}/messages/0/reply`, { text: '' })).status).toBe(400)
    const done = await exec.post<PracticeSessionView>(`${base}/${s.id}/finish`)
    const res = done.body.results as unknown as ReturnType<typeof practiceResults>
    // one message had arrived at the start (position 0), answered 20 s later
    expect(res.messages).toBe(1)
    expect(res.replies).toBe(1)
    expect(res.medianResponseMs).toBe(20_000)
    expect((await exec.post(`${base}/${s.id}/messages/0/reply`, { text: 'late' })).status).toBe(409)
  })

  it('reuses the practice presence for the next session', async () => {
    const r = await owner.post<PracticeSessionView>(`/api/workspaces/${ws}/leaders/${leaderId}/practice`, {
      seed: 1,
    })
    expect(r.status).toBe(201)
    expect(r.body.practicePresenceId).toBe(session.practicePresenceId)
    expect(r.body.channelId).toBe(session.channelId)
    expect(r.body.speed).toBe(1)
  })
})

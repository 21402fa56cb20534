import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IngestChannel } from '../../src/inbox/ingest.types.js'
import { evaluateNudges, expectedByNow } from '../../src/leader/nudge.rules.js'
import type { Nudge, NudgeMute } from '../../src/leader/nudge.service.js'
import type { ActivityMessage } from '../../src/networks/network.port.js'
import { addMember, createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'

const Z = (iso: string) => Date.parse(iso)
const MIN = 60_000
const HOUR = 60 * MIN
// Saturday 7 March 2026, 12:00 UTC; the week began Monday 2 March 00:00 Berlin = 1 March 23:00 UTC.
const NOW = Z('2026-03-07T12:00:00Z')
const WEEK_START = Z('2026-03-01T23:00:00Z')

describe('nudge rules', () => {
  it('expects the share of the weekly target that the week has used, rounded down', () => {
    // 133 h of 168 h gone: 3 × 133 / 168 = 2.375 → 2
    expect(expectedByNow(3, WEEK_START, NOW)).toBe(2)
    expect(expectedByNow(3, WEEK_START, WEEK_START + 10 * HOUR)).toBe(0)
  })

  it('raises nothing when the plan holds', () => {
    const f = evaluateNudges({
      now: NOW,
      weekStart: WEEK_START,
      target: { postsPerWeek: 3, repliesPerWeek: 1 },
      postsThisWeek: 1,
      scheduledThisWeek: 1,
      readyDrafts: [],
      questionTargetMs: 60 * MIN,
      waitingQuestions: [{ conversationId: 'q', awaitingSince: NOW - 59 * MIN, from: 'A', preview: '' }],
      inbound: [],
      outbound: [],
      previews: {},
    })
    expect(f).toEqual([])
  })
})

let seq = 0
function msg(text: string, at: number, o: { conv?: string; author?: string } = {}): ActivityMessage {
  seq++
  const id = `n${seq}`
  const who = o.author ?? id
  return {
    kind: o.conv ? 'reply' : 'mention',
    remoteId: id,
    url: null,
    text,
    subjectRemoteId: null,
    threadRootId: o.conv ?? null,
    parentId: o.conv ?? null,
    conversationId: null,
    createdAt: at,
    author: {
      remoteId: `p-${who}`,
      handle: `${who}.example`,
      displayName: `Person ${who}`,
      avatarUrl: null,
      followerCount: 10,
    },
  }
}

describeEachEngine('leader nudges (hand-computed fixture)', (engine) => {
  let t: TestApp
  let owner: TestClient
  let exec: TestClient
  let ws: string
  let leaderId: string
  let ch: IngestChannel
  let execUserId: string
  let ownerMemberId: string

  async function ingest(m: ActivityMessage, sentiment: 'positive' | 'neutral' | 'negative', intent?: string) {
    await t.ctx.inbox.ingest.ingest(ch, [m])
    // @NOTE the fixture fixes sentiment and intent instead of relying on the classifier's reading.
    await t.ctx.db.kysely
      .updateTable('inbox_messages')
      .set({ sentiment })
      .where('remote_id', '=', m.remoteId)
      .execute()
    if (intent) {
      const row = await t.ctx.db.kysely
        .selectFrom('inbox_messages')
        .select('conversation_id')
        .where('remote_id', '=', m.remoteId)
        .executeTakeFirstOrThrow()
      await t.ctx.db.kysely
        .updateTable('inbox_conversations')
        .set({ intent })
        .where('id', '=', row.conversation_id)
        .execute()
    }
  }

  async function post(id: string, state: string, deliveryState: string, at: number) {
    const k = t.ctx.db.kysely
    await k
      .insertInto('posts')
      .values({
        id,
        workspace_id: ws,
        kind: 'free',
        state,
        approval_state: state === 'in-review' ? 'in-review' : 'approved',
        revision: 1,
        title: `Post ${id}`,
        fields: '{}',
        parts: '[{"text":"x"}]',
        variants: '{}',
        drafted_by_member_id: ownerMemberId,
        drafted_by_user_id: 'u',
        drafted_by_role: 'owner',
        schedule_mode: null,
        scheduled_at: null,
        schedule_time_zone: null,
        schedule_local: null,
        published_at: deliveryState === 'published' ? at : null,
        created_at: at,
        updated_at: at,
        deleted_at: null,
      })
      .execute()
    await k
      .insertInto('post_deliveries')
      .values({
        id: `d-${id}`,
        workspace_id: ws,
        post_id: id,
        channel_id: ch.id,
        network: 'sandbox',
        state: deliveryState,
        revision: 1,
        job_id: null,
        run_at: null,
        idempotency_key: null,
        attempts: 0,
        remote_id: null,
        url: null,
        remote_parts: null,
        error: null,
        error_kind: null,
        sending_started_at: null,
        published_at: deliveryState === 'published' ? at : null,
        created_at: at,
        updated_at: at,
      })
      .execute()
  }

  beforeAll(async () => {
    t = await createTestApp(engine)
    t.clock.set(NOW - 20 * 24 * HOUR)
    const s = await setupOwner(t.app)
    owner = s.owner
    ws = s.workspaceId
    exec = await addMember(t.app, owner, ws, 'executive', 'lee@acme.example')
    const ep = await exec.get<{ memberId: string }>(`/api/workspaces/${ws}/permissions`)
    ownerMemberId = (await owner.get<{ memberId: string }>(`/api/workspaces/${ws}/permissions`)).body.memberId
    execUserId = (await exec.get<{ user: { id: string } }>('/api/session')).body.user.id
    const p = await owner.post<{ id: string }>(`/api/workspaces/${ws}/presences`, {
      kind: 'person',
      displayName: 'Lee Leader',
      memberId: ep.body.memberId,
    })
    leaderId = p.body.id
    const c = await t.ctx.channels.create(
      ws,
      { presenceId: leaderId, network: 'sandbox', handle: 'lee.sandbox', remoteAccountId: 'lee-account' },
      null,
    )
    ch = {
      id: c.id,
      workspaceId: ws,
      presenceId: leaderId,
      network: 'sandbox',
      remoteAccountId: 'lee-account',
    }
    const draft = await t.ctx.leader.strategies.draft(ws, leaderId)
    await t.ctx.leader.strategies.save(
      ws,
      leaderId,
      { ...draft, cadence: { postsPerWeek: 3, repliesPerWeek: 1 } },
      { userId: 'u', memberId: ownerMemberId },
    )
    t.clock.set(NOW)
    // Cadence: 1 post this week (Q1), 1 last week (not counted), Q2 approved and ready, Q3 a plain draft
    await post('Q1', 'published', 'published', Z('2026-03-03T10:00:00Z'))
    await post('Q0', 'published', 'published', Z('2026-02-27T10:00:00Z'))
    await post('Q2', 'approved', 'draft', Z('2026-03-05T10:00:00Z'))
    await post('Q3', 'draft', 'draft', Z('2026-03-05T11:00:00Z'))
    // Baseline (the 14 days before the last 24 h): 10 mentions, 1 negative → share 0.1
    for (let i = 0; i < 10; i++)
      await ingest(msg(`@lee note ${i}`, NOW - 3 * 24 * HOUR - i * HOUR), i === 0 ? 'negative' : 'positive')
    // Questions: one waiting 90 min (past the 60-min workspace target), one 30 min (not yet)
    await ingest(msg('@lee how do I apply?', NOW - 90 * MIN, { author: 'quinn' }), 'neutral', 'question')
    await ingest(msg('@lee where is the form?', NOW - 30 * MIN, { author: 'rae' }), 'neutral', 'question')
    // Rising: thread R with 5 messages in the last 3 hours, nobody answered; thread S with only 4
    const r = msg('@lee what about the merger?', NOW - 170 * MIN, { author: 'sam' })
    await ingest(r, 'neutral')
    for (let i = 1; i <= 4; i++)
      await ingest(msg(`reply ${i}`, NOW - (170 - i * 30) * MIN, { conv: r.remoteId }), 'neutral')
    const s2 = msg('@lee small thread', NOW - 100 * MIN, { author: 'tia' })
    await ingest(s2, 'positive')
    for (let i = 1; i <= 3; i++)
      await ingest(msg(`s ${i}`, NOW - (100 - i * 10) * MIN, { conv: s2.remoteId }), 'positive')
    // Surge: 6 negative mentions in the last 24 h
    for (let i = 0; i < 6; i++) await ingest(msg(`@lee awful ${i}`, NOW - (5 + i) * HOUR), 'negative')
  })
  afterAll(async () => t.close())

  it('opens the nudges with their figures, notifies the leader once, and keeps one open per kind', async () => {
    const ev = await owner.post<{ opened: number }>(`/api/workspaces/${ws}/leaders/nudges/evaluate`)
    expect(ev.body.opened).toBe(3)
    const r = await exec.get<{ nudges: Nudge[] }>(`/api/workspaces/${ws}/leaders/${leaderId}/nudges`)
    const by = Object.fromEntries(r.body.nudges.map((n) => [n.kind, n]))
    // cadence: expected floor(3 × 133/168) = 2; 1 published (Q1), none scheduled → behind; Q2 ready
    expect(by['cadence-behind']!.data).toMatchObject({ expected: 2, published: 1, scheduled: 0, target: 3 })
    expect(by['cadence-behind']!.data.drafts).toEqual([{ postId: 'Q2', title: 'Post Q2' }])
    expect(by['cadence-behind']!.why).toBe(
      '1 of 3 posts planned this week are out; 2 were due by now. 1 draft is ready.',
    )
    // questions: only quinn's (90 min ≥ 60 min) is late
    expect(by['question-waiting']!.data).toMatchObject({
      count: 1,
      targetMs: 60 * MIN,
      oldestWaitMs: 90 * MIN,
    })
    // rising: thread R has 5 messages in 3 h (≥ 5), thread S 4
    expect(by['rising-conversation']!.data).toMatchObject({ messages: 5, preview: 'reply 4' })
    // surge: last 24 h = 2 questions + 5 (R) + 4 (S) + 6 negatives = 17 mentions, 6 negative → 6/17 ≈ 0.353,
    // under max(0.4, 2 × 0.1) = 0.4 → no surge yet
    expect(by['negative-surge']).toBeUndefined()
    const notes = await t.ctx.notifications.list(ws, execUserId)
    expect(notes.map((n) => n.kind).sort()).toEqual([
      'leader.nudge.cadence-behind',
      'leader.nudge.question-waiting',
      'leader.nudge.rising-conversation',
    ])
    expect(
      (await owner.post<{ opened: number }>(`/api/workspaces/${ws}/leaders/nudges/evaluate`)).body.opened,
    ).toBe(0)
    const rows = await t.ctx.db.kysely
      .selectFrom('leader_nudges')
      .select('kind')
      .where('presence_id', '=', leaderId)
      .execute()
    expect(rows).toHaveLength(3)
  })

  it('sees the surge once the negative share passes the threshold, and acts on it', async () => {
    // 2 more negatives: 8 of 19 = 0.421 ≥ 0.4, and 8 ≥ 5
    await ingest(msg('@lee worst ever', NOW - 2 * HOUR), 'negative')
    await ingest(msg('@lee shameful', NOW - 1 * HOUR), 'negative')
    expect(
      (await owner.post<{ opened: number }>(`/api/workspaces/${ws}/leaders/nudges/evaluate`)).body.opened,
    ).toBe(1)
    const r = await exec.get<{ nudges: Nudge[] }>(`/api/workspaces/${ws}/leaders/${leaderId}/nudges`)
    const surge = r.body.nudges.find((n) => n.kind === 'negative-surge')!
    expect(surge.data).toMatchObject({ negative: 8, total: 19, baselineShare: 0.1, threshold: 0.4 })
    expect(surge.data.share).toBeCloseTo(8 / 19, 10)
    expect(surge.why).toBe(
      '8 of 19 mentions in the last 24 hours were negative (42 %, against 10 % over the 14 days before). Consider holding scheduled posts and drafting a statement.',
    )
    const viewer = await addMember(t.app, owner, ws, 'viewer', 'v@acme.example')
    const denied = await viewer.post(`/api/workspaces/${ws}/leaders/${leaderId}/nudges/${surge.id}/act`, {
      action: 'freeze',
    })
    expect(denied.status).toBe(403)
    const byOwner = await exec.post<{ postId: string; nudge: Nudge }>(
      `/api/workspaces/${ws}/leaders/${leaderId}/nudges/${surge.id}/act`,
      { action: 'draft-statement' },
    )
    expect(byOwner.status).toBe(200)
    expect(byOwner.body.nudge.state).toBe('acted')
    const post = await t.ctx.db.kysely
      .selectFrom('posts')
      .selectAll()
      .where('id', '=', byOwner.body.postId)
      .executeTakeFirstOrThrow()
    expect(post.approval_state).toBe('draft')
    const freeze = await exec.post(`/api/workspaces/${ws}/leaders/${leaderId}/nudges/${surge.id}/act`, {
      action: 'freeze',
    })
    expect(freeze.status).toBe(200)
    expect(await t.ctx.leader.freezes.isFrozen(ws, leaderId)).toBe(true)
    // acted on: not reopened for 24 hours
    expect(
      (await owner.post<{ opened: number }>(`/api/workspaces/${ws}/leaders/nudges/evaluate`)).body.opened,
    ).toBe(0)
  })

  it('mutes a kind (closing its open nudge) and keeps a dismissed one away', async () => {
    const m = await exec.put<NudgeMute>(`/api/workspaces/${ws}/leaders/${leaderId}/nudge-mutes`, {
      kind: 'rising-conversation',
      until: NOW + 2 * HOUR,
    })
    expect(m.status).toBe(200)
    expect(m.body).toMatchObject({ kind: 'rising-conversation', until: NOW + 2 * HOUR })
    const list = await exec.get<{ nudges: Nudge[] }>(`/api/workspaces/${ws}/leaders/${leaderId}/nudges`)
    const open = list.body.nudges.filter((n) => n.state === 'open').map((n) => n.kind)
    expect(open.sort()).toEqual(['cadence-behind', 'question-waiting'])
    const cadence = list.body.nudges.find((n) => n.kind === 'cadence-behind')!
    const d = await exec.post<Nudge>(`/api/workspaces/${ws}/leaders/${leaderId}/nudges/${cadence.id}/dismiss`)
    expect(d.body.state).toBe('dismissed')
    expect(
      (await owner.post<{ opened: number }>(`/api/workspaces/${ws}/leaders/nudges/evaluate`)).body.opened,
    ).toBe(0)
    t.clock.advance(2 * HOUR + MIN)
    // thread R's last messages are now older than 3 hours: no longer rising, so nothing reopens
    const again = await owner.post<{ opened: number }>(`/api/workspaces/${ws}/leaders/nudges/evaluate`)
    expect(again.body.opened).toBe(0)
    const bad = await exec.put(`/api/workspaces/${ws}/leaders/${leaderId}/nudge-mutes`, { kind: 'nope' })
    expect(bad.status).toBe(400)
    const u = await exec.delete(`/api/workspaces/${ws}/leaders/${leaderId}/nudge-mutes/rising-conversation`)
    expect(u.status).toBe(204)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ScorecardSchema } from '../../src/http/routes/leader-rhythm.schemas.js'
import type { IngestChannel } from '../../src/inbox/ingest.types.js'
import type { Scorecard } from '../../src/leader/scorecard.service.js'
import { weekRanges } from '../../src/leader/scorecard.service.js'
import type { ActivityMessage } from '../../src/networks/network.port.js'
import { addMember, createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'

const Z = (iso: string) => Date.parse(iso)
const MIN = 60_000

describe('scorecard weeks', () => {
  it('are 12 complete Monday-to-Monday weeks in the workspace zone, then the current one', () => {
    // Wednesday 4 March 2026, 12:00 UTC = 13:00 in Berlin (CET, UTC+1)
    const r = weekRanges(Z('2026-03-04T12:00:00Z'), 'Europe/Berlin')
    expect(r).toHaveLength(13)
    expect(r[0]!.week).toBe('2025-12-08')
    expect(r[11]!.week).toBe('2026-02-23')
    expect(r[11]!.start).toBe(Z('2026-02-22T23:00:00Z'))
    expect(r[11]!.end).toBe(Z('2026-03-01T23:00:00Z'))
    expect(r[11]!.days).toEqual([
      '2026-02-23',
      '2026-02-24',
      '2026-02-25',
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ])
    expect(r[12]).toMatchObject({ week: '2026-03-02', partial: true, end: Z('2026-03-04T12:00:00Z') })
  })
})

let seq = 0
function msg(
  text: string,
  at: string,
  o: { conv?: string; out?: boolean; followers?: number; author?: string } = {},
): ActivityMessage {
  seq++
  const id = `m${seq}`
  return {
    kind: o.conv ? 'reply' : 'mention',
    remoteId: id,
    url: null,
    text,
    subjectRemoteId: null,
    threadRootId: o.conv ?? null,
    parentId: o.conv ?? null,
    conversationId: null,
    createdAt: Z(at),
    author: o.out
      ? { remoteId: 'leader-account', handle: 'dana', displayName: 'Dana', avatarUrl: null, followerCount: 0 }
      : {
          remoteId: `p-${o.author ?? id}`,
          handle: `${o.author ?? id}.example`,
          displayName: `Person ${o.author ?? id}`,
          avatarUrl: null,
          followerCount: o.followers ?? 100,
        },
  }
}

describeEachEngine('leader scorecard (hand-computed fixture)', (engine) => {
  let t: TestApp
  let owner: TestClient
  let exec: TestClient
  let ws: string
  let leaderId: string
  let chA: IngestChannel
  let chB: IngestChannel
  let ownerMemberId: string

  async function published(postId: string, deliveries: Array<[string, string, string]>): Promise<void> {
    const k = t.ctx.db.kysely
    const first = Z(deliveries[0]![2])
    await k
      .insertInto('posts')
      .values({
        id: postId,
        workspace_id: ws,
        kind: 'free',
        state: 'published',
        approval_state: 'approved',
        revision: 1,
        title: postId,
        fields: '{}',
        parts: '[{"text":"x"}]',
        variants: '{}',
        drafted_by_member_id: ownerMemberId,
        drafted_by_user_id: 'u',
        drafted_by_role: 'owner',
        schedule_mode: 'now',
        scheduled_at: first,
        schedule_time_zone: null,
        schedule_local: null,
        published_at: first,
        created_at: first,
        updated_at: first,
        deleted_at: null,
      })
      .execute()
    for (const [id, channelId, at] of deliveries)
      await k
        .insertInto('post_deliveries')
        .values({
          id,
          workspace_id: ws,
          post_id: postId,
          channel_id: channelId,
          network: 'sandbox',
          state: postId === 'P-failed' ? 'failed' : 'published',
          revision: 1,
          job_id: null,
          run_at: Z(at),
          idempotency_key: null,
          attempts: 1,
          remote_id: `r-${id}`,
          url: null,
          remote_parts: null,
          error: null,
          error_kind: null,
          sending_started_at: Z(at),
          published_at: Z(at),
          created_at: Z(at),
          updated_at: Z(at),
        })
        .execute()
  }

  async function snapshot(
    deliveryId: string,
    channelId: string,
    at: string,
    l: number,
    r: number,
    re: number,
    q: number,
  ) {
    await t.ctx.db.kysely
      .insertInto('metric_post_snapshots')
      .values({
        id: `${deliveryId}-${at}`,
        workspace_id: ws,
        delivery_id: deliveryId,
        post_id: 'x',
        channel_id: channelId,
        presence_id: leaderId,
        taken_at: Z(at),
        likes: l,
        reposts: r,
        replies: re,
        quotes: q,
      })
      .execute()
  }

  async function followers(channelId: string, day: string, n: number) {
    await t.ctx.db.kysely
      .insertInto('metric_follower_daily')
      .values({
        workspace_id: ws,
        channel_id: channelId,
        presence_id: leaderId,
        day,
        followers: n,
        following: 0,
        posts: 0,
        taken_at: Z(`${day}T22:00:00Z`),
      })
      .execute()
  }

  async function ingest(
    ch: IngestChannel,
    m: ActivityMessage,
    sentiment?: 'positive' | 'neutral' | 'negative',
  ) {
    await t.ctx.inbox.ingest.ingest(ch, [m])
    // @NOTE the fixture fixes each message's sentiment instead of relying on the classifier's reading.
    if (sentiment)
      await t.ctx.db.kysely
        .updateTable('inbox_messages')
        .set({ sentiment })
        .where('remote_id', '=', m.remoteId)
        .execute()
  }

  beforeAll(async () => {
    t = await createTestApp(engine)
    // @NOTE now is set first: ingest keeps no message in the future.
    t.clock.set(Z('2026-03-04T12:00:00Z'))
    const s = await setupOwner(t.app)
    owner = s.owner
    ws = s.workspaceId
    exec = await addMember(t.app, owner, ws, 'executive', 'exec@acme.example')
    ownerMemberId = (await owner.get<{ memberId: string }>(`/api/workspaces/${ws}/permissions`)).body.memberId
    const execMember = (await exec.get<{ memberId: string }>(`/api/workspaces/${ws}/permissions`)).body
      .memberId
    const p = await owner.post<{ id: string }>(`/api/workspaces/${ws}/presences`, {
      kind: 'person',
      displayName: 'Dana Leader',
      memberId: execMember,
    })
    leaderId = p.body.id
    const a = await t.ctx.channels.create(
      ws,
      { presenceId: leaderId, network: 'sandbox', handle: 'dana.sandbox', remoteAccountId: 'leader-account' },
      null,
    )
    const b = await t.ctx.channels.create(
      ws,
      { presenceId: leaderId, network: 'bluesky', handle: 'dana.bsky', remoteAccountId: 'leader-account' },
      null,
    )
    chA = {
      id: a.id,
      workspaceId: ws,
      presenceId: leaderId,
      network: 'sandbox',
      remoteAccountId: 'leader-account',
    }
    chB = {
      id: b.id,
      workspaceId: ws,
      presenceId: leaderId,
      network: 'bluesky',
      remoteAccountId: 'leader-account',
    }
    const draft = await t.ctx.leader.strategies.draft(ws, leaderId)
    await t.ctx.leader.strategies.save(
      ws,
      leaderId,
      { ...draft, cadence: { postsPerWeek: 2, repliesPerWeek: 1 } },
      { userId: 'u', memberId: ownerMemberId },
    )

    // Week of 23 Feb (W12): posts P1 (channel A) and P2 (A and B)
    await published('P1', [['D1', a.id, '2026-02-24T10:00:00Z']])
    await published('P2', [
      ['D2a', a.id, '2026-02-26T10:00:00Z'],
      ['D2b', b.id, '2026-02-26T10:00:00Z'],
    ])
    // Week of 16 Feb (W11): P3; a failed delivery never counts
    await published('P3', [['D3', a.id, '2026-02-18T10:00:00Z']])
    await published('P-failed', [['Dx', a.id, '2026-02-19T10:00:00Z']])
    // Current week: P4
    await published('P4', [['D4', a.id, '2026-03-02T10:00:00Z']])

    // Snapshots: D1's latest is 4+1+2+0 = 7 (the earlier one is ignored), D2a 3+0+0+1 = 4, D2b 2
    await snapshot('D1', a.id, '2026-02-25T00:00:00Z', 1, 0, 0, 0)
    await snapshot('D1', a.id, '2026-02-27T00:00:00Z', 4, 1, 2, 0)
    await snapshot('D2a', a.id, '2026-02-27T00:00:00Z', 3, 0, 0, 1)
    await snapshot('D2b', b.id, '2026-02-27T00:00:00Z', 2, 0, 0, 0)

    // Followers: A 80 (7 Dec), 95 (15 Feb), 100 (22 Feb), 110 (1 Mar); B 50 (22 Feb), 58 (28 Feb)
    await followers(a.id, '2025-12-07', 80)
    await followers(a.id, '2026-02-15', 95)
    await followers(a.id, '2026-02-22', 100)
    await followers(a.id, '2026-03-01', 110)
    await followers(b.id, '2026-02-22', 50)
    await followers(b.id, '2026-02-28', 58)

    // W12 conversations: C1 (m1 positive 12:00, m2 negative 12:10, our reply 12:30), C2 (m3 neutral 09:00, reply 10:00)
    const m1 = msg('@dana love the new plan', '2026-02-24T12:00:00Z', { author: 'ann' })
    await ingest(chA, m1, 'positive')
    await ingest(
      chA,
      msg('@dana but the price went up', '2026-02-24T12:10:00Z', { conv: m1.remoteId, author: 'ann' }),
      'negative',
    )
    await ingest(chA, msg('thanks Ann', '2026-02-24T12:30:00Z', { conv: m1.remoteId, out: true }))
    const m3 = msg('@dana when is the next meetup', '2026-02-25T09:00:00Z', { author: 'bob' })
    await ingest(chA, m3, 'neutral')
    await ingest(chA, msg('in April', '2026-02-25T10:00:00Z', { conv: m3.remoteId, out: true }))
    // W11: C3 (m4 negative, never answered)
    await ingest(chA, msg('@dana this is bad', '2026-02-18T11:00:00Z', { author: 'cat' }), 'negative')
    // Before the window: ignored
    await ingest(chA, msg('@dana old news', '2025-12-01T11:00:00Z', { author: 'dan' }), 'negative')
    // Current week: C4 (m5 positive, reply after 5 minutes)
    const m5 = msg('@dana great talk', '2026-03-03T09:00:00Z', { author: 'eve' })
    await ingest(chB, m5, 'positive')
    await ingest(chB, msg('thank you', '2026-03-03T09:05:00Z', { conv: m5.remoteId, out: true }))
  })
  afterAll(async () => t.close())

  it('computes the 12 weeks, totals and trend by hand', async () => {
    const r = await exec.get<Scorecard>(`/api/workspaces/${ws}/leaders/${leaderId}/scorecard`)
    expect(r.status).toBe(200)
    const c = r.body
    expect(ScorecardSchema.safeParse(c).error).toBeUndefined()
    expect(c.target).toEqual({ postsPerWeek: 2, repliesPerWeek: 1 })
    expect(c.weeks).toHaveLength(13)
    const w12 = c.weeks[11]!
    const w11 = c.weeks[10]!
    // W12: 2 posts (P1, P2), 2 replies → meets 2 posts / 1 reply
    expect(w12).toMatchObject({
      week: '2026-02-23',
      posts: 2,
      replies: 2,
      meetsTarget: true,
      inbound: 3,
      answered: 3,
    })
    // response times 30 min (m1), 20 min (m2), 60 min (m3) → median 30 min
    expect(w12.medianResponseMs).toBe(30 * MIN)
    // engagement: (7 + 4 + 2) / 2 posts = 6.5
    expect(w12.engagementPerPost).toBe(6.5)
    // followers: A 110 − 100 = 10; B 58 − 50 = 8
    expect(w12.followerGrowth).toEqual({ bluesky: 8, sandbox: 10 })
    // sentiment: 1 positive, 1 neutral, 1 negative → net (1 − 1) / 3 = 0
    expect(w12.sentiment).toEqual({ positive: 1, neutral: 1, negative: 1, net: 0 })
    // W11: P3 only (the failed delivery is not counted), no reply → misses; A 100 − 95 = 5, B has no earlier value
    expect(w11).toMatchObject({
      week: '2026-02-16',
      posts: 1,
      replies: 0,
      meetsTarget: false,
      inbound: 1,
      answered: 0,
    })
    expect(w11.medianResponseMs).toBeNull()
    expect(w11.engagementPerPost).toBe(0)
    expect(w11.followerGrowth).toEqual({ bluesky: null, sandbox: 5 })
    expect(w11.sentiment).toEqual({ positive: 0, neutral: 0, negative: 1, net: -1 })
    expect(c.weeks[0]).toMatchObject({ week: '2025-12-08', posts: 0, inbound: 0, meetsTarget: false })
    // current week (partial): P4, one reply after 5 minutes
    expect(c.weeks[12]).toMatchObject({
      week: '2026-03-02',
      partial: true,
      posts: 1,
      replies: 1,
      medianResponseMs: 5 * MIN,
    })
    // consistency: 1 of 12 complete weeks
    expect(c.weeksMeetingTarget).toBe(1)
    expect(c.consistency).toBeCloseTo(1 / 12, 10)
    // totals over the 12 complete weeks: 3 posts, 2 replies, median of 30/20/60 min = 30 min
    expect(c.totals.posts).toBe(3)
    expect(c.totals.replies).toBe(2)
    expect(c.totals.medianResponseMs).toBe(30 * MIN)
    // A: 110 (1 Mar) − 80 (7 Dec) = 30; B has no value on or before 7 Dec
    expect(c.totals.followerGrowth).toEqual({ bluesky: null, sandbox: 30 })
    // (6.5 × 2 + 0 × 1) / 3 posts
    expect(c.totals.engagementPerPost).toBeCloseTo(13 / 3, 10)
    // 1 positive, 1 neutral, 2 negative → (1 − 2) / 4
    expect(c.totals.sentiment).toEqual({ positive: 1, neutral: 1, negative: 2, net: -0.25 })
    // last 4 weeks' posts 0,0,1,2 (mean 0.75) against 0,0,0,0 → better; too little data for the rest
    expect(c.trend).toEqual({
      posts: 'better',
      replies: 'better',
      medianResponseMs: null,
      engagementPerPost: null,
      netSentiment: null,
    })
  })

  it("hides other people's scorecards from members unless the workspace allows it", async () => {
    const viewer = await addMember(t.app, owner, ws, 'viewer', 'viewer@acme.example')
    expect((await viewer.get(`/api/workspaces/${ws}/leaders/${leaderId}/scorecard`)).status).toBe(403)
    expect((await viewer.get(`/api/workspaces/${ws}/scorecards`)).status).toBe(403)
    const team = await owner.get<Scorecard[]>(`/api/workspaces/${ws}/scorecards`)
    expect(team.status).toBe(200)
    expect(team.body.map((c) => c.presence.displayName)).toEqual(['Acme', 'Dana Leader'])
    const mine = await exec.get<Scorecard[]>(`/api/workspaces/${ws}/scorecards`)
    expect(mine.body.map((c) => c.presence.presenceId)).toEqual([leaderId])
    const patch = await owner.patch(`/api/workspaces/${ws}`, {
      settings: { scorecardsVisibleToMembers: true },
    })
    expect(patch.status).toBe(200)
    const now = await viewer.get<Scorecard>(`/api/workspaces/${ws}/leaders/${leaderId}/scorecard`)
    expect(now.status).toBe(200)
    expect(now.body.totals.posts).toBe(3)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registerPresenceMetricsJobs } from '../../src/analytics/presence.module.js'
import { localDay, snapshotDue, snapshotInterval } from '../../src/analytics/presence-collect.js'
import { localDays, median } from '../../src/analytics/presence-history.js'
import type { PresenceDrillPage, PresenceReport } from '../../src/analytics/presence-types.js'
import type { Engine } from '../../src/db/database.js'
import { drain, type PublishingWorld, setupPublishing } from '../publishing/support.js'
import { describeEachEngine } from '../support/db.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe('snapshot schedule', () => {
  it('reads hourly for 48 hours, every 6 hours until day 7, daily until day 30, then stops', () => {
    expect(snapshotInterval(0)).toBe(HOUR)
    expect(snapshotInterval(47 * HOUR)).toBe(HOUR)
    expect(snapshotInterval(48 * HOUR)).toBe(6 * HOUR)
    expect(snapshotInterval(7 * DAY - 1)).toBe(6 * HOUR)
    expect(snapshotInterval(7 * DAY)).toBe(DAY)
    expect(snapshotInterval(30 * DAY)).toBeNull()
    const pub = 1_000_000_000
    expect(snapshotDue(pub, null, pub + 10)).toBe(true)
    expect(snapshotDue(pub, pub + HOUR, pub + HOUR + 30 * 60_000)).toBe(false)
    expect(snapshotDue(pub, pub + HOUR, pub + 2 * HOUR)).toBe(true)
    expect(snapshotDue(pub, pub + 3 * DAY, pub + 3 * DAY + 2 * HOUR)).toBe(false)
    expect(snapshotDue(pub, pub + 3 * DAY, pub + 3 * DAY + 6 * HOUR)).toBe(true)
    expect(snapshotDue(pub, pub + 31 * DAY, pub + 40 * DAY)).toBe(false)
  })
})

describe('local days and medians', () => {
  it('buckets by local day across a daylight-saving change (Berlin, 2026-03-29 is 23 hours long)', () => {
    const days = localDays(Date.UTC(2026, 2, 27, 23, 0), Date.UTC(2026, 2, 30, 22, 0), 'Europe/Berlin')
    expect(days).toEqual([
      { day: '2026-03-28', t: Date.UTC(2026, 2, 27, 23, 0) },
      { day: '2026-03-29', t: Date.UTC(2026, 2, 28, 23, 0) },
      { day: '2026-03-30', t: Date.UTC(2026, 2, 29, 22, 0) },
    ])
    expect(localDay(Date.UTC(2026, 2, 29, 22, 30), 'Europe/Berlin')).toBe('2026-03-30')
    expect(localDay(Date.UTC(2026, 2, 29, 21, 30), 'Europe/Berlin')).toBe('2026-03-29')
  })

  it('takes the nearest-rank median', () => {
    expect(median([])).toBeNull()
    expect(median([7])).toBe(7)
    expect(median([9, 1, 5, 3])).toBe(3)
    expect(median([9, 1, 5])).toBe(5)
  })
})

describeEachEngine('presence metrics and report', (engine: Engine) => {
  let w: PublishingWorld
  let base: string
  let postId: string
  let remoteId: string
  let brandWorld: string
  let brandFollowers0: number
  let ceoFollowers0: number

  const k = () => w.t.ctx.db.kysely
  const collector = () => w.t.ctx.presenceMetrics.collector
  const world = () => w.t.ctx.networks.worlds

  async function worldOf(channelId: string): Promise<string> {
    const ch = await k()
      .selectFrom('channels')
      .select('settings')
      .where('id', '=', channelId)
      .executeTakeFirstOrThrow()
    return (JSON.parse(ch.settings) as { worldId: string }).worldId
  }

  async function followersOf(channelId: string, day: string): Promise<number | null> {
    const r = await k()
      .selectFrom('metric_follower_daily')
      .select('followers')
      .where('channel_id', '=', channelId)
      .where('day', '=', day)
      .executeTakeFirst()
    return r?.followers ?? null
  }

  beforeAll(async () => {
    w = await setupPublishing(engine)
    base = `/api/workspaces/${w.ws}`
    const p = await w.owner.post<{ id: string }>(`${base}/posts`, {
      kind: 'free',
      title: 'Launch day',
      parts: [{ text: 'We launched today' }],
      channelIds: [w.brandChannel],
    })
    postId = p.body.id
    await w.owner.post(`${base}/posts/${postId}/submit`)
    expect((await w.owner.post(`${base}/posts/${postId}/publish-now`)).status).toBe(200)
    await drain(w.t)
    const d = await k()
      .selectFrom('post_deliveries')
      .select(['remote_id', 'state'])
      .where('post_id', '=', postId)
      .executeTakeFirstOrThrow()
    expect(d.state).toBe('published')
    remoteId = d.remote_id!
    brandWorld = await worldOf(w.brandChannel)
  })
  afterAll(async () => w.t.close())

  it('shows a new channel’s followers from its card before the collector has run (#22)', async () => {
    const channels = await w.owner.get<Array<{ id: string; followerCount: number | null }>>(
      `${base}/channels`,
    )
    const cards = channels.body.reduce((a, c) => a + (c.followerCount ?? 0), 0)
    expect(cards).toBeGreaterThan(0)
    expect(await followersOf(w.brandChannel, localDay(w.t.clock.now(), 'Europe/Berlin'))).toBeNull()
    const r = await w.owner.get<{ figures: Array<{ key: string; value: number | null }> }>(
      `${base}/reports/presence`,
    )
    expect(r.body.figures.find((f) => f.key === 'followers')?.value).toBe(cards)
  })

  it('stores a first snapshot of each published delivery and a follower row per channel and local day', async () => {
    for (let i = 0; i < 3; i++)
      await world().addCustomerItem(brandWorld, { kind: 'like', authorIndex: i, subjectId: remoteId })
    await world().addCustomerItem(brandWorld, { kind: 'repost', authorIndex: 4, subjectId: remoteId })
    const r = await collector().collect()
    expect(r).toEqual({ snapshots: 1, followerRows: 2, failedChannels: 0 })
    const snaps = await k().selectFrom('metric_post_snapshots').selectAll().execute()
    expect(snaps).toHaveLength(1)
    expect(snaps[0]).toMatchObject({
      post_id: postId,
      channel_id: w.brandChannel,
      presence_id: w.brandPresence,
      likes: 3,
      reposts: 1,
      replies: 0,
      quotes: 0,
    })
    // 2026-03-02 09:00 UTC is 10:00 in Berlin, the workspace's zone.
    brandFollowers0 = (await followersOf(w.brandChannel, '2026-03-02'))!
    ceoFollowers0 = (await followersOf(w.ceoChannel, '2026-03-02'))!
    expect(typeof brandFollowers0).toBe('number')
    expect(typeof ceoFollowers0).toBe('number')
  })

  it('waits for the next reading to be due (hourly in the first 48 hours)', async () => {
    w.t.clock.advance(30 * 60_000)
    expect(await collector().collect()).toEqual({ snapshots: 0, followerRows: 0, failedChannels: 0 })
    w.t.clock.advance(31 * 60_000)
    await world().addCustomerItem(brandWorld, { kind: 'like', authorIndex: 5, subjectId: remoteId })
    await world().addCustomerItem(brandWorld, { kind: 'like', authorIndex: 6, subjectId: remoteId })
    await world().addCustomerItem(brandWorld, {
      kind: 'reply',
      authorIndex: 7,
      parentId: remoteId,
      text: 'Congrats!',
    })
    await world().addCustomerItem(brandWorld, { kind: 'follow', authorIndex: 8 })
    expect(await collector().collect()).toEqual({ snapshots: 1, followerRows: 0, failedChannels: 0 })
    const last = await k()
      .selectFrom('metric_post_snapshots')
      .selectAll()
      .orderBy('taken_at', 'desc')
      .executeTakeFirstOrThrow()
    expect([last.likes, last.reposts, last.replies, last.quotes]).toEqual([5, 1, 1, 0])
  })

  it('keeps one follower row per channel and day, upserted with the day’s latest reading', async () => {
    w.t.clock.set(Date.UTC(2026, 2, 3, 9, 0))
    await world().addCustomerItem(brandWorld, { kind: 'follow', authorIndex: 9 })
    await world().addCustomerItem(brandWorld, { kind: 'follow', authorIndex: 10 })
    expect(await collector().collect()).toEqual({ snapshots: 1, followerRows: 2, failedChannels: 0 })
    expect(await followersOf(w.brandChannel, '2026-03-03')).toBe(brandFollowers0 + 3)
    expect(await followersOf(w.brandChannel, '2026-03-02')).toBe(brandFollowers0)
    w.t.clock.advance(7 * HOUR)
    await world().addCustomerItem(brandWorld, { kind: 'follow', authorIndex: 11 })
    expect((await collector().refreshFollowers()) >= 1).toBe(true)
    expect(await followersOf(w.brandChannel, '2026-03-03')).toBe(brandFollowers0 + 4)
    const rows = await k()
      .selectFrom('metric_follower_daily')
      .select('day')
      .where('channel_id', '=', w.brandChannel)
      .execute()
    expect(rows.map((r) => r.day).sort()).toEqual(['2026-03-02', '2026-03-03'])
  })

  it('reports figures, series and tables from the stored history, compared with the previous period', async () => {
    expect(
      (await w.owner.put(`${base}/reports/presence/targets/${w.brandPresence}`, { postsPerWeek: 4 })).status,
    ).toBe(204)
    // Two local days in Berlin: 2026-03-02 00:00 (= 03-01 23:00 UTC) to 2026-03-04 00:00.
    const from = Date.UTC(2026, 2, 1, 23, 0)
    const to = Date.UTC(2026, 2, 3, 23, 0)
    const r = await w.owner.get<PresenceReport>(
      `${base}/reports/presence?from=${from}&to=${to}&compare=previous`,
    )
    expect(r.status).toBe(200)
    const fig = Object.fromEntries(r.body.figures.map((f) => [f.key, [f.value, f.previous]]))
    expect(fig.posts).toEqual([1, 0])
    expect(fig.engagement).toEqual([7, 0])
    expect(fig.engagementMedian).toEqual([7, null])
    expect(fig.engagementGained).toEqual([7, 0])
    expect(fig.followers).toEqual([brandFollowers0 + 4 + ceoFollowers0, null])
    expect(fig.followerGrowth).toEqual([4, null])
    // A period shorter than a week counts as one week.
    expect(fig.postsPerWeek).toEqual([1, 0])
    expect(r.body.figures.every((f) => f.definition.length > 20)).toBe(true)
    expect(r.body.previous).toEqual({ from: from - 2 * DAY, to: from })

    const followers = r.body.series.find((s) => s.key === `followers:${w.brandChannel}`)!
    expect(followers.points).toEqual([
      { t: from, value: brandFollowers0 },
      { t: from + DAY, value: brandFollowers0 + 4 },
    ])
    const engagement = r.body.series.find((s) => s.key === 'engagement')!
    expect(engagement.points.map((p) => p.value)).toEqual([7, 0])
    const cadence = r.body.series.find((s) => s.key === `cadence:${w.brandPresence}`)!
    expect(cadence.target).toBe(4)
    expect(cadence.points.map((p) => p.value)).toEqual([1])

    const posts = r.body.tables.find((t) => t.key === 'posts')!
    expect(posts.rows).toHaveLength(1)
    expect(posts.rows[0]).toMatchObject({
      postId,
      post: 'Launch day',
      likes: 5,
      reposts: 1,
      replies: 1,
      quotes: 0,
      engagement: 7,
      growth: 7,
    })
    const cad = r.body.tables.find((t) => t.key === 'cadence')!
    expect(cad.rows.find((x) => x.presenceId === w.brandPresence)).toMatchObject({
      posts: 1,
      perWeek: 1,
      target: 4,
      onTarget: 'no',
    })
    const fol = r.body.tables.find((t) => t.key === 'followers')!
    expect(fol.rows.find((x) => x.channelId === w.brandChannel)).toMatchObject({
      start: brandFollowers0,
      end: brandFollowers0 + 4,
      change: 4,
    })
    const kinds = r.body.breakdowns.find((b) => b.key === 'engagement-kind')!
    expect(kinds.rows.map((x) => [x.key, x.value])).toEqual([
      ['likes', 5],
      ['reposts', 1],
      ['replies', 1],
      ['quotes', 0],
    ])
  })

  it('scopes to one presence and drills to the posts behind a figure', async () => {
    const from = Date.UTC(2026, 2, 1, 23, 0)
    const to = Date.UTC(2026, 2, 3, 23, 0)
    const ceo = await w.owner.get<PresenceReport>(
      `${base}/reports/presence?from=${from}&to=${to}&presenceId=${w.ceoPresence}`,
    )
    expect(ceo.body.figures.find((f) => f.key === 'posts')!.value).toBe(0)
    expect(ceo.body.figures.find((f) => f.key === 'followers')!.value).toBe(ceoFollowers0)
    const drill = await w.owner.get<PresenceDrillPage>(
      `${base}/reports/presence/drill?from=${from}&to=${to}&sort=engagement`,
    )
    expect(drill.status).toBe(200)
    expect(drill.body.total).toBe(1)
    expect(drill.body.items[0]).toMatchObject({ postId, channelId: w.brandChannel, engagement: 7, likes: 5 })
  })

  it('refuses bad periods and roles without reports.read', async () => {
    const bad = await w.owner.get<{ errors: Array<{ field: string }> }>(
      `${base}/reports/presence?from=10&to=5`,
    )
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0]!.field).toBe('from')
    expect((await w.agent.get(`${base}/reports/presence`)).status).toBe(403)
    expect((await w.ceo.get(`${base}/reports/presence`)).status).toBe(200)
  })

  it('collects on its own as a job chain on the queue', async () => {
    registerPresenceMetricsJobs(w.t.ctx.queue, w.t.ctx.presenceMetrics, w.t.clock)
    const before = await k().selectFrom('metric_post_snapshots').select('id').execute()
    w.t.clock.advance(HOUR)
    await new Promise((r) => setTimeout(r, 50))
    await drain(w.t)
    const after = await k().selectFrom('metric_post_snapshots').select('id').execute()
    expect(after.length).toBe(before.length + 1)
  })
})

/**
 * The care report's speed-ups give the numbers a plain full sort and GROUP BY would (ADR 0017): the
 * k-th smallest found in its rank bucket equals the k-th of the whole sorted period for every k
 * (values on, just below and past the bucket bounds, ties, zero), and intents or channels outside
 * the known lists are still counted.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Analytics, createAnalytics } from '../../src/analytics/analytics.module.js'
import { CareAggregates } from '../../src/analytics/care-aggregate.js'
import { bucketOfRank, RANK_BOUNDS } from '../../src/analytics/care-ranks.js'
import { ManualClock } from '../../src/core/clock.js'
import type { Engine } from '../../src/db/database.js'
import { describeEachEngine, openTestDb, type TestDb } from '../support/db.js'
import { FROM, NOW, seedCareFixture, TO, WS } from './care-fixture.js'

const MIN = 60_000

/** Durations around every bound (on it, one below, one above), ties, zero and past the last bound. */
const DURATIONS = [
  0,
  0,
  1,
  ...RANK_BOUNDS.flatMap((b) => [b - 1, b, b, b + 1]),
  RANK_BOUNDS[RANK_BOUNDS.length - 1]! * 3,
  45 * MIN,
  45 * MIN,
  7 * 24 * 60 * MIN,
]

it('bucketOfRank: the bucket holding rank k and the count below it', () => {
  // 3 values below the first bound, none in the second bucket, 5 below the third bound.
  const below = [3, 3, 5, 5, 5, 5, 5, 5]
  expect(bucketOfRank(below, 1)).toEqual({ lower: null, upper: RANK_BOUNDS[0], before: 0 })
  expect(bucketOfRank(below, 3)).toEqual({ lower: null, upper: RANK_BOUNDS[0], before: 0 })
  expect(bucketOfRank(below, 4)).toEqual({ lower: RANK_BOUNDS[1], upper: RANK_BOUNDS[2], before: 3 })
  expect(bucketOfRank(below, 6)).toEqual({ lower: RANK_BOUNDS[7], upper: null, before: 5 })
})

describeEachEngine('care report speed-ups give the plain numbers', (engine: Engine) => {
  let db: TestDb
  let analytics: Analytics
  const agg = () => new CareAggregates(db.kysely)
  const sorted = [...DURATIONS].sort((a, b) => a - b)

  beforeAll(async () => {
    db = await openTestDb(engine)
    await seedCareFixture(db.kysely)
    const clock = new ManualClock(NOW)
    analytics = createAnalytics({ db: db.kysely, clock })
    // Facts of the fixture first (the report refreshes them; past the refresh overlap they are
    // left alone), then rows written directly.
    await analytics.care.report(WS, { from: FROM, to: TO, compare: 'none', hours: 'calendar' })
    clock.advance(10 * MIN)
    await analytics.care.report(WS, { from: FROM, to: TO, compare: 'none', hours: 'calendar' })
    await db.kysely.deleteFrom('care_waits').where('workspace_id', '=', WS).execute()
    await db.kysely
      .insertInto('care_waits')
      .values(
        DURATIONS.map((d, i) => ({
          id: `w${i}`,
          workspace_id: WS,
          conversation_id: `x${i}`,
          channel_id: 'ch-1',
          presence_id: 'p-1',
          assignee_member_id: null,
          team_id: null,
          labels: '[]',
          priority: ['low', 'normal', 'high', 'urgent'][i % 4]!,
          kind: 'first',
          asked_at: FROM + i * MIN,
          answered_at: FROM + i * MIN + d,
          response_ms: d,
          response_business_ms: d,
          needs_reply: 1,
          sla_due_at: null,
          business_1h_at: FROM + i * MIN,
          business_24h_at: FROM + i * MIN,
        })),
      )
      .execute()
  })
  afterAll(async () => db.destroy())

  it('the k-th smallest response time from its bucket is the k-th of the full sort, for every k', async () => {
    const waits = await agg().waits(WS, {}, FROM, TO, false, NOW)
    const first = waits.filter((w) => w.kind === 'first')
    expect(first.reduce((a, w) => a + w.answered, 0)).toBe(DURATIONS.length)
    const below = RANK_BOUNDS.map((_, i) => first.reduce((a, w) => a + w.below[i]!, 0))
    expect(below).toEqual(RANK_BOUNDS.map((b) => DURATIONS.filter((d) => d < b).length))
    const got: Array<number | null> = []
    for (let k = 1; k <= DURATIONS.length; k++)
      got.push(await agg().kthResponse(WS, {}, FROM, TO, 'first', false, k, below))
    expect(got).toEqual(sorted)
  })

  it('the report’s median and p90 are the nearest-rank values of the full sort', async () => {
    const r = await analytics.care.report(WS, { from: FROM, to: TO, compare: 'none', hours: 'calendar' })
    const fig = Object.fromEntries(r.figures.map((f) => [f.key, f.value]))
    const n = DURATIONS.length
    expect(fig.first_response_median).toBe(sorted[Math.ceil(n / 2) - 1])
    expect(fig.first_response_p90).toBe(sorted[Math.ceil((9 * n) / 10) - 1])
  })

  it('an intent or channel outside the known lists is still counted in its breakdown', async () => {
    await db.kysely
      .insertInto('care_facts')
      .values({
        conversation_id: 'legacy-1',
        workspace_id: WS,
        channel_id: 'ch-deleted',
        presence_id: 'p-1',
        contact_id: 'ct-z',
        assignee_member_id: null,
        team_id: null,
        labels: '[]',
        intent: 'legacy-intent',
        sentiment: null,
        priority: 'normal',
        state: 'open',
        received_at: FROM + 60 * MIN,
        first_resolved_at: null,
        resolution_ms: null,
        resolution_business_ms: null,
        reopen_count: 0,
        closed_at: null,
        refreshed_at: NOW,
      })
      .execute()
    const r = await analytics.care.report(WS, { from: FROM, to: TO, compare: 'none', hours: 'calendar' })
    const rows = (key: string) =>
      Object.fromEntries(r.breakdowns.find((b) => b.key === key)!.rows.map((x) => [x.key, x.value]))
    // The fixture's five conversations of the period plus this one.
    expect(r.figures.find((f) => f.key === 'conversations')?.value).toBe(6)
    expect(rows('intent')).toEqual({
      complaint: 1,
      question: 1,
      request: 1,
      praise: 1,
      other: 1,
      'legacy-intent': 1,
    })
    expect(rows('channel')['ch-deleted']).toBe(1)
    expect(Object.values(rows('channel')).reduce((a, b) => a + b, 0)).toBe(6)
  })
})

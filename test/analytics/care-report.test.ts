import { afterAll, beforeAll, expect, it } from 'vitest'
import { type Analytics, createAnalytics } from '../../src/analytics/analytics.module.js'
import type { CareReport } from '../../src/analytics/care.types.js'
import { nearestRank } from '../../src/analytics/care-stats.js'
import { ManualClock } from '../../src/core/clock.js'
import type { Engine } from '../../src/db/database.js'
import { describeEachEngine, openTestDb, type TestDb } from '../support/db.js'
import { FROM, NOW, seedCareFixture, TO, WS, Z } from './care-fixture.js'

const H = 3_600_000
const MIN = 60_000
const figures = (r: CareReport) => Object.fromEntries(r.figures.map((f) => [f.key, f.value]))
const previous = (r: CareReport) => Object.fromEntries(r.figures.map((f) => [f.key, f.previous]))
const rows = (r: CareReport, key: string) =>
  r.breakdowns.find((b) => b.key === key)!.rows.map((x) => [x.key, x.value] as [string, number])
const basis = (r: CareReport, key: string) => r.figures.find((f) => f.key === key)!.basis
const points = (r: CareReport, key: string) => r.series.find((s) => s.key === key)!.points.map((p) => p.value)

it('nearest-rank percentiles: rank ⌈p·n/100⌉ of the sorted values', () => {
  const v = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  expect(nearestRank(v, 50)).toBe(5) // ⌈5⌉ = 5th
  expect(nearestRank(v, 90)).toBe(9) // ⌈9⌉ = 9th
  expect(nearestRank(Float64Array.from([7, 9, 30]), 50)).toBe(9) // ⌈1.5⌉ = 2nd
  expect(nearestRank(Float64Array.from([7, 9, 30]), 90)).toBe(30) // ⌈2.7⌉ = 3rd
  expect(nearestRank(Float64Array.from([4]), 90)).toBe(4)
  expect(nearestRank(new Float64Array(0), 50)).toBeNull()
})

describeEachEngine('care report on the fixed fixture', (engine: Engine) => {
  let db: TestDb
  let clock: ManualClock
  let analytics: Analytics
  const query = { from: FROM, to: TO, compare: 'previous' as const }

  beforeAll(async () => {
    db = await openTestDb(engine)
    await seedCareFixture(db.kysely)
    clock = new ManualClock(NOW)
    analytics = createAnalytics({ db: db.kysely, clock })
  })
  afterAll(async () => db.destroy())

  it('calendar time: every figure as worked out by hand', async () => {
    const r = await analytics.care.report(WS, { ...query, hours: 'calendar' })
    expect(r.previous).toEqual({ from: Z('2026-03-09T00:00:00'), to: FROM }) // the period is 14 days minus the DST hour
    expect(figures(r)).toEqual({
      // c1 (27 Mar), c2 (24 Mar), c3 (2 Apr), c4 (30 Mar), c5 (25 Mar)
      conversations: 5,
      // First waits answered: c4 10 min, c2 30 min, c1 Fri 15:00Z → Mon 08:00Z = 65 h.
      // Sorted [0.6e6, 1.8e6, 234e6]: median rank ⌈1.5⌉ = 2 → 30 min; p90 rank ⌈2.7⌉ = 3 → 65 h.
      first_response_median: 30 * MIN,
      first_response_p90: 65 * H,
      // Within 1 h: c2, c4 = 2; decided: 3 answered + c3 (unanswered since 2 Apr, > 1 h) = 4 → 2/4.
      first_response_within_1h: 0.5,
      // Within 24 h: c2, c4 = 2 (c1 took 65 h); decided 4 (c3 waited 3 d 22 h) → 2/4.
      first_response_within_24h: 0.5,
      // The one next wait: c2 Tue 15:00Z → Wed 09:00Z = 18 h.
      next_response_median: 18 * H,
      next_response_p90: 18 * H,
      next_response_within_1h: 0,
      next_response_within_24h: 1,
      // Messages needing a reply: c1 1, c2 1 + 2, c3 1, c4 1 = 6 (c4's "thanks" and c5 need none); c3's unanswered → 5/6.
      response_rate: 5 / 6,
      // First resolved in the period: c4 30 Mar 07:10Z → 08:00Z = 50 min; c1 27 Mar 15:00Z → 30 Mar 09:00Z = 66 h.
      // c5 was resolved by a rule: not counted. Median rank ⌈1⌉ = 1 → 50 min; p90 rank ⌈1.8⌉ = 2 → 66 h.
      resolution_median: 50 * MIN,
      resolution_p90: 66 * H,
      // c4 was reopened: 1 of 2.
      reopen_rate: 0.5,
      // SLA: c1 (high, 2 business h) due Mon 08:00Z, answered 08:00Z → met (due time counts);
      // c2 first (normal, 8 business h) due Wed 10:00Z → met; c2 next due Wed 15:00Z → met;
      // c4 (urgent, 60 min around the clock) due 08:10Z, answered 07:20Z → met;
      // c3 (normal) due Fri 3 Apr 12:00Z, unanswered at now → missed. 4 / 5.
      sla_hit_rate: 0.8,
      // Open now: c3, c7; unassigned: c3; past the SLA due time: c3.
      backlog_open: 2,
      backlog_unassigned: 1,
      backlog_breached: 1,
    })
    // Each share says what it is a share of: 2 of 4 decided (c3 is past the hour), none pending.
    expect(basis(r, 'first_response_within_1h')).toEqual({ count: 2, of: 4, pending: 0 })
    expect(basis(r, 'sla_hit_rate')).toEqual({ count: 4, of: 5, pending: 0 })
    expect(basis(r, 'response_rate')).toEqual({ count: 5, of: 6, pending: 0 })
    expect(basis(r, 'first_response_median')).toBeUndefined()
    expect(previous(r)).toEqual({
      // Only c6 (17 Mar): answered after 2 h, resolved after 3 h, SLA met.
      conversations: 1,
      first_response_median: 2 * H,
      first_response_p90: 2 * H,
      first_response_within_1h: 0,
      first_response_within_24h: 1,
      next_response_median: null,
      next_response_p90: null,
      next_response_within_1h: null,
      next_response_within_24h: null,
      response_rate: 1,
      resolution_median: 3 * H,
      resolution_p90: 3 * H,
      reopen_rate: 0,
      sla_hit_rate: 1,
      backlog_open: null,
      backlog_unassigned: null,
      backlog_breached: null,
    })
  })

  it('business hours: across the weekend, the DST change and only opening hours', async () => {
    const r = await analytics.care.report(WS, { ...query, hours: 'business' })
    expect(figures(r)).toMatchObject({
      // c1: Fri 16:00–17:00 CET (1 h) + Mon 09:00–10:00 CEST (1 h) = 2 h; Monday opens at 07:00Z after the
      // change (08:00Z before it). c2 30 min, c4 10 min. Sorted [10 min, 30 min, 2 h].
      first_response_median: 30 * MIN,
      first_response_p90: 2 * H,
      // Within 1 h: c2, c4; c3 is past 1 business hour (2 Apr 14:00→15:00 CEST) → decided: 2/4.
      first_response_within_1h: 0.5,
      // Within 24 business hours: c1, c2, c4 = 3. c3 has waited Thu 3 h + Fri 8 h + Mon 09:00–12:00 3 h = 14 h:
      // not decided yet → 3/3.
      first_response_within_24h: 1,
      // c2's next wait: Tue 16:00–17:00 CET + Wed 09:00–10:00 CET = 2 h.
      next_response_median: 2 * H,
      next_response_p90: 2 * H,
      next_response_within_1h: 0,
      next_response_within_24h: 1,
      // c4: 09:10–10:00 CEST = 50 min; c1: Fri 1 h + Mon 09:00–11:00 CEST 2 h = 3 h.
      resolution_median: 50 * MIN,
      resolution_p90: 3 * H,
      response_rate: 5 / 6,
      sla_hit_rate: 0.8,
    })
    expect(r.figures.find((f) => f.key === 'first_response_median')!.definition).toContain(
      'business hours only',
    )
    // c3 has waited 14 business hours: not yet a miss of the 24-hour target, so it is pending.
    expect(basis(r, 'first_response_within_24h')).toEqual({ count: 3, of: 3, pending: 1 })
    expect(previous(r)).toMatchObject({ first_response_median: 2 * H, resolution_median: 3 * H })
  })

  it('series per local day, with the 23-hour day of the DST change', async () => {
    const r = await analytics.care.report(WS, { ...query, hours: 'calendar' })
    const volume = r.series.find((s) => s.key === 'volume')!
    expect(volume.points).toHaveLength(14)
    expect(volume.points[0]!.t).toBe(Z('2026-03-22T23:00:00')) // Mon 23 Mar 00:00 CET
    expect(volume.points[6]!.t).toBe(Z('2026-03-28T23:00:00')) // Sun 29 Mar 00:00 CET
    expect(volume.points[7]!.t).toBe(Z('2026-03-29T22:00:00')) // Mon 30 Mar 00:00 CEST (23 h later)
    //                                  23 24 25 26 27 28 29 30 31  1  2  3  4  5
    expect(points(r, 'volume')).toEqual([0, 1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0])
    // Compared: the previous 14 days ride along day by day; only c6 (17 Mar) arrived then.
    const prevVolume = volume.previous!
    expect(prevVolume).toHaveLength(volume.points.length)
    expect(prevVolume.map((p) => p.value).reduce((a, b) => a! + b!, 0)).toBe(1)
    expect(prevVolume[0]!.t).toBe(r.previous!.from)
    const plain = await analytics.care.report(WS, { ...query, compare: 'none', hours: 'calendar' })
    expect(plain.series.every((s) => s.previous === undefined)).toBe(true)
    // Negative share of the day's classified new conversations: 24th c2 neutral 0; 25th c5 unclassified → null;
    // 27th c1 negative 1; 30th c4 positive 0; 2 Apr c3 neutral 0.
    expect(points(r, 'negative_share')).toEqual([
      null,
      0,
      null,
      null,
      1,
      null,
      null,
      0,
      null,
      null,
      0,
      null,
      null,
      null,
    ])
    // Backlog: before the period c7 (and c6, closed 17 Mar) → 1. +c2 (24th); c5 in and out (25th);
    // +c1 (27th); +c4 −c1 (30th); −c4 (1 Apr, its latest closing); +c3 (2 Apr).
    expect(points(r, 'backlog')).toEqual([1, 2, 2, 2, 3, 3, 3, 3, 3, 2, 3, 3, 3, 3])
  })

  it('breakdowns: intent, sentiment, channel, local hour and weekday, contacts, complaint topics, SLA', async () => {
    const r = await analytics.care.report(WS, { ...query, hours: 'calendar' })
    expect(rows(r, 'intent')).toEqual([
      ['complaint', 1],
      ['other', 1],
      ['praise', 1],
      ['question', 1],
      ['request', 1],
    ])
    expect(rows(r, 'sentiment')).toEqual([
      ['neutral', 2],
      ['negative', 1],
      ['positive', 1],
      ['unknown', 1],
    ])
    expect(rows(r, 'channel')).toEqual([
      ['ch-1', 4],
      ['ch-2', 1],
    ])
    // Local hours: c2 10:00Z = 11 CET, c5 12:00Z = 13 CET, c1 15:00Z = 16 CET, c4 07:10Z = 09 CEST, c3 12:00Z = 14 CEST.
    expect(rows(r, 'hour').filter(([, n]) => n > 0)).toEqual([
      ['9', 1],
      ['11', 1],
      ['13', 1],
      ['14', 1],
      ['16', 1],
    ])
    expect(rows(r, 'hour')).toHaveLength(24)
    // Mon c4, Tue c2, Wed c5, Thu c3, Fri c1.
    expect(rows(r, 'weekday')).toEqual([
      ['1', 1],
      ['2', 1],
      ['3', 1],
      ['4', 1],
      ['5', 1],
      ['6', 0],
      ['0', 0],
    ])
    expect(rows(r, 'top_contacts')).toEqual([
      ['ct-a', 2],
      ['ct-b', 1],
      ['ct-c', 1],
      ['ct-d', 1],
    ])
    expect(r.breakdowns.find((b) => b.key === 'top_contacts')!.rows[0]!.label).toBe(
      'Person A (@ct-a.example)',
    )
    // "The delivery is late again, delivery broken!" → delivery, late, broken (once per message);
    // "Still broken, the app crashes" → broken, app, crashes.
    expect(rows(r, 'complaint_topics')).toEqual([
      ['broken', 2],
      ['app', 1],
      ['crashes', 1],
      ['delivery', 1],
      ['late', 1],
    ])
    expect(rows(r, 'sla_by_policy')).toEqual([
      ['urgent', 1],
      ['high', 1],
      ['normal', 2 / 3],
    ])
    const csv = r.tables.find((t) => t.key === 'daily')!
    expect(csv.rows[4]).toEqual({ day: '2026-03-27', volume: 1, backlog: 3, negative_share: 1 })
  })

  it('filters by label, channel and agent', async () => {
    const vip = await analytics.care.report(WS, { ...query, hours: 'calendar', label: 'vip' })
    // c1 and c3 carry the label: first waits c1 65 h (answered) and c3 (unanswered).
    expect(figures(vip)).toMatchObject({
      conversations: 2,
      first_response_median: 65 * H,
      response_rate: 0.5,
    })
    const ch2 = await analytics.care.report(WS, { ...query, hours: 'calendar', channelId: 'ch-2' })
    expect(figures(ch2)).toMatchObject({ conversations: 1, first_response_median: null, backlog_open: 0 })
    const m2 = await analytics.care.report(WS, { ...query, hours: 'calendar', agentId: 'm-2' })
    // c4 (and c7, outside the period but open now).
    expect(figures(m2)).toMatchObject({ conversations: 1, first_response_median: 10 * MIN, backlog_open: 1 })
  })

  it('drills down to the conversations behind a figure or row', async () => {
    const d = { ...query, hours: 'calendar' as const, limit: 1, params: {} }
    const late = await analytics.careDrill.drill(WS, {
      ...d,
      metric: 'first_response',
      params: { over: String(H) },
    })
    // Not within 1 h: c3 (still waiting, listed first) and c1 (65 h).
    expect(late.total).toBe(2)
    expect(late.items.map((i) => i.conversationId)).toEqual(['c3'])
    const next = await analytics.careDrill.drill(WS, {
      ...d,
      metric: 'first_response',
      params: { over: String(H) },
      cursor: late.nextCursor!,
    })
    expect(next.items.map((i) => [i.conversationId, i.value])).toEqual([['c1', 65 * H]])
    expect(next.nextCursor).toBeNull()
    const complaints = await analytics.careDrill.drill(WS, {
      ...d,
      limit: 10,
      metric: 'conversations',
      params: { intent: 'complaint' },
    })
    expect(complaints.items.map((i) => i.conversationId)).toEqual(['c1'])
    const monday = await analytics.careDrill.drill(WS, {
      ...d,
      limit: 10,
      metric: 'conversations',
      params: { weekday: '1' },
    })
    expect(monday.items.map((i) => i.conversationId)).toEqual(['c4'])
    const missed = await analytics.careDrill.drill(WS, {
      ...d,
      limit: 10,
      metric: 'sla',
      params: { outcome: 'missed' },
    })
    expect(missed.items.map((i) => i.conversationId)).toEqual(['c3'])
    const broken = await analytics.careDrill.drill(WS, {
      ...d,
      limit: 10,
      metric: 'complaints',
      params: { term: 'broken' },
    })
    expect(broken.items.map((i) => i.conversationId).sort()).toEqual(['c1', 'c2'])
  })

  it('refreshes the facts of a conversation that changed since the last report', async () => {
    // c3 gets its answer on Mon 6 Apr 10:30Z (3 d 22 h 30 min after it asked).
    clock.set(Z('2026-04-06T11:00:00'))
    await db.kysely
      .insertInto('inbox_messages')
      .values({
        id: 'c3-reply',
        workspace_id: WS,
        conversation_id: 'c3',
        channel_id: 'ch-1',
        remote_id: 'c3-reply',
        direction: 'out',
        kind: 'reply',
        contact_id: null,
        author_handle: 'acme',
        text: 'Done',
        needs_reply: 0,
        sent_by_member_id: 'm-1',
        created_at: Z('2026-04-06T10:30:00'),
        received_at: Z('2026-04-06T10:30:00'),
      })
      .execute()
    await db.kysely
      .updateTable('inbox_conversations')
      .set({ updated_at: clock.now() })
      .where('id', '=', 'c3')
      .execute()
    const r = await analytics.care.report(WS, { ...query, hours: 'calendar' })
    // First waits answered now [10 min, 30 min, 65 h, 94.5 h]: median rank ⌈2⌉ = 2 → 30 min; p90 rank ⌈3.6⌉ = 4.
    expect(figures(r)).toMatchObject({
      first_response_median: 30 * MIN,
      first_response_p90: 94 * H + 30 * MIN,
      first_response_within_24h: 0.5,
      response_rate: 1,
    })
  })
})

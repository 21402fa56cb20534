/**
 * The care report (issue 6): how fast and how often the workspace answers, over a period compared
 * with the previous one. Facts are refreshed first (care-facts.ts), rows are selected per period
 * (care-query.ts), and every figure is computed here in plain arithmetic, so both engines agree.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid } from '../core/errors.js'
import type { Database } from '../db/schema.js'
import { PRIORITIES } from '../inbox/inbox.types.js'
import type { SlaSettings } from '../inbox/sla.service.js'
import type { Breakdown, CareReport, CareReportQuery, DrillRef, Figure, Series, Table } from './care.types.js'
import { DEFINITIONS, describeHours, labelOf, WEEKDAYS } from './care-definitions.js'
import type { CareFacts } from './care-facts.js'
import {
  type CareFilters,
  CareQueries,
  type ReceivedRow,
  type ResolvedRow,
  type WaitRow,
} from './care-query.js'
import {
  bucketOf,
  dayBuckets,
  increment,
  localParts,
  nearestRank,
  ratio,
  sorted,
  terms,
  topCounts,
} from './care-stats.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** Longest period a report may cover. */
export const MAX_RANGE_MS = 400 * DAY
/** Complaint texts read for topics: the latest ones of the period. */
const TOPIC_TEXTS = 20_000

/** Figures of one period (the report's and the comparison's). */
interface PeriodFigures {
  [key: string]: number | null
}

export class CareReportService {
  private readonly q: CareQueries

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly facts: CareFacts,
    private readonly settings: (workspaceId: string) => Promise<SlaSettings>,
  ) {
    this.q = new CareQueries(db)
  }

  async report(workspaceId: string, query: CareReportQuery): Promise<CareReport> {
    validate(query)
    await this.facts.refresh(workspaceId)
    const settings = await this.settings(workspaceId)
    const now = this.clock.now()
    const tz = settings.calendar.timeZone
    const f: CareFilters = query
    const len = query.to - query.from
    const prevRange = query.compare === 'previous' ? { from: query.from - len, to: query.from } : undefined

    const [waits, received, resolved] = await Promise.all([
      this.q.waits(workspaceId, f, query.from, query.to),
      this.q.received(workspaceId, f, query.from, query.to),
      this.q.resolved(workspaceId, f, query.from, query.to),
    ])
    const cur = this.periodFigures(waits, resolved, received.length, query, now)
    let prev: PeriodFigures | null = null
    if (prevRange) {
      const [pw, pr, pn] = await Promise.all([
        this.q.waits(workspaceId, f, prevRange.from, prevRange.to),
        this.q.resolved(workspaceId, f, prevRange.from, prevRange.to),
        this.q.receivedCount(workspaceId, f, prevRange.from, prevRange.to),
      ])
      prev = this.periodFigures(pw, pr, pn, query, now)
    }
    const backlog = await this.q.backlogNow(workspaceId, f, now)
    cur.backlog_open = backlog.open
    cur.backlog_unassigned = backlog.unassigned
    cur.backlog_breached = backlog.breached

    const hoursText = describeHours(query.hours, settings)
    const figures: Figure[] = Object.keys(DEFINITIONS).map((key) => {
      const d = DEFINITIONS[key]!
      return {
        key,
        label: d.label,
        definition: d.timed ? `${d.definition} ${hoursText}` : d.definition,
        unit: d.unit,
        value: cur[key] ?? null,
        previous: key.startsWith('backlog_') ? null : (prev?.[key] ?? null),
        drill: { metric: d.drill ?? key, params: { ...(d.params ?? {}) } },
      }
    })

    const buckets = dayBuckets(query.from, query.to, tz)
    const series = await this.series(workspaceId, f, query, received, buckets, now, tz)
    const breakdowns = await this.breakdowns(workspaceId, f, query, received, waits, settings, now)
    return {
      period: { from: query.from, to: query.to },
      ...(prevRange ? { previous: prevRange } : {}),
      timeZone: tz,
      hours: query.hours,
      figures,
      series,
      breakdowns,
      tables: tables(figures, series, breakdowns, buckets),
    }
  }

  /** Response, resolution and SLA figures of one period's rows. */
  private periodFigures(
    waits: WaitRow[],
    resolved: ResolvedRow[],
    volume: number,
    query: CareReportQuery,
    now: number,
  ): PeriodFigures {
    const business = query.hours === 'business'
    const out: PeriodFigures = { conversations: volume }
    for (const kind of ['first', 'next'] as const) {
      const ws = waits.filter((w) => w.kind === kind)
      const times = sorted(
        ws
          .filter((w) => w.answered_at !== null)
          .map((w) => (business ? w.response_business_ms! : w.response_ms!)),
      )
      out[`${kind}_response_median`] = nearestRank(times, 50)
      out[`${kind}_response_p90`] = nearestRank(times, 90)
      for (const [name, limit] of [
        ['1h', HOUR],
        ['24h', DAY],
      ] as const) {
        let within = 0
        let decided = 0
        for (const w of ws) {
          const t = w.answered_at === null ? null : business ? w.response_business_ms! : w.response_ms!
          if (t !== null) {
            decided += 1
            if (t <= limit) within += 1
          } else if (waitedLonger(w, limit, business, now)) decided += 1
        }
        out[`${kind}_response_within_${name}`] = ratio(within, decided)
      }
    }
    let needs = 0
    let answered = 0
    for (const w of waits) {
      needs += w.needs_reply
      if (w.answered_at !== null) answered += w.needs_reply
    }
    out.response_rate = ratio(answered, needs)
    const res = sorted(resolved.map((r) => (business ? r.resolution_business_ms : r.resolution_ms)))
    out.resolution_median = nearestRank(res, 50)
    out.resolution_p90 = nearestRank(res, 90)
    out.reopen_rate = ratio(resolved.filter((r) => r.reopen_count > 0).length, resolved.length)
    let met = 0
    let missed = 0
    for (const w of waits) {
      const o = slaOutcome(w, now)
      if (o === 'met') met += 1
      else if (o === 'missed') missed += 1
    }
    out.sla_hit_rate = ratio(met, met + missed)
    return out
  }

  private async series(
    ws: string,
    f: CareFilters,
    query: CareReportQuery,
    received: ReceivedRow[],
    buckets: ReturnType<typeof dayBuckets>,
    now: number,
    _tz: string,
  ): Promise<Series[]> {
    const volume = new Array<number>(buckets.length).fill(0)
    const negative = new Array<number>(buckets.length).fill(0)
    const classified = new Array<number>(buckets.length).fill(0)
    for (const r of received) {
      const i = bucketOf(buckets, r.received_at)
      if (i < 0) continue
      volume[i]! += 1
      if (r.sentiment) {
        classified[i]! += 1
        if (r.sentiment === 'negative') negative[i]! += 1
      }
    }
    // @NOTE backlog at a day's end = received before it − closed before it (closing never precedes receipt).
    const [before, closedBefore, closed] = await Promise.all([
      this.q.receivedCount(ws, f, null, query.from),
      this.q.closedCount(ws, f, query.from),
      this.q.closedAt(ws, f, query.from, query.to),
    ])
    const closedPer = new Array<number>(buckets.length).fill(0)
    for (const t of closed) {
      const i = bucketOf(buckets, t)
      if (i >= 0) closedPer[i]! += 1
    }
    let backlog = before - closedBefore
    const backlogPoints = buckets.map((b, i) => {
      backlog += volume[i]! - closedPer[i]!
      return { t: b.start, value: b.end <= now ? backlog : null }
    })
    return [
      {
        key: 'volume',
        label: 'New conversations per day',
        definition:
          'Conversations whose first message from the public arrived that day (workspace time zone).',
        unit: 'count',
        points: buckets.map((b, i) => ({ t: b.start, value: volume[i]! })),
      },
      {
        key: 'backlog',
        label: 'Backlog at the end of each day',
        definition:
          'Conversations received before the end of the day and not closed (resolved or spam) by then, judged by their latest closing. Days not yet over have no value.',
        unit: 'count',
        points: backlogPoints,
      },
      {
        key: 'negative_share',
        label: 'Sentiment trend: share negative',
        definition:
          'Of the new conversations of the day with a sentiment, the share whose sentiment is negative (null on a day without any).',
        unit: 'ratio',
        points: buckets.map((b, i) => ({ t: b.start, value: ratio(negative[i]!, classified[i]!) })),
      },
    ]
  }

  private async breakdowns(
    ws: string,
    f: CareFilters,
    query: CareReportQuery,
    received: ReceivedRow[],
    waits: WaitRow[],
    settings: SlaSettings,
    now: number,
  ): Promise<Breakdown[]> {
    const tz = settings.calendar.timeZone
    const by = {
      intent: new Map<string, number>(),
      sentiment: new Map<string, number>(),
      channel: new Map<string, number>(),
      hour: new Map<string, number>(),
      weekday: new Map<string, number>(),
      contact: new Map<string, number>(),
    }
    for (const r of received) {
      increment(by.intent, r.intent ?? 'unknown')
      increment(by.sentiment, r.sentiment ?? 'unknown')
      increment(by.channel, r.channel_id)
      increment(by.contact, r.contact_id)
      const p = localParts(r.received_at, tz)
      increment(by.hour, String(p.hour))
      increment(by.weekday, String(p.weekday))
    }
    const drill = (params: Record<string, string>): DrillRef => ({ metric: 'conversations', params })
    const rows = (m: Map<string, number>, param: string, label: (k: string) => string, limit = 100) =>
      topCounts(m, limit).map(([key, value]) => ({
        key,
        label: label(key),
        value,
        drill: drill({ [param]: key }),
      }))

    const channelIds = [...by.channel.keys()]
    const channels = channelIds.length
      ? await this.db
          .selectFrom('channels')
          .select(['id', 'network', 'handle'])
          .where('id', 'in', channelIds)
          .execute()
      : []
    const chName = new Map(channels.map((c) => [c.id, `${c.handle} (${c.network})`]))
    const top = topCounts(by.contact, 10)
    const contacts = top.length
      ? await this.db
          .selectFrom('inbox_contacts')
          .select(['id', 'display_name', 'handle'])
          .where(
            'id',
            'in',
            top.map(([id]) => id),
          )
          .execute()
      : []
    const ctName = new Map(contacts.map((c) => [c.id, `${c.display_name} (@${c.handle})`]))

    const topics = new Map<string, number>()
    for (const m of await this.q.complaintTexts(ws, f, query.from, query.to, TOPIC_TEXTS))
      for (const t of terms(m.text)) increment(topics, t)

    const sla: Array<{ key: string; label: string; value: number; drill: DrillRef }> = []
    for (const p of [...PRIORITIES].reverse()) {
      let met = 0
      let missed = 0
      for (const w of waits) {
        if (w.priority !== p) continue
        const o = slaOutcome(w, now)
        if (o === 'met') met += 1
        else if (o === 'missed') missed += 1
      }
      if (met + missed === 0) continue
      const pol = settings.policies[p]
      sla.push({
        key: p,
        label: `${labelOf(p)}: first ${pol.firstResponseMinutes} min, next ${pol.nextResponseMinutes} min${pol.businessHours ? ' (business hours)' : ''}`,
        value: met / (met + missed),
        drill: { metric: 'sla', params: { priority: p, outcome: 'missed' } },
      })
    }
    const hours = Array.from({ length: 24 }, (_, h) => String(h))
    const weekOrder = ['1', '2', '3', '4', '5', '6', '0']
    return [
      {
        key: 'sla_by_policy',
        label: 'SLA hit rate per policy',
        definition:
          'Per priority policy: of the waits for a reply that started in the period and are decided (answered, or past their due time), the share answered by the due time. The due time follows the current policy of the conversation’s priority.',
        rows: sla,
      },
      {
        key: 'intent',
        label: 'Volume by intent',
        definition: 'New conversations of the period by the intent of their latest message from the public.',
        rows: rows(by.intent, 'intent', labelOf),
      },
      {
        key: 'sentiment',
        label: 'Volume by sentiment',
        definition:
          'New conversations of the period by the sentiment of their latest message from the public.',
        rows: rows(by.sentiment, 'sentiment', labelOf),
      },
      {
        key: 'channel',
        label: 'Volume by channel',
        definition: 'New conversations of the period by the channel they arrived on.',
        rows: rows(by.channel, 'channel', (k) => chName.get(k) ?? k),
      },
      {
        key: 'hour',
        label: 'Volume by hour of day',
        definition: `New conversations of the period by the hour their first message arrived, in ${tz}.`,
        rows: hours.map((h) => ({
          key: h,
          label: `${h.padStart(2, '0')}:00`,
          value: by.hour.get(h) ?? 0,
          drill: drill({ hour: h }),
        })),
      },
      {
        key: 'weekday',
        label: 'Volume by day of week',
        definition: `New conversations of the period by the weekday their first message arrived, in ${tz}.`,
        rows: weekOrder.map((d) => ({
          key: d,
          label: WEEKDAYS[Number(d)]!,
          value: by.weekday.get(d) ?? 0,
          drill: drill({ weekday: d }),
        })),
      },
      {
        key: 'top_contacts',
        label: 'Top contacts',
        definition: 'The ten contacts who started the most conversations in the period.',
        rows: top.map(([id, n]) => ({
          key: id,
          label: ctName.get(id) ?? id,
          value: n,
          drill: drill({ contact: id }),
        })),
      },
      {
        key: 'complaint_topics',
        label: 'Most frequent complaint topics',
        definition: `Words in messages classified as complaints received in the period (the latest ${TOPIC_TEXTS.toLocaleString('en')} at most), counted once per message; common words, mentions and links left out.`,
        rows: topCounts(topics, 15).map(([term, n]) => ({
          key: term,
          label: term,
          value: n,
          drill: { metric: 'complaints', params: { term } },
        })),
      },
    ]
  }
}

/** Whether an unanswered wait has waited longer than `limit` (1 h or 24 h) by `now`. */
export function waitedLonger(w: WaitRow, limit: number, business: boolean, now: number): boolean {
  if (!business) return now - w.asked_at > limit
  return (limit === HOUR ? w.business_1h_at : w.business_24h_at) < now
}

/** 'met' when answered by the due time, 'missed' when answered later or still unanswered past it, else undecided. */
export function slaOutcome(w: WaitRow, now: number): 'met' | 'missed' | null {
  if (w.sla_due_at === null) return null
  if (w.answered_at !== null) return w.answered_at <= w.sla_due_at ? 'met' : 'missed'
  return w.sla_due_at <= now ? 'missed' : null
}

export function validate(q: CareReportQuery): void {
  if (!Number.isFinite(q.from)) throw invalid('from', 'must be a date')
  if (!Number.isFinite(q.to)) throw invalid('to', 'must be a date')
  if (q.to <= q.from) throw invalid('to', 'must be after from')
  if (q.to - q.from > MAX_RANGE_MS) throw invalid('to', 'the period may be at most 400 days')
}

/** Flat tables for CSV export: the figures, and the daily series side by side. */
function tables(
  figures: Figure[],
  series: Series[],
  breakdowns: Breakdown[],
  buckets: ReturnType<typeof dayBuckets>,
): Table[] {
  const out: Table[] = [
    {
      key: 'figures',
      title: 'Figures',
      columns: [
        { key: 'figure', label: 'Figure' },
        { key: 'unit', label: 'Unit' },
        { key: 'value', label: 'This period' },
        { key: 'previous', label: 'Previous period' },
        { key: 'definition', label: 'Definition' },
      ],
      rows: figures.map((f) => ({
        figure: f.label,
        unit: f.unit,
        value: f.value,
        previous: f.previous,
        definition: f.definition,
      })),
    },
    {
      key: 'daily',
      title: 'Per day',
      columns: [
        { key: 'day', label: 'Day' },
        ...series.map((s) => ({ key: s.key, label: s.label, unit: s.unit })),
      ],
      rows: buckets.map((b, i) => {
        const row: Record<string, string | number | null> = { day: b.day }
        for (const s of series) row[s.key] = s.points[i]?.value ?? null
        return row
      }),
    },
  ]
  for (const b of breakdowns)
    out.push({
      key: b.key,
      title: b.label,
      columns: [
        { key: 'key', label: 'Key' },
        { key: 'label', label: 'Name' },
        b.key === 'sla_by_policy'
          ? { key: 'value', label: 'Hit rate', unit: 'ratio' }
          : {
              key: 'value',
              label: b.key === 'complaint_topics' ? 'Messages' : 'Conversations',
              unit: 'count',
            },
      ],
      rows: b.rows.map((r) => ({ key: r.key, label: r.label, value: r.value })),
    })
  return out
}

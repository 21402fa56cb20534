/**
 * The care report (issue 6): how fast and how often the workspace answers, over a period compared
 * with the previous one. Facts are refreshed first (care-facts.ts); counts are aggregated in SQL and
 * percentiles fetched as the k-th smallest value (care-aggregate.ts), with every rank, ratio, bucket
 * and ranking settled here in plain arithmetic, so both engines give the same numbers.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid } from '../core/errors.js'
import type { Database } from '../db/schema.js'
import { INTENTS, PRIORITIES } from '../inbox/inbox.types.js'
import type { SlaSettings } from '../inbox/sla.service.js'
import type { Breakdown, CareReport, CareReportQuery, DrillRef, Figure } from './care.types.js'
import { CareAggregates, QUARTER, type QuarterRow, type WaitAggregate } from './care-aggregate.js'
import { waitBases } from './care-basis.js'
import { DEFINITIONS, describeHours, labelOf, WEEKDAYS } from './care-definitions.js'
import type { CareFacts } from './care-facts.js'
import { type CareFilters, CareQueries, type WaitRow } from './care-query.js'
import { RANK_BOUNDS } from './care-ranks.js'
import { tables } from './care-report-tables.js'
import { careSeries } from './care-series.js'
import { dayBuckets, increment, localParts, rankOf, ratio, terms, topCounts } from './care-stats.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** Longest period a report may cover. */
export const MAX_RANGE_MS = 400 * DAY
/** Complaint texts read for topics: the latest ones of the period. */
export const TOPIC_TEXTS = 5_000

/** Figures of one period (the report's and the comparison's). */
interface PeriodFigures {
  [key: string]: number | null
}

const sum = (rows: WaitAggregate[], k: keyof Omit<WaitAggregate, 'kind' | 'priority' | 'below'>) =>
  rows.reduce((a, r) => a + r[k], 0)

export class CareReportService {
  private readonly q: CareQueries
  private readonly agg: CareAggregates

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly facts: CareFacts,
    private readonly settings: (workspaceId: string) => Promise<SlaSettings>,
  ) {
    this.q = new CareQueries(db)
    this.agg = new CareAggregates(db)
  }

  async report(workspaceId: string, query: CareReportQuery): Promise<CareReport> {
    validate(query)
    await this.facts.refresh(workspaceId)
    const settings = await this.settings(workspaceId)
    const now = this.clock.now()
    const tz = settings.calendar.timeZone
    const f: CareFilters = query
    const business = query.hours === 'business'
    const len = query.to - query.from
    const prevRange = query.compare === 'previous' ? { from: query.from - len, to: query.from } : undefined
    const buckets = dayBuckets(query.from, query.to, tz)
    const quarters = this.agg.receivedByQuarter(workspaceId, f, query.from, query.to)

    const [cur, prev, backlog, series, breakdowns, prevSeries] = await Promise.all([
      this.periodFigures(workspaceId, f, query.from, query.to, business, now),
      prevRange ? this.periodFigures(workspaceId, f, prevRange.from, prevRange.to, business, now) : null,
      this.q.backlogNow(workspaceId, f, now),
      careSeries(this.agg, workspaceId, f, query, buckets, now, quarters),
      this.breakdowns(workspaceId, f, query, settings, quarters),
      // @NOTE the previous period's days, drawn under the current ones when comparing.
      prevRange
        ? careSeries(
            this.agg,
            workspaceId,
            f,
            { ...query, ...prevRange },
            dayBuckets(prevRange.from, prevRange.to, tz),
            now,
            this.agg.receivedByQuarter(workspaceId, f, prevRange.from, prevRange.to),
          )
        : null,
    ])
    for (const s of prevSeries ? series : []) s.previous = prevSeries!.find((p) => p.key === s.key)?.points
    cur.figures.backlog_open = backlog.open
    cur.figures.backlog_unassigned = backlog.unassigned
    cur.figures.backlog_breached = backlog.breached
    breakdowns.unshift(slaBreakdown(cur.waits, settings))

    const hoursText = describeHours(query.hours, settings)
    const bases = waitBases(cur.waits)
    const figures: Figure[] = Object.keys(DEFINITIONS).map((key) => {
      const d = DEFINITIONS[key]!
      return {
        key,
        label: d.label,
        definition: d.timed ? `${d.definition} ${hoursText}` : d.definition,
        unit: d.unit,
        value: cur.figures[key] ?? null,
        previous: key.startsWith('backlog_') ? null : (prev?.figures[key] ?? null),
        drill: { metric: d.drill ?? key, params: { ...(d.params ?? {}) } },
        ...(bases[key] ? { basis: bases[key] } : {}),
      }
    })
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

  /** Response, resolution and SLA figures of one period. */
  private async periodFigures(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    business: boolean,
    now: number,
  ): Promise<{ figures: PeriodFigures; waits: WaitAggregate[] }> {
    const [waits, res, volume] = await Promise.all([
      this.agg.waits(ws, f, from, to, business, now),
      this.agg.resolved(ws, f, from, to, business),
      this.agg.receivedCount(ws, f, from, to),
    ])
    const out: PeriodFigures = { conversations: volume }
    const jobs: Array<Promise<void>> = []
    // @NOTE each percentile is fetched as the k-th smallest value, k from the count (nearest rank).
    const rank = (key: string, count: number, kth: (k: number) => Promise<number | null>) => {
      out[`${key}_median`] = null
      out[`${key}_p90`] = null
      if (count === 0) return
      for (const p of [50, 90] as const)
        jobs.push(
          kth(rankOf(count, p)).then((v) => {
            out[`${key}_${p === 50 ? 'median' : 'p90'}`] = v
          }),
        )
    }
    for (const kind of ['first', 'next'] as const) {
      const rows = waits.filter((w) => w.kind === kind)
      const answered = sum(rows, 'answered')
      const below = RANK_BOUNDS.map((_, i) => rows.reduce((a, r) => a + (r.below[i] ?? 0), 0))
      rank(`${kind}_response`, answered, (k) =>
        this.agg.kthResponse(ws, f, from, to, kind, business, k, below),
      )
      out[`${kind}_response_within_1h`] = ratio(sum(rows, 'within1h'), answered + sum(rows, 'late1h'))
      out[`${kind}_response_within_24h`] = ratio(sum(rows, 'within24h'), answered + sum(rows, 'late24h'))
    }
    out.response_rate = ratio(sum(waits, 'needsAnswered'), sum(waits, 'needs'))
    rank('resolution', res.resolved, (k) => this.agg.kthResolution(ws, f, from, to, business, k, res.below))
    out.reopen_rate = ratio(res.reopened, res.resolved)
    const met = sum(waits, 'met')
    out.sla_hit_rate = ratio(met, met + sum(waits, 'missed'))
    await Promise.all(jobs)
    return { figures: out, waits }
  }

  private async breakdowns(
    ws: string,
    f: CareFilters,
    query: CareReportQuery,
    settings: SlaSettings,
    quartersP: Promise<QuarterRow[]>,
  ): Promise<Breakdown[]> {
    const tz = settings.calendar.timeZone
    const wsChannels = await this.db
      .selectFrom('channels')
      .select(['id', 'network', 'handle'])
      .where('workspace_id', '=', ws)
      .execute()
    const [quarters, perValue, contactRows, texts] = await Promise.all([
      quartersP,
      this.agg.receivedPerValue(
        ws,
        f,
        query.from,
        query.to,
        INTENTS,
        wsChannels.map((c) => c.id),
      ),
      this.agg.topContacts(ws, f, query.from, query.to, 10),
      this.q.complaintTexts(ws, f, query.from, query.to, TOPIC_TEXTS),
    ])
    // @NOTE a value outside the lists (an older classifier's intent, a deleted channel): count every group.
    const [intents, channelRows] = await Promise.all([
      perValue.complete.intent ? perValue.intent : this.agg.receivedBy(ws, f, query.from, query.to, 'intent'),
      perValue.complete.channel
        ? perValue.channel
        : this.agg.receivedBy(ws, f, query.from, query.to, 'channel_id'),
    ])
    const toMap = (rows: Array<[string | null, number]>) => {
      const m = new Map<string, number>()
      for (const [k, v] of rows) increment(m, k ?? 'unknown', v)
      return m
    }
    const sentiment = new Map<string, number>()
    const hour = new Map<string, number>()
    const weekday = new Map<string, number>()
    for (const r of quarters) {
      increment(sentiment, r.sentiment ?? 'unknown', r.n)
      const p = localParts(Math.max(r.q * QUARTER, query.from), tz)
      increment(hour, String(p.hour), r.n)
      increment(weekday, String(p.weekday), r.n)
    }
    const drill = (params: Record<string, string>): DrillRef => ({ metric: 'conversations', params })
    const rows = (m: Map<string, number>, param: string, label: (k: string) => string, limit = 100) =>
      topCounts(m, limit).map(([key, value]) => ({
        key,
        label: label(key),
        value,
        drill: drill({ [param]: key }),
      }))
    const byChannel = toMap(channelRows)
    const chName = new Map(wsChannels.map((c) => [c.id, `${c.handle} (${c.network})`]))
    const top = topCounts(toMap(contactRows), 10)
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
    for (const m of texts) for (const t of terms(m.text)) increment(topics, t)
    const hours = Array.from({ length: 24 }, (_, h) => String(h))
    const weekOrder = ['1', '2', '3', '4', '5', '6', '0']
    return [
      {
        key: 'intent',
        label: 'Volume by intent',
        definition: 'New conversations of the period by the intent of their latest message from the public.',
        rows: rows(toMap(intents), 'intent', labelOf),
      },
      {
        key: 'sentiment',
        label: 'Volume by sentiment',
        definition:
          'New conversations of the period by the sentiment of their latest message from the public.',
        rows: rows(sentiment, 'sentiment', labelOf),
      },
      {
        key: 'channel',
        label: 'Volume by channel',
        definition: 'New conversations of the period by the channel they arrived on.',
        rows: rows(byChannel, 'channel', (k) => chName.get(k) ?? k),
      },
      {
        key: 'hour',
        label: 'Volume by hour of day',
        definition: `New conversations of the period by the hour their first message arrived, in ${tz}.`,
        rows: hours.map((h) => ({
          key: h,
          label: `${h.padStart(2, '0')}:00`,
          value: hour.get(h) ?? 0,
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
          value: weekday.get(d) ?? 0,
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

function slaBreakdown(waits: WaitAggregate[], settings: SlaSettings): Breakdown {
  const rows: Breakdown['rows'] = []
  for (const p of [...PRIORITIES].reverse()) {
    const mine = waits.filter((w) => w.priority === p)
    const met = sum(mine, 'met')
    const missed = sum(mine, 'missed')
    if (met + missed === 0) continue
    const pol = settings.policies[p]
    rows.push({
      key: p,
      label: `${labelOf(p)}: first ${pol.firstResponseMinutes} min, next ${pol.nextResponseMinutes} min${pol.businessHours ? ' (business hours)' : ''}`,
      value: met / (met + missed),
      drill: { metric: 'sla', params: { priority: p, outcome: 'missed' } },
    })
  }
  return {
    key: 'sla_by_policy',
    label: 'SLA hit rate per policy',
    definition:
      'Per priority policy: of the waits for a reply that started in the period and are decided (answered, or past their due time), the share answered by the due time. The due time follows the current policy of the conversation’s priority.',
    rows,
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

/**
 * Drill-down: the conversations behind any figure or breakdown row of the care report, paged. The
 * same rows and rules as the report (care-query.ts, care-report.service.ts), filtered further by the
 * row's parameters.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid } from '../core/errors.js'
import type { Database } from '../db/schema.js'
import type { SlaSettings } from '../inbox/sla.service.js'
import type { CareReportQuery, DrillItem, DrillPage } from './care.types.js'
import type { CareFacts } from './care-facts.js'
import { type CareFilters, CareQueries, filterSql } from './care-query.js'
import { slaOutcome, TOPIC_TEXTS, validate, waitedLonger } from './care-report.service.js'
import { localParts, terms } from './care-stats.js'

export const DRILL_METRICS = [
  'conversations',
  'first_response',
  'next_response',
  'unanswered',
  'resolution',
  'reopened',
  'sla',
  'backlog',
  'complaints',
] as const
export type DrillMetric = (typeof DRILL_METRICS)[number]

export interface DrillQuery extends CareReportQuery {
  metric: string
  params: Record<string, string>
  /** Offset into the list, as returned in `nextCursor`. */
  cursor?: string
  limit: number
}

interface Hit {
  id: string
  /** Sort key, larger first. */
  sort: number
  value: number | null
}

export class CareDrill {
  private readonly q: CareQueries

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly facts: CareFacts,
    private readonly settings: (workspaceId: string) => Promise<SlaSettings>,
  ) {
    this.q = new CareQueries(db)
  }

  async drill(ws: string, d: DrillQuery): Promise<DrillPage> {
    validate(d)
    if (!(DRILL_METRICS as readonly string[]).includes(d.metric))
      throw invalid('metric', `must be one of ${DRILL_METRICS.join(', ')}`)
    const offset = d.cursor === undefined ? 0 : Number(d.cursor)
    if (!Number.isInteger(offset) || offset < 0) throw invalid('cursor', 'is not a cursor of this list')
    await this.facts.refresh(ws)
    const s = await this.settings(ws)
    const hits = dedupe(await this.hits(ws, d as DrillQuery & { metric: DrillMetric }, d, s))
    hits.sort((a, b) => b.sort - a.sort || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    const page = hits.slice(offset, offset + d.limit)
    const rows = page.length
      ? await this.db
          .selectFrom('inbox_conversations')
          .select([
            'id',
            'channel_id',
            'contact_id',
            'preview',
            'state',
            'priority',
            'intent',
            'sentiment',
            'created_at',
          ])
          .where('workspace_id', '=', ws)
          .where(
            'id',
            'in',
            page.map((h) => h.id),
          )
          .execute()
      : []
    const byId = new Map(rows.map((r) => [r.id, r]))
    const items: DrillItem[] = []
    for (const h of page) {
      const r = byId.get(h.id)
      if (!r) continue
      items.push({
        conversationId: r.id,
        channelId: r.channel_id,
        contactId: r.contact_id,
        preview: r.preview,
        state: r.state,
        priority: r.priority,
        intent: r.intent,
        sentiment: r.sentiment,
        createdAt: r.created_at,
        value: h.value,
      })
    }
    const next = offset + d.limit
    return {
      metric: d.metric,
      items,
      total: hits.length,
      nextCursor: next < hits.length ? String(next) : null,
    }
  }

  private async hits(
    ws: string,
    d: DrillQuery & { metric: DrillMetric },
    f: CareFilters,
    s: SlaSettings,
  ): Promise<Hit[]> {
    const p = d.params
    const now = this.clock.now()
    const business = d.hours === 'business'
    const tz = s.calendar.timeZone
    switch (d.metric) {
      case 'conversations': {
        const rows = await this.q.received(ws, f, d.from, d.to)
        return rows
          .filter((r) => {
            if (p.intent !== undefined && (r.intent ?? 'unknown') !== p.intent) return false
            if (p.sentiment !== undefined && (r.sentiment ?? 'unknown') !== p.sentiment) return false
            if (p.channel !== undefined && r.channel_id !== p.channel) return false
            if (p.contact !== undefined && r.contact_id !== p.contact) return false
            if (p.hour !== undefined || p.weekday !== undefined || p.day !== undefined) {
              const l = localParts(r.received_at, tz)
              if (p.hour !== undefined && String(l.hour) !== p.hour) return false
              if (p.weekday !== undefined && String(l.weekday) !== p.weekday) return false
              if (p.day !== undefined && l.day !== p.day) return false
            }
            return true
          })
          .map((r) => ({ id: r.conversation_id, sort: r.received_at, value: null }))
      }
      case 'first_response':
      case 'next_response': {
        const kind = d.metric === 'first_response' ? 'first' : 'next'
        const over = p.over === undefined ? null : Number(p.over)
        if (over !== null && over !== 3_600_000 && over !== 86_400_000)
          throw invalid('over', 'must be 3600000 (1 h) or 86400000 (24 h)')
        const out: Hit[] = []
        for (const w of await this.q.waits(ws, f, d.from, d.to)) {
          if (w.kind !== kind) continue
          const t = w.answered_at === null ? null : business ? w.response_business_ms! : w.response_ms!
          if (over === null) {
            if (t !== null) out.push({ id: w.conversation_id, sort: t, value: t })
          } else if (t !== null ? t > over : waitedLonger(w, over, business, now)) {
            out.push({ id: w.conversation_id, sort: t ?? Number.MAX_SAFE_INTEGER - w.asked_at, value: t })
          }
        }
        return out
      }
      case 'unanswered':
        return (await this.q.waits(ws, f, d.from, d.to))
          .filter((w) => w.answered_at === null && w.needs_reply > 0)
          .map((w) => ({ id: w.conversation_id, sort: now - w.asked_at, value: now - w.asked_at }))
      case 'resolution':
      case 'reopened':
        return (await this.q.resolved(ws, f, d.from, d.to))
          .filter((r) => d.metric === 'resolution' || r.reopen_count > 0)
          .map((r) => {
            const v = business ? r.resolution_business_ms : r.resolution_ms
            return { id: r.conversation_id, sort: v, value: v }
          })
      case 'sla': {
        const outcome = p.outcome ?? 'missed'
        if (outcome !== 'met' && outcome !== 'missed') throw invalid('outcome', "must be 'met' or 'missed'")
        return (await this.q.waits(ws, f, d.from, d.to))
          .filter(
            (w) => (p.priority === undefined || w.priority === p.priority) && slaOutcome(w, now) === outcome,
          )
          .map((w) => ({ id: w.conversation_id, sort: w.asked_at, value: null }))
      }
      case 'backlog': {
        const which = p.which ?? 'open'
        let q = this.db
          .selectFrom('inbox_conversations')
          .select(['id', 'last_message_at'])
          .where('workspace_id', '=', ws)
          .where('state', '=', 'open')
          .where(filterSql(f))
        if (which === 'unassigned') q = q.where('assignee_member_id', 'is', null).where('team_id', 'is', null)
        else if (which === 'breached') q = q.where('sla_due_at', '<=', now)
        else if (which !== 'open') throw invalid('which', "must be 'open', 'unassigned' or 'breached'")
        return (await q.execute()).map((r) => ({ id: r.id, sort: r.last_message_at, value: null }))
      }
      case 'complaints': {
        const term = (p.term ?? '').toLowerCase()
        return (await this.q.complaintTexts(ws, f, d.from, d.to, TOPIC_TEXTS))
          .filter((m) => term === '' || terms(m.text).has(term))
          .map((m, i) => ({ id: m.conversation_id, sort: -i, value: null }))
      }
    }
  }
}

/** One entry per conversation: the first one met in sort order (largest sort key). */
function dedupe(hits: Hit[]): Hit[] {
  const best = new Map<string, Hit>()
  for (const h of hits) {
    const b = best.get(h.id)
    if (!b || h.sort > b.sort) best.set(h.id, h)
  }
  return [...best.values()]
}

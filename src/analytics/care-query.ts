/**
 * Row selection for the care report and its drill-down: the filters (presence, channel, agent, team,
 * label) as SQL both engines accept, and the period scans. Selection only; the arithmetic is in
 * care-stats.ts / care-report.service.ts.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../db/schema.js'
import type { CareReportQuery } from './care.types.js'

export type CareFilters = Pick<CareReportQuery, 'presenceId' | 'channelId' | 'agentId' | 'teamId' | 'label'>

/** The filters as one SQL condition on a table with the conversation's filter columns. */
export function filterSql(f: CareFilters, alias = ''): RawBuilder<boolean> {
  const col = (c: string) => sql.ref(alias ? `${alias}.${c}` : c)
  const parts: RawBuilder<unknown>[] = []
  if (f.presenceId) parts.push(sql`${col('presence_id')} = ${f.presenceId}`)
  if (f.channelId) parts.push(sql`${col('channel_id')} = ${f.channelId}`)
  if (f.agentId) parts.push(sql`${col('assignee_member_id')} = ${f.agentId}`)
  if (f.teamId) parts.push(sql`${col('team_id')} = ${f.teamId}`)
  if (f.label) {
    // @NOTE labels are a JSON array of strings: match the quoted label, with LIKE's wildcards escaped.
    const needle = JSON.stringify(f.label).replace(/[\\%_]/g, (ch) => `\\${ch}`)
    parts.push(sql`${col('labels')} LIKE ${`%${needle}%`} ESCAPE '\\'`)
  }
  if (parts.length === 0) return sql<boolean>`1 = 1`
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`
}

export interface WaitRow {
  conversation_id: string
  kind: string
  priority: string
  asked_at: number
  answered_at: number | null
  response_ms: number | null
  response_business_ms: number | null
  needs_reply: number
  sla_due_at: number | null
  business_1h_at: number
  business_24h_at: number
}

export interface ReceivedRow {
  conversation_id: string
  received_at: number
  intent: string | null
  sentiment: string | null
  channel_id: string
  contact_id: string
}

export interface ResolvedRow {
  conversation_id: string
  first_resolved_at: number
  resolution_ms: number
  resolution_business_ms: number
  reopen_count: number
}

export class CareQueries {
  constructor(private readonly db: Kysely<Database>) {}

  /** Waits that started in [from, to). */
  waits(ws: string, f: CareFilters, from: number, to: number): Promise<WaitRow[]> {
    return this.db
      .selectFrom('care_waits')
      .select([
        'conversation_id',
        'kind',
        'priority',
        'asked_at',
        'answered_at',
        'response_ms',
        'response_business_ms',
        'needs_reply',
        'sla_due_at',
        'business_1h_at',
        'business_24h_at',
      ])
      .where('workspace_id', '=', ws)
      .where('asked_at', '>=', from)
      .where('asked_at', '<', to)
      .where(filterSql(f))
      .execute()
  }

  /** Conversations whose first message from the public arrived in [from, to). */
  received(ws: string, f: CareFilters, from: number, to: number): Promise<ReceivedRow[]> {
    return this.db
      .selectFrom('care_facts')
      .select(['conversation_id', 'received_at', 'intent', 'sentiment', 'channel_id', 'contact_id'])
      .where('workspace_id', '=', ws)
      .where('received_at', '>=', from)
      .where('received_at', '<', to)
      .where(filterSql(f))
      .execute()
  }

  async receivedCount(ws: string, f: CareFilters, from: number | null, to: number): Promise<number> {
    let q = this.db
      .selectFrom('care_facts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws)
      .where('received_at', '<', to)
      .where(filterSql(f))
    if (from !== null) q = q.where('received_at', '>=', from)
    return Number((await q.executeTakeFirstOrThrow()).n)
  }

  /** Conversations first resolved in [from, to). */
  async resolved(ws: string, f: CareFilters, from: number, to: number): Promise<ResolvedRow[]> {
    const rows = await this.db
      .selectFrom('care_facts')
      .select([
        'conversation_id',
        'first_resolved_at',
        'resolution_ms',
        'resolution_business_ms',
        'reopen_count',
      ])
      .where('workspace_id', '=', ws)
      .where('first_resolved_at', '>=', from)
      .where('first_resolved_at', '<', to)
      .where(filterSql(f))
      .execute()
    return rows as ResolvedRow[]
  }

  /** Closing instants in [from, to) (for the backlog over time). */
  async closedAt(ws: string, f: CareFilters, from: number, to: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('care_facts')
      .select('closed_at')
      .where('workspace_id', '=', ws)
      .where('closed_at', '>=', from)
      .where('closed_at', '<', to)
      .where(filterSql(f))
      .execute()
    return rows.map((r) => r.closed_at as number)
  }

  /** Conversations closed before `to` (every one of them was received before it too). */
  async closedCount(ws: string, f: CareFilters, to: number): Promise<number> {
    const r = await this.db
      .selectFrom('care_facts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', ws)
      .where('closed_at', '<', to)
      .where(filterSql(f))
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  /**
   * The backlog now, from the inbox itself: open, open and unassigned, open and past the SLA due time.
   * One scan of the open conversations in `inbox_conversations_backlog` (migration 0013), which holds
   * every column counted here.
   */
  async backlogNow(
    ws: string,
    f: CareFilters,
    now: number,
  ): Promise<{ open: number; unassigned: number; breached: number }> {
    const r = await sql<Record<string, unknown>>`
      SELECT COUNT(*) AS open,
        COUNT(CASE WHEN assignee_member_id IS NULL AND team_id IS NULL THEN 1 END) AS unassigned,
        COUNT(CASE WHEN sla_due_at <= ${now} THEN 1 END) AS breached
      FROM inbox_conversations WHERE workspace_id = ${ws} AND state = 'open' AND ${filterSql(f)}`.execute(
      this.db,
    )
    const x = r.rows[0]
    return {
      open: Number(x?.open ?? 0),
      unassigned: Number(x?.unassigned ?? 0),
      breached: Number(x?.breached ?? 0),
    }
  }

  /** Texts of complaints from the public received in [from, to): the latest `limit`, newest first. */
  async complaintTexts(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    limit: number,
  ): Promise<Array<{ conversation_id: string; text: string }>> {
    return this.db
      .selectFrom('inbox_messages as m')
      .innerJoin('care_facts as f', 'f.conversation_id', 'm.conversation_id')
      .select(['m.conversation_id', 'm.text'])
      .where('m.workspace_id', '=', ws)
      .where('m.intent', '=', 'complaint')
      .where('m.direction', '=', 'in')
      .where('m.created_at', '>=', from)
      .where('m.created_at', '<', to)
      .where(filterSql(f, 'f'))
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(limit)
      .execute()
  }
}

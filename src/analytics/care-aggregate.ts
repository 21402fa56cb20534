/**
 * The care report's queries: counts aggregated in SQL (integers, identical on both engines), and the
 * nearest-rank percentile as "the k-th smallest value", with k computed in TypeScript from the count
 * (care-stats.ts `rankOf`) and only k's bucket sorted (care-ranks.ts). Each scan reads one covering
 * index (migration 0013, docs/adr/0017-care-report-speed.md). Rows by time are grouped per
 * quarter hour: zone offsets only change on quarter hours, so each group maps exactly onto one local
 * day, hour and weekday (mapped in TypeScript).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../db/schema.js'
import { PRIORITIES } from '../inbox/inbox.types.js'
import { type CareFilters, filterSql } from './care-query.js'
import { belowCounts, bucketOfRank, inBucket, readBelow } from './care-ranks.js'

export const QUARTER = 900_000
const HOUR = 3_600_000
const DAY = 24 * HOUR

export interface WaitAggregate {
  kind: string
  priority: string
  waits: number
  answered: number
  within1h: number
  late1h: number
  within24h: number
  late24h: number
  needs: number
  needsAnswered: number
  met: number
  missed: number
  /** Answered waits with a response time below each of RANK_BOUNDS. */
  below: number[]
}

const n = (v: unknown) => Number(v ?? 0)

export interface QuarterRow {
  /** Quarter hours since the epoch (instant / 900,000, rounded down). */
  q: number
  sentiment: string | null
  n: number
}

export class CareAggregates {
  constructor(private readonly db: Kysely<Database>) {}

  /** Waits of `kind` started in the period; every priority (derivation normalises them to PRIORITIES). */
  private waitsWhere(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    kind: string,
  ): RawBuilder<boolean> {
    return sql<boolean>`workspace_id = ${ws} AND kind = ${kind} AND priority IN (${sql.join([...PRIORITIES])})
      AND asked_at >= ${from} AND asked_at < ${to} AND ${filterSql(f)}`
  }

  /**
   * Per kind and priority: waits, answered, within / late (1 h, 24 h), messages needing a reply, SLA
   * met / missed, and the response-time bucket counts. `GROUP BY priority` reads the covering index
   * (workspace, kind, priority, asked_at, …) in its own order: no sort on either engine's part.
   * @NOTE response times are set exactly when a wait is answered (deriveFacts), so `t <= limit` and
   * `t < bound` count answered waits only, and a comparison with a NULL due time counts nothing.
   */
  async waits(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    business: boolean,
    now: number,
  ): Promise<WaitAggregate[]> {
    const t = sql.ref(business ? 'response_business_ms' : 'response_ms')
    const late = (limit: number) =>
      business
        ? sql`${sql.ref(limit === HOUR ? 'business_1h_at' : 'business_24h_at')} < ${now}`
        : sql`asked_at < ${now - limit}`
    const out: WaitAggregate[] = []
    await Promise.all(
      ['first', 'next'].map(async (kind) => {
        const r = await sql<Record<string, unknown>>`
          SELECT priority, COUNT(*) AS waits, COUNT(answered_at) AS answered,
            COUNT(CASE WHEN ${t} <= ${HOUR} THEN 1 END) AS within1h,
            COUNT(CASE WHEN answered_at IS NULL AND ${late(HOUR)} THEN 1 END) AS late1h,
            COUNT(CASE WHEN ${t} <= ${DAY} THEN 1 END) AS within24h,
            COUNT(CASE WHEN answered_at IS NULL AND ${late(DAY)} THEN 1 END) AS late24h,
            SUM(needs_reply) AS needs,
            SUM(CASE WHEN answered_at IS NOT NULL THEN needs_reply END) AS needs_answered,
            COUNT(CASE WHEN answered_at <= sla_due_at THEN 1 END) AS met,
            COUNT(CASE WHEN answered_at > sla_due_at OR (answered_at IS NULL AND sla_due_at <= ${now}) THEN 1 END) AS missed,
            ${belowCounts(t)}
          FROM care_waits WHERE ${this.waitsWhere(ws, f, from, to, kind)}
          GROUP BY priority`.execute(this.db)
        for (const x of r.rows)
          out.push({
            kind,
            priority: String(x.priority),
            waits: n(x.waits),
            answered: n(x.answered),
            within1h: n(x.within1h),
            late1h: n(x.late1h),
            within24h: n(x.within24h),
            late24h: n(x.late24h),
            needs: n(x.needs),
            needsAnswered: n(x.needs_answered),
            met: n(x.met),
            missed: n(x.missed),
            below: readBelow(x),
          })
      }),
    )
    return out
  }

  /**
   * The k-th smallest response time (1-based) of answered waits of `kind`, `below` being the
   * bucket counts of the same waits from `waits()` (care-ranks.ts: only k's bucket is sorted).
   */
  async kthResponse(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    kind: string,
    business: boolean,
    k: number,
    below: readonly number[],
  ): Promise<number | null> {
    const col = sql.ref(business ? 'response_business_ms' : 'response_ms')
    const b = bucketOfRank(below, k)
    const r = await sql<{ v: number }>`
      SELECT ${col} AS v FROM care_waits
      WHERE ${this.waitsWhere(ws, f, from, to, kind)} AND answered_at IS NOT NULL AND ${inBucket(col, b)}
      ORDER BY ${col} LIMIT 1 OFFSET ${k - b.before - 1}`.execute(this.db)
    return r.rows[0] ? Number(r.rows[0].v) : null
  }

  private resolvedWhere(ws: string, f: CareFilters, from: number, to: number): RawBuilder<boolean> {
    return sql<boolean>`workspace_id = ${ws} AND first_resolved_at >= ${from} AND first_resolved_at < ${to} AND ${filterSql(f)}`
  }

  /** Conversations first resolved in the period, how many reopened, and the resolution-time bucket counts. */
  async resolved(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    business: boolean,
  ): Promise<{ resolved: number; reopened: number; below: number[] }> {
    const col = sql.ref(business ? 'resolution_business_ms' : 'resolution_ms')
    const r = await sql<Record<string, unknown>>`
      SELECT COUNT(*) AS resolved, COUNT(CASE WHEN reopen_count > 0 THEN 1 END) AS reopened, ${belowCounts(col)}
      FROM care_facts WHERE ${this.resolvedWhere(ws, f, from, to)}`.execute(this.db)
    const x = r.rows[0]
    return { resolved: n(x?.resolved), reopened: n(x?.reopened), below: readBelow(x) }
  }

  /** The k-th smallest resolution time (1-based) of conversations first resolved in the period. */
  async kthResolution(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    business: boolean,
    k: number,
    below: readonly number[],
  ): Promise<number | null> {
    const col = sql.ref(business ? 'resolution_business_ms' : 'resolution_ms')
    const b = bucketOfRank(below, k)
    const r = await sql<{ v: number }>`
      SELECT ${col} AS v FROM care_facts WHERE ${this.resolvedWhere(ws, f, from, to)} AND ${inBucket(col, b)}
      ORDER BY ${col} LIMIT 1 OFFSET ${k - b.before - 1}`.execute(this.db)
    return r.rows[0] ? Number(r.rows[0].v) : null
  }

  private receivedWhere(ws: string, f: CareFilters, from: number, to: number): RawBuilder<boolean> {
    return sql<boolean>`workspace_id = ${ws} AND received_at >= ${from} AND received_at < ${to} AND ${filterSql(f)}`
  }

  /**
   * New conversations per quarter hour and sentiment. The quarter range repeats the period's (so the
   * index care_facts_received_quarter, in quarter and sentiment order, can be read without a sort).
   */
  async receivedByQuarter(ws: string, f: CareFilters, from: number, to: number): Promise<QuarterRow[]> {
    const q = sql`received_at / ${sql.lit(QUARTER)}`
    const r = await sql<Record<string, unknown>>`
      SELECT ${q} AS q, sentiment, COUNT(*) AS n
      FROM care_facts WHERE ${this.receivedWhere(ws, f, from, to)}
        AND ${q} >= ${Math.floor(from / QUARTER)} AND ${q} <= ${Math.floor((to - 1) / QUARTER)}
      GROUP BY ${q}, sentiment`.execute(this.db)
    return r.rows.map((x) => ({ q: n(x.q), sentiment: (x.sentiment as string | null) ?? null, n: n(x.n) }))
  }

  /** New conversations counted by one column, every group (ties and order are settled in TypeScript). */
  async receivedBy(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    column: 'intent' | 'channel_id',
  ): Promise<Array<[string | null, number]>> {
    const c = sql.ref(column)
    const r = await sql<Record<string, unknown>>`
      SELECT ${c} AS k, COUNT(*) AS n FROM care_facts WHERE ${this.receivedWhere(ws, f, from, to)}
      GROUP BY ${c}`.execute(this.db)
    return r.rows.map((x) => [(x.k as string | null) ?? null, n(x.n)])
  }

  /**
   * New conversations of the period per intent (null included) and per channel, for the values
   * listed, in one pass without GROUP BY. `complete` is false when some row has a value not listed
   * (the caller then asks `receivedBy` for every group).
   */
  async receivedPerValue(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    intents: readonly string[],
    channels: readonly string[],
  ): Promise<{
    total: number
    intent: Array<[string | null, number]>
    channel: Array<[string, number]>
    complete: { intent: boolean; channel: boolean }
  }> {
    const cols = [
      sql`COUNT(CASE WHEN intent IS NULL THEN 1 END) AS i_null`,
      ...intents.map((v, i) => sql`COUNT(CASE WHEN intent = ${v} THEN 1 END) AS ${sql.ref(`i_${i}`)}`),
      ...channels.map((v, i) => sql`COUNT(CASE WHEN channel_id = ${v} THEN 1 END) AS ${sql.ref(`c_${i}`)}`),
    ]
    const r = await sql<Record<string, unknown>>`
      SELECT COUNT(*) AS total, ${sql.join(cols)}
      FROM care_facts WHERE ${this.receivedWhere(ws, f, from, to)}`.execute(this.db)
    const x = r.rows[0] ?? {}
    const total = n(x.total)
    const intent: Array<[string | null, number]> = [
      [null, n(x.i_null)] as [string | null, number],
      ...intents.map((v, i): [string | null, number] => [v, n(x[`i_${i}`])]),
    ].filter(([, c]) => c > 0)
    const channel = channels.map((v, i): [string, number] => [v, n(x[`c_${i}`])]).filter(([, c]) => c > 0)
    const counted = (rows: Array<[unknown, number]>) => rows.reduce((a, [, c]) => a + c, 0)
    return {
      total,
      intent,
      channel,
      complete: { intent: counted(intent) === total, channel: counted(channel) === total },
    }
  }

  /**
   * The contacts who started the most conversations in the period: every contact whose count is at
   * least the `limit`-th largest count (so ties at the edge all come; the final order and cut are
   * settled in TypeScript). The per-contact counts are built once (MATERIALIZED: SQLite ≥ 3.35,
   * PostgreSQL ≥ 12) and read twice: for the `limit`-th largest (a top-N, not a full sort) and the cut.
   */
  async topContacts(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    limit: number,
  ): Promise<Array<[string, number]>> {
    const r = await sql<Record<string, unknown>>`
      WITH g AS MATERIALIZED (
        SELECT contact_id AS k, COUNT(*) AS n FROM care_facts WHERE ${this.receivedWhere(ws, f, from, to)}
        GROUP BY contact_id
      )
      SELECT k, n FROM g
      WHERE n >= COALESCE((SELECT n FROM g ORDER BY n DESC LIMIT 1 OFFSET ${limit - 1}), 1)`.execute(this.db)
    return r.rows.map((x) => [String(x.k), n(x.n)])
  }

  async receivedCount(ws: string, f: CareFilters, from: number | null, to: number): Promise<number> {
    const r = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM care_facts
      WHERE workspace_id = ${ws} AND received_at < ${to} ${from === null ? sql`` : sql`AND received_at >= ${from}`} AND ${filterSql(f)}`.execute(
      this.db,
    )
    return n(r.rows[0]?.n)
  }

  /**
   * Conversations received before `at` and not closed before it: those never closed plus those
   * closed at or after `at` (closing never precedes receipt, so this is received − closed before
   * `at`), counted over two short ranges of the closing index instead of everything before `at`.
   */
  async openAt(ws: string, f: CareFilters, at: number): Promise<number> {
    const r = await sql<{ a: number; b: number }>`
      SELECT
        (SELECT COUNT(*) FROM care_facts WHERE workspace_id = ${ws} AND closed_at IS NULL AND received_at < ${at} AND ${filterSql(f)}) AS a,
        (SELECT COUNT(*) FROM care_facts WHERE workspace_id = ${ws} AND closed_at >= ${at} AND received_at < ${at} AND ${filterSql(f)}) AS b`.execute(
      this.db,
    )
    return n(r.rows[0]?.a) + n(r.rows[0]?.b)
  }

  async closedByQuarter(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
  ): Promise<Array<{ q: number; n: number }>> {
    const r = await sql<Record<string, unknown>>`
      SELECT closed_at / ${sql.lit(QUARTER)} AS q, COUNT(*) AS n FROM care_facts
      WHERE workspace_id = ${ws} AND closed_at >= ${from} AND closed_at < ${to} AND ${filterSql(f)}
      GROUP BY closed_at / ${sql.lit(QUARTER)}`.execute(this.db)
    return r.rows.map((x) => ({ q: n(x.q), n: n(x.n) }))
  }
}

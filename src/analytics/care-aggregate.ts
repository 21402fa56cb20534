/**
 * The care report's queries: counts aggregated in SQL (integers, identical on both engines), and the
 * nearest-rank percentile as "the k-th smallest value" (`ORDER BY v LIMIT 1 OFFSET k-1`), with k
 * computed in TypeScript from the count (care-stats.ts `rankOf`). Rows by time are grouped per
 * quarter hour: zone offsets only change on quarter hours, so each group maps exactly onto one local
 * day, hour and weekday (mapped in TypeScript).
 */
import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../db/schema.js'
import { type CareFilters, filterSql } from './care-query.js'

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

  private waitsWhere(ws: string, f: CareFilters, from: number, to: number): RawBuilder<boolean> {
    return sql<boolean>`workspace_id = ${ws} AND asked_at >= ${from} AND asked_at < ${to} AND ${filterSql(f)}`
  }

  /**
   * Per kind: answered, within / late (1 h, 24 h), messages needing a reply; per priority: SLA met /
   * missed. One query per kind without GROUP BY (a GROUP BY sorts every row on SQLite); the result
   * has one row per kind with priority '*' and one per kind and priority carrying only met / missed.
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
    const prios = ['low', 'normal', 'high', 'urgent']
    const sla = prios.flatMap((p) => [
      sql`SUM(CASE WHEN priority = ${p} AND sla_due_at IS NOT NULL AND answered_at IS NOT NULL AND answered_at <= sla_due_at THEN 1 ELSE 0 END) AS ${sql.ref(`met_${p}`)}`,
      sql`SUM(CASE WHEN priority = ${p} AND sla_due_at IS NOT NULL AND ((answered_at IS NOT NULL AND answered_at > sla_due_at) OR (answered_at IS NULL AND sla_due_at <= ${now})) THEN 1 ELSE 0 END) AS ${sql.ref(`missed_${p}`)}`,
    ])
    const out: WaitAggregate[] = []
    await Promise.all(
      ['first', 'next'].map(async (kind) => {
        const r = await sql<Record<string, unknown>>`
          SELECT COUNT(*) AS waits, COUNT(answered_at) AS answered,
            SUM(CASE WHEN answered_at IS NOT NULL AND ${t} <= ${HOUR} THEN 1 ELSE 0 END) AS within1h,
            SUM(CASE WHEN answered_at IS NULL AND ${late(HOUR)} THEN 1 ELSE 0 END) AS late1h,
            SUM(CASE WHEN answered_at IS NOT NULL AND ${t} <= ${DAY} THEN 1 ELSE 0 END) AS within24h,
            SUM(CASE WHEN answered_at IS NULL AND ${late(DAY)} THEN 1 ELSE 0 END) AS late24h,
            SUM(needs_reply) AS needs,
            SUM(CASE WHEN answered_at IS NOT NULL THEN needs_reply ELSE 0 END) AS needs_answered,
            ${sql.join(sla)}
          FROM care_waits WHERE ${this.waitsWhere(ws, f, from, to)} AND kind = ${kind}`.execute(this.db)
        const x = r.rows[0] ?? {}
        const zero = {
          waits: 0,
          answered: 0,
          within1h: 0,
          late1h: 0,
          within24h: 0,
          late24h: 0,
          needs: 0,
          needsAnswered: 0,
          met: 0,
          missed: 0,
        }
        out.push({
          ...zero,
          kind,
          priority: '*',
          waits: n(x.waits),
          answered: n(x.answered),
          within1h: n(x.within1h),
          late1h: n(x.late1h),
          within24h: n(x.within24h),
          late24h: n(x.late24h),
          needs: n(x.needs),
          needsAnswered: n(x.needs_answered),
        })
        for (const p of prios)
          out.push({ ...zero, kind, priority: p, met: n(x[`met_${p}`]), missed: n(x[`missed_${p}`]) })
      }),
    )
    return out
  }

  /**
   * The `lo`-th and `hi`-th smallest response times (1-based, lo ≤ hi) of answered waits of `kind`,
   * from one sort: the rows from rank lo to rank hi, first and last.
   */
  async ranksResponse(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    kind: string,
    business: boolean,
    lo: number,
    hi: number,
  ): Promise<[number | null, number | null]> {
    const col = sql.ref(business ? 'response_business_ms' : 'response_ms')
    const r = await sql<{ v: number }>`
      SELECT ${col} AS v FROM care_waits
      WHERE ${this.waitsWhere(ws, f, from, to)} AND kind = ${kind} AND answered_at IS NOT NULL
      ORDER BY ${col} LIMIT ${hi - lo + 1} OFFSET ${lo - 1}`.execute(this.db)
    return firstAndLast(r.rows, hi - lo + 1)
  }

  private resolvedWhere(ws: string, f: CareFilters, from: number, to: number): RawBuilder<boolean> {
    return sql<boolean>`workspace_id = ${ws} AND first_resolved_at >= ${from} AND first_resolved_at < ${to} AND ${filterSql(f)}`
  }

  async resolved(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
  ): Promise<{ resolved: number; reopened: number }> {
    const r = await sql<Record<string, unknown>>`
      SELECT COUNT(*) AS resolved, SUM(CASE WHEN reopen_count > 0 THEN 1 ELSE 0 END) AS reopened
      FROM care_facts WHERE ${this.resolvedWhere(ws, f, from, to)}`.execute(this.db)
    return { resolved: n(r.rows[0]?.resolved), reopened: n(r.rows[0]?.reopened) }
  }

  async ranksResolution(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    business: boolean,
    lo: number,
    hi: number,
  ): Promise<[number | null, number | null]> {
    const col = sql.ref(business ? 'resolution_business_ms' : 'resolution_ms')
    const r = await sql<{ v: number }>`
      SELECT ${col} AS v FROM care_facts WHERE ${this.resolvedWhere(ws, f, from, to)}
      ORDER BY ${col} LIMIT ${hi - lo + 1} OFFSET ${lo - 1}`.execute(this.db)
    return firstAndLast(r.rows, hi - lo + 1)
  }

  private receivedWhere(ws: string, f: CareFilters, from: number, to: number): RawBuilder<boolean> {
    return sql<boolean>`workspace_id = ${ws} AND received_at >= ${from} AND received_at < ${to} AND ${filterSql(f)}`
  }

  /** New conversations per quarter hour and sentiment. */
  async receivedByQuarter(ws: string, f: CareFilters, from: number, to: number): Promise<QuarterRow[]> {
    const r = await sql<Record<string, unknown>>`
      SELECT received_at / ${sql.lit(QUARTER)} AS q, sentiment, COUNT(*) AS n
      FROM care_facts WHERE ${this.receivedWhere(ws, f, from, to)}
      GROUP BY received_at / ${sql.lit(QUARTER)}, sentiment`.execute(this.db)
    return r.rows.map((x) => ({ q: n(x.q), sentiment: (x.sentiment as string | null) ?? null, n: n(x.n) }))
  }

  /** New conversations counted by one column, every group (ties and order are settled in TypeScript). */
  async receivedBy(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    column: 'intent' | 'channel_id' | 'contact_id',
    atLeast = 1,
  ): Promise<Array<[string | null, number]>> {
    const c = sql.ref(column)
    const r = await sql<Record<string, unknown>>`
      SELECT ${c} AS k, COUNT(*) AS n FROM care_facts WHERE ${this.receivedWhere(ws, f, from, to)}
      GROUP BY ${c} HAVING COUNT(*) >= ${atLeast}`.execute(this.db)
    return r.rows.map((x) => [(x.k as string | null) ?? null, n(x.n)])
  }

  /** The `rank`-th largest group size of `column` (for "top 10" with ties settled in TypeScript). */
  async nthLargestGroup(
    ws: string,
    f: CareFilters,
    from: number,
    to: number,
    column: 'contact_id',
    rank: number,
  ): Promise<number> {
    const c = sql.ref(column)
    const r = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM care_facts WHERE ${this.receivedWhere(ws, f, from, to)}
      GROUP BY ${c} ORDER BY COUNT(*) DESC LIMIT 1 OFFSET ${rank - 1}`.execute(this.db)
    return r.rows[0] ? n(r.rows[0].n) : 1
  }

  async receivedCount(ws: string, f: CareFilters, from: number | null, to: number): Promise<number> {
    const r = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM care_facts
      WHERE workspace_id = ${ws} AND received_at < ${to} ${from === null ? sql`` : sql`AND received_at >= ${from}`} AND ${filterSql(f)}`.execute(
      this.db,
    )
    return n(r.rows[0]?.n)
  }

  async closedCount(ws: string, f: CareFilters, to: number): Promise<number> {
    const r = await sql<{ n: number }>`
      SELECT COUNT(*) AS n FROM care_facts WHERE workspace_id = ${ws} AND closed_at < ${to} AND ${filterSql(f)}`.execute(
      this.db,
    )
    return n(r.rows[0]?.n)
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

function firstAndLast(rows: Array<{ v: number }>, expected: number): [number | null, number | null] {
  const a = rows[0]
  const b = rows[expected - 1]
  return [a ? Number(a.v) : null, b ? Number(b.v) : null]
}

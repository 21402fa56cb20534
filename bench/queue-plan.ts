/**
 * EXPLAIN ANALYZE of the queue's claim on PostgreSQL, run inside a transaction that is rolled back,
 * so nothing stays claimed: for the schedule bench (under load) and `npm run bench -- queue-plan`.
 */
import { CompiledQuery, type Kysely, sql } from 'kysely'
import type { Database } from '../src/db/schema.js'
import { type ClaimWant, JobStatements } from '../src/jobs/queue-statements.js'

/** The claim before issue 24: one statement per job name, through the (state, run_at) index. */
export function legacyClaim(name: string, limit: number, now: number, lockedUntil: number) {
  return sql`
    UPDATE jobs SET state = 'running', locked_by = 'explain', locked_until = ${lockedUntil},
      attempts = attempts + 1, updated_at = ${now}
    WHERE id IN (
      SELECT id FROM jobs WHERE state = 'queued' AND name = ${name} AND run_at <= ${now}
      ORDER BY run_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ) AND state = 'queued'
    RETURNING *`
}

/** The claim of today for `wants` (queue-statements.ts). */
export function currentClaim(k: Kysely<Database>, wants: ClaimWant[], now: number, lockedUntil: number) {
  return new JobStatements(k, 'postgres', 'explain').claimStatement(wants, now, lockedUntil)
}

type Compilable = { compile(db: Kysely<Database>): CompiledQuery }

/**
 * The plan of `statements[0]`, executed for real on one connection and rolled back, and the mean
 * time of running all of `statements` one after the other (one loop turn) over `repeat` rolled-back runs.
 */
export async function explainRolledBack(
  k: Kysely<Database>,
  statements: Compilable[],
  repeat = 1,
): Promise<{ plan: string; meanMs: number }> {
  return k.connection().execute(async (c) => {
    const qs = statements.map((s) => s.compile(k))
    const first = qs[0]!
    await c.executeQuery(CompiledQuery.raw('BEGIN'))
    let plan: string
    try {
      const r = await c.executeQuery<{ 'QUERY PLAN': string }>(
        CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${first.sql}`, [...first.parameters]),
      )
      plan = r.rows.map((x) => x['QUERY PLAN']).join('\n')
    } finally {
      await c.executeQuery(CompiledQuery.raw('ROLLBACK'))
    }
    let total = 0
    for (let i = 0; i < repeat; i++) {
      await c.executeQuery(CompiledQuery.raw('BEGIN'))
      const t = performance.now()
      for (const q of qs) await c.executeQuery(CompiledQuery.raw(q.sql, [...q.parameters]))
      total += performance.now() - t
      await c.executeQuery(CompiledQuery.raw('ROLLBACK'))
    }
    return { plan, meanMs: total / repeat }
  })
}

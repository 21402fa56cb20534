/**
 * `npm run bench -- queue-plan [--finished=1000000] [--queued=10000]`: the claim on PostgreSQL before
 * and after issue 24, on a jobs table holding `finished` done/dead jobs and `queued` jobs falling due
 * over a minute, half of them due. Prints both plans (EXPLAIN ANALYZE, rolled back), then
 *   queue_claim_ms_before / queue_claim_ms_after — mean time of one loop turn's claims for four job
 *     names (32 publish jobs due): before one statement per name, after one statement for all of
 *     them that also reads the next due time; on one connection, each turn rolled back
 */
import { sql } from 'kysely'
import { migrateTo, migrateToLatest } from '../src/db/database.js'
import { startPostgres } from '../test/support/postgres.js'
import { currentClaim, explainRolledBack, legacyClaim } from './queue-plan.js'
import { arg, openBenchDatabase } from './support.js'

export default async function queuePlan(args: string[]): Promise<void> {
  const finished = arg(args, 'finished', 1_000_000)
  const queued = arg(args, 'queued', 10_000)
  const server = await startPostgres()
  const { db, cleanup } = await openBenchDatabase('postgres', server.url, 'queue_plan')
  try {
    const k = db.kysely
    await migrateTo(db, '0018-list-per-state')
    const now = Date.now()
    await sql`
      INSERT INTO jobs (id, name, payload, run_at, dedupe_key, state, attempts, max_attempts,
                        created_at, updated_at)
      SELECT 'f' || g, CASE WHEN g % 10 = 0 THEN 'webhook.deliver' ELSE 'publish.sandbox' END, '{}',
             ${now}::bigint - g * 200, 'f:' || g, CASE WHEN g % 100 = 0 THEN 'dead' ELSE 'done' END,
             1, 5, ${now}::bigint - g * 200, ${now}::bigint - g * 200 + 150
      FROM generate_series(1, ${finished}::int) AS g`.execute(k)
    await sql`
      INSERT INTO jobs (id, name, payload, run_at, dedupe_key, state, attempts, max_attempts,
                        created_at, updated_at)
      SELECT 'q' || g, 'publish.sandbox', '{}', ${now}::bigint + (g * 60000::bigint) / ${queued}::int,
             'q:' || g, 'queued', 0, 6, ${now}::bigint, ${now}::bigint
      FROM generate_series(1, ${queued}::int) AS g`.execute(k)
    await sql`ANALYZE jobs`.execute(k)
    const at = now + 30_000
    const wants = [
      { name: 'publish.sandbox', limit: 32 },
      { name: 'publish.bluesky', limit: 4 },
      { name: 'webhook.deliver', limit: 8 },
      { name: 'inbox.poll', limit: 4 },
    ]
    // @NOTE before, a loop turn was one claim per job name, each its own round trip.
    const legacy = wants.map((w) => legacyClaim(w.name, w.limit, at, at + 30_000))
    const before = await explainRolledBack(k, legacy, 50)
    console.log(`before (index jobs_due (state, run_at)):\n${before.plan}\n`)
    await migrateToLatest(db)
    await sql`ANALYZE jobs`.execute(k)
    const after = await explainRolledBack(k, [currentClaim(k, wants, at, at + 30_000)], 50)
    console.log(`after (partial index jobs_queued (name, run_at) WHERE state = 'queued'):\n${after.plan}\n`)
    console.log(`queue_claim_ms_before: ${before.meanMs.toFixed(2)}`)
    console.log(`queue_claim_ms_after: ${after.meanMs.toFixed(2)}`)
  } finally {
    await cleanup()
    server.stop()
  }
}

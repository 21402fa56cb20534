import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeNeedsPostgres, openTestDb, type TestDb } from '../../test/support/db.js'
import { systemClock } from '../core/clock.js'
import { type Db, openDatabase } from '../db/database.js'
import { EmbeddedJobQueue } from './queue.embedded.js'
import type { JobDefinition } from './queue.port.js'
import { JobStatements } from './queue-statements.js'
import { PgJobWakeups, parseJobNotification } from './queue-wakeups.pg.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
async function until(check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end && !(await check())) await sleep(20)
}

const def: JobDefinition<{ n: number }> = {
  name: 'wake.test',
  concurrency: 2,
  schema: { parse: (p) => ({ n: (p as { n: number }).n }) },
}

/** The poll interval of the sleeping worker: far longer than any wait below. */
const POLL_MS = 30_000
/** How long a woken worker is given to run the job: well under the poll interval. */
const BOUND_MS = 5_000

describeNeedsPostgres('job queue on PostgreSQL: NOTIFY wake-ups and the claim plan', {}, () => {
  let db: TestDb
  // @NOTE a second pool on the same database stands for another process (the API) that enqueues.
  let other: Db
  beforeAll(async () => {
    db = await openTestDb('postgres')
    other = openDatabase({ engine: 'postgres', url: db.url! })
  })
  afterAll(async () => {
    await other.close()
    await db.destroy()
  })

  async function sleepingWorker(ran: Array<{ n: number; at: number }>) {
    const wakeups = new PgJobWakeups({ url: db.url! })
    const worker = new EmbeddedJobQueue(db.kysely, systemClock, {
      engine: 'postgres',
      pollMs: POLL_MS,
      idlePollMs: POLL_MS,
      wakeups,
    })
    worker.work(def, async (p) => {
      ran.push({ n: p.n, at: Date.now() })
    })
    await worker.start()
    await until(() => wakeups.listening(), BOUND_MS)
    expect(wakeups.listening()).toBe(true)
    // The loop has looked once (nothing due) and sleeps its 30 s poll now.
    await sleep(300)
    return worker
  }

  it('a job enqueued elsewhere wakes a sleeping worker long before its poll interval', async () => {
    await db.kysely.deleteFrom('jobs').execute()
    const ran: Array<{ n: number; at: number }> = []
    const worker = await sleepingWorker(ran)
    try {
      const enqueuer = new EmbeddedJobQueue(other.kysely, systemClock, {
        engine: 'postgres',
        pollMs: POLL_MS,
      })
      const id = await enqueuer.enqueue(def, { n: 1 })
      await until(async () => (await enqueuer.get(def.name, id))?.state === 'done', BOUND_MS)
      expect(ran.map((r) => r.n)).toEqual([1])
      expect((await enqueuer.get(def.name, id))?.state).toBe('done')
    } finally {
      await worker.stop(1000)
    }
  })

  it('a job due in a moment wakes the worker at its time, not before', async () => {
    await db.kysely.deleteFrom('jobs').execute()
    const ran: Array<{ n: number; at: number }> = []
    const worker = await sleepingWorker(ran)
    try {
      const enqueuer = new EmbeddedJobQueue(other.kysely, systemClock, {
        engine: 'postgres',
        pollMs: POLL_MS,
      })
      const runAt = Date.now() + 1500
      await enqueuer.enqueue(def, { n: 2 }, { runAt })
      await until(() => ran.length > 0, 1500 + BOUND_MS)
      expect(ran.map((r) => r.n)).toEqual([2])
      expect(ran[0]!.at).toBeGreaterThanOrEqual(runAt)
    } finally {
      await worker.stop(1000)
    }
  })

  it('without LISTEN the same worker sleeps through it (the wake-up above came from NOTIFY)', async () => {
    await db.kysely.deleteFrom('jobs').execute()
    const ran: number[] = []
    const worker = new EmbeddedJobQueue(db.kysely, systemClock, { engine: 'postgres', pollMs: POLL_MS })
    worker.work(def, async (p) => {
      ran.push(p.n)
    })
    await worker.start()
    try {
      await sleep(300)
      const enqueuer = new EmbeddedJobQueue(other.kysely, systemClock, {
        engine: 'postgres',
        pollMs: POLL_MS,
      })
      const id = await enqueuer.enqueue(def, { n: 3 })
      await sleep(1500)
      expect(ran).toEqual([])
      expect((await enqueuer.get(def.name, id))?.state).toBe('queued')
    } finally {
      await worker.stop(1000)
    }
  })

  it('reads notification payloads as name and due time', () => {
    expect(parseJobNotification('publish.sandbox 1765152000000')).toEqual({
      name: 'publish.sandbox',
      runAt: 1765152000000,
    })
    expect(parseJobNotification('no-time')).toBeUndefined()
    expect(parseJobNotification(undefined)).toBeUndefined()
  })

  it('claims through the partial index of queued jobs, also beside 200,000 finished ones', async () => {
    await db.kysely.deleteFrom('jobs').execute()
    const now = Date.now()
    await sql`
      INSERT INTO jobs (id, name, payload, run_at, dedupe_key, state, attempts, max_attempts,
                        created_at, updated_at)
      SELECT 'f' || g, 'publish.sandbox', '{}', ${now}::bigint - g, 'k' || g,
             CASE WHEN g % 50 = 0 THEN 'dead' ELSE 'done' END, 1, 5, ${now}::bigint - g, ${now}::bigint - g
      FROM generate_series(1, 200000) AS g`.execute(db.kysely)
    await sql`
      INSERT INTO jobs (id, name, payload, run_at, state, attempts, max_attempts, created_at, updated_at)
      SELECT 'q' || g, 'publish.sandbox', '{}', ${now}::bigint + g * 10, 'queued', 0, 5, ${now}, ${now}
      FROM generate_series(1, 500) AS g`.execute(db.kysely)
    await sql`ANALYZE jobs`.execute(db.kysely)
    const stmt = new JobStatements(db.kysely, 'postgres', 'w-explain').claimStatement(
      [
        { name: 'publish.sandbox', limit: 32 },
        { name: 'webhook.deliver', limit: 8 },
      ],
      now + 2000,
      now + 32_000,
    )
    // @NOTE EXPLAIN without ANALYZE plans the statement without running it, so nothing is claimed.
    const plan = await sql<{ 'QUERY PLAN': unknown }>`EXPLAIN (FORMAT JSON) ${stmt}`.execute(db.kysely)
    const indexes = new Set<string>()
    const scans = new Set<string>()
    const walk = (node: Record<string, unknown>) => {
      if (typeof node['Index Name'] === 'string') indexes.add(node['Index Name'])
      if (typeof node['Node Type'] === 'string' && node['Relation Name'] === 'jobs')
        scans.add(node['Node Type'])
      for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(child)
    }
    const root = plan.rows[0]!['QUERY PLAN'] as Array<{ Plan: Record<string, unknown> }>
    walk(root[0]!.Plan)
    expect(indexes.has('jobs_queued')).toBe(true)
    expect(scans.has('Seq Scan')).toBe(false)
    const left = await db.kysely
      .selectFrom('jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'running')
      .executeTakeFirstOrThrow()
    expect(Number(left.n)).toBe(0)
  })
})

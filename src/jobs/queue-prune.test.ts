import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachEngine, indexDefinition, openTestDb, type TestDb } from '../../test/support/db.js'
import { ManualClock } from '../core/clock.js'
import type { Engine } from '../db/database.js'
import { EmbeddedJobQueue } from './queue.embedded.js'

const DAY = 24 * 3600_000

describeEachEngine('job queue: pruning finished jobs', (engine: Engine) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(engine)
  })
  afterAll(async () => db.destroy())

  const row = (id: string, state: string, updatedAt: number) => ({
    id,
    name: 'prune.test',
    payload: '{}',
    run_at: updatedAt - 1000,
    dedupe_key: null,
    state,
    attempts: 1,
    max_attempts: 5,
    last_error: null,
    locked_by: state === 'running' ? 'w1' : null,
    locked_until: state === 'running' ? updatedAt + 30_000 : null,
    created_at: updatedAt - 1000,
    updated_at: updatedAt,
  })

  it('removes done, dead and cancelled jobs older than the retention and keeps the rest', async () => {
    const clock = new ManualClock()
    const now = clock.now()
    await db.kysely.deleteFrom('jobs').execute()
    await db.kysely
      .insertInto('jobs')
      .values([
        row('old-done', 'done', now - 8 * DAY),
        row('old-dead', 'dead', now - 30 * DAY),
        row('old-cancelled', 'cancelled', now - 7 * DAY - 1),
        row('recent-done', 'done', now - 6 * DAY),
        row('recent-dead', 'dead', now - 1000),
        // Queued and running jobs stay however old they are.
        row('old-queued', 'queued', now - 90 * DAY),
        row('old-running', 'running', now - 90 * DAY),
      ])
      .execute()
    const queue = new EmbeddedJobQueue(db.kysely, clock, { engine, retentionMs: 7 * DAY })
    expect(await queue.prune()).toBe(3)
    const left = await db.kysely.selectFrom('jobs').select('id').orderBy('id').execute()
    expect(left.map((r) => r.id)).toEqual(['old-queued', 'old-running', 'recent-dead', 'recent-done'])
    // A second prune finds nothing more.
    expect(await queue.prune()).toBe(0)
  })

  it('prunes in batches until every old finished job is gone', async () => {
    const clock = new ManualClock()
    const now = clock.now()
    await db.kysely.deleteFrom('jobs').execute()
    const rows = Array.from({ length: 12_000 }, (_, i) => row(`done-${i}`, 'done', now - 10 * DAY + i))
    for (let i = 0; i < rows.length; i += 1000)
      await db.kysely
        .insertInto('jobs')
        .values(rows.slice(i, i + 1000))
        .execute()
    await db.kysely
      .insertInto('jobs')
      .values(row('kept', 'done', now))
      .execute()
    const queue = new EmbeddedJobQueue(db.kysely, clock, { engine, retentionMs: DAY })
    expect(await queue.prune()).toBe(12_000)
    const left = await db.kysely.selectFrom('jobs').select('id').execute()
    expect(left.map((r) => r.id)).toEqual(['kept'])
  })

  it('keeps each job state in its own partial index (migration 0019)', async () => {
    expect(await indexDefinition(db, 'jobs_due')).toBeUndefined()
    const queued = (await indexDefinition(db, 'jobs_queued'))!.replace(/["'()]/g, '')
    expect(queued).toMatch(/name, run_at/)
    expect(queued).toMatch(/WHERE state = queued/i)
    expect(await indexDefinition(db, 'jobs_running')).toMatch(/locked_until/)
    expect(await indexDefinition(db, 'jobs_finished')).toMatch(/updated_at/)
  })
})

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ManualClock } from '../../src/core/clock.js'
import { runEverySlot, slotJob } from '../../src/jobs/periodic.js'
import { EmbeddedJobQueue } from '../../src/jobs/queue.embedded.js'
import { openTestDb, type TestDb } from '../support/db.js'

const EVERY = 60_000

describe('periodic jobs (one job a slot, each run enqueueing the next)', () => {
  let db: TestDb
  let clock: ManualClock
  let queue: EmbeddedJobQueue
  beforeAll(async () => {
    db = await openTestDb('sqlite')
  })
  afterAll(async () => db.destroy())
  beforeEach(async () => {
    await db.kysely.deleteFrom('jobs').execute()
    clock = new ManualClock(10 * EVERY + 5_000)
    queue = new EmbeddedJobQueue(db.kysely, clock, { engine: 'sqlite', pollMs: 3_600_000 })
  })
  afterEach(async () => queue.stop(1000))

  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      await queue.tick()
      await queue.idle()
    }
  }
  const jobs = (name: string) =>
    db.kysely
      .selectFrom('jobs')
      .select(['payload', 'run_at', 'dedupe_key', 'state', 'max_attempts'])
      .where('name', '=', name)
      .orderBy('run_at')
      .execute()
  // The chain starts with a fire-and-forget enqueue: wait for its row.
  const started = async (name: string) => {
    for (let i = 0; i < 50 && (await jobs(name)).length === 0; i++)
      await new Promise((r) => setTimeout(r, 10))
  }

  it('starts at the current slot, runs once a slot and chains the next', async () => {
    const def = slotJob('test.tick')
    let runs = 0
    runEverySlot(queue, def, EVERY, clock, async () => {
      runs++
    })
    await started(def.name)
    await queue.start()
    await settle()
    expect(runs).toBe(1)
    expect(await jobs(def.name)).toEqual([
      { payload: '{"slot":10}', run_at: 10 * EVERY, dedupe_key: '10', state: 'done', max_attempts: 5 },
      { payload: '{"slot":11}', run_at: 11 * EVERY, dedupe_key: '11', state: 'queued', max_attempts: 5 },
    ])
    await settle()
    expect(runs).toBe(1) // slot 11 is not due yet
    clock.set(11 * EVERY)
    await settle()
    expect(runs).toBe(2)
    expect((await jobs(def.name)).map((j) => [j.dedupe_key, j.state])).toEqual([
      ['10', 'done'],
      ['11', 'done'],
      ['12', 'queued'],
    ])
  })

  it('enqueues the next slot even when a run fails, with the attempts it was given', async () => {
    const def = slotJob('test.failing')
    runEverySlot(
      queue,
      def,
      EVERY,
      clock,
      async () => {
        throw new Error('collector down')
      },
      { maxAttempts: 1 },
    )
    await started(def.name)
    await queue.start()
    await settle()
    const rows = await jobs(def.name)
    expect(rows.map((j) => [j.dedupe_key, j.state, j.max_attempts])).toEqual([
      ['10', 'dead', 1],
      ['11', 'queued', 1],
    ])
  })

  it('starting the chain in two processes enqueues one job for the slot', async () => {
    const def = slotJob('test.twice')
    const other = new EmbeddedJobQueue(db.kysely, clock, { engine: 'sqlite', pollMs: 3_600_000 })
    runEverySlot(queue, def, EVERY, clock, async () => {})
    runEverySlot(other, def, EVERY, clock, async () => {})
    await started(def.name)
    await new Promise((r) => setTimeout(r, 50))
    expect((await jobs(def.name)).map((j) => j.dedupe_key)).toEqual(['10'])
  })

  it('rejects a payload whose slot is not a whole number', () => {
    const def = slotJob('test.schema')
    expect(def.schema.parse({ slot: 3 })).toEqual({ slot: 3 })
    expect(() => def.schema.parse({ slot: 1.5 })).toThrow('slot must be a whole number')
    expect(() => def.schema.parse(null)).toThrow('slot must be a whole number')
  })
})

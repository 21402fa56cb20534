import { afterAll, beforeAll } from 'vitest'
import { describeEachEngine, openTestDb, type TestDb } from '../../test/support/db.js'
import { ManualClock } from '../core/clock.js'
import type { Engine } from '../db/database.js'
import { jobQueueContract } from './queue.contract.js'
import { EmbeddedJobQueue } from './queue.embedded.js'

describeEachEngine('EmbeddedJobQueue contract', (engine: Engine) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(engine)
  })
  afterAll(async () => db.destroy())

  const fixture = (clock: ManualClock) => {
    const queue = new EmbeddedJobQueue(db.kysely, clock, { engine, pollMs: 3_600_000 })
    return {
      queue,
      clock,
      async settle() {
        for (let i = 0; i < 3; i++) {
          await queue.tick()
          await queue.idle()
        }
      },
      peer: () => fixture(clock),
    }
  }

  jobQueueContract(async () => {
    await db.kysely.deleteFrom('jobs').execute()
    const f = fixture(new ManualClock())
    return { ...f, dispose: () => f.queue.stop(1000) }
  })
})

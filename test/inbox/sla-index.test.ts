import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { dueClocks } from '../../src/inbox/sla-monitor.js'
import { describeEachEngine, indexDefinition, openTestDb, type TestDb } from '../support/db.js'

// Migration 0015: the SLA monitor's index holds only conversations with a running clock.
describeEachEngine('SLA monitor index', (engine: Engine) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(engine)
  })
  afterAll(async () => db.destroy())

  it('is partial: conversations without a due time have no entry', async () => {
    const def = await indexDefinition(db, 'inbox_conversations_sla')
    expect(def).toMatch(/"?sla_due_at"?\)? is not null/i)
    expect(def).toMatch(/where/i)
  })

  // @NOTE SQLite's plan is fixed by the schema; PostgreSQL's depends on table statistics.
  if (engine === 'sqlite')
    it('is what the monitor reads its due clocks from', async () => {
      const q = dueClocks(db.kysely, Date.now()).compile()
      const plan = db
        .sqlite!.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
        .all(...(q.parameters as unknown[])) as Array<{
        detail: string
      }>
      expect(plan.map((p) => p.detail).join('\n')).toContain('USING INDEX inbox_conversations_sla')
    })
})

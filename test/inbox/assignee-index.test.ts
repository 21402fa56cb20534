import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { describeEachEngine, indexDefinition, openTestDb, type TestDb } from '../support/db.js'
import { insertWorkspace } from '../support/rows.js'

// Migration 0017: the assignee index holds assigned conversations only.
describeEachEngine('assignee index', (engine: Engine) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(engine)
  })
  afterAll(async () => db.destroy())

  it('is partial: unassigned conversations have no entry', async () => {
    const def = await indexDefinition(db, 'inbox_conversations_assignee')
    expect(def).toMatch(/"?assignee_member_id"?\)? is not null/i)
    expect(def).toMatch(/where/i)
  })

  it('still finds a member’s open conversations, and the unassigned ones through other indexes', async () => {
    const now = Date.UTC(2026, 10, 26, 12)
    await insertWorkspace(db.kysely, { id: 'ws', name: 'Acme', presenceId: 'p' }, now)
    const conv = (id: string, assignee: string | null, state: string) =>
      sql`INSERT INTO inbox_conversations (id, workspace_id, channel_id, presence_id, contact_id, thread_key, kind,
        state, priority, assignee_member_id, labels, preview, last_message_at, message_count, version, created_at, updated_at)
        VALUES (${id}, 'ws', 'ch', 'p', 'ct', ${`t:${id}`}, 'mention', ${state}, 'normal', ${assignee}, '[]', '', ${now}, 1, 0, ${now}, ${now})`.execute(
        db.kysely,
      )
    await conv('c1', 'm-1', 'open')
    await conv('c2', 'm-1', 'resolved')
    await conv('c3', null, 'open')
    await conv('c4', 'm-2', 'pending')
    const counts = await db.kysely
      .selectFrom('inbox_conversations')
      .select(['assignee_member_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('workspace_id', '=', 'ws')
      .where('assignee_member_id', 'in', ['m-1', 'm-2'])
      .where('state', 'in', ['open', 'pending'])
      .groupBy('assignee_member_id')
      .orderBy('assignee_member_id')
      .execute()
    expect(counts.map((c) => [c.assignee_member_id, Number(c.n)])).toEqual([
      ['m-1', 1],
      ['m-2', 1],
    ])
    const unassigned = await db.kysely
      .selectFrom('inbox_conversations')
      .select('id')
      .where('workspace_id', '=', 'ws')
      .where('assignee_member_id', 'is', null)
      .execute()
    expect(unassigned.map((r) => r.id)).toEqual(['c3'])
    if (engine === 'sqlite') {
      const q = `SELECT assignee_member_id, count(*) FROM inbox_conversations WHERE workspace_id = ?
        AND assignee_member_id IN (?, ?) AND state IN ('open', 'pending') GROUP BY assignee_member_id`
      const plan = db.sqlite!.prepare(`EXPLAIN QUERY PLAN ${q}`).all('ws', 'm-1', 'm-2') as Array<{
        detail: string
      }>
      expect(plan.map((p) => p.detail).join('\n')).toContain('INDEX inbox_conversations_assignee')
    }
  })
})

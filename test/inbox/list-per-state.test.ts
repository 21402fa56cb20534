import { Kysely, SqliteDialect, sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { systemClock } from '../../src/core/clock.js'
import type { Engine } from '../../src/db/database.js'
import type { Database } from '../../src/db/schema.js'
import type { ConversationFilters } from '../../src/inbox/inbox.types.js'
import { InboxView } from '../../src/inbox/inbox.view.js'
import { SlaService } from '../../src/inbox/sla.service.js'
import { describeEachEngine, indexDefinition, openTestDb, type TestDb } from '../support/db.js'
import { insertWorkspace } from '../support/rows.js'

// Migration 0018: lists of several states merge one ordered page per state (docs/adr/0023).
describeEachEngine('inbox list across states', (engine: Engine) => {
  let db: TestDb
  let view: InboxView
  const now = Date.UTC(2026, 10, 26, 12)
  const STATES = ['open', 'pending', 'snoozed', 'resolved', 'spam'] as const
  // 45 conversations, states taking turns, newest first by last activity; every fifth pair shares a time.
  const convs = Array.from({ length: 45 }, (_, i) => ({
    id: `c${String(i).padStart(2, '0')}`,
    state: STATES[(i * 7) % 5]!,
    at: now - Math.floor(i / 2) * (i % 10 < 2 ? 0 : 1000) - i * 10,
    assignee: i % 3 === 0 ? 'm-1' : null,
  }))
  const expected = (keep: (c: (typeof convs)[number]) => boolean) =>
    convs
      .filter(keep)
      .sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
      .map((c) => c.id)

  beforeAll(async () => {
    db = await openTestDb(engine)
    view = new InboxView(db.kysely, systemClock, new SlaService(db.kysely, systemClock), engine)
    await insertWorkspace(db.kysely, { id: 'ws', name: 'Acme', presenceId: 'p' }, now)
    await sql`INSERT INTO inbox_contacts (id, workspace_id, display_name, handle, notes, blocked, muted,
      message_count, first_seen_at, last_seen_at, seen_hour, network, remote_id, created_at, updated_at)
      VALUES ('ct', 'ws', 'Sam', 'sam.example', '', 0, 0, 1, ${now}, ${now}, 0, 'sandbox', 'sam', ${now}, ${now})`.execute(
      db.kysely,
    )
    for (const c of convs)
      await sql`INSERT INTO inbox_conversations (id, workspace_id, channel_id, presence_id, contact_id, thread_key, kind,
        state, priority, assignee_member_id, labels, preview, last_message_at, message_count, version, created_at, updated_at)
        VALUES (${c.id}, 'ws', 'ch', 'p', 'ct', ${`t:${c.id}`}, 'public', ${c.state}, 'normal', ${c.assignee}, '[]',
        ${`about ${c.id}`}, ${c.at}, 1, 0, ${now}, ${now})`.execute(db.kysely)
  })
  afterAll(async () => db.destroy())

  /** Every page of the list with `limit` rows a page, in order. */
  async function walk(f: ConversationFilters, limit: number): Promise<string[]> {
    const ids: string[] = []
    let cursor: string | undefined
    do {
      const page = await view.list('ws', 'nobody', f, { limit, ...(cursor ? { cursor } : {}) })
      ids.push(...page.items.map((c) => c.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return ids
  }

  it('drops the cross-state index and keeps the per-state one', async () => {
    expect(await indexDefinition(db, 'inbox_conversations_recent')).toBeUndefined()
    expect(await indexDefinition(db, 'inbox_conversations_list')).toMatch(/state.*last_message_at/)
  })

  it('lists every state but spam, newest first, across pages, with ties broken by id', async () => {
    const all = expected((c) => c.state !== 'spam')
    expect(all).toHaveLength(36)
    expect(await walk({}, 7)).toEqual(all)
    const first = await view.list('ws', 'nobody', {}, { limit: 5 })
    expect(first.items.map((c) => [c.id, c.state, c.contact.handle])).toEqual(
      all.slice(0, 5).map((id) => [id, convs.find((c) => c.id === id)!.state, 'sam.example']),
    )
  })

  it('merges the states asked for, with the other filters applied in each', async () => {
    expect(await walk({ states: ['pending', 'open'] }, 4)).toEqual(
      expected((c) => c.state === 'open' || c.state === 'pending'),
    )
    expect(await walk({ states: ['spam', 'resolved', 'spam'] }, 3)).toEqual(
      expected((c) => c.state === 'spam' || c.state === 'resolved'),
    )
    expect(await walk({ states: ['open', 'snoozed'], assignee: 'none' }, 2)).toEqual(
      expected((c) => (c.state === 'open' || c.state === 'snoozed') && c.assignee === null),
    )
    expect(await walk({ states: ['resolved'] }, 50)).toEqual(expected((c) => c.state === 'resolved'))
  })

  if (engine === 'sqlite')
    it('reads each state in order from the list index, with no sort of a whole state (SQLite plan)', async () => {
      const seen: Array<{ sql: string; parameters: readonly unknown[] }> = []
      const logged = new Kysely<Database>({
        dialect: new SqliteDialect({ database: db.sqlite! }),
        log: (e) => {
          if (e.level === 'query') seen.push(e.query)
        },
      })
      const v = new InboxView(logged, systemClock, new SlaService(logged, systemClock), engine)
      await v.list('ws', 'nobody', { states: ['open', 'pending'] }, { limit: 10 })
      const q = seen.find((s) => /union all/i.test(s.sql))!
      expect(q).toBeDefined()
      const plan = db
        .sqlite!.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
        .all(...(q.parameters as unknown[])) as Array<{ detail: string }>
      const details = plan.map((p) => p.detail)
      expect(details[0]).toBe('MERGE (UNION ALL)')
      // Each state's page is a co-routine: an ordered read of the list index, stopped at the limit.
      // Only what a co-routine returns (at most 11 rows) is sorted again, for the merge.
      for (const s of ['s0', 's1']) {
        const inner = details.slice(details.indexOf(`CO-ROUTINE ${s}`) + 1, details.indexOf(`SCAN ${s}`))
        expect(inner[0]).toBe('SEARCH v USING INDEX inbox_conversations_list (workspace_id=? AND state=?)')
        expect(inner.filter((d) => d.includes('TEMP B-TREE'))).toEqual([])
      }
    })
})

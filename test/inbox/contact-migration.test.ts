/**
 * Migration 0016 moves each network account onto a contact row (docs/adr/0022): a contact takes its
 * oldest account, and every other account becomes a contact merged into it. Nothing is lost.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { migrateTo, migrateToLatest } from '../../src/db/database.js'
import { describeEachEngine, openTestDb, type TestDb } from '../support/db.js'
import { insertWorkspace } from '../support/rows.js'

const T = Date.UTC(2026, 10, 20, 9, 30)
const HOUR = 3_600_000

describeEachEngine('migration 0016: one contact row per network account', (engine) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openTestDb(engine, { migrate: false })
    await migrateTo(db, '0015-sla-index')
    await insertWorkspace(db.kysely, { id: 'ws', name: 'Acme', presenceId: 'p' }, T)
    const contact = (id: string, name: string, mergedInto: string | null, count: number) =>
      sql`INSERT INTO inbox_contacts (id, workspace_id, display_name, handle, avatar_url, follower_count,
        notes, blocked, muted, merged_into, message_count, first_seen_at, last_seen_at, created_at, updated_at)
        VALUES (${id}, 'ws', ${name}, ${`${id}.example`}, NULL, 10, 'vip', 0, 0, ${mergedInto}, ${count},
        ${T - 5 * HOUR}, ${T}, ${T - 5 * HOUR}, ${T})`.execute(db.kysely)
    const account = (id: string, contactId: string, network: string, remote: string, at: number) =>
      sql`INSERT INTO inbox_contact_accounts (id, workspace_id, contact_id, network, remote_id, handle,
        display_name, avatar_url, follower_count, created_at, updated_at)
        VALUES (${id}, 'ws', ${contactId}, ${network}, ${remote}, ${`${remote}.${network}`},
        ${`Name of ${remote}`}, ${`https://cdn.example/${remote}.png`}, ${at % 1000}, ${at}, ${at})`.execute(
        db.kysely,
      )
    // Lee: a Bluesky account (oldest) and, after a merge, a Mastodon one. Sam was merged into Lee.
    await contact('c-lee', 'Lee (agent named)', null, 7)
    await contact('c-sam', 'Sam', 'c-lee', 0)
    await account('a-lee-bsky', 'c-lee', 'bluesky', 'did:lee', T - 4 * HOUR)
    await account('a-sam-masto', 'c-lee', 'mastodon', '1099', T - 2 * HOUR)
    // Kim: one account.
    await contact('c-kim', 'Kim', null, 2)
    await account('a-kim', 'c-kim', 'sandbox', 'person-3', T - 3 * HOUR)
    await migrateToLatest(db)
  })
  afterAll(async () => {
    await db?.destroy()
  })

  const rows = () =>
    db.kysely
      .selectFrom('inbox_contacts')
      .select([
        'id',
        'display_name',
        'handle',
        'network',
        'remote_id',
        'remote_name',
        'merged_into',
        'message_count',
        'notes',
        'seen_hour',
        'follower_count',
      ])
      .orderBy('id')
      .execute()

  it('gives each contact its oldest account and keeps what agents wrote', async () => {
    const byId = new Map((await rows()).map((r) => [r.id, r]))
    expect(byId.get('c-lee')).toMatchObject({
      display_name: 'Lee (agent named)',
      handle: 'did:lee.bluesky',
      network: 'bluesky',
      remote_id: 'did:lee',
      remote_name: 'Name of did:lee',
      merged_into: null,
      notes: 'vip',
      seen_hour: Math.floor(T / HOUR),
      follower_count: (T - 4 * HOUR) % 1000,
    })
    expect(Number(byId.get('c-lee')!.message_count)).toBe(7)
    expect(byId.get('c-kim')).toMatchObject({ network: 'sandbox', remote_id: 'person-3', merged_into: null })
  })

  it("turns a contact's other accounts into contacts merged into it", async () => {
    const byId = new Map((await rows()).map((r) => [r.id, r]))
    expect(byId.get('a-sam-masto')).toMatchObject({
      network: 'mastodon',
      remote_id: '1099',
      remote_name: 'Name of 1099',
      display_name: 'Name of 1099',
      handle: '1099.mastodon',
      merged_into: 'c-lee',
      notes: '',
    })
    expect(Number(byId.get('a-sam-masto')!.message_count)).toBe(0)
    // The old pointer row stays a pointer, with no account of its own.
    expect(byId.get('c-sam')).toMatchObject({ merged_into: 'c-lee', remote_id: null })
    expect(byId.size).toBe(4)
  })

  it('drops the accounts table and finds a contact by its account', async () => {
    const tables = await db.kysely.introspection.getTables()
    expect(tables.map((t) => t.name)).not.toContain('inbox_contact_accounts')
    const found = await db.kysely
      .selectFrom('inbox_contacts')
      .select('id')
      .where('workspace_id', '=', 'ws')
      .where('network', '=', 'mastodon')
      .where('remote_id', '=', '1099')
      .executeTakeFirstOrThrow()
    expect(found.id).toBe('a-sam-masto')
    await expect(
      sql`INSERT INTO inbox_contacts (id, workspace_id, display_name, handle, notes, blocked, muted,
        message_count, first_seen_at, last_seen_at, seen_hour, created_at, updated_at, network, remote_id)
        VALUES ('dup', 'ws', 'x', 'x', '', 0, 0, 0, 0, 0, 0, 0, 0, 'mastodon', '1099')`.execute(db.kysely),
    ).rejects.toThrow(/unique|duplicate/i)
  })
})

import { type Kysely, SqliteAdapter, sql } from 'kysely'

/**
 * One contact row per network account (issue 5, docs/adr/0022-contact-per-account.md).
 *
 * Until now a person was two rows: `inbox_contacts` (the person) and `inbox_contact_accounts` (the
 * account on a network, found by remote id). Every new author cost ingest two rows and five index
 * entries, and every lookup a join. Now the contact row carries its account (`network`,
 * `remote_id`, `remote_name`), and a merge makes the merged contact point at the one it joined
 * (`merged_into`, which already existed): a group is the contact plus the contacts merged into it.
 *
 * Also: the contact list's order no longer comes from `last_seen_at` (which moved in an index on
 * every message from a returning contact) but from `seen_hour`, which moves at most once an hour.
 *
 * Data moves, none is lost: each contact takes its oldest account; every other account becomes a
 * contact of its own, merged into the contact it belonged to. Then the accounts table goes.
 */
const HOUR_MS = 3_600_000

function isSqlite(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('inbox_contacts').addColumn('network', 'text').execute()
  await db.schema.alterTable('inbox_contacts').addColumn('remote_id', 'text').execute()
  await db.schema.alterTable('inbox_contacts').addColumn('remote_name', 'text').execute()
  await db.schema
    .alterTable('inbox_contacts')
    .addColumn('seen_hour', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()

  // The oldest account of each contact becomes the contact's own.
  const first = (col: string) =>
    sql`(SELECT ${sql.ref(`a.${col}`)} FROM inbox_contact_accounts a WHERE a.contact_id = inbox_contacts.id
      ORDER BY a.created_at, a.id LIMIT 1)`
  await sql`UPDATE inbox_contacts SET
      network = ${first('network')},
      remote_id = ${first('remote_id')},
      remote_name = ${first('display_name')},
      handle = COALESCE(${first('handle')}, handle),
      avatar_url = COALESCE(${first('avatar_url')}, avatar_url),
      follower_count = COALESCE(${first('follower_count')}, follower_count),
      seen_hour = last_seen_at / ${sql.lit(HOUR_MS)}`.execute(db)
  // Every other account becomes a contact merged into the one it belonged to.
  await sql`INSERT INTO inbox_contacts (id, workspace_id, display_name, handle, avatar_url, follower_count,
      notes, blocked, muted, merged_into, message_count, first_seen_at, last_seen_at, seen_hour,
      created_at, updated_at, network, remote_id, remote_name)
    SELECT a.id, a.workspace_id, COALESCE(a.display_name, a.handle), a.handle, a.avatar_url, a.follower_count,
      '', 0, 0, a.contact_id, 0, a.created_at, a.created_at, a.created_at / ${sql.lit(HOUR_MS)},
      a.created_at, a.updated_at, a.network, a.remote_id, a.display_name
    FROM inbox_contact_accounts a
    WHERE a.id <> (SELECT a2.id FROM inbox_contact_accounts a2 WHERE a2.contact_id = a.contact_id
      ORDER BY a2.created_at, a2.id LIMIT 1)`.execute(db)

  await db.schema
    .createIndex('inbox_contacts_remote')
    .on('inbox_contacts')
    .columns(['workspace_id', 'network', 'remote_id'])
    .unique()
    .execute()
  // @NOTE a group's accounts: the contact and those merged into it (few rows have a pointer).
  await db.schema
    .createIndex('inbox_contacts_merged')
    .on('inbox_contacts')
    .column('merged_into')
    .where('merged_into', 'is not', null)
    .execute()
  await db.schema.dropIndex('inbox_contacts_ws').execute()
  await db.schema
    .createIndex('inbox_contacts_recent')
    .on('inbox_contacts')
    .columns(['workspace_id', 'seen_hour'])
    .execute()
  await db.schema.dropTable('inbox_contact_accounts').execute()
  // @NOTE PostgreSQL: a returning contact's counters change no indexed column, so the update can
  // stay on its page (a HOT update, no index entries) when the page has room; leave room.
  if (!isSqlite(db)) await sql`ALTER TABLE inbox_contacts SET (fillfactor = 85)`.execute(db)
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

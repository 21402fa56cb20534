import type { Kysely } from 'kysely'

/**
 * The inbox list no longer has an index of its own for cross-state order (issue 5,
 * docs/adr/0023-list-per-state.md). `inbox_conversations_recent` (workspace, last activity) served
 * lists of several states, and "everything but spam"; each ingested conversation wrote an entry to
 * it. Those lists now merge one ordered page per state, each read from `inbox_conversations_list`
 * (workspace, state, last activity, id), the index single-state lists already use.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inbox_conversations_recent').execute()
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

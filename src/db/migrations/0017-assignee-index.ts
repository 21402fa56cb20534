import type { Kysely } from 'kysely'

/**
 * The assignee index holds assigned conversations only (issue 5). It serves "assigned to X" (the
 * "mine" view, a member's filter, the round robin's open counts per member), which never asks for
 * NULL; "unassigned" is served by the list and backlog indexes. New conversations arrive unassigned,
 * so ingest no longer writes an entry for each one; assigning adds it. Partial indexes: SQLite 3.8+
 * and PostgreSQL both use them for `assignee_member_id = ?` and `IN (…)`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inbox_conversations_assignee').execute()
  await db.schema
    .createIndex('inbox_conversations_assignee')
    .on('inbox_conversations')
    .columns(['workspace_id', 'assignee_member_id', 'state'])
    .where('assignee_member_id', 'is not', null)
    .execute()
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

import type { Kysely } from 'kysely'

/**
 * Triage learning (issue 5): agents' corrections of a message's sentiment, intent or spam reading,
 * and each workspace's learner trained on them (its state as JSON, `version` bumped on every save so
 * other processes know to reload it).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('triage_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('message_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text')
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('from_value', 'text')
    .addColumn('to_value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('triage_corrections_ws')
    .on('triage_corrections')
    .columns(['workspace_id', 'created_at'])
    .execute()
  await db.schema
    .createTable('triage_learners')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('examples', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

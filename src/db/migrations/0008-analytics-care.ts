import type { Kysely } from 'kysely'

/**
 * Care analytics (issue 6): per-conversation facts and per-wait response facts derived from the
 * inbox (src/analytics/care-facts.ts), with indexes for the report's period scans, plus the index
 * that lets facts be refreshed from the conversations changed since the last refresh.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('care_facts')
    .addColumn('conversation_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('presence_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('assignee_member_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('intent', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('first_resolved_at', 'bigint')
    .addColumn('resolution_ms', 'bigint')
    .addColumn('resolution_business_ms', 'bigint')
    .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('closed_at', 'bigint')
    .addColumn('refreshed_at', 'bigint', (c) => c.notNull())
    .execute()
  // @NOTE the report reads three period ranges: received, first resolved, and (for the backlog) closed.
  await db.schema
    .createIndex('care_facts_received')
    .on('care_facts')
    .columns(['workspace_id', 'received_at'])
    .execute()
  await db.schema
    .createIndex('care_facts_resolved')
    .on('care_facts')
    .columns(['workspace_id', 'first_resolved_at'])
    .execute()
  await db.schema
    .createIndex('care_facts_closed')
    .on('care_facts')
    .columns(['workspace_id', 'closed_at'])
    .execute()

  await db.schema
    .createTable('care_waits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('presence_id', 'text', (c) => c.notNull())
    .addColumn('assignee_member_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'bigint', (c) => c.notNull())
    .addColumn('answered_at', 'bigint')
    .addColumn('response_ms', 'bigint')
    .addColumn('response_business_ms', 'bigint')
    .addColumn('needs_reply', 'integer', (c) => c.notNull())
    .addColumn('sla_due_at', 'bigint')
    .addColumn('business_1h_at', 'bigint', (c) => c.notNull())
    .addColumn('business_24h_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('care_waits_asked')
    .on('care_waits')
    .columns(['workspace_id', 'asked_at'])
    .execute()
  await db.schema.createIndex('care_waits_conversation').on('care_waits').column('conversation_id').execute()

  await db.schema
    .createTable('care_refresh')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('refreshed_until', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createIndex('inbox_conversations_updated')
    .on('inbox_conversations')
    .columns(['workspace_id', 'updated_at'])
    .execute()
  // @NOTE complaint topics read the text of complaints received in the period.
  await db.schema
    .createIndex('inbox_messages_intent')
    .on('inbox_messages')
    .columns(['workspace_id', 'intent', 'created_at'])
    .execute()
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

import type { Kysely } from 'kysely'

/**
 * Networks: the Sandbox's simulated public (worlds, items, pending reactions) and in-app
 * notifications (channel health). Same schema on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sandbox_worlds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('seed', 'bigint', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    // @NOTE double precision: rates such as 0.5 per minute or 60,000 per minute (1,000 per second).
    .addColumn('rate_per_minute', 'double precision', (c) => c.notNull())
    .addColumn('population', 'integer', (c) => c.notNull())
    .addColumn('crisis_started_at', 'bigint')
    .addColumn('crisis_until', 'bigint')
    .addColumn('generated_until', 'bigint', (c) => c.notNull())
    .addColumn('carry_milli', 'bigint', (c) => c.notNull())
    .addColumn('next_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sandbox_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('world_id', 'text', (c) => c.notNull().references('sandbox_worlds.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('from_brand', 'integer', (c) => c.notNull())
    .addColumn('author_index', 'integer')
    .addColumn('text', 'text')
    .addColumn('topic', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('root_id', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('conversation_id', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('media', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('sandbox_items_seq')
    .on('sandbox_items')
    .columns(['world_id', 'seq'])
    .unique()
    .execute()
  // @NOTE NULL keys do not collide on either engine, so only keyed publications are unique.
  await db.schema
    .createIndex('sandbox_items_idempotency')
    .on('sandbox_items')
    .columns(['world_id', 'idempotency_key'])
    .unique()
    .execute()
  await db.schema.createIndex('sandbox_items_subject').on('sandbox_items').column('subject_id').execute()
  await db.schema.createIndex('sandbox_items_parent').on('sandbox_items').column('parent_id').execute()
  await db.schema
    .createIndex('sandbox_items_brand_time')
    .on('sandbox_items')
    .columns(['world_id', 'from_brand', 'created_at'])
    .execute()

  await db.schema
    .createTable('sandbox_pending')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('world_id', 'text', (c) => c.notNull().references('sandbox_worlds.id').onDelete('cascade'))
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('about_id', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('sandbox_pending_due')
    .on('sandbox_pending')
    .columns(['world_id', 'due_at'])
    .execute()
  await db.schema.createIndex('sandbox_pending_about').on('sandbox_pending').column('about_id').execute()

  await db.schema
    .createTable('notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('read_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('notifications_user_time')
    .on('notifications')
    .columns(['user_id', 'created_at'])
    .execute()
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

import type { Kysely } from 'kysely'

/**
 * Leader strategy: versioned strategy documents per presence, crisis freezes, and the content
 * pillar a post is tagged with. Same schema on SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leader_strategies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('presence_id', 'text', (c) => c.notNull().references('presences.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('changed', 'text', (c) => c.notNull())
    .addColumn('updated_by_member_id', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  // @NOTE unique: two people saving at once cannot both write version n+1.
  await db.schema
    .createIndex('leader_strategies_presence_version')
    .on('leader_strategies')
    .columns(['presence_id', 'version'])
    .unique()
    .execute()

  await db.schema
    .createTable('presence_freezes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('presence_id', 'text', (c) => c.notNull().references('presences.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('frozen_by_member_id', 'text', (c) => c.notNull())
    .addColumn('frozen_at', 'bigint', (c) => c.notNull())
    .addColumn('lifted_by_member_id', 'text')
    .addColumn('lifted_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('presence_freezes_presence')
    .on('presence_freezes')
    .columns(['presence_id', 'lifted_at'])
    .execute()

  await db.schema.alterTable('posts').addColumn('pillar', 'text').execute()
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

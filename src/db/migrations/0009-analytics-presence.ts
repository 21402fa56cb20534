import type { Kysely } from 'kysely'

/**
 * Presence metrics kept as history (issue 6): snapshots of each published delivery's metrics,
 * followers per channel per local day, a cadence target per presence, and the weekly digest's
 * per-member opt-in and the weeks already sent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('metric_post_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('delivery_id', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('presence_id', 'text', (c) => c.notNull())
    .addColumn('taken_at', 'bigint', (c) => c.notNull())
    .addColumn('likes', 'integer', (c) => c.notNull())
    .addColumn('reposts', 'integer', (c) => c.notNull())
    .addColumn('replies', 'integer', (c) => c.notNull())
    .addColumn('quotes', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('metric_post_snapshots_delivery')
    .on('metric_post_snapshots')
    .columns(['delivery_id', 'taken_at'])
    .execute()
  await db.schema
    .createIndex('metric_post_snapshots_ws')
    .on('metric_post_snapshots')
    .columns(['workspace_id', 'taken_at'])
    .execute()

  await db.schema
    .createTable('metric_follower_daily')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('presence_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('followers', 'integer')
    .addColumn('following', 'integer')
    .addColumn('posts', 'integer')
    .addColumn('taken_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('metric_follower_daily_channel_day')
    .on('metric_follower_daily')
    .columns(['channel_id', 'day'])
    .unique()
    .execute()
  await db.schema
    .createIndex('metric_follower_daily_ws')
    .on('metric_follower_daily')
    .columns(['workspace_id', 'day'])
    .execute()

  await db.schema
    .createTable('presence_cadence_targets')
    .addColumn('presence_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('cadence_target_per_week', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('report_digest_prefs')
    .addColumn('member_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('weekly', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('report_digest_runs')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('report_digest_runs_week')
    .on('report_digest_runs')
    .columns(['workspace_id', 'week'])
    .unique()
    .execute()
}

export async function down(): Promise<void> {}

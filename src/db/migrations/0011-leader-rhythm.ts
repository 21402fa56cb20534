import type { Kysely } from 'kysely'

/**
 * The leader's weekly rhythm (issue 7, second half): nudges and their mutes, the digests sent, and
 * practice on the Sandbox (the practice presence of each leader, sessions and their scripted messages).
 *
 * @NOTE "one open nudge per kind per leader" is a unique index on `open_key`, which is
 * `<presence>:<kind>` while the nudge is open and NULL once it is closed: both engines allow many
 * NULLs in a unique index, so no partial index (whose syntax differs) is needed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leader_nudges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('presence_id', 'text', (c) => c.notNull().references('presences.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('open_key', 'text')
    .addColumn('why', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('closed_by', 'text')
    .execute()
  await db.schema.createIndex('leader_nudges_open').on('leader_nudges').column('open_key').unique().execute()
  await db.schema
    .createIndex('leader_nudges_presence')
    .on('leader_nudges')
    .columns(['workspace_id', 'presence_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('leader_nudge_mutes')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('presence_id', 'text', (c) => c.notNull().references('presences.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('until', 'bigint')
    .addColumn('muted_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('leader_nudge_mutes_pk', ['presence_id', 'kind'])
    .execute()

  await db.schema
    .createTable('leader_digest_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('presence_id', 'text', (c) => c.notNull().references('presences.id').onDelete('cascade'))
    .addColumn('week', 'text', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('emailed', 'integer', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('leader_digest_runs_presence')
    .on('leader_digest_runs')
    .columns(['presence_id', 'week'])
    .execute()

  await db.schema
    .createTable('practice_presences')
    .addColumn('leader_presence_id', 'text', (c) =>
      c.primaryKey().references('presences.id').onDelete('cascade'),
    )
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('practice_presence_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('practice_presences_practice')
    .on('practice_presences')
    .column('practice_presence_id')
    .unique()
    .execute()

  await db.schema
    .createTable('practice_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('leader_presence_id', 'text', (c) => c.notNull())
    .addColumn('practice_presence_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('seed', 'bigint', (c) => c.notNull())
    .addColumn('speed', 'real', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('results', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('practice_sessions_leader')
    .on('practice_sessions')
    .columns(['workspace_id', 'leader_presence_id', 'started_at'])
    .execute()

  await db.schema
    .createTable('practice_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('session_id', 'text', (c) =>
      c.notNull().references('practice_sessions.id').onDelete('cascade'),
    )
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('tone', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_index', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('remote_id', 'text')
    .addColumn('delivered_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('practice_messages_session')
    .on('practice_messages')
    .columns(['session_id', 'position'])
    .unique()
    .execute()
}

export async function down(): Promise<void> {}

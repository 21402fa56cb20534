import { type Kysely, SqliteAdapter, sql } from 'kysely'

/**
 * The inbox (issue 5): contacts and their network accounts, conversations, messages, the timeline,
 * counters of non-conversational activity, rules, teams, saved replies, SLA policies, saved views,
 * read markers, collision heartbeats and per-channel sync state.
 *
 * @NOTE this migration differs by dialect in one place: full-text search. SQLite gets an FTS5
 * external-content table over `inbox_messages` kept current by a trigger; PostgreSQL gets a GIN
 * index on `to_tsvector('simple', text)`. Everything else is the same schema on both engines.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('inbox_contacts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('avatar_url', 'text')
    .addColumn('follower_count', 'bigint')
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('merged_into', 'text')
    .addColumn('message_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('inbox_contacts_ws')
    .on('inbox_contacts')
    .columns(['workspace_id', 'last_seen_at'])
    .execute()

  await db.schema
    .createTable('inbox_contact_accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('avatar_url', 'text')
    .addColumn('follower_count', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('inbox_contact_accounts_remote')
    .on('inbox_contact_accounts')
    .columns(['workspace_id', 'network', 'remote_id'])
    .unique()
    .execute()
  await db.schema
    .createIndex('inbox_contact_accounts_contact')
    .on('inbox_contact_accounts')
    .column('contact_id')
    .execute()

  await db.schema
    .createTable('inbox_conversations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('presence_id', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text', (c) => c.notNull())
    .addColumn('thread_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('snoozed_until', 'bigint')
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('assignee_member_id', 'text')
    .addColumn('team_id', 'text')
    .addColumn('labels', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('preview', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('intent', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('language', 'text')
    .addColumn('last_message_id', 'text')
    .addColumn('last_message_at', 'bigint', (c) => c.notNull())
    .addColumn('last_inbound_at', 'bigint')
    .addColumn('message_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_inbound_at', 'bigint')
    .addColumn('first_response_at', 'bigint')
    .addColumn('first_response_ms', 'bigint')
    .addColumn('awaiting_since', 'bigint')
    .addColumn('sla_policy_id', 'text')
    .addColumn('sla_kind', 'text')
    .addColumn('sla_due_at', 'bigint')
    .addColumn('sla_warned_at', 'bigint')
    .addColumn('sla_breached_at', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('inbox_conversations_thread')
    .on('inbox_conversations')
    .columns(['channel_id', 'thread_key'])
    .unique()
    .execute()
  // @NOTE the inbox list orders by last activity within a workspace (and a state); these keep the
  // first page an index range scan even with a million messages stored.
  await db.schema
    .createIndex('inbox_conversations_list')
    .on('inbox_conversations')
    .columns(['workspace_id', 'state', 'last_message_at', 'id'])
    .execute()
  await db.schema
    .createIndex('inbox_conversations_recent')
    .on('inbox_conversations')
    .columns(['workspace_id', 'last_message_at', 'id'])
    .execute()
  await db.schema
    .createIndex('inbox_conversations_assignee')
    .on('inbox_conversations')
    .columns(['workspace_id', 'assignee_member_id', 'state'])
    .execute()
  await db.schema
    .createIndex('inbox_conversations_sla')
    .on('inbox_conversations')
    .columns(['sla_due_at'])
    .execute()
  await db.schema
    .createIndex('inbox_conversations_contact')
    .on('inbox_conversations')
    .columns(['contact_id'])
    .execute()

  await db.schema
    .createTable('inbox_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('contact_id', 'text')
    .addColumn('author_handle', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('parent_remote_id', 'text')
    .addColumn('root_remote_id', 'text')
    .addColumn('sentiment', 'text')
    .addColumn('score', 'double precision')
    .addColumn('intent', 'text')
    .addColumn('language', 'text')
    .addColumn('needs_reply', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent_by_member_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute()
  // @NOTE the idempotency guarantee of ingestion: one row per (channel, remote id), whatever the polls.
  await db.schema
    .createIndex('inbox_messages_remote')
    .on('inbox_messages')
    .columns(['channel_id', 'remote_id'])
    .unique()
    .execute()
  await db.schema
    .createIndex('inbox_messages_conversation')
    .on('inbox_messages')
    .columns(['conversation_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('inbox_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_member_id', 'text')
    .addColumn('rule_id', 'text')
    .addColumn('rule_name', 'text')
    .addColumn('data', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('inbox_events_conversation')
    .on('inbox_events')
    .columns(['conversation_id', 'created_at'])
    .execute()

  await db.schema
    .createTable('inbox_activity_counts')
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_remote_id', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_activity_counts_pk', ['channel_id', 'day', 'kind', 'subject_remote_id'])
    .execute()
  // @NOTE likes/reposts/follows are counted, not stored one by one; this remembers which were
  // counted so a repeated poll does not count twice (pruned with the day).
  await db.schema
    .createTable('inbox_activity_seen')
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_activity_seen_pk', ['channel_id', 'remote_id'])
    .execute()

  await db.schema
    .createTable('inbox_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('conditions', 'text', (c) => c.notNull())
    .addColumn('actions', 'text', (c) => c.notNull())
    .addColumn('stop', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('inbox_rules_ws')
    .on('inbox_rules')
    .columns(['workspace_id', 'position'])
    .execute()

  await db.schema
    .createTable('inbox_teams')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('max_open_per_agent', 'integer', (c) => c.notNull())
    .addColumn('last_assigned_member_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('inbox_team_members')
    .addColumn('team_id', 'text', (c) => c.notNull().references('inbox_teams.id').onDelete('cascade'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('inbox_team_members_pk', ['team_id', 'member_id'])
    .execute()

  await db.schema
    .createTable('inbox_saved_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('shortcut', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('inbox_sla_policies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('first_response_minutes', 'integer', (c) => c.notNull())
    .addColumn('next_response_minutes', 'integer', (c) => c.notNull())
    .addColumn('business_hours', 'integer', (c) => c.notNull())
    .addColumn('warn_before_minutes', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('inbox_sla_policies_prio')
    .on('inbox_sla_policies')
    .columns(['workspace_id', 'priority'])
    .unique()
    .execute()

  await db.schema
    .createTable('inbox_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('member_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('filters', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('inbox_reads')
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_reads_pk', ['conversation_id', 'member_id'])
    .execute()

  await db.schema
    .createTable('inbox_presence')
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_presence_pk', ['conversation_id', 'member_id'])
    .execute()

  await db.schema
    .createTable('inbox_channel_sync')
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('interval_ms', 'bigint', (c) => c.notNull())
    .addColumn('last_count', 'integer', (c) => c.notNull())
    .addColumn('last_poll_at', 'bigint')
    .addColumn('next_poll_at', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  const engine = await dialectOf(db)
  if (engine === 'sqlite') {
    await sql`CREATE VIRTUAL TABLE inbox_messages_fts USING fts5(text, content='inbox_messages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')`.execute(
      db,
    )
    await sql`CREATE TRIGGER inbox_messages_fts_ai AFTER INSERT ON inbox_messages BEGIN INSERT INTO inbox_messages_fts(rowid, text) VALUES (new.rowid, new.text); END`.execute(
      db,
    )
    await sql`CREATE TRIGGER inbox_messages_fts_ad AFTER DELETE ON inbox_messages BEGIN INSERT INTO inbox_messages_fts(inbox_messages_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END`.execute(
      db,
    )
  } else {
    await sql`CREATE INDEX inbox_messages_fts ON inbox_messages USING GIN (to_tsvector('simple', text))`.execute(
      db,
    )
  }
}

// @NOTE asked of the adapter, not by a probing query: a failed query would abort PostgreSQL's migration transaction.
async function dialectOf(db: Kysely<unknown>): Promise<'sqlite' | 'postgres'> {
  return db.getExecutor().adapter instanceof SqliteAdapter ? 'sqlite' : 'postgres'
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

import type { Kysely } from 'kysely'

/**
 * Giveaways with a verifiable draw, and each workspace's public page (issue 23,
 * docs/adr/0030-verifiable-draw.md).
 *
 * - campaigns: the campaign, its rules, and the draw's public values (commitment, beacon round, list
 *   hash, then seed, beacon, picks). The seed is sealed until the draw, published after it.
 * - campaign_entries: one row per action that entered (unique per campaign, channel and remote id, so
 *   collecting again stores nothing twice); `person_key` groups a person's actions across networks.
 * - campaign_cursors: where collection stopped per channel, saved after each stored page (resume).
 * - campaign_log: every public decision (commitment, flags, disqualify/restore with its note, freeze,
 *   draw, notices, claims, redraws).
 * - public_pages, status_components, status_incidents, status_updates: the public site.
 * Both engines: only text, integer and bigint columns and plain indexes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('prizes', 'text', (c) => c.notNull())
    .addColumn('winner_count', 'integer', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('entry_methods', 'text', (c) => c.notNull())
    .addColumn('entries_per_person', 'integer', (c) => c.notNull())
    .addColumn('eligibility', 'text', (c) => c.notNull())
    .addColumn('sponsor', 'text', (c) => c.notNull())
    .addColumn('free_method', 'text', (c) => c.notNull())
    .addColumn('claim_days', 'integer', (c) => c.notNull())
    .addColumn('rules_text', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('announcements', 'text', (c) => c.notNull())
    .addColumn('seed_sealed', 'text')
    .addColumn('commitment', 'text')
    .addColumn('mode', 'text')
    .addColumn('beacon_round', 'bigint')
    .addColumn('committed_at', 'bigint')
    .addColumn('frozen_at', 'bigint')
    .addColumn('list_hash', 'text')
    .addColumn('frozen_list', 'text')
    .addColumn('drawn_at', 'bigint')
    .addColumn('seed', 'text')
    .addColumn('beacon', 'text')
    .addColumn('picked', 'text', (c) => c.notNull())
    .addColumn('forfeited', 'text', (c) => c.notNull())
    .addColumn('claims', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('campaigns_workspace')
    .on('campaigns')
    .columns(['workspace_id', 'starts_at'])
    .execute()
  await db.schema.createIndex('campaigns_due').on('campaigns').columns(['state', 'ends_at']).execute()

  await db.schema
    .createTable('campaign_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('network', 'text', (c) => c.notNull())
    .addColumn('remote_id', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('author_remote_id', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('avatar_url', 'text')
    .addColumn('follower_count', 'integer')
    .addColumn('account_created_at', 'bigint')
    .addColumn('text', 'text')
    .addColumn('person_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('flags', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .addColumn('collected_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('campaign_entries_remote')
    .on('campaign_entries')
    .columns(['campaign_id', 'channel_id', 'remote_id'])
    .unique()
    .execute()
  await db.schema
    .createIndex('campaign_entries_person')
    .on('campaign_entries')
    .columns(['campaign_id', 'person_key'])
    .execute()

  await db.schema
    .createTable('campaign_cursors')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_cursors_pk', ['campaign_id', 'channel_id'])
    .execute()

  await db.schema
    .createTable('campaign_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('entry_id', 'text')
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('actor_member_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('campaign_log_campaign')
    .on('campaign_log')
    .columns(['campaign_id', 'at'])
    .execute()

  await db.schema
    .createTable('public_pages')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('about', 'text', (c) => c.notNull())
    .addColumn('contact', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('public_pages_slug').on('public_pages').column('slug').unique().execute()

  await db.schema
    .createTable('status_components')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('status_components_ws').on('status_components').column('workspace_id').execute()

  await db.schema
    .createTable('status_incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('components', 'text', (c) => c.notNull())
    .addColumn('post_id', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('status_incidents_ws')
    .on('status_incidents')
    .columns(['workspace_id', 'started_at'])
    .execute()

  await db.schema
    .createTable('status_updates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) =>
      c.notNull().references('status_incidents.id').onDelete('cascade'),
    )
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('status_updates_incident')
    .on('status_updates')
    .columns(['incident_id', 'at'])
    .execute()
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

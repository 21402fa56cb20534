import { type Kysely, sql } from 'kysely'

/**
 * Care report speed (issue 6, docs/adr/0017-care-report-speed.md): covering indexes, so each of the
 * report's range scans reads only its index (no lookup of the table row per conversation or wait).
 * Each replaces the narrower index of 0008 with the same leading columns. The filter columns
 * (presence, channel, agent, team, label) are left out: a filtered report reads fewer rows and looks
 * them up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // @NOTE waits per kind, priority (in index order: GROUP BY priority needs no sort) and period:
  // counts, shares, SLA outcomes and the response-time ranks.
  await db.schema
    .createIndex('care_waits_report')
    .on('care_waits')
    .columns([
      'workspace_id',
      'kind',
      'priority',
      'asked_at',
      'answered_at',
      'response_business_ms',
      'response_ms',
      'needs_reply',
      'sla_due_at',
      'business_1h_at',
      'business_24h_at',
    ])
    .execute()
  // @NOTE new conversations of a period: volume per quarter hour, sentiment, intent, channel, contact.
  await db.schema
    .createIndex('care_facts_received_report')
    .on('care_facts')
    .columns(['workspace_id', 'received_at', 'sentiment', 'intent', 'channel_id', 'contact_id'])
    .execute()
  await db.schema.dropIndex('care_facts_received').execute()
  // @NOTE volume per quarter hour and sentiment read in this index's order: no sort (SQLite). The
  // expression must be written exactly as the query writes it (care-aggregate.ts receivedByQuarter).
  await sql`CREATE INDEX care_facts_received_quarter ON care_facts (workspace_id, (received_at / 900000), sentiment, received_at)`.execute(
    db,
  )
  // @NOTE first resolved in a period: count, reopen rate, resolution-time ranks.
  await db.schema
    .createIndex('care_facts_resolved_report')
    .on('care_facts')
    .columns(['workspace_id', 'first_resolved_at', 'resolution_business_ms', 'resolution_ms', 'reopen_count'])
    .execute()
  await db.schema.dropIndex('care_facts_resolved').execute()
  // @NOTE the backlog before a period: not closed (NULL) or closed after its start, received before it.
  await db.schema
    .createIndex('care_facts_closed_report')
    .on('care_facts')
    .columns(['workspace_id', 'closed_at', 'received_at'])
    .execute()
  await db.schema.dropIndex('care_facts_closed').execute()
  // @NOTE the backlog now (open, unassigned, past the SLA) counted from this index alone, not from
  // every open conversation's row. One more index on the inbox's table: written at ingest.
  await db.schema
    .createIndex('inbox_conversations_backlog')
    .on('inbox_conversations')
    .columns(['workspace_id', 'state', 'assignee_member_id', 'team_id', 'sla_due_at'])
    .execute()
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

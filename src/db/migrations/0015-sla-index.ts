import type { Kysely } from 'kysely'

/**
 * The SLA monitor's index holds only conversations with a running clock (issue 5). The monitor asks
 * for `sla_due_at IS NOT NULL AND sla_due_at <= …` (src/inbox/sla-monitor.ts), so conversations
 * whose clock is stopped (answered, resolved, spam: most stored conversations, over time) never
 * needed an entry. Before, every conversation had one. New open conversations still get one: every
 * priority has a policy (DEFAULT_SLA until a manager sets one). Same schema on both
 * engines (partial indexes: SQLite 3.8+, PostgreSQL).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('inbox_conversations_sla').execute()
  await db.schema
    .createIndex('inbox_conversations_sla')
    .on('inbox_conversations')
    .column('sla_due_at')
    .where('sla_due_at', 'is not', null)
    .execute()
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

import { type Kysely, sql } from 'kysely'

/**
 * The jobs table's indexes follow what the queue asks (issue 24, docs/adr/0031-postgres-queue.md).
 * The old (state, run_at) index held every job ever run, so a table with a million finished jobs
 * carried a million entries the claim never wants. Each row now sits in at most one small partial
 * index for its state:
 *   jobs_queued   (name, run_at) WHERE state = 'queued'  — the claim and the next-due read, per job name
 *   jobs_running  (locked_until) WHERE state = 'running' — the lease reaper
 *   jobs_finished (updated_at)   WHERE state IN (done, dead, cancelled) — the prune of old finished jobs
 * Partial indexes: SQLite 3.8+ and PostgreSQL both use them when the query repeats the predicate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('jobs_due').execute()
  await db.schema
    .createIndex('jobs_queued')
    .on('jobs')
    .columns(['name', 'run_at'])
    .where(sql.ref('state'), '=', 'queued')
    .execute()
  await db.schema
    .createIndex('jobs_running')
    .on('jobs')
    .column('locked_until')
    .where(sql.ref('state'), '=', 'running')
    .execute()
  await db.schema
    .createIndex('jobs_finished')
    .on('jobs')
    .column('updated_at')
    .where(sql.ref('state'), 'in', ['done', 'dead', 'cancelled'])
    .execute()
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

/**
 * One writer at a time for a workspace's inbox on one network (PostgreSQL). Contacts are shared by a
 * workspace's channels on a network, and messages are unique per (channel, remote id): with this
 * lock held by ingest batches and by the services that store our own replies and DMs, a batch's
 * lookups (dedupe, existing contacts and threads) stay true until it commits, so its inserts need no
 * conflict handling. SQLite has one writer at a time already.
 */
import { PostgresAdapter, sql, type Transaction } from 'kysely'
import type { Database } from '../db/schema.js'

export async function lockInbox(
  trx: Transaction<Database>,
  workspaceId: string,
  network: string,
): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`inbox:${workspaceId}:${network}`}, 0))`.execute(
    trx,
  )
}

import { type Kysely, SqliteAdapter, sql } from 'kysely'

/**
 * Ingest speed on PostgreSQL (issue 5, docs/adr/0020-ingest-writes.md): the three tables the ingest
 * pipeline inserts into for every new conversation and every new person (conversations, contacts,
 * contact accounts) no longer check `workspace_id` against `workspaces` with a foreign key, as
 * `inbox_messages` never did. On PostgreSQL each check is a row trigger running a query: EXPLAIN
 * ANALYZE gave about 10 µs a row, a fifth of the conversation insert. Ingest takes the workspace from
 * the channel row, which keeps its foreign key.
 *
 * @NOTE SQLite keeps the constraints: its checks are an inline index probe (measured: 20,000
 * conversation inserts cost the same CPU with foreign_keys on and off, within 3 %), and dropping a
 * constraint there means rebuilding the table.
 */
const TABLES = ['inbox_conversations', 'inbox_contacts', 'inbox_contact_accounts'] as const

function isSqlite(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) return
  for (const t of TABLES)
    await sql`ALTER TABLE ${sql.table(t)} DROP CONSTRAINT IF EXISTS ${sql.ref(`${t}_workspace_id_fkey`)}`.execute(
      db,
    )
}

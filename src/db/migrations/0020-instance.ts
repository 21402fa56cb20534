import { type Kysely, sql } from 'kysely'

/**
 * Instance-wide settings and owners (issue #18). `users.instance_owner` marks who runs the install
 * (the first-run owner; more by `townhall user grant-owner`). `instance_settings` holds one JSON
 * value per key: who may create workspaces, and whether this copy is paused after a restore. An
 * existing install's first user becomes its instance owner, as first-run setup now makes them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('instance_owner', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema
    .createTable('instance_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  // @NOTE same statement on both engines; ties on created_at fall to the smaller id (ids sort by time).
  await sql`update users set instance_owner = 1 where id = (
    select id from users order by created_at, id limit 1
  )`.execute(db)
}

export async function down(): Promise<void> {
  // @NOTE migrations never lose data: there is no down migration.
}

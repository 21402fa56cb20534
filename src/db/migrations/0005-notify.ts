import type { Kysely } from 'kysely'

/** Notifications get a link to what they are about (opened from the app or the email). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('notifications').addColumn('link', 'text').execute()
}

export async function down(): Promise<void> {}

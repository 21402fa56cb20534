import type { Kysely } from 'kysely'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'

/** Appends to the audit log. `data` must never contain secrets. */
export async function audit(
  db: Kysely<Database>,
  entry: {
    workspaceId: string | null
    actorUserId: string | null
    action: string
    subjectId?: string
    data?: object
  },
  now: number,
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(now),
      workspace_id: entry.workspaceId,
      actor_user_id: entry.actorUserId,
      action: entry.action,
      subject_id: entry.subjectId ?? null,
      data: JSON.stringify(entry.data ?? {}),
      created_at: now,
    })
    .execute()
}

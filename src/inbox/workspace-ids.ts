/**
 * Checks that ids a caller stores (in rule conditions, rule actions, saved views) belong to the
 * workspace, so a rule or a view never points into another tenant (issue #18).
 */
import type { Kysely } from 'kysely'
import { invalid } from '../core/errors.js'
import type { Database } from '../db/schema.js'

/** The tables whose rows a workspace may refer to by id, and how a refusal reads. */
const KINDS = {
  members: 'is not a member of this workspace',
  inbox_teams: 'is not a team of this workspace',
  channels: 'is not a channel of this workspace',
  presences: 'is not a presence of this workspace',
  inbox_contacts: 'is not a contact of this workspace',
} as const

export type WorkspaceIdKind = keyof typeof KINDS

/**
 * Throws `invalid(field, …)` unless every id in `ids` is a row of `table` in `workspaceId`.
 * A list field names the first unknown entry (`conditions.channelIds.1`); a single id names the field.
 */
export async function assertInWorkspace(
  db: Kysely<Database>,
  workspaceId: string,
  table: WorkspaceIdKind,
  field: string,
  ids: string | readonly string[] | undefined,
): Promise<void> {
  if (ids === undefined) return
  const list = typeof ids === 'string' ? [ids] : ids
  if (list.length === 0) return
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('id', 'in', [...new Set(list)])
    .execute()
  const known = new Set(rows.map((r) => r.id))
  const i = list.findIndex((id) => !known.has(id))
  if (i < 0) return
  throw invalid(typeof ids === 'string' ? field : `${field}.${i}`, KINDS[table])
}

/**
 * Rows that tests and benchmarks insert directly (no service, no owner, no audit entry): a workspace
 * in Europe/Berlin with default business hours and one brand presence "Acme", and connected Sandbox
 * channels of that presence.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/schema.js'
import { newWorkspaceRows } from '../../src/workspace/workspace.service.js'

export async function insertWorkspace(
  db: Kysely<Database>,
  w: { id: string; name: string; presenceId: string; holidays?: string[] },
  now: number,
): Promise<void> {
  const rows = newWorkspaceRows({ ...w, timeZone: 'Europe/Berlin', presenceName: 'Acme' }, now)
  await db.insertInto('workspaces').values(rows.workspace).execute()
  await db.insertInto('presences').values(rows.presence).execute()
}

/** A connected Sandbox channel whose own account on the network is `remoteAccountId`. */
export async function insertSandboxChannel(
  db: Kysely<Database>,
  c: {
    id: string
    workspaceId: string
    presenceId: string
    handle: string
    remoteAccountId: string
    followerCount: number
  },
  now: number,
): Promise<void> {
  await db
    .insertInto('channels')
    .values({
      id: c.id,
      workspace_id: c.workspaceId,
      presence_id: c.presenceId,
      network: 'sandbox',
      handle: c.handle,
      display_name: 'Acme',
      avatar_url: null,
      remote_account_id: c.remoteAccountId,
      follower_count: c.followerCount,
      credentials_sealed: null,
      status: 'connected',
      status_reason: null,
      last_sync_at: null,
      rate_limited_until: null,
      settings: '{}',
      created_at: now,
      updated_at: now,
    })
    .execute()
}

/**
 * Seeding the inbox for browser tests: members of the Sandbox's simulated public say things (at a
 * chosen time in the past), and the channel's activity is pulled through the real ingest pipeline
 * (dedupe, contacts, threading, classification, rules, SLA), as the poll job does.
 */

import type { Page } from 'playwright-core'
import { type SandboxPerson, sandboxPerson } from '../../../src/networks/sandbox/sandbox.people.js'
import { itemId } from '../../../src/networks/sandbox/sandbox.world.js'
import { call, type E2E, newPage } from './harness.js'

export { call }

type Person = { name: string; email: string; password: string }

/**
 * A fresh server's first workspace "Acme" (Europe/Berlin) set up by `owner` in one page, and
 * `member` invited with `role` and signed in, in a second page.
 */
export async function acmeWithMember(
  e2e: E2E,
  owner: Person,
  member: Person,
  role: string,
): Promise<{ owner: Page; member: Page; workspaceId: string }> {
  const ownerPage = (await newPage(e2e)).page
  const memberPage = (await newPage(e2e)).page
  await ownerPage.goto('/')
  await call(ownerPage, 'POST', '/api/setup', { ...owner, workspaceName: 'Acme', timeZone: 'Europe/Berlin' })
  const workspaceId = (await call<{ currentWorkspaceId: string }>(ownerPage, 'GET', '/api/session'))
    .currentWorkspaceId
  const invite = await call<{ token: string }>(
    ownerPage,
    'POST',
    `/api/workspaces/${workspaceId}/invitations`,
    {
      role,
      email: member.email,
    },
  )
  await memberPage.goto('/')
  await call(memberPage, 'POST', `/api/invitations/${invite.token}/accept`, member)
  return { owner: ownerPage, member: memberPage, workspaceId }
}

export interface SandboxChannel {
  id: string
  workspaceId: string
  presenceId: string
  remoteAccountId: string
  worldId: string
  seed: number
}

export async function sandboxChannel(e2e: E2E, channelId: string): Promise<SandboxChannel> {
  const row = await e2e.server.ctx.db.kysely
    .selectFrom('channels')
    .select(['id', 'workspace_id', 'presence_id', 'remote_account_id', 'settings'])
    .where('id', '=', channelId)
    .executeTakeFirstOrThrow()
  const settings = JSON.parse(row.settings) as { worldId: string; seed: number }
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    presenceId: row.presence_id,
    remoteAccountId: row.remote_account_id ?? '',
    worldId: settings.worldId,
    seed: settings.seed,
  }
}

/** The simulated person at `index` (name, handle, followers), as the inbox will show them. */
export const person = (ch: SandboxChannel, index: number): SandboxPerson => sandboxPerson(ch.seed, index)

/**
 * Person `authorIndex` mentions the brand `ageMinutes` ago; the mention is ingested at once.
 * Returns the Sandbox item id (what our reply answers) and the inbox conversation id.
 */
export async function pushMention(
  e2e: E2E,
  ch: SandboxChannel,
  input: { authorIndex: number; text: string; ageMinutes?: number },
): Promise<{ remoteId: string; conversationId: string }> {
  const { ctx } = e2e.server
  const db = ctx.db.kysely
  const seq = await ctx.networks.worlds.allocSeq(db, ch.worldId, 1)
  const remoteId = itemId(ch.worldId, seq)
  await db
    .insertInto('sandbox_items')
    .values({
      id: remoteId,
      world_id: ch.worldId,
      seq,
      kind: 'mention',
      from_brand: 0,
      author_index: input.authorIndex,
      text: input.text,
      topic: null,
      parent_id: null,
      root_id: null,
      subject_id: null,
      conversation_id: null,
      idempotency_key: null,
      media: null,
      created_at: Date.now() - (input.ageMinutes ?? 0) * 60_000,
      deleted_at: null,
    })
    .execute()
  const page = await ctx.networks.connect.run(ch.workspaceId, ch.id, (n) => n.fetchActivity(String(seq - 1)))
  await ctx.inbox.ingest.ingest(
    {
      id: ch.id,
      workspaceId: ch.workspaceId,
      presenceId: ch.presenceId,
      network: 'sandbox',
      remoteAccountId: ch.remoteAccountId,
    },
    page.messages,
  )
  const msg = await db
    .selectFrom('inbox_messages')
    .select('conversation_id')
    .where('channel_id', '=', ch.id)
    .where('remote_id', '=', remoteId)
    .executeTakeFirstOrThrow()
  return { remoteId, conversationId: msg.conversation_id }
}

/** Our replies on the Sandbox under the item `remoteId` (what the public sees). */
export async function brandRepliesTo(e2e: E2E, remoteId: string): Promise<string[]> {
  const rows = await e2e.server.ctx.db.kysely
    .selectFrom('sandbox_items')
    .select('text')
    .where('parent_id', '=', remoteId)
    .where('from_brand', '=', 1)
    .orderBy('seq')
    .execute()
  return rows.map((r) => r.text ?? '')
}

/**
 * Who may work which part of the inbox. A role with `inbox.read` / `inbox.reply` in the matrix works
 * the whole workspace's inbox. An executive holds those actions only on their own person presence
 * (docs/permissions.md): they see and work the conversations of the presences they own, and another
 * presence's conversation is 404 to them, as another workspace's is to everyone.
 */
import type { Context } from 'hono'
import type { AppContext } from '../../context.js'
import { notFound } from '../../core/errors.js'
import type { InboxActor } from '../../inbox/conversation.service.js'
import type { PresenceOwner } from '../../inbox/presence-scope.js'
import { can } from '../../workspace/permissions.js'
import { authorize } from '../auth.js'
import type { AppEnv } from '../env.js'

export type InboxAction = 'inbox.read' | 'inbox.reply'

export interface ScopedInboxActor extends InboxActor {
  workspaceId: string
  /** The presences whose conversations this member may work; undefined: all of them. */
  presenceIds: string[] | undefined
}

/** True when the caller's role allows `action` only on their own presence. */
function ownPresenceOnly(c: Context<AppEnv>, action: InboxAction): boolean {
  const actor = c.get('actor')
  if (!actor || can(actor.role, action)) return false
  return can(actor.role, action, actor.memberId, { presenceOwnerMemberId: actor.memberId })
}

const toActor = (a: { memberId: string; userId: string; workspaceId: string }) => ({
  memberId: a.memberId,
  userId: a.userId,
  workspaceId: a.workspaceId,
})

/**
 * The caller for a workspace-wide inbox request (list, search, counts): everyone with the action,
 * or an executive limited to the presences they own (403 when they own none).
 */
export async function inboxScope(
  c: Context<AppEnv>,
  ctx: AppContext,
  action: InboxAction,
): Promise<ScopedInboxActor> {
  if (!ownPresenceOnly(c, action)) return { ...toActor(authorize(c, action)), presenceIds: undefined }
  const actor = c.get('actor')!
  const owned = await ctx.inbox.scopes.owned(actor.workspaceId, actor.memberId)
  if (owned.length === 0) authorize(c, action) // owns no presence: the role's 403
  return { ...toActor(authorize(c, action, { presenceOwnerMemberId: actor.memberId })), presenceIds: owned }
}

async function authorizeOn(
  c: Context<AppEnv>,
  action: InboxAction,
  what: string,
  lookup: (workspaceId: string) => Promise<PresenceOwner | undefined>,
): Promise<InboxActor & { workspaceId: string }> {
  if (!ownPresenceOnly(c, action)) return toActor(authorize(c, action))
  const actor = c.get('actor')!
  const owner = await lookup(actor.workspaceId)
  if (!owner) throw notFound(what)
  if (owner.memberId !== actor.memberId) {
    // Who may read the whole inbox knows the conversation exists: the role's 403. Others: 404.
    if (can(actor.role, 'inbox.read')) authorize(c, action)
    throw notFound(what)
  }
  return toActor(authorize(c, action, { presenceOwnerMemberId: owner.memberId }))
}

/** The caller for one conversation: its presence is the permission subject (404 if not theirs). */
export function inboxConversationActor(
  c: Context<AppEnv>,
  ctx: AppContext,
  action: InboxAction,
  conversationId: string,
): Promise<InboxActor & { workspaceId: string }> {
  return authorizeOn(c, action, 'conversation', (ws) => ctx.inbox.scopes.ofConversation(ws, conversationId))
}

/** The caller for one message (triage): its conversation's presence is the permission subject. */
export function inboxMessageActor(
  c: Context<AppEnv>,
  ctx: AppContext,
  action: InboxAction,
  messageId: string,
): Promise<InboxActor & { workspaceId: string }> {
  return authorizeOn(c, action, 'message', (ws) => ctx.inbox.scopes.ofMessage(ws, messageId))
}

/** Bulk actions on a selection of conversations: each one goes through the single-conversation path. */

import type { ConversationState, Priority } from './inbox.types.js'

export type BulkAction =
  | { type: 'state'; state: ConversationState; snoozedUntil?: number }
  | { type: 'assign'; memberId: string | null }
  | { type: 'assign-team'; teamId: string }
  | { type: 'priority'; priority: Priority }
  | { type: 'label'; add?: string[]; remove?: string[] }
  | { type: 'read' }

/**
 * The single-conversation actions a bulk action runs (ConversationService has them). A port of its
 * own, so this file does not import the service that imports it.
 */
export interface BulkTarget<Actor extends { memberId: string }> {
  setState(
    workspaceId: string,
    id: string,
    actor: Actor,
    state: ConversationState,
    snoozedUntil?: number,
  ): Promise<unknown>
  assign(workspaceId: string, id: string, actor: Actor, memberId: string | null): Promise<unknown>
  assignTeam(workspaceId: string, id: string, actor: Actor, teamId: string): Promise<unknown>
  setPriority(workspaceId: string, id: string, actor: Actor, priority: Priority): Promise<unknown>
  label(workspaceId: string, id: string, actor: Actor, add?: string[], remove?: string[]): Promise<unknown>
  markRead(workspaceId: string, id: string, memberId: string): Promise<unknown>
}

/** One action on many conversations; returns how many were changed. */
export async function applyBulk<Actor extends { memberId: string }>(
  conversations: BulkTarget<Actor>,
  workspaceId: string,
  actor: Actor,
  ids: string[],
  action: BulkAction,
): Promise<{ updated: number; notFound: string[] }> {
  let updated = 0
  const missing: string[] = []
  for (const id of [...new Set(ids)]) {
    try {
      if (action.type === 'state')
        await conversations.setState(workspaceId, id, actor, action.state, action.snoozedUntil)
      else if (action.type === 'assign') await conversations.assign(workspaceId, id, actor, action.memberId)
      else if (action.type === 'assign-team')
        await conversations.assignTeam(workspaceId, id, actor, action.teamId)
      else if (action.type === 'priority')
        await conversations.setPriority(workspaceId, id, actor, action.priority)
      else if (action.type === 'label')
        await conversations.label(workspaceId, id, actor, action.add, action.remove)
      else await conversations.markRead(workspaceId, id, actor.memberId)
      updated++
    } catch (err) {
      if (
        err instanceof Error &&
        err.name === 'DomainError' &&
        (err as { code?: string }).code === 'not-found'
      )
        missing.push(id)
      else throw err
    }
  }
  return { updated, notFound: missing }
}

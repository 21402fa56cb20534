/**
 * What publishing asks of the leader domain (src/leader/): guardrail approvals, crisis freezes
 * and content pillars. Wired in context.ts; publishing works without it (`noLeaderHooks`).
 */
import type { PostRow } from './post.repository.js'
import type { ApprovalRequirement } from './post.types.js'

export interface LeaderHooks {
  /** Approvals the post needs beyond its presences' policies (flagged terms, quiet periods). */
  extraRequirements(post: PostRow, presenceIds: string[]): Promise<ApprovalRequirement[]>
  /** Why a delivery to this channel must wait right now (its presence is frozen), or null. */
  holdReason(workspaceId: string, channelId: string): Promise<string | null>
  /** Throws a validation error on `pillar` when it is in none of these presences' plans. */
  checkPillar(workspaceId: string, presenceIds: string[], pillar: string): Promise<void>
}

export const noLeaderHooks: LeaderHooks = {
  extraRequirements: async () => [],
  holdReason: async () => null,
  checkPillar: async () => {},
}

/** Hooks resolved on each call, so the leader domain may be built after publishing. */
export function lazyLeaderHooks(get: () => LeaderHooks): LeaderHooks {
  return {
    extraRequirements: (post, presenceIds) => get().extraRequirements(post, presenceIds),
    holdReason: (workspaceId, channelId) => get().holdReason(workspaceId, channelId),
    checkPillar: (workspaceId, presenceIds, pillar) => get().checkPillar(workspaceId, presenceIds, pillar),
  }
}

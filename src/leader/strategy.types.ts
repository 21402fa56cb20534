/**
 * What the leader domain keeps about a strategy beyond the plan itself (src/shared/strategy.types.ts):
 * versions, crisis freezes, pillar usage, guardrail findings, and the readers other leader services use.
 */
import type { Strategy } from '../shared/strategy.types.js'

/** One saved version, with what changed against the one before. */
export interface StrategyVersion {
  version: number
  updatedAt: number
  updatedBy: string
  updatedByName: string | null
  /** Top-level fields that differ from the previous version (all fields for version 1). */
  changed: string[]
  strategy: Strategy
}

export interface Freeze {
  presenceId: string
  active: boolean
  reason: string
  since: number
  /** Member id of who froze it. */
  by: string
  liftedAt?: number
  liftedBy?: string
}

/** Posts tagged per pillar over a window, for "neglected pillars". */
export interface PillarUsage {
  key: string
  name: string
  posts: number
  neglected: boolean
}

/** What a guardrail check found in a post for one presence. */
export interface GuardrailFinding {
  kind: 'flagged-term' | 'quiet-period' | 'avoid-topic'
  presenceId: string
  /** The term or topic, or the quiet period's reason. */
  subject: string
  /** Where: "part 2", "Bluesky variant, part 1", or the scheduled time. */
  where: string
  /** Plain sentence for people, e.g. "'earnings' in part 2 needs approval by Dana (CFO)". */
  message: string
  /** flagged-term and quiet-period need the second approver; avoid-topic only warns. */
  needsSecondApproval: boolean
}

export interface GuardrailResult {
  findings: GuardrailFinding[]
  /** Per presence, the member who must approve too (null when the plan names nobody). */
  secondApprovers: Array<{ presenceId: string; memberId: string | null; name: string | null }>
}

/**
 * What the other leader services (digest, nudges, scorecard) may call. Implemented by
 * `StrategyService` (getStrategy) and `FreezeService` (isFrozen); both are on `ctx.leader`.
 */
export interface StrategyReader {
  /** The current plan, or null when none was saved yet. Throws not-found for an unknown presence. */
  getStrategy(workspaceId: string, presenceId: string): Promise<Strategy | null>
}

export interface FreezeReader {
  isFrozen(workspaceId: string, presenceId: string): Promise<boolean>
  /** The active freeze, or null. */
  current(workspaceId: string, presenceId: string): Promise<Freeze | null>
}

/**
 * Tables of the leader domain (migration 0010-leader-strategy). Conventions as in db/schema.ts:
 * text ids, epoch-ms bigints, 0/1 booleans, JSON as text.
 */

/** Every saved version of a presence's strategy; the highest version is the current plan. */
export interface LeaderStrategiesTable {
  id: string
  workspace_id: string
  presence_id: string
  version: number
  /** JSON: StrategyInput (the plan as saved). */
  document: string
  /** JSON: string[] — top-level fields that differ from the previous version. */
  changed: string
  updated_by_member_id: string
  updated_at: number
}

/** Crisis freezes of a presence: who froze it, why, when, and when it was lifted. */
export interface PresenceFreezesTable {
  id: string
  workspace_id: string
  presence_id: string
  reason: string
  frozen_by_member_id: string
  frozen_at: number
  lifted_by_member_id: string | null
  lifted_at: number | null
}

export interface LeaderTables {
  leader_strategies: LeaderStrategiesTable
  presence_freezes: PresenceFreezesTable
}

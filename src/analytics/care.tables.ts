/**
 * Tables of the care analytics (migration 0008-analytics-care): facts derived from the inbox's
 * messages and timeline, one row per conversation and one per wait for a reply, refreshed
 * incrementally (see care-facts.ts). Conventions as in db/schema.ts.
 */

/** One conversation's measured facts (filters copied from the conversation at refresh time). */
export interface CareFactsTable {
  conversation_id: string
  workspace_id: string
  channel_id: string
  presence_id: string
  contact_id: string
  assignee_member_id: string | null
  team_id: string | null
  /** JSON: string[] (the conversation's labels). */
  labels: string
  intent: string | null
  sentiment: string | null
  priority: string
  state: string
  /** The first message from the public (the conversation's creation when it has none). */
  received_at: number
  /** First time a person resolved it (a 'state' event to 'resolved'); rules' resolutions do not count. */
  first_resolved_at: number | null
  resolution_ms: number | null
  resolution_business_ms: number | null
  /** Times it left 'resolved' again (by a new message or a person). */
  reopen_count: number
  /** When it was last closed (resolved or spam) if it is closed now; null while open, pending or snoozed. */
  closed_at: number | null
  refreshed_at: number
}

/**
 * One wait for a reply: from the first message from the public that needs a reply (after our last
 * reply, or since the start) to our next reply. 'first' when we had not replied before.
 */
export interface CareWaitsTable {
  /** `<conversation id>:<n>` */
  id: string
  workspace_id: string
  conversation_id: string
  channel_id: string
  presence_id: string
  assignee_member_id: string | null
  team_id: string | null
  labels: string
  priority: string
  kind: string
  asked_at: number
  answered_at: number | null
  response_ms: number | null
  response_business_ms: number | null
  /** Messages in this wait that needed a reply. */
  needs_reply: number
  /** When the SLA target of the conversation's priority fell (falls) due for this wait. */
  sla_due_at: number | null
  /** When 1 h / 24 h of business time have passed since `asked_at` (an unanswered wait is late after it). */
  business_1h_at: number
  business_24h_at: number
}

/** How far each workspace's facts are current: conversations updated since are re-derived. */
export interface CareRefreshTable {
  workspace_id: string
  refreshed_until: number
}

export interface CareTables {
  care_facts: CareFactsTable
  care_waits: CareWaitsTable
  care_refresh: CareRefreshTable
}

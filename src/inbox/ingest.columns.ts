/**
 * The columns of the tables the ingest pipeline bulk-inserts, with their PostgreSQL types: inserts use
 * the column list (SQLite's prepared statement, PostgreSQL's COPY); updates (`BulkColumn`) also need
 * each column's type, for PostgreSQL's `unnest`.
 */
import type { BulkColumn } from './bulk-writer.js'

const T = 'text' as const
const B = 'bigint' as const
const I = 'integer' as const
export const MESSAGE_COLUMNS = {
  id: T,
  workspace_id: T,
  conversation_id: T,
  channel_id: T,
  remote_id: T,
  direction: T,
  kind: T,
  contact_id: T,
  author_handle: T,
  author_name: T,
  text: T,
  url: T,
  parent_remote_id: T,
  root_remote_id: T,
  sentiment: T,
  score: 'double precision' as const,
  intent: T,
  language: T,
  needs_reply: I,
  sent_by_member_id: T,
  created_at: B,
  received_at: B,
}
export const CONVERSATION_COLUMNS = {
  id: T,
  workspace_id: T,
  channel_id: T,
  presence_id: T,
  contact_id: T,
  thread_key: T,
  kind: T,
  state: T,
  snoozed_until: B,
  priority: T,
  assignee_member_id: T,
  team_id: T,
  labels: T,
  preview: T,
  intent: T,
  sentiment: T,
  language: T,
  last_message_id: T,
  last_message_at: B,
  last_inbound_at: B,
  message_count: I,
  first_inbound_at: B,
  first_response_at: B,
  first_response_ms: B,
  awaiting_since: B,
  sla_policy_id: T,
  sla_kind: T,
  sla_due_at: B,
  sla_warned_at: B,
  sla_breached_at: B,
  version: I,
  created_at: B,
  updated_at: B,
}
export const EVENT_COLUMNS = {
  id: T,
  workspace_id: T,
  conversation_id: T,
  kind: T,
  actor_member_id: T,
  rule_id: T,
  rule_name: T,
  data: T,
  created_at: B,
}
export const CONTACT_COLUMNS = {
  id: T,
  workspace_id: T,
  display_name: T,
  handle: T,
  avatar_url: T,
  follower_count: B,
  notes: T,
  blocked: I,
  muted: I,
  merged_into: T,
  message_count: B,
  first_seen_at: B,
  last_seen_at: B,
  seen_hour: B,
  network: T,
  remote_id: T,
  remote_name: T,
  created_at: B,
  updated_at: B,
}
/**
 * The counters of a returning contact that each batch adds to. No index holds them, so the update
 * stays on the row's page (on PostgreSQL a HOT update, with room left by the table's fill factor).
 */
export const CONTACT_COUNTERS = [
  { name: 'message_count', type: 'bigint', mode: 'add' },
  { name: 'last_seen_at', type: 'bigint', mode: 'max' },
] as const satisfies ReadonlyArray<BulkColumn>

/** The same, for a contact whose hour of last activity moves on (`seen_hour` is in the list's index). */
export const CONTACT_COUNTERS_HOUR = [
  ...CONTACT_COUNTERS,
  { name: 'seen_hour', type: 'bigint', mode: 'max' },
] as const satisfies ReadonlyArray<BulkColumn>

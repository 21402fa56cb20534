/**
 * Tables of the inbox domain (migration 0006-inbox). Conventions as in db/schema.ts: text ids,
 * epoch-ms bigints, 0/1 booleans, JSON as text.
 */

/**
 * One account on a network (unique per workspace, network and remote id), shown as a person. Merging
 * contacts makes one point at another (`merged_into`): a group is a contact and those merged into it.
 */
export interface InboxContactsTable {
  id: string
  workspace_id: string
  /** What the inbox shows: the network's name (or handle) until an agent renames the contact. */
  display_name: string
  handle: string
  avatar_url: string | null
  follower_count: number | null
  notes: string
  blocked: number
  muted: number
  /** Set when this contact was merged into another; messages from this account then go to that one. */
  merged_into: string | null
  /** Messages received from this contact (and, on the group's contact, from those merged into it). */
  message_count: number
  first_seen_at: number
  last_seen_at: number
  /** `last_seen_at` in whole hours: the contact list's order, moved at most once an hour. */
  seen_hour: number
  /** The account: network, its id there, and the display name the network gives (null if none). */
  network: string | null
  remote_id: string | null
  remote_name: string | null
  created_at: number
  updated_at: number
}

export interface InboxConversationsTable {
  id: string
  workspace_id: string
  channel_id: string
  presence_id: string
  contact_id: string
  /** `t:<thread root remote id>` for public threads, `d:<conversation or author id>` for direct messages. */
  thread_key: string
  kind: string
  state: string
  snoozed_until: number | null
  priority: string
  assignee_member_id: string | null
  team_id: string | null
  /** JSON: string[] */
  labels: string
  preview: string
  intent: string | null
  sentiment: string | null
  language: string | null
  last_message_id: string | null
  last_message_at: number
  last_inbound_at: number | null
  message_count: number
  first_inbound_at: number | null
  first_response_at: number | null
  first_response_ms: number | null
  /** Since when the customer has been waiting for us (null: not waiting). */
  awaiting_since: number | null
  sla_policy_id: string | null
  /** 'first' or 'next' response target running, or null. */
  sla_kind: string | null
  sla_due_at: number | null
  sla_warned_at: number | null
  sla_breached_at: number | null
  /** Bumped on every message in or out; replies check it to detect collisions. */
  version: number
  created_at: number
  updated_at: number
}

export interface InboxMessagesTable {
  id: string
  workspace_id: string
  conversation_id: string
  channel_id: string
  remote_id: string
  /** 'in' from the public, 'out' from us. */
  direction: string
  kind: string
  contact_id: string | null
  author_handle: string
  author_name: string | null
  text: string
  url: string | null
  parent_remote_id: string | null
  root_remote_id: string | null
  sentiment: string | null
  score: number | null
  intent: string | null
  language: string | null
  needs_reply: number
  sent_by_member_id: string | null
  created_at: number
  received_at: number
}

/** The conversation's timeline: notes, assignments, state changes, rule effects, SLA events. */
export interface InboxEventsTable {
  id: string
  workspace_id: string
  conversation_id: string
  kind: string
  actor_member_id: string | null
  rule_id: string | null
  rule_name: string | null
  /** JSON */
  data: string
  created_at: number
}

export interface InboxActivityCountsTable {
  channel_id: string
  /** YYYY-MM-DD (UTC). */
  day: string
  kind: string
  /** Our post the activity is about; '' for follows. */
  subject_remote_id: string
  count: number
}

export interface InboxActivitySeenTable {
  channel_id: string
  remote_id: string
  seen_at: number
}

export interface InboxRulesTable {
  id: string
  workspace_id: string
  name: string
  position: number
  enabled: number
  /** JSON: RuleConditions */
  conditions: string
  /** JSON: RuleAction[] */
  actions: string
  stop: number
  created_at: number
  updated_at: number
}

export interface InboxTeamsTable {
  id: string
  workspace_id: string
  name: string
  max_open_per_agent: number
  last_assigned_member_id: string | null
  created_at: number
  updated_at: number
}

export interface InboxTeamMembersTable {
  team_id: string
  member_id: string
}

export interface InboxSavedRepliesTable {
  id: string
  workspace_id: string
  name: string
  shortcut: string | null
  body: string
  created_at: number
  updated_at: number
}

export interface InboxSlaPoliciesTable {
  id: string
  workspace_id: string
  priority: string
  first_response_minutes: number
  next_response_minutes: number
  business_hours: number
  warn_before_minutes: number
  created_at: number
  updated_at: number
}

export interface InboxViewsTable {
  id: string
  workspace_id: string
  /** Null for a view shared with the whole workspace. */
  member_id: string | null
  name: string
  /** JSON: ConversationFilters */
  filters: string
  position: number
  created_at: number
  updated_at: number
}

export interface InboxReadsTable {
  conversation_id: string
  member_id: string
  read_at: number
}

export interface InboxPresenceTable {
  conversation_id: string
  member_id: string
  workspace_id: string
  mode: string
  expires_at: number
}

export interface InboxChannelSyncTable {
  channel_id: string
  workspace_id: string
  cursor: string | null
  interval_ms: number
  last_count: number
  last_poll_at: number | null
  /** The run time of the one poll job that may continue this channel's chain. */
  next_poll_at: number | null
  updated_at: number
}

export interface InboxTables {
  inbox_contacts: InboxContactsTable
  inbox_conversations: InboxConversationsTable
  inbox_messages: InboxMessagesTable
  inbox_events: InboxEventsTable
  inbox_activity_counts: InboxActivityCountsTable
  inbox_activity_seen: InboxActivitySeenTable
  inbox_rules: InboxRulesTable
  inbox_teams: InboxTeamsTable
  inbox_team_members: InboxTeamMembersTable
  inbox_saved_replies: InboxSavedRepliesTable
  inbox_sla_policies: InboxSlaPoliciesTable
  inbox_views: InboxViewsTable
  inbox_reads: InboxReadsTable
  inbox_presence: InboxPresenceTable
  inbox_channel_sync: InboxChannelSyncTable
}

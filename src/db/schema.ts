import type { ColumnType } from 'kysely'
import type { CareTables } from '../analytics/care.tables.js'
import type { AnalyticsPresenceTables } from '../analytics/presence-tables.js'
import type { CampaignTables } from '../campaigns/campaigns.tables.js'
import type { InboxTables } from '../inbox/inbox.tables.js'
import type { LeaderRhythmTables } from '../leader/practice.tables.js'
import type { LeaderTables } from '../leader/strategy.tables.js'
import type { NetworksTables } from '../networks/networks.tables.js'
import type { PublishingTables } from '../publishing/publishing.tables.js'
import type { TriageLearningTables } from '../triage/learner.tables.js'

/**
 * Table types for Kysely. Conventions (docs/adr/0002-storage.md): ids are text, timestamps are
 * integer milliseconds since the epoch in UTC (bigint on PostgreSQL), booleans are 0/1 integers,
 * structured values are JSON text. Each domain may add an interface here and extend Database.
 */
export interface UsersTable {
  id: string
  email: string
  name: string
  password_hash: string
  created_at: number
  updated_at: number
  last_login_at: number | null
  /** 1 for who runs the install (instance settings, workspace creation); defaults to 0. */
  instance_owner: ColumnType<number, number | undefined, number>
}

/** One instance-wide setting (src/instance/): a JSON value per key. */
export interface InstanceSettingsTable {
  key: string
  value: string
  updated_by: string | null
  updated_at: number
}

export interface SessionsTable {
  id: string
  user_id: string
  token_hash: string
  csrf_token: string
  current_workspace_id: string | null
  user_agent: string | null
  ip: string | null
  created_at: number
  last_seen_at: number
  expires_at: number
}

export interface ApiTokensTable {
  id: string
  user_id: string
  name: string
  token_hash: string
  prefix: string
  created_at: number
  last_used_at: number | null
  expires_at: number | null
  revoked_at: number | null
}

export interface LoginThrottleTable {
  key: string
  failures: number
  window_start: number
  locked_until: number
}

export interface WorkspacesTable {
  id: string
  name: string
  time_zone: string
  /** JSON: BusinessHours */
  business_hours: string
  /** JSON: string[] of YYYY-MM-DD */
  holidays: string
  /** JSON: free-form workspace settings */
  settings: string
  created_at: number
  updated_at: number
}

export interface MembersTable {
  id: string
  workspace_id: string
  user_id: string
  role: string
  availability: string
  created_at: number
  updated_at: number
}

export interface InvitationsTable {
  id: string
  workspace_id: string
  email: string | null
  role: string
  token_hash: string
  invited_by: string
  created_at: number
  expires_at: number
  accepted_at: number | null
  accepted_by: string | null
  revoked_at: number | null
}

export interface PresencesTable {
  id: string
  workspace_id: string
  kind: string
  display_name: string
  title: string | null
  avatar_url: string | null
  member_id: string | null
  created_at: number
  updated_at: number
}

export interface ChannelsTable {
  id: string
  workspace_id: string
  presence_id: string
  network: string
  handle: string
  display_name: string | null
  avatar_url: string | null
  remote_account_id: string | null
  follower_count: number | null
  /** AES-256-GCM sealed JSON of the network credentials; never returned by any API. */
  credentials_sealed: string | null
  status: string
  status_reason: string | null
  last_sync_at: number | null
  rate_limited_until: number | null
  /** JSON: network-specific settings (service URL, sync cursor…) that are not secret. */
  settings: string
  created_at: number
  updated_at: number
}

export interface AuditLogTable {
  id: string
  workspace_id: string | null
  actor_user_id: string | null
  action: string
  subject_id: string | null
  /** JSON, never containing secrets */
  data: string
  created_at: number
}

export interface JobsTable {
  id: string
  name: string
  payload: string
  run_at: number
  dedupe_key: string | null
  state: string
  attempts: number
  max_attempts: number
  last_error: string | null
  locked_by: string | null
  locked_until: number | null
  created_at: number
  updated_at: number
}

export interface WorkerHeartbeatsTable {
  id: string
  role: string
  started_at: number
  beat_at: number
}

export interface Database
  extends NetworksTables,
    PublishingTables,
    InboxTables,
    LeaderTables,
    AnalyticsPresenceTables,
    CareTables,
    LeaderRhythmTables,
    TriageLearningTables,
    CampaignTables {
  users: UsersTable
  instance_settings: InstanceSettingsTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  login_throttle: LoginThrottleTable
  workspaces: WorkspacesTable
  members: MembersTable
  invitations: InvitationsTable
  presences: PresencesTable
  channels: ChannelsTable
  audit_log: AuditLogTable
  jobs: JobsTable
  worker_heartbeats: WorkerHeartbeatsTable
}

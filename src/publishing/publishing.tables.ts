/**
 * Tables of the publishing domain (migration 0004-publishing). Conventions as in db/schema.ts:
 * text ids, epoch-ms bigints, 0/1 booleans, JSON as text.
 */

/** One post, composed once for one or more channels. */
export interface PostsTable {
  id: string
  workspace_id: string
  /** announcement | news | event | support-notice | company-info | free | giveaway */
  kind: string
  /** Derived state shown everywhere: draft … published | failed | unknown (post-state.ts). */
  state: string
  /** draft | in-review | changes-requested | approved: the approval side of the state. */
  approval_state: string
  /** Bumped by every content change; approvals bind to a revision. */
  revision: number
  /** Internal title for lists and the calendar (not published). */
  title: string
  /** JSON: the kind's template fields (event start/end, service status…). */
  fields: string
  /** JSON: PostPartInput[] — the first part and the thread. */
  parts: string
  /** JSON: Record<channelId, PostPartInput[]> — per-channel text variants. */
  variants: string
  drafted_by_member_id: string
  drafted_by_user_id: string
  /** Role of the drafter when drafted (agents' drafts may need a manager). */
  drafted_by_role: string
  /** now | at | queue, or null when no schedule was asked for. */
  schedule_mode: string | null
  scheduled_at: number | null
  schedule_time_zone: string | null
  /** The wall-clock time as entered, YYYY-MM-DDTHH:MM, in schedule_time_zone. */
  schedule_local: string | null
  published_at: number | null
  /** Content pillar of the presence's plan (migration 0010-leader-strategy); null when untagged. */
  pillar?: string | null
  created_at: number
  updated_at: number
  deleted_at: number | null
}

/** One post on one channel: the unit that is queued, sent exactly once, and reconciled. */
export interface PostDeliveriesTable {
  id: string
  workspace_id: string
  post_id: string
  channel_id: string
  network: string
  /** draft | queued | publishing | published | failed | unknown | cancelled */
  state: string
  /** Bumped by every (re)queue; part of the job's dedupe key and of the idempotency key. */
  revision: number
  job_id: string | null
  run_at: number | null
  /** The key sent to the network with this revision; set when the send starts. */
  idempotency_key: string | null
  attempts: number
  remote_id: string | null
  url: string | null
  /** JSON: PublishedRef[] of every part. */
  remote_parts: string | null
  error: string | null
  error_kind: string | null
  sending_started_at: number | null
  published_at: number | null
  created_at: number
  updated_at: number
}

/** Every change and state of a post, in order. */
export interface PostHistoryTable {
  id: string
  workspace_id: string
  post_id: string
  actor_user_id: string | null
  action: string
  /** JSON */
  data: string
  created_at: number
}

export interface PostCommentsTable {
  id: string
  workspace_id: string
  post_id: string
  author_member_id: string
  author_user_id: string
  body: string
  /** JSON: member ids mentioned */
  mentions: string
  created_at: number
}

export interface PostApprovalsTable {
  id: string
  workspace_id: string
  post_id: string
  revision: number
  member_id: string
  /** approved | changes-requested */
  decision: string
  comment: string | null
  /** app | link */
  via: string
  created_at: number
}

/** Per-presence approval policy; no row means the defaults (approval.service.ts). */
export interface ApprovalPoliciesTable {
  presence_id: string
  workspace_id: string
  person_approval: number
  manager_for_agents: number
  review_all: number
  updated_at: number
}

/** Single-use, expiring approval links (only a hash of the secret is kept). */
export interface ApprovalTokensTable {
  id: string
  workspace_id: string
  post_id: string
  member_id: string
  revision: number
  secret_hash: string
  expires_at: number
  used_at: number | null
  created_at: number
}

/** Queue slots of a channel: weekday + local time in the workspace's (or given) time zone. */
export interface ChannelQueueSlotsTable {
  channel_id: string
  workspace_id: string
  /** JSON: QueueSlot[] */
  slots: string
  time_zone: string | null
  updated_at: number
}

/** Image bytes (BlobStore's database adapter), base64 text so both engines store them alike. */
export interface MediaBlobsTable {
  id: string
  workspace_id: string
  mime_type: string
  byte_size: number
  sha256: string
  data: string
  created_by: string | null
  created_at: number
}

export interface WebhooksTable {
  id: string
  workspace_id: string
  url: string
  /** JSON: event names */
  events: string
  /** AES-256-GCM sealed signing secret, bound to the webhook id. */
  secret_sealed: string
  active: number
  description: string | null
  created_at: number
  updated_at: number
}

export interface WebhookDeliveriesTable {
  id: string
  workspace_id: string
  webhook_id: string
  event: string
  /** The event's own id (the same across retries), sent as townhall-event-id. */
  event_id: string
  payload: string
  /** pending | delivered | failed */
  state: string
  attempts: number
  last_status: number | null
  last_error: string | null
  created_at: number
  updated_at: number
  delivered_at: number | null
}

export interface PublishingTables {
  posts: PostsTable
  post_deliveries: PostDeliveriesTable
  post_history: PostHistoryTable
  post_comments: PostCommentsTable
  post_approvals: PostApprovalsTable
  approval_policies: ApprovalPoliciesTable
  approval_tokens: ApprovalTokensTable
  channel_queue_slots: ChannelQueueSlotsTable
  media_blobs: MediaBlobsTable
  webhooks: WebhooksTable
  webhook_deliveries: WebhookDeliveriesTable
}

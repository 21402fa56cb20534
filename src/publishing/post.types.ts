/** The publishing domain's own types: what services take and return (API DTOs are built from these). */

export const POST_KINDS = [
  'announcement',
  'news',
  'event',
  'support-notice',
  'company-info',
  'free',
  'giveaway',
] as const
export type PostKind = (typeof POST_KINDS)[number]

export const POST_STATES = [
  'draft',
  'in-review',
  'changes-requested',
  'approved',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'unknown',
  'held',
] as const
export type PostState = (typeof POST_STATES)[number]

export type ApprovalState = 'draft' | 'in-review' | 'changes-requested' | 'approved'

export const DELIVERY_STATES = [
  'draft',
  'queued',
  'publishing',
  'published',
  'failed',
  'unknown',
  'cancelled',
  'held',
] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]

export interface PostImageInput {
  /** Id returned by the media upload. */
  mediaId: string
  altText: string
}

/** One part of a post as composed: the first part, or a later part of a thread. */
export interface PostPartInput {
  text: string
  images?: PostImageInput[]
}

export type ScheduleMode = 'now' | 'at' | 'queue'

export interface PostSchedule {
  mode: ScheduleMode
  /** The instant (epoch ms, UTC); null until a queue slot was picked. */
  at: number | null
  timeZone: string | null
  /** As entered: YYYY-MM-DDTHH:MM in `timeZone`. */
  local: string | null
}

export interface Delivery {
  id: string
  channelId: string
  network: string
  state: DeliveryState
  revision: number
  runAt: number | null
  attempts: number
  remoteId: string | null
  url: string | null
  error: string | null
  errorKind: string | null
  publishedAt: number | null
  updatedAt: number
}

export interface ApprovalRequirement {
  presenceId: string
  /**
   * person: the presence's own person; manager: a manager (agent drafted); reviewer: anyone who may
   * approve; guardrail: the second approver named in the presence's plan (flagged term, quiet period).
   */
  kind: 'person' | 'manager' | 'reviewer' | 'guardrail'
  /** For `person` and `guardrail`: the member who must approve (a guardrail without one: any manager). */
  memberId: string | null
  /** For `guardrail`: what the check found, in plain words. */
  reason?: string
  /** The member whose approval of the current revision satisfies it, or null. */
  satisfiedBy: string | null
}

export interface Post {
  id: string
  kind: PostKind
  state: PostState
  approvalState: ApprovalState
  revision: number
  title: string
  fields: Record<string, unknown>
  parts: PostPartInput[]
  variants: Record<string, PostPartInput[]>
  channelIds: string[]
  presenceIds: string[]
  /** Content pillar of the presence's plan, or null. */
  pillar: string | null
  schedule: PostSchedule | null
  draftedBy: { memberId: string; userId: string; role: string }
  approvals: Array<{
    memberId: string
    decision: string
    comment: string | null
    via: string
    revision: number
    at: number
  }>
  requirements: ApprovalRequirement[]
  deliveries: Delivery[]
  createdAt: number
  updatedAt: number
  publishedAt: number | null
}

export interface PostInput {
  kind: PostKind
  title?: string
  fields?: Record<string, unknown>
  /** When omitted, the kind's template writes the first part from `fields`. */
  parts?: PostPartInput[]
  variants?: Record<string, PostPartInput[]>
  channelIds: string[]
  /** Content pillar key of the presence's plan; null clears it. */
  pillar?: string | null
}

export type PostPatch = Partial<PostInput>

/** Who acts: from the HTTP layer's actor, or the approval link. */
export interface PostActor {
  userId: string
  memberId: string
  role: string
}

/** OpenAPI schemas of the publishing API (posts, schedule, approval, webhooks). */
import { z } from '@hono/zod-openapi'
import { DELIVERY_STATES, POST_KINDS, POST_STATES } from '../../publishing/post.types.js'
import { WEBHOOK_EVENTS } from '../../publishing/webhook.service.js'
import { IdParam } from '../schemas.js'

export const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
export const postParams = wsParams.extend({ postId: IdParam('postId') })
export const deliveryParams = postParams.extend({ deliveryId: IdParam('deliveryId') })

const LocalTime = z
  .string()
  .max(16)
  .openapi({ example: '2026-03-30T09:00', description: 'Wall-clock time YYYY-MM-DDTHH:MM' })

export const PostImageInput = z.strictObject({
  mediaId: z.string().min(1).max(64).openapi({ description: 'Id from POST /media' }),
  altText: z.string().max(3000).openapi({ description: 'Describes the image for people who cannot see it' }),
})

export const PostPartInputSchema = z
  .strictObject({
    text: z.string().max(20_000),
    images: z.array(PostImageInput).max(10).optional(),
  })
  .openapi('PostPartInput')

export const PostKindSchema = z.enum(POST_KINDS).openapi('PostKind', {
  description:
    'Fields per kind — announcement: headline*, body, link · news: headline*, summary, link · event: title*, startsAt*, endsAt* (local), timeZone*, place or link, description · support-notice: service*, status* (investigating|identified|monitoring|resolved|maintenance|degraded), details, nextUpdateAt (local), timeZone, link · company-info: topic, body*, link · free: none · giveaway: reserved for campaigns',
})
export const PostStateSchema = z.enum(POST_STATES).openapi('PostState')

export const PostInputSchema = z
  .strictObject({
    kind: PostKindSchema,
    title: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: 'Internal title for lists and the calendar' }),
    fields: z
      .record(z.string(), z.string().max(5000))
      .optional()
      .openapi({ description: 'The kind’s template fields' }),
    parts: z.array(PostPartInputSchema).max(25).optional().openapi({
      description: 'First part, then the thread. Omit to have the kind’s template write it from `fields`.',
    }),
    variants: z
      .record(z.string(), z.array(PostPartInputSchema).max(25))
      .optional()
      .openapi({ description: 'Per-channel text: channelId → parts, replacing `parts` on that channel' }),
    channelIds: z.array(z.string().min(1).max(64)).min(1).max(50),
    pillar: z
      .string()
      .min(1)
      .max(40)
      .nullable()
      .optional()
      .openapi({ description: 'Content pillar key from the presence’s strategy; null clears it' }),
  })
  .openapi('PostInput')

export const PostPatchSchema = PostInputSchema.partial().openapi('PostPatch')

const DeliverySchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    network: z.string(),
    state: z.enum(DELIVERY_STATES),
    revision: z.number(),
    runAt: z.number().nullable(),
    attempts: z.number(),
    remoteId: z.string().nullable(),
    url: z.string().nullable().openapi({ description: 'Public link once published' }),
    error: z.string().nullable().openapi({ description: 'Why it failed, in plain words' }),
    errorKind: z.string().nullable(),
    publishedAt: z.number().nullable(),
    updatedAt: z.number(),
  })
  .openapi('Delivery')

export const PostSchema = z
  .object({
    id: z.string(),
    kind: PostKindSchema,
    state: PostStateSchema,
    approvalState: z.enum(['draft', 'in-review', 'changes-requested', 'approved']),
    revision: z.number(),
    title: z.string(),
    fields: z.record(z.string(), z.unknown()),
    parts: z.array(PostPartInputSchema),
    variants: z.record(z.string(), z.array(PostPartInputSchema)),
    channelIds: z.array(z.string()),
    presenceIds: z.array(z.string()),
    pillar: z.string().nullable(),
    schedule: z
      .object({
        mode: z.enum(['now', 'at', 'queue']),
        at: z.number().nullable(),
        timeZone: z.string().nullable(),
        local: z.string().nullable(),
      })
      .nullable(),
    draftedBy: z.object({ memberId: z.string(), userId: z.string(), role: z.string() }),
    approvals: z.array(
      z.object({
        memberId: z.string(),
        decision: z.string(),
        comment: z.string().nullable(),
        via: z.string(),
        revision: z.number(),
        at: z.number(),
      }),
    ),
    requirements: z.array(
      z.object({
        presenceId: z.string(),
        kind: z.enum(['person', 'manager', 'reviewer', 'guardrail']),
        memberId: z.string().nullable(),
        satisfiedBy: z.string().nullable(),
        reason: z.string().optional().openapi({ description: 'For guardrail: what the check found' }),
      }),
    ),
    deliveries: z.array(DeliverySchema),
    createdAt: z.number(),
    updatedAt: z.number(),
    publishedAt: z.number().nullable(),
  })
  .openapi('Post')

export const ChannelIssueSchema = z
  .object({ channelId: z.string(), channel: z.string(), field: z.string(), reason: z.string() })
  .openapi('ChannelIssue')

export const HistoryEntrySchema = z
  .object({
    id: z.string(),
    action: z.string(),
    actor: z.object({ userId: z.string(), name: z.string() }).nullable(),
    data: z.record(z.string(), z.unknown()),
    at: z.number(),
  })
  .openapi('PostHistoryEntry')

export const CommentSchema = z
  .object({
    id: z.string(),
    authorMemberId: z.string(),
    authorName: z.string(),
    body: z.string(),
    mentions: z.array(z.string()),
    createdAt: z.number(),
  })
  .openapi('PostComment')

export const CommentInput = z
  .strictObject({
    body: z.string().min(1).max(5000),
    mentions: z
      .array(z.string().max(64))
      .max(50)
      .optional()
      .openapi({ description: 'Member ids; `@emailname` in the text works too' }),
  })
  .openapi('PostCommentInput')

export const ScheduleInputSchema = z
  .strictObject({
    mode: z.enum(['now', 'at', 'queue']),
    local: LocalTime.optional(),
    timeZone: z.string().max(64).optional().openapi({ description: 'IANA zone; default the workspace’s' }),
  })
  .openapi('ScheduleInput')

export const ResolveInput = z
  .strictObject({
    outcome: z.enum(['published', 'not-published', 'resend']),
    url: z.string().url().max(2000).optional(),
    remoteId: z.string().max(500).optional(),
  })
  .openapi('ResolveUnknownInput')

export const CalendarEntrySchema = z
  .object({
    postId: z.string(),
    deliveryId: z.string(),
    channelId: z.string(),
    presenceId: z.string(),
    network: z.string(),
    handle: z.string(),
    title: z.string(),
    kind: PostKindSchema,
    postState: PostStateSchema,
    deliveryState: z.enum(DELIVERY_STATES),
    at: z.number().nullable().openapi({ description: 'When it goes (went) out, epoch ms' }),
    timeZone: z.string().nullable(),
    url: z.string().nullable(),
  })
  .openapi('CalendarEntry')

export const QueueSlotsSchema = z
  .object({
    channelId: z.string(),
    timeZone: z.string(),
    slots: z.array(z.object({ weekday: z.number(), time: z.string() })),
    isDefault: z.boolean(),
  })
  .openapi('QueueSlots')

export const QueueSlotsInput = z
  .strictObject({
    slots: z
      .array(z.strictObject({ weekday: z.number().int().min(0).max(6), time: z.string().max(5) }))
      .max(100),
    timeZone: z.string().max(64).nullable().optional(),
  })
  .openapi('QueueSlotsInput')

export const PolicySchema = z
  .object({
    presenceId: z.string(),
    personApproval: z.boolean(),
    managerForAgents: z.boolean(),
    reviewAll: z.boolean(),
  })
  .openapi('ApprovalPolicy')

export const PolicyInput = z
  .strictObject({ personApproval: z.boolean(), managerForAgents: z.boolean(), reviewAll: z.boolean() })
  .openapi('ApprovalPolicyInput')

export const MediaInput = z
  .strictObject({
    mimeType: z.string().max(100),
    dataBase64: z
      .string()
      .min(1)
      .openapi({ description: 'The image bytes, base64 (the body limit applies)' }),
  })
  .openapi('MediaInput')

export const MediaSchema = z
  .object({
    id: z.string(),
    mimeType: z.string(),
    byteSize: z.number(),
    sha256: z.string(),
    createdAt: z.number(),
  })
  .openapi('Media')

export const WebhookEventSchema = z.enum(WEBHOOK_EVENTS)

export const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(WebhookEventSchema),
    active: z.boolean(),
    description: z.string().nullable(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('Webhook')

export const WebhookInput = z
  .strictObject({
    url: z.string().max(2000),
    events: z.array(WebhookEventSchema).min(1),
    description: z.string().max(200).nullable().optional(),
  })
  .openapi('WebhookInput')

export const WebhookPatch = WebhookInput.partial()
  .extend({ active: z.boolean().optional() })
  .openapi('WebhookPatch')

export const WebhookDeliverySchema = z
  .object({
    id: z.string(),
    webhookId: z.string(),
    event: z.string(),
    eventId: z.string(),
    state: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number(),
    lastStatus: z.number().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.number(),
    deliveredAt: z.number().nullable(),
  })
  .openapi('WebhookDelivery')

export const ApprovalLinkSchema = z
  .object({
    post: z.object({
      id: z.string(),
      title: z.string(),
      kind: z.string(),
      state: z.string(),
      parts: z.array(PostPartInputSchema),
      /** Per-channel texts that replace `parts` on that channel. */
      variants: z.record(z.string(), z.array(PostPartInputSchema)),
    }),
    channels: z.array(z.object({ id: z.string(), network: z.string(), handle: z.string() })),
    approver: z.object({ memberId: z.string(), name: z.string() }),
    schedule: z
      .object({ at: z.number().nullable(), timeZone: z.string().nullable(), local: z.string().nullable() })
      .nullable(),
    expiresAt: z.number(),
  })
  .openapi('ApprovalLink')

export const ApprovalDecisionInput = z
  .strictObject({
    decision: z.enum(['approve', 'request-changes']),
    comment: z.string().max(5000).optional(),
  })
  .openapi('ApprovalDecisionInput')

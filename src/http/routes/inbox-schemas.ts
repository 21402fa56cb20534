/** OpenAPI schemas of the inbox API (request bodies are strict; responses document every field). */
import { z } from '@hono/zod-openapi'
import { CONVERSATION_STATES, INTENTS, PRIORITIES, SENTIMENTS } from '../../inbox/inbox.types.js'
import { IdParam } from '../schemas.js'

export const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
export const convParams = wsParams.extend({ conversationId: IdParam('conversationId') })
export const idParams = wsParams.extend({ id: IdParam('id') })

export const Id = z.string().min(1).max(64)
const StateEnum = z.enum(CONVERSATION_STATES)
export const PriorityEnum = z.enum(PRIORITIES)
export const IntentEnum = z.enum(INTENTS)
export const SentimentEnum = z.enum(SENTIMENTS)

export const FiltersSchema = z
  .strictObject({
    states: z.array(StateEnum).max(5).optional(),
    priorities: z.array(PriorityEnum).max(4).optional(),
    assignee: z
      .string()
      .max(64)
      .optional()
      .openapi({ description: "A member id, 'me', or 'none' (unassigned)" }),
    teamId: Id.optional(),
    label: z.string().max(60).optional(),
    intents: z.array(IntentEnum).max(6).optional(),
    sentiments: z.array(SentimentEnum).max(3).optional(),
    channelIds: z.array(Id).max(50).optional(),
    presenceIds: z.array(Id).max(50).optional(),
    contactId: Id.optional(),
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    q: z
      .string()
      .max(200)
      .optional()
      .openapi({ description: 'Full-text query over messages, contact names and handles' }),
  })
  .openapi('ConversationFilters')

const csv = (desc: string) =>
  z
    .string()
    .max(2000)
    .optional()
    .openapi({ description: `${desc}, comma-separated` })

/** The list's query string: every filter, as comma-separated values. */
export const ListQuery = z.object({
  view: z.string().max(64).optional().openapi({
    description: 'A built-in (mine, unassigned, urgent, all-open) or saved view id; other filters narrow it',
  }),
  states: csv('open, pending, snoozed, resolved, spam (default: everything but spam)'),
  priorities: csv('low, normal, high, urgent'),
  assignee: z.string().max(64).optional().openapi({ description: "member id, 'me' or 'none'" }),
  teamId: z.string().max(64).optional(),
  label: z.string().max(60).optional(),
  intents: csv('question, complaint, praise, request, spam, other'),
  sentiments: csv('positive, neutral, negative'),
  channelIds: csv('channel ids'),
  presenceIds: csv('presence ids'),
  contactId: z.string().max(64).optional(),
  from: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional()
    .openapi({ description: 'last activity at or after (epoch ms)' }),
  to: z
    .string()
    .regex(/^\d{1,15}$/)
    .optional()
    .openapi({ description: 'last activity before (epoch ms)' }),
  q: z.string().max(200).optional().openapi({ description: 'full-text query' }),
  cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' }),
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional()
    .openapi({ description: '1–200, default 50' }),
})

const ContactSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  handle: z.string(),
  avatarUrl: z.string().nullable(),
  followerCount: z.number().nullable(),
  blocked: z.boolean(),
  muted: z.boolean(),
})

export const ConversationSchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    presenceId: z.string(),
    contact: ContactSummarySchema,
    kind: z.enum(['public', 'direct']),
    state: StateEnum,
    snoozedUntil: z.number().nullable(),
    priority: PriorityEnum,
    assigneeMemberId: z.string().nullable(),
    teamId: z.string().nullable(),
    labels: z.array(z.string()),
    preview: z.string(),
    intent: z.string().nullable(),
    sentiment: z.string().nullable(),
    language: z.string().nullable(),
    lastMessageId: z
      .string()
      .nullable()
      .openapi({ description: 'Send back as lastSeenMessageId when replying' }),
    lastMessageAt: z.number(),
    lastInboundAt: z.number().nullable(),
    messageCount: z.number(),
    firstResponseAt: z.number().nullable(),
    firstResponseMs: z
      .number()
      .nullable()
      .openapi({ description: 'Time from the first customer message to the first reply by a person' }),
    sla: z
      .object({
        kind: z.enum(['first', 'next']),
        dueAt: z.number(),
        timeLeftMs: z
          .number()
          .openapi({ description: 'Business (or plain) time left; negative when overdue' }),
        warnedAt: z.number().nullable(),
        breachedAt: z.number().nullable(),
      })
      .nullable(),
    unread: z.boolean(),
    version: z.number(),
  })
  .openapi('Conversation')

export const MessageSchema = z
  .object({
    id: z.string(),
    conversationId: z.string(),
    remoteId: z.string(),
    direction: z.enum(['in', 'out']),
    kind: z.string(),
    contactId: z.string().nullable(),
    authorHandle: z.string(),
    authorName: z.string().nullable(),
    text: z.string(),
    url: z.string().nullable(),
    parentRemoteId: z.string().nullable(),
    classification: z
      .object({
        sentiment: z.string(),
        score: z.number(),
        intent: z.string(),
        language: z.string(),
        needsReply: z.boolean(),
        cues: z.array(z.string()).openapi({
          description:
            'What in the text drove the shipped reading, strongest first (e.g. "negation: not happy", "emoji 😡", "waiting: 3 hours")',
        }),
      })
      .nullable(),
    sentByMemberId: z.string().nullable(),
    createdAt: z.number(),
  })
  .openapi('Message')

export const TimelineEventSchema = z
  .object({
    id: z.string(),
    kind: z.string().openapi({
      description: 'note, state, assigned, priority, labels, rule, reply, sla.warning, sla.breached',
    }),
    actorMemberId: z.string().nullable(),
    ruleId: z.string().nullable(),
    ruleName: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.number(),
  })
  .openapi('TimelineEvent')

export const ViewerSchema = z.object({ memberId: z.string(), mode: z.enum(['viewing', 'typing']) })

export const ConversationDetailSchema = ConversationSchema.extend({
  messages: z.array(MessageSchema),
  timeline: z.array(TimelineEventSchema),
  viewers: z.array(ViewerSchema),
}).openapi('ConversationDetail')

export const PageSchema = z
  .object({ items: z.array(ConversationSchema), nextCursor: z.string().nullable() })
  .openapi('ConversationPage')

export const ReplyInput = z
  .strictObject({
    text: z.string().min(1).max(10_000).openapi({
      description: 'May use {{contact.name}}, {{contact.handle}}, {{agent.name}}, {{agent.firstName}}',
    }),
    lastSeenMessageId: z
      .string()
      .max(64)
      .nullable()
      .openapi({ description: "The conversation's lastMessageId when the agent opened it" }),
    inReplyToMessageId: Id.optional(),
    thenState: z.enum(['open', 'pending', 'resolved']).optional(),
  })
  .openapi('ReplyInput')

export const CollisionSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string(),
    newMessages: z.array(MessageSchema),
  })
  .openapi('ReplyCollision')

export const NoteInput = z
  .strictObject({
    text: z.string().min(1).max(10_000),
    mentions: z.array(Id).max(50).optional().openapi({ description: 'Member ids to notify' }),
  })
  .openapi('NoteInput')

export const AssignInput = z
  .strictObject({ memberId: Id.nullable().optional(), teamId: Id.optional() })
  .openapi('AssignInput')

export const StateInput = z
  .strictObject({ state: StateEnum, snoozedUntil: z.number().int().optional() })
  .openapi('StateInput')
export const PriorityInput = z.strictObject({ priority: PriorityEnum }).openapi('PriorityInput')
export const LabelInput = z
  .strictObject({
    add: z.array(z.string().min(1).max(60)).max(20).optional(),
    remove: z.array(z.string().min(1).max(60)).max(20).optional(),
  })
  .openapi('LabelInput')

export const BulkActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('state'), state: StateEnum, snoozedUntil: z.number().int().optional() }),
  z.strictObject({ type: z.literal('assign'), memberId: Id.nullable() }),
  z.strictObject({ type: z.literal('assign-team'), teamId: Id }),
  z.strictObject({ type: z.literal('priority'), priority: PriorityEnum }),
  z.strictObject({
    type: z.literal('label'),
    add: z.array(z.string().min(1).max(60)).max(20).optional(),
    remove: z.array(z.string().min(1).max(60)).max(20).optional(),
  }),
  z.strictObject({ type: z.literal('read') }),
])
export const BulkInput = z
  .strictObject({ ids: z.array(Id).min(1).max(500), action: BulkActionSchema })
  .openapi('BulkInput')

export const HeartbeatInput = z
  .strictObject({ mode: z.enum(['viewing', 'typing', 'left']) })
  .openapi('HeartbeatInput')

export const ViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    memberId: z.string().nullable(),
    filters: FiltersSchema,
    position: z.number(),
    createdAt: z.number(),
  })
  .openapi('SavedView')
export const ViewInput = z
  .strictObject({ name: z.string().min(1).max(100), shared: z.boolean().optional(), filters: FiltersSchema })
  .openapi('SavedViewInput')
export const ViewPatch = ViewInput.partial().openapi('SavedViewPatch')
export const ViewCountSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    builtIn: z.boolean(),
    filters: FiltersSchema,
    total: z.number(),
    unread: z.number(),
  })
  .openapi('ViewCount')

export const ContactSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    handle: z.string(),
    avatarUrl: z.string().nullable(),
    followerCount: z.number().nullable(),
    notes: z.string(),
    blocked: z.boolean(),
    muted: z.boolean(),
    messageCount: z.number(),
    firstSeenAt: z.number(),
    lastSeenAt: z.number(),
    accounts: z.array(
      z.object({
        network: z.string(),
        remoteId: z.string(),
        handle: z.string(),
        displayName: z.string().nullable(),
        followerCount: z.number().nullable(),
      }),
    ),
  })
  .openapi('Contact')
export const ContactDetailSchema = ContactSchema.extend({
  conversations: z.array(
    z.object({
      id: z.string(),
      state: z.string(),
      priority: z.string(),
      preview: z.string(),
      lastMessageAt: z.number(),
    }),
  ),
}).openapi('ContactDetail')
export const ContactPatch = z
  .strictObject({
    notes: z.string().max(10_000).optional(),
    name: z.string().min(1).max(100).optional(),
    blocked: z.boolean().optional(),
    muted: z.boolean().optional(),
  })
  .openapi('ContactPatch')
export const MergeInput = z.strictObject({ sourceId: Id }).openapi('ContactMerge')

export const ActivityCountSchema = z
  .object({
    channelId: z.string(),
    day: z.string(),
    kind: z.string(),
    subjectRemoteId: z.string().nullable(),
    count: z.number(),
  })
  .openapi('ActivityCount')

/** OpenAPI schemas of the inbox's settings: rules, SLA policies, teams and saved replies. */
import { z } from '@hono/zod-openapi'
import { PRIORITIES } from '../../inbox/inbox.types.js'
import { Id, IntentEnum, PriorityEnum, SentimentEnum, wsParams } from './inbox-schemas.js'

export const RuleConditionsSchema = z
  .strictObject({
    keywords: z.array(z.string().min(1).max(100)).max(50).optional(),
    intents: z.array(IntentEnum).optional(),
    sentiments: z.array(SentimentEnum).optional(),
    languages: z.array(z.string().min(2).max(8)).max(20).optional(),
    kinds: z.array(z.enum(['mention', 'reply', 'quote', 'direct-message'])).optional(),
    channelIds: z.array(Id).max(50).optional(),
    presenceIds: z.array(Id).max(50).optional(),
    contactIds: z.array(Id).max(100).optional(),
    minFollowers: z.number().int().min(0).optional(),
    maxFollowers: z.number().int().min(0).optional(),
  })
  .openapi('RuleConditions')

export const RuleActionSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('label'), label: z.string().min(1).max(60) }),
    z.strictObject({ type: z.literal('assign-member'), memberId: Id, reassign: z.boolean().optional() }),
    z.strictObject({ type: z.literal('assign-team'), teamId: Id, reassign: z.boolean().optional() }),
    z.strictObject({ type: z.literal('priority'), priority: PriorityEnum }),
    z.strictObject({ type: z.literal('spam') }),
    z.strictObject({ type: z.literal('resolve') }),
    z.strictObject({ type: z.literal('note'), text: z.string().min(1).max(2000) }),
  ])
  .openapi('RuleAction')

export const RuleInput = z
  .strictObject({
    name: z.string().min(1).max(100),
    enabled: z.boolean().optional(),
    conditions: RuleConditionsSchema,
    actions: z.array(RuleActionSchema).min(1).max(20),
    stop: z.boolean().optional(),
  })
  .openapi('RuleInput')
export const RulePatch = RuleInput.partial().openapi('RulePatch')
export const RuleSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    position: z.number(),
    enabled: z.boolean(),
    conditions: z.record(z.string(), z.unknown()),
    actions: z.array(z.record(z.string(), z.unknown())),
    stop: z.boolean(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('Rule')
export const ReorderInput = z.strictObject({ ids: z.array(Id).max(500) }).openapi('RuleOrder')

export const SlaPolicySchema = z
  .object({
    id: z.string().nullable(),
    priority: PriorityEnum,
    firstResponseMinutes: z.number(),
    nextResponseMinutes: z.number(),
    businessHours: z.boolean(),
    warnBeforeMinutes: z.number(),
  })
  .openapi('SlaPolicy')
export const SlaPolicyInput = z
  .strictObject({
    firstResponseMinutes: z.number().int().min(1).max(43_200),
    nextResponseMinutes: z.number().int().min(1).max(43_200),
    businessHours: z.boolean(),
    warnBeforeMinutes: z.number().int().min(0).max(10_080),
  })
  .openapi('SlaPolicyInput')
export const SlaParams = wsParams.extend({
  priority: z.enum(PRIORITIES).openapi({ param: { name: 'priority', in: 'path' } }),
})

export const TeamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    maxOpenPerAgent: z.number(),
    memberIds: z.array(z.string()),
    createdAt: z.number(),
  })
  .openapi('Team')
export const TeamInput = z
  .strictObject({
    name: z.string().min(1).max(100),
    maxOpenPerAgent: z.number().int().min(1).max(1000).optional(),
    memberIds: z.array(Id).max(200).optional(),
  })
  .openapi('TeamInput')
export const TeamPatch = TeamInput.partial().openapi('TeamPatch')

export const SavedReplySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    shortcut: z.string().nullable(),
    body: z.string(),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('SavedReply')
export const SavedReplyInput = z
  .strictObject({
    name: z.string().min(1).max(100),
    shortcut: z.string().max(30).nullable().optional(),
    body: z.string().min(1).max(10_000),
  })
  .openapi('SavedReplyInput')
export const SavedReplyPatch = SavedReplyInput.partial().openapi('SavedReplyPatch')
export const RenderInput = z.strictObject({ conversationId: Id }).openapi('SavedReplyRender')

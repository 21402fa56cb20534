/** OpenAPI schemas of the campaign routes (giveaways with a verifiable draw, issue #23). */
import { z } from '@hono/zod-openapi'

const Local = z.string().max(16).openapi({
  description: 'Local wall-clock time in timeZone, YYYY-MM-DDTHH:MM',
  example: '2026-12-24T18:00',
})

export const EntryMethodSchema = z
  .strictObject({
    channelId: z.string().min(1).max(64),
    kind: z.enum(['reply', 'repost', 'quote', 'mention', 'follow', 'tag-friends', 'share']),
    keyword: z.string().min(1).max(100).nullable().optional(),
  })
  .openapi('CampaignEntryMethod')

export const PrizeSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    value: z.number().min(0).max(10_000_000),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR'),
    quantity: z.number().int().min(1).max(10_000),
  })
  .openapi('CampaignPrize')

export const EligibilitySchema = z
  .strictObject({
    minAccountAgeDays: z.number().int().min(0).max(36_500),
    minFollowers: z.number().int().min(0).max(100_000_000),
    excludedHandles: z.array(z.string().min(1).max(200)).max(1000),
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as FR'))
      .max(250),
    minAge: z.number().int().min(0).max(120),
  })
  .openapi('CampaignEligibility')

export const CampaignInputSchema = z
  .strictObject({
    title: z.string().min(1).max(200),
    description: z.string().max(5000).optional(),
    prizes: z.array(PrizeSchema).min(1).max(50),
    winnerCount: z.number().int().min(1).max(10_000),
    timeZone: z.string().min(1).max(64),
    startsAt: Local,
    endsAt: Local,
    entryMethods: z.array(EntryMethodSchema).min(1).max(50),
    entriesPerPerson: z.number().int().min(1).max(100).optional(),
    eligibility: EligibilitySchema.partial().optional(),
    sponsor: z.strictObject({ name: z.string().min(1).max(200), address: z.string().min(1).max(500) }),
    freeMethod: z.string().min(10).max(2000),
    claimDays: z.number().int().min(1).max(365).optional(),
    selection: z.enum(['random-draw', 'most-reposts', 'most-likes']).optional(),
    rulesText: z.string().min(1).max(50_000).nullable().optional(),
  })
  .openapi('CampaignInput')

const ClaimSchema = z.object({
  notifiedAt: z.number().nullable(),
  deadline: z.number(),
  claimedAt: z.number().nullable(),
  via: z.enum(['reply', 'direct-message', 'none']),
})

export const CampaignSchema = z
  .object({
    id: z.string(),
    workspaceId: z.string(),
    title: z.string(),
    description: z.string(),
    prizes: z.array(PrizeSchema),
    winnerCount: z.number().int(),
    timeZone: z.string(),
    startsAt: z.number(),
    endsAt: z.number(),
    startsLocal: z.string(),
    endsLocal: z.string(),
    entryMethods: z.array(EntryMethodSchema),
    entriesPerPerson: z.number().int(),
    eligibility: EligibilitySchema,
    sponsor: z.object({ name: z.string(), address: z.string() }),
    freeMethod: z.string(),
    claimDays: z.number().int(),
    rulesText: z.string(),
    rulesEdited: z.boolean(),
    state: z.enum(['draft', 'open', 'frozen', 'drawn']),
    announcements: z.record(z.string(), z.string()),
    commitment: z.string().nullable(),
    mode: z.enum(['beacon', 'seed-only']).nullable(),
    beaconRound: z.number().int().nullable(),
    committedAt: z.number().nullable(),
    frozenAt: z.number().nullable(),
    listHash: z.string().nullable(),
    drawnAt: z.number().nullable(),
    picked: z.array(z.string()),
    forfeited: z.array(z.string()),
    claims: z.record(z.string(), ClaimSchema),
    createdAt: z.number(),
    updatedAt: z.number(),
  })
  .openapi('Campaign')

export const CampaignEntrySchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    network: z.string(),
    method: z.string(),
    handle: z.string(),
    displayName: z.string().nullable(),
    text: z.string().nullable(),
    personKey: z.string(),
    status: z.enum(['valid', 'flagged', 'disqualified', 'extra']),
    flags: z.array(z.string()),
    note: z.string().nullable(),
    enteredAt: z.number(),
  })
  .openapi('CampaignEntry')

export const CampaignLogSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    entryId: z.string().nullable(),
    note: z.string(),
    at: z.number(),
  })
  .openapi('CampaignLogItem')

export const DecisionSchema = z
  .strictObject({ decision: z.enum(['disqualify', 'restore']), note: z.string().min(1).max(1000) })
  .openapi('CampaignEntryDecision')

export const ForfeitSchema = z.strictObject({ note: z.string().min(1).max(1000) }).openapi('CampaignForfeit')

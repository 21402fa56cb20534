/** OpenAPI schemas of the leader's weekly rhythm: digest, nudges, mutes, scorecards, practice. */
import { z } from '@hono/zod-openapi'
import { NUDGE_KINDS } from '../../leader/nudge.rules.js'
import { PRACTICE_TONES } from '../../leader/practice.script.js'
import { IdParam } from '../schemas.js'

export const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
export const leaderParams = wsParams.extend({ presenceId: IdParam('presenceId') })
export const nudgeParams = leaderParams.extend({ nudgeId: IdParam('nudgeId') })
export const sessionParams = leaderParams.extend({ sessionId: IdParam('sessionId') })
export const draftParams = leaderParams.extend({ postId: IdParam('postId') })
export const kindParams = leaderParams.extend({
  kind: z.enum(NUDGE_KINDS).openapi({ param: { name: 'kind', in: 'path' } }),
})

export const Loose = z.record(z.string(), z.unknown())
export const LeaderRefSchema = z
  .object({
    presenceId: z.string(),
    kind: z.enum(['brand', 'person']),
    displayName: z.string(),
    title: z.string().nullable(),
    memberId: z.string().nullable(),
  })
  .openapi('LeaderRef')
export const NudgeSchema = z
  .object({
    id: z.string(),
    presenceId: z.string(),
    kind: z.enum(NUDGE_KINDS),
    state: z.enum(['open', 'resolved', 'dismissed', 'acted']),
    why: z.string(),
    data: Loose,
    createdAt: z.number(),
    updatedAt: z.number(),
    closedAt: z.number().nullable(),
  })
  .openapi('Nudge')
export const MuteSchema = z
  .object({
    presenceId: z.string(),
    kind: z.enum(NUDGE_KINDS),
    until: z.number().nullable(),
    mutedBy: z.string(),
    createdAt: z.number(),
  })
  .openapi('NudgeMute')
const Trend = z.enum(['better', 'worse', 'flat']).nullable()
const Sentiments = z.object({
  positive: z.number(),
  neutral: z.number(),
  negative: z.number(),
  net: z.number().nullable(),
})
const CadenceTarget = z.object({ postsPerWeek: z.number(), repliesPerWeek: z.number() })
const ScorecardWeekSchema = z.object({
  week: z.string(),
  partial: z.boolean(),
  posts: z.number(),
  replies: z.number(),
  meetsTarget: z.boolean().nullable(),
  inbound: z.number(),
  answered: z.number(),
  medianResponseMs: z.number().nullable(),
  followerGrowth: z.record(z.string(), z.number().nullable()),
  engagementPerPost: z.number().nullable(),
  sentiment: Sentiments,
})
export const ScorecardSchema = z
  .object({
    presence: LeaderRefSchema,
    timeZone: z.string(),
    generatedAt: z.number(),
    target: CadenceTarget.nullable(),
    consistency: z.number().nullable(),
    weeksMeetingTarget: z.number().nullable(),
    totals: z.object({
      posts: z.number(),
      replies: z.number(),
      medianResponseMs: z.number().nullable(),
      followerGrowth: z.record(z.string(), z.number().nullable()),
      engagementPerPost: z.number().nullable(),
      sentiment: Sentiments,
    }),
    trend: z.object({
      posts: Trend,
      replies: Trend,
      medianResponseMs: Trend,
      engagementPerPost: Trend,
      netSentiment: Trend,
    }),
    weeks: z.array(ScorecardWeekSchema),
  })
  .openapi('Scorecard')
export const DigestSchema = z
  .object({
    presence: LeaderRefSchema,
    week: z.string(),
    from: z.number(),
    to: z.number(),
    generatedAt: z.number(),
    drafts: z.array(
      z.object({
        postId: z.string(),
        title: z.string(),
        kind: z.string(),
        pillar: z.string().nullable(),
        pillarName: z.string().nullable(),
        scheduledAt: z.number().nullable(),
        revision: z.number(),
        approveUrl: z.string().nullable(),
      }),
    ),
    questions: z.array(
      z.object({
        conversationId: z.string(),
        from: z.string(),
        handle: z.string(),
        text: z.string(),
        askedAt: z.number(),
        waitingMs: z.number(),
      }),
    ),
    public: z.object({
      volume: z.number(),
      sentiment: z.object({ positive: z.number(), neutral: z.number(), negative: z.number() }),
      telling: z.array(
        z.object({
          messageId: z.string(),
          conversationId: z.string(),
          author: z.string(),
          handle: z.string(),
          followers: z.number(),
          text: z.string(),
          sentiment: z.string().nullable(),
          score: z.number(),
          weight: z.number(),
          url: z.string().nullable(),
          at: z.number(),
        }),
      ),
    }),
    scorecard: z.object({
      consistency: z.number().nullable(),
      weeksMeetingTarget: z.number().nullable(),
      target: CadenceTarget.nullable(),
      lastWeek: ScorecardWeekSchema.nullable(),
      thisWeek: ScorecardWeekSchema.nullable(),
      trend: z.record(z.string(), Trend),
    }),
    nudges: z.array(NudgeSchema),
    mutes: z.array(MuteSchema),
    lastSent: z.object({ sentAt: z.number(), trigger: z.string(), emailed: z.boolean() }).nullable(),
  })
  .openapi('Digest')
export const PracticeSessionSchema = z
  .object({
    id: z.string(),
    label: z.literal('PRACTICE'),
    leaderPresenceId: z.string(),
    practicePresenceId: z.string(),
    channelId: z.string(),
    state: z.enum(['running', 'finished']),
    speed: z.number(),
    seed: z.number(),
    startedAt: z.number(),
    finishedAt: z.number().nullable(),
    endsAt: z.number(),
    messages: z.array(
      z.object({
        position: z.number(),
        tone: z.enum(PRACTICE_TONES),
        text: z.string(),
        dueAt: z.number(),
        deliveredAt: z.number().nullable(),
        replied: z.boolean(),
      }),
    ),
    results: z
      .object({
        messages: z.number(),
        replies: z.number(),
        medianResponseMs: z.number().nullable(),
        replyTone: z.record(z.string(), z.number()),
        byTone: z.record(z.string(), z.object({ messages: z.number(), replied: z.number() })),
        exchanges: z.array(
          z.object({
            position: z.number(),
            tone: z.enum(PRACTICE_TONES),
            text: z.string(),
            deliveredAt: z.number(),
            replyText: z.string().nullable(),
            repliedAt: z.number().nullable(),
            responseMs: z.number().nullable(),
            replyTone: z.enum(['positive', 'neutral', 'negative']).nullable(),
          }),
        ),
        suggestions: z.array(z.string()),
      })
      .nullable(),
  })
  .openapi('PracticeSession')

export const MuteInput = z
  .strictObject({ kind: z.enum(NUDGE_KINDS), until: z.number().int().positive().nullable().optional() })
  .openapi('NudgeMuteInput')
export const ActInput = z
  .strictObject({ action: z.enum(['freeze', 'draft-statement']) })
  .openapi('NudgeActInput')
export const PracticeReplyInput = z
  .strictObject({ text: z.string().trim().min(1).max(3000) })
  .openapi('PracticeReplyInput')
export const practiceMessageParams = sessionParams.extend({
  position: z.coerce
    .number()
    .int()
    .min(0)
    .max(99)
    .openapi({ param: { name: 'position', in: 'path' } }),
})
export const PracticeInput = z
  .strictObject({
    speed: z.number().min(1).max(600).optional(),
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
  })
  .openapi('PracticeStartInput')

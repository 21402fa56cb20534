/**
 * Triage corrections: an agent says what a message really is (sentiment, intent, spam or not).
 * The correction is recorded, shown on the conversation's timeline, and taught to the workspace's
 * learner, which refines the classification of every later message in that workspace.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { INTENTS, SENTIMENTS } from '../../inbox/inbox.types.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse } from '../schemas.js'
import { wsParams } from './inbox-schemas.js'
import { inboxMessageActor, inboxScope } from './inbox-scope.js'

const tags = ['Inbox']
const base = '/api/workspaces/{workspaceId}/inbox'

const CorrectionInput = z
  .strictObject({
    sentiment: z.enum(SENTIMENTS).optional(),
    intent: z.enum(INTENTS).optional(),
    spam: z.boolean().optional().openapi({ description: 'true: spam; false: not spam' }),
    needsReply: z
      .boolean()
      .optional()
      .openapi({ description: 'Whether it needs an answer (recorded and applied, not learned)' }),
  })
  .openapi('TriageCorrectionInput')

const CorrectionSchema = z
  .object({
    messageId: z.string(),
    conversationId: z.string(),
    sentiment: z.enum(SENTIMENTS),
    intent: z.enum(INTENTS),
    needsReply: z.boolean(),
    learnerExamples: z.number().openapi({ description: "Corrections the workspace's learner has learned" }),
  })
  .openapi('TriageCorrection')

const LearnerSchema = z
  .object({ examples: z.number(), updatedAt: z.number().nullable() })
  .openapi('TriageLearner')

const routes = {
  correct: createRoute({
    method: 'post',
    path: `${base}/messages/{messageId}/triage`,
    tags,
    summary: "Correct a message's sentiment, intent or spam reading; the workspace's learner learns from it",
    request: {
      params: wsParams.extend({ messageId: IdParam('messageId') }),
      body: jsonBody(CorrectionInput),
    },
    responses: { 200: jsonResponse(CorrectionSchema, 'The message as now classified'), ...ERRORS },
  }),
  learner: createRoute({
    method: 'get',
    path: `${base}/triage/learner`,
    tags,
    summary: "How much the workspace's triage learner has learned from its agents",
    request: { params: wsParams },
    responses: { 200: jsonResponse(LearnerSchema, 'Learner'), ...ERRORS },
  }),
}

export function registerInboxTriageRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.correct, async (c) => {
    const id = c.req.valid('param').messageId
    const a = await inboxMessageActor(c, ctx, 'inbox.reply', id)
    const r = await ctx.inbox.corrections.correct(a.workspaceId, id, a, c.req.valid('json'))
    return c.json(r, 200)
  })
  app.openapi(routes.learner, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    return c.json(await ctx.inbox.learners.stats(a.workspaceId), 200)
  })
}

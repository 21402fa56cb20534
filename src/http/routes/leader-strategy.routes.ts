/** Leader strategy: the plan of a presence (guided set-up, history), guardrail checks, crisis freeze. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { AUDIENCE_KEYS, BENEFITS } from '../../shared/strategy.types.js'
import { CADENCE_RULE } from '../../shared/strategy-suggest.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse } from '../schemas.js'
import { authorizePost } from './post-authorize.js'

const tags = ['Leader strategy']
const presenceParams = z.object({ workspaceId: IdParam('workspaceId'), presenceId: IdParam('presenceId') })
const postParams = z.object({ workspaceId: IdParam('workspaceId'), postId: IdParam('postId') })

const Text = (max: number) => z.string().max(max)
const Time = z.string().max(5).openapi({ example: '09:00', description: 'HH:MM' })

const StrategyInputSchema = z
  .strictObject({
    goals: z.strictObject({ personal: z.boolean(), professional: z.boolean(), statement: Text(500) }),
    benefits: z.array(z.enum(BENEFITS)).min(1).max(3),
    audiences: z
      .array(
        z.strictObject({
          key: z.enum(AUDIENCE_KEYS),
          visibility: z.enum(['private', 'public']).optional(),
          channelIds: z.array(z.string().min(1).max(64)).max(50),
        }),
      )
      .min(1)
      .max(5),
    hoursPerWeek: z.number().min(0).max(40),
    helpers: z
      .array(z.strictObject({ memberId: z.string().min(1).max(64), role: z.enum(['drafts', 'advises']) }))
      .max(20),
    companyResources: z.strictObject({ used: z.boolean(), disclosure: Text(300) }),
    cadence: z.strictObject({
      postsPerWeek: z.number().int().min(0).max(50),
      repliesPerWeek: z.number().int().min(0).max(500),
    }),
    pillars: z
      .array(z.strictObject({ key: z.string().min(1).max(40), name: Text(60), example: Text(280) }))
      .min(3)
      .max(5),
    rhythm: z
      .array(z.strictObject({ weekday: z.number().int().min(0).max(6), time: Time, activity: Text(100) }))
      .max(21),
    guardrails: z.strictObject({
      avoidTopics: z.array(Text(60)).max(30),
      flaggedTerms: z.array(Text(60)).max(50),
      secondApproverMemberId: z.string().min(1).max(64).nullable(),
      quietPeriods: z
        .array(
          z.strictObject({ from: z.number().int().min(0), to: z.number().int().min(0), reason: Text(200) }),
        )
        .max(20),
    }),
  })
  .openapi('StrategyInput')

const SaveSchema = StrategyInputSchema.extend({
  expectedVersion: z
    .number()
    .int()
    .min(0)
    .optional()
    .openapi({ description: 'The version the edit started from (0: none yet); a newer one is a 409' }),
}).openapi('StrategySave')

const StrategySchema = z
  .object({
    presenceId: z.string(),
    kind: z.enum(['person', 'brand']),
    version: z.number(),
    goals: z.object({ personal: z.boolean(), professional: z.boolean(), statement: z.string() }),
    benefits: z.array(z.enum(BENEFITS)),
    audiences: z.array(
      z.object({
        key: z.enum(AUDIENCE_KEYS),
        visibility: z.enum(['private', 'public']),
        channelIds: z.array(z.string()),
      }),
    ),
    hoursPerWeek: z.number(),
    helpers: z.array(z.object({ memberId: z.string(), role: z.enum(['drafts', 'advises']) })),
    companyResources: z.object({ used: z.boolean(), disclosure: z.string() }),
    cadence: z.object({ postsPerWeek: z.number(), repliesPerWeek: z.number() }),
    pillars: z.array(z.object({ key: z.string(), name: z.string(), example: z.string() })),
    rhythm: z.array(z.object({ weekday: z.number(), time: z.string(), activity: z.string() })),
    guardrails: z.object({
      avoidTopics: z.array(z.string()),
      flaggedTerms: z.array(z.string()),
      secondApproverMemberId: z.string().nullable(),
      quietPeriods: z.array(z.object({ from: z.number(), to: z.number(), reason: z.string() })),
    }),
    updatedAt: z.number(),
    updatedBy: z.string(),
  })
  .openapi('Strategy')

const FreezeSchema = z
  .object({
    presenceId: z.string(),
    active: z.boolean(),
    reason: z.string(),
    since: z.number(),
    by: z.string(),
    byName: z.string().nullable(),
    liftedAt: z.number().optional(),
    liftedBy: z.string().optional(),
    liftedByName: z.string().nullable(),
  })
  .openapi('Freeze')

const PlanSchema = z
  .object({
    presenceId: z.string(),
    kind: z.enum(['person', 'brand']),
    strategy: StrategySchema.nullable(),
    draft: StrategyInputSchema.openapi({ description: 'The saved plan, or suggestions to start from' }),
    pillarUsage: z.array(
      z.object({ key: z.string(), name: z.string(), posts: z.number(), neglected: z.boolean() }),
    ),
    freeze: FreezeSchema.nullable(),
    cadenceRule: z.string(),
  })
  .openapi('LeaderPlan')

const VersionSchema = z
  .object({
    version: z.number(),
    updatedAt: z.number(),
    updatedBy: z.string(),
    updatedByName: z.string().nullable(),
    changed: z.array(z.string()),
    strategy: StrategySchema,
  })
  .openapi('StrategyVersion')

const GuardrailResultSchema = z
  .object({
    findings: z.array(
      z.object({
        kind: z.enum(['flagged-term', 'quiet-period', 'avoid-topic']),
        presenceId: z.string(),
        subject: z.string(),
        where: z.string(),
        message: z.string(),
        needsSecondApproval: z.boolean(),
      }),
    ),
    secondApprovers: z.array(
      z.object({ presenceId: z.string(), memberId: z.string().nullable(), name: z.string().nullable() }),
    ),
  })
  .openapi('GuardrailResult')

const base = '/api/workspaces/{workspaceId}/presences/{presenceId}'
const routes = {
  plan: createRoute({
    method: 'get',
    path: `${base}/strategy`,
    tags,
    summary: 'The plan on one screen: strategy, suggestions, pillar usage (4 weeks), freeze',
    request: { params: presenceParams },
    responses: { 200: jsonResponse(PlanSchema, 'Plan'), ...ERRORS },
  }),
  save: createRoute({
    method: 'put',
    path: `${base}/strategy`,
    tags,
    summary: 'Save the strategy (a new version; the leader may edit their own)',
    request: { params: presenceParams, body: jsonBody(SaveSchema) },
    responses: { 200: jsonResponse(StrategySchema, 'Saved'), ...ERRORS },
  }),
  history: createRoute({
    method: 'get',
    path: `${base}/strategy/history`,
    tags,
    summary: 'Every version of the strategy, newest first, with who changed what',
    request: { params: presenceParams },
    responses: { 200: jsonResponse(z.array(VersionSchema), 'History'), ...ERRORS },
  }),
  freezes: createRoute({
    method: 'get',
    path: `${base}/freezes`,
    tags,
    summary: 'Crisis freezes of the presence, newest first',
    request: { params: presenceParams },
    responses: { 200: jsonResponse(z.array(FreezeSchema), 'Freezes'), ...ERRORS },
  }),
  freeze: createRoute({
    method: 'post',
    path: `${base}/freeze`,
    tags,
    summary: 'Crisis freeze: hold every scheduled post of the presence until lifted',
    request: {
      params: presenceParams,
      body: jsonBody(z.strictObject({ reason: z.string().min(1).max(500) }).openapi('FreezeInput')),
    },
    responses: {
      200: jsonResponse(z.object({ freeze: FreezeSchema, held: z.number() }), 'Frozen'),
      ...ERRORS,
    },
  }),
  lift: createRoute({
    method: 'post',
    path: `${base}/freeze/lift`,
    tags,
    summary: 'Lift the freeze: held posts go out at their time, or now when it passed',
    request: { params: presenceParams },
    responses: {
      200: jsonResponse(z.object({ freeze: FreezeSchema, released: z.number() }), 'Lifted'),
      ...ERRORS,
    },
  }),
  guardrails: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/guardrails',
    tags,
    summary: 'What the guardrails of its presences find in a post (flagged terms, quiet periods, topics)',
    request: { params: postParams },
    responses: { 200: jsonResponse(GuardrailResultSchema, 'Check'), ...ERRORS },
  }),
}

export function registerLeaderStrategyRoutes(app: App, ctx: AppContext): void {
  const leader = () => ctx.leader
  /** The presence's own member, for "an executive may act on their own presence". */
  const owner = async (workspaceId: string, presenceId: string) =>
    (await ctx.presences.get(workspaceId, presenceId)).memberId

  app.openapi(routes.plan, async (c) => {
    const a = authorize(c, 'strategy.read')
    const { presenceId } = c.req.valid('param')
    const l = leader()
    const p = await l.strategies.presence(a.workspaceId, presenceId)
    const strategy = await l.strategies.getStrategy(a.workspaceId, presenceId)
    return c.json(
      {
        presenceId,
        kind: p.kind === 'brand' ? ('brand' as const) : ('person' as const),
        strategy,
        draft: await l.strategies.draft(a.workspaceId, presenceId),
        pillarUsage: strategy ? await l.strategies.pillarUsage(a.workspaceId, strategy) : [],
        freeze: await l.freezes.current(a.workspaceId, presenceId),
        cadenceRule: CADENCE_RULE,
      },
      200,
    )
  })

  app.openapi(routes.save, async (c) => {
    const { workspaceId, presenceId } = c.req.valid('param')
    authorize(c, 'strategy.read')
    const a = authorize(c, 'strategy.manage', { presenceOwnerMemberId: await owner(workspaceId, presenceId) })
    const { expectedVersion, ...input } = c.req.valid('json')
    const audiences = input.audiences.map((x) => ({ ...x, visibility: x.visibility ?? 'public' }))
    const saved = await leader().strategies.save(
      a.workspaceId,
      presenceId,
      { ...input, audiences },
      a,
      expectedVersion,
    )
    return c.json(saved, 200)
  })

  app.openapi(routes.history, async (c) => {
    const a = authorize(c, 'strategy.read')
    return c.json(await leader().strategies.history(a.workspaceId, c.req.valid('param').presenceId), 200)
  })

  app.openapi(routes.freezes, async (c) => {
    const a = authorize(c, 'strategy.read')
    return c.json(await leader().freezes.list(a.workspaceId, c.req.valid('param').presenceId), 200)
  })

  app.openapi(routes.freeze, async (c) => {
    const { workspaceId, presenceId } = c.req.valid('param')
    authorize(c, 'strategy.read')
    const a = authorize(c, 'presence.freeze', { presenceOwnerMemberId: await owner(workspaceId, presenceId) })
    return c.json(
      await leader().freezes.freeze(a.workspaceId, presenceId, c.req.valid('json').reason, a),
      200,
    )
  })

  app.openapi(routes.lift, async (c) => {
    const { workspaceId, presenceId } = c.req.valid('param')
    authorize(c, 'strategy.read')
    const a = authorize(c, 'presence.freeze', { presenceOwnerMemberId: await owner(workspaceId, presenceId) })
    return c.json(await leader().freezes.lift(a.workspaceId, presenceId, a), 200)
  })

  app.openapi(routes.guardrails, async (c) => {
    const { postId } = c.req.valid('param')
    const a = await authorizePost(c, ctx, 'post.read', postId)
    const post = await ctx.publishing.repo.get(a.workspaceId, postId)
    const view = await ctx.publishing.posts.get(a.workspaceId, postId)
    return c.json(await leader().guardrails.check(post!, view.presenceIds), 200)
  })
}

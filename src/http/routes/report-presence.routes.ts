import { createRoute, z } from '@hono/zod-openapi'
import type { PresenceReportQuery } from '../../analytics/presence-types.js'
import type { AppContext } from '../../context.js'
import { invalid } from '../../core/errors.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse, OK_EMPTY } from '../schemas.js'
import { parseInstant } from './report-care.routes.js'

const tags = ['Reports']
const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
const DAY = 86_400_000
/** Longest period a report covers. */
export const MAX_PERIOD_DAYS = 400

const DateParam = z
  .string()
  .max(40)
  .openapi({ description: 'Epoch ms, an ISO date-time, or YYYY-MM-DD (midnight in the workspace zone)' })

/** The period and scope every presence report, drill and export takes. */
export const PresenceQuery = z.object({
  from: DateParam.optional().openapi({ description: 'Start (inclusive); default 30 days before `to`' }),
  to: DateParam.optional().openapi({ description: 'End (exclusive); default now' }),
  compare: z
    .enum(['previous', 'none'])
    .optional()
    .openapi({ description: 'Also compute the equal period before; default previous' }),
  presenceId: z.string().min(1).max(64).optional(),
  channelId: z.string().min(1).max(64).optional(),
})

/** The workspace's zone (local dates in the query are midnight there). */
export async function workspaceZone(ctx: AppContext, workspaceId: string): Promise<string> {
  const ws = await ctx.db.kysely
    .selectFrom('workspaces')
    .select('time_zone')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow()
  return ws.time_zone
}

/** Turns the query into a period, refusing empty or overlong ones. */
export function presenceQuery(
  q: z.infer<typeof PresenceQuery>,
  now: number,
  timeZone: string,
): PresenceReportQuery {
  const to = q.to === undefined ? now : parseInstant('to', q.to, timeZone)
  const from = q.from === undefined ? to - 30 * DAY : parseInstant('from', q.from, timeZone)
  if (from >= to) throw invalid('from', 'must be before to')
  if (to - from > MAX_PERIOD_DAYS * DAY)
    throw invalid('to', `the period may be at most ${MAX_PERIOD_DAYS} days`)
  return {
    from,
    to,
    compare: q.compare ?? 'previous',
    ...(q.presenceId ? { presenceId: q.presenceId } : {}),
    ...(q.channelId ? { channelId: q.channelId } : {}),
  }
}

const Drill = z.object({ metric: z.string(), params: z.record(z.string(), z.string()) })
const Figure = z.object({
  key: z.string(),
  label: z.string(),
  definition: z.string(),
  unit: z.enum(['ms', 'ratio', 'count']),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  drill: Drill.optional(),
})
const Series = z.object({
  key: z.string(),
  label: z.string(),
  definition: z.string(),
  unit: z.enum(['ms', 'ratio', 'count']).optional(),
  channelId: z.string().optional(),
  presenceId: z.string().optional(),
  target: z.number().nullable().optional(),
  points: z.array(z.object({ t: z.number(), value: z.number().nullable() })),
})
const Breakdown = z.object({
  key: z.string(),
  label: z.string(),
  definition: z.string(),
  rows: z.array(z.object({ key: z.string(), label: z.string(), value: z.number(), drill: Drill.optional() })),
})
export const ReportTable = z.object({
  key: z.string(),
  title: z.string(),
  columns: z.array(
    z.object({ key: z.string(), label: z.string(), unit: z.enum(['ms', 'ratio', 'count']).optional() }),
  ),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
})
const PresenceReportSchema = z
  .object({
    period: z.object({ from: z.number(), to: z.number() }),
    previous: z.object({ from: z.number(), to: z.number() }).optional(),
    timeZone: z.string(),
    figures: z.array(Figure),
    series: z.array(Series),
    breakdowns: z.array(Breakdown),
    tables: z.array(ReportTable),
  })
  .openapi('PresenceReport')
const DrillPage = z
  .object({
    metric: z.string(),
    total: z.number(),
    items: z.array(
      z.object({
        postId: z.string(),
        deliveryId: z.string(),
        channelId: z.string(),
        channelHandle: z.string(),
        network: z.string(),
        presenceId: z.string(),
        title: z.string(),
        publishedAt: z.number(),
        url: z.string().nullable(),
        likes: z.number(),
        reposts: z.number(),
        replies: z.number(),
        quotes: z.number(),
        engagement: z.number(),
        growth: z.number(),
      }),
    ),
  })
  .openapi('PresenceDrillPage')

const routes = {
  report: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/reports/presence',
    tags,
    summary: 'How the brand and its leaders are heard: posts, engagement, followers, cadence',
    description:
      'Read from stored history only (metric snapshots taken after publishing, followers per day); no network is called.',
    request: { params: wsParams, query: PresenceQuery },
    responses: { 200: jsonResponse(PresenceReportSchema, 'The report'), ...ERRORS },
  }),
  drill: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/reports/presence/drill',
    tags,
    summary: 'The posts behind a presence figure or bar',
    request: {
      params: wsParams,
      query: PresenceQuery.extend({
        metric: z.enum(['posts']).optional(),
        sort: z.enum(['published', 'engagement', 'growth']).optional(),
        limit: z.coerce.number().int().min(1).max(500).optional(),
      }),
    },
    responses: { 200: jsonResponse(DrillPage, 'Posts'), ...ERRORS },
  }),
  target: createRoute({
    method: 'put',
    path: '/api/workspaces/{workspaceId}/reports/presence/targets/{presenceId}',
    tags,
    summary: "Set a presence's posting target (posts per week); null clears it",
    description: "A leader strategy's cadence, when one is saved, is used instead.",
    request: {
      params: wsParams.extend({ presenceId: IdParam('presenceId') }),
      body: jsonBody(
        z
          .strictObject({ postsPerWeek: z.number().int().min(1).max(500).nullable() })
          .openapi('CadenceTarget'),
      ),
    },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
}

export function registerPresenceReportRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.report, async (c) => {
    const a = authorize(c, 'reports.read')
    const q = presenceQuery(c.req.valid('query'), ctx.clock.now(), await workspaceZone(ctx, a.workspaceId))
    return c.json(await ctx.presenceMetrics.report.report(a.workspaceId, q), 200)
  })

  app.openapi(routes.drill, async (c) => {
    const a = authorize(c, 'reports.read')
    const raw = c.req.valid('query')
    const q = presenceQuery(raw, ctx.clock.now(), await workspaceZone(ctx, a.workspaceId))
    return c.json(
      await ctx.presenceMetrics.report.drill(a.workspaceId, { ...q, sort: raw.sort, limit: raw.limit }),
      200,
    )
  })

  app.openapi(routes.target, async (c) => {
    const { workspaceId, presenceId } = c.req.valid('param')
    authorize(c, 'presence.read')
    const presence = await ctx.presences.get(workspaceId, presenceId)
    authorize(c, 'presence.manage', { presenceOwnerMemberId: presence.memberId })
    await ctx.presenceMetrics.report.setCadenceTarget(
      workspaceId,
      presenceId,
      c.req.valid('json').postsPerWeek,
    )
    return c.body(null, 204)
  })
}

/** The care report and its drill-down (issue 6): `GET .../reports/care` and `GET .../reports/care/drill`. */
import { createRoute, z } from '@hono/zod-openapi'
import type { CareReportQuery } from '../../analytics/care.types.js'
import type { AppContext } from '../../context.js'
import { invalid } from '../../core/errors.js'
import { localToUtc } from '../../inbox/business-time.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonResponse } from '../schemas.js'

const tags = ['Reports']
const base = '/api/workspaces/{workspaceId}/reports/care'
const DAY = 86_400_000

const Id = z.string().min(1).max(64)
const DATE_FORMS = 'Epoch ms, an ISO date-time, or YYYY-MM-DD (midnight in the workspace zone).'
const DateParam = z.string().max(40).openapi({ description: DATE_FORMS })
/** The care report's query string (also used by the CSV and PDF exports). */
export const ReportQuery = z.object({
  from: DateParam.optional().openapi({ description: `Start of the period, inclusive. ${DATE_FORMS}` }),
  to: DateParam.optional().openapi({
    description: `End of the period, exclusive: to=2026-12-09 covers all of 2026-12-08 (the screen and file names show 2026-12-08). ${DATE_FORMS}`,
  }),
  compare: z.enum(['previous', 'none']).optional(),
  hours: z.enum(['calendar', 'business']).optional().openapi({
    description:
      'Default: business when the workspace has opening hours (as its SLA clocks), calendar when it is always open',
  }),
  presenceId: Id.optional(),
  channelId: Id.optional(),
  agentId: Id.optional(),
  teamId: Id.optional(),
  label: z.string().min(1).max(100).optional(),
})
const DrillQuery = ReportQuery.extend({
  metric: z.string().min(1).max(40),
  cursor: z.string().max(12).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/)
    .optional(),
  intent: z.string().max(40).optional(),
  sentiment: z.string().max(40).optional(),
  channel: Id.optional(),
  contact: Id.optional(),
  hour: z.string().max(2).optional(),
  weekday: z.string().max(1).optional(),
  day: z.string().max(10).optional(),
  over: z.string().max(15).optional(),
  outcome: z.string().max(10).optional(),
  priority: z.string().max(10).optional(),
  which: z.string().max(12).optional(),
  term: z.string().max(100).optional(),
})
const DRILL_PARAMS = [
  'intent',
  'sentiment',
  'channel',
  'contact',
  'hour',
  'weekday',
  'day',
  'over',
  'outcome',
  'priority',
  'which',
  'term',
] as const

const Unit = z.enum(['ms', 'ratio', 'count'])
const DrillRefSchema = z.object({ metric: z.string(), params: z.record(z.string(), z.string()) })
const Range = z.object({ from: z.number(), to: z.number() })
const CareReportSchema = z
  .object({
    period: Range,
    previous: Range.optional(),
    timeZone: z.string(),
    hours: z.enum(['calendar', 'business']),
    figures: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        definition: z.string(),
        unit: Unit,
        value: z.number().nullable(),
        previous: z.number().nullable(),
        drill: DrillRefSchema.optional(),
        basis: z.object({ count: z.number(), of: z.number(), pending: z.number() }).optional().openapi({
          description:
            'For a share: count of `of` decided cases; `pending` are open, not yet past the target',
        }),
      }),
    ),
    series: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        definition: z.string(),
        unit: Unit.optional(),
        points: z.array(z.object({ t: z.number(), value: z.number().nullable() })),
        previous: z
          .array(z.object({ t: z.number(), value: z.number().nullable() }))
          .optional()
          .openapi({ description: 'The previous period, day by day, when the report compares' }),
      }),
    ),
    breakdowns: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        definition: z.string(),
        rows: z.array(
          z.object({
            key: z.string(),
            label: z.string(),
            value: z.number(),
            drill: DrillRefSchema.optional(),
          }),
        ),
      }),
    ),
    tables: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        columns: z.array(z.object({ key: z.string(), label: z.string(), unit: Unit.optional() })),
        rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
      }),
    ),
  })
  .openapi('CareReport')
const DrillPageSchema = z
  .object({
    metric: z.string(),
    items: z.array(
      z.object({
        conversationId: z.string(),
        channelId: z.string(),
        contactId: z.string(),
        preview: z.string(),
        state: z.string(),
        priority: z.string(),
        intent: z.string().nullable(),
        sentiment: z.string().nullable(),
        createdAt: z.number(),
        value: z.number().nullable(),
      }),
    ),
    total: z.number(),
    nextCursor: z.string().nullable(),
  })
  .openapi('CareDrillPage')

const params = z.object({ workspaceId: IdParam('workspaceId') })
const routes = {
  report: createRoute({
    method: 'get',
    path: base,
    tags,
    summary:
      'Care report: response and resolution times (median, p90), response rate, SLA, backlog, volume breakdowns; period [from, to) compared with the one before (default: the last 30 days)',
    request: { params, query: ReportQuery },
    responses: { 200: jsonResponse(CareReportSchema, 'The report'), ...ERRORS },
  }),
  drill: createRoute({
    method: 'get',
    path: `${base}/drill`,
    tags,
    summary: 'The conversations behind a figure or breakdown row (its `drill` metric and params), paged',
    request: { params, query: DrillQuery },
    responses: { 200: jsonResponse(DrillPageSchema, 'One page'), ...ERRORS },
  }),
}

/** Epoch ms, ISO date-time, or a local date (midnight in `timeZone`). */
export function parseInstant(field: string, v: string, timeZone: string): number {
  if (/^\d{1,15}$/.test(v)) return Number(v)
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])]
    const check = new Date(Date.UTC(y, m - 1, day))
    if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== day) throw invalid(field, 'is not a date')
    return localToUtc(y, m, day, 0, timeZone)
  }
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) throw invalid(field, 'must be epoch ms, an ISO date-time or YYYY-MM-DD')
  const t = Date.parse(v)
  if (!Number.isFinite(t)) throw invalid(field, 'is not a date')
  return t
}

/** The report query of a request, dates read in the workspace's zone (ranges are checked by the service). */
export async function toQuery(
  ctx: AppContext,
  workspaceId: string,
  q: z.infer<typeof ReportQuery>,
): Promise<CareReportQuery> {
  const ws = await ctx.db.kysely
    .selectFrom('workspaces')
    .select('time_zone')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow()
  const to = q.to === undefined ? ctx.clock.now() : parseInstant('to', q.to, ws.time_zone)
  const from = q.from === undefined ? to - 30 * DAY : parseInstant('from', q.from, ws.time_zone)
  return {
    from,
    to,
    compare: q.compare ?? 'previous',
    hours: q.hours ?? (await ctx.analytics.defaultHours(workspaceId)),
    presenceId: q.presenceId,
    channelId: q.channelId,
    agentId: q.agentId,
    teamId: q.teamId,
    label: q.label,
  }
}

export function registerCareReportRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.report, async (c) => {
    const a = authorize(c, 'reports.read')
    const query = await toQuery(ctx, a.workspaceId, c.req.valid('query'))
    return c.json(await ctx.analytics.care.report(a.workspaceId, query), 200)
  })
  app.openapi(routes.drill, async (c) => {
    const a = authorize(c, 'reports.read')
    const q = c.req.valid('query')
    const query = await toQuery(ctx, a.workspaceId, q)
    const drillParams: Record<string, string> = {}
    for (const k of DRILL_PARAMS) if (q[k] !== undefined) drillParams[k] = q[k]
    const limit = q.limit === undefined ? 50 : Number(q.limit)
    if (limit < 1 || limit > 200) throw invalid('limit', 'must be 1 to 200')
    return c.json(
      await ctx.analytics.careDrill.drill(a.workspaceId, {
        ...query,
        metric: q.metric,
        params: drillParams,
        cursor: q.cursor,
        limit,
      }),
      200,
    )
  })
}

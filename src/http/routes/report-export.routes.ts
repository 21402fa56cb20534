/**
 * Report exports (issue 6): every report table as CSV and each report as PDF, for the care and the
 * presence report, with the same query as the report itself; and the weekly digest opt-in.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { CareReport, Table } from '../../analytics/care.types.js'
import { exportFileName, tableToCsv } from '../../analytics/export-csv.js'
import { type PrintableReport, reportToPdf } from '../../analytics/export-report-pdf.js'
import type { AppContext } from '../../context.js'
import { invalid } from '../../core/errors.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse } from '../schemas.js'
import { ReportQuery, toQuery } from './report-care.routes.js'
import { PresenceQuery, presenceQuery, workspaceZone } from './report-presence.routes.js'

const tags = ['Reports']
const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
const TableKey = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_.:-]+$/)
  .openapi({ description: 'The `key` of one of the report’s tables' })
const csv = (description: string) => ({
  200: { description, content: { 'text/csv': { schema: z.string() } } },
  ...ERRORS,
})
const pdf = (description: string) => ({
  200: { description, content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
  ...ERRORS,
})

const DigestPreference = z
  .object({
    weekly: z.boolean(),
    emailConfigured: z.boolean().openapi({ description: 'False when SMTP is not set up: nothing is sent' }),
  })
  .openapi('DigestPreference')

const routes = {
  digest: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/reports/digest',
    tags,
    summary: 'Whether you get the weekly report digest by email (Monday 08:00 in the workspace zone)',
    request: { params: wsParams },
    responses: { 200: jsonResponse(DigestPreference, 'Your preference'), ...ERRORS },
  }),
  setDigest: createRoute({
    method: 'put',
    path: '/api/workspaces/{workspaceId}/reports/digest',
    tags,
    summary: 'Opt in to or out of the weekly report digest',
    request: {
      params: wsParams,
      body: jsonBody(z.strictObject({ weekly: z.boolean() }).openapi('DigestPreferenceInput')),
    },
    responses: { 200: jsonResponse(DigestPreference, 'Your preference'), ...ERRORS },
  }),
  presenceCsv: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/reports/presence/export.csv',
    tags,
    summary: 'One table of the presence report as CSV (RFC 4180, UTF-8, header row)',
    description: 'Text cells starting with = + - @ get a leading apostrophe so spreadsheets do not run them.',
    request: { params: wsParams, query: PresenceQuery.extend({ table: TableKey }) },
    responses: csv('The table'),
  }),
  presencePdf: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/reports/presence/export.pdf',
    tags,
    summary: 'The presence report as PDF: period, figures with definitions, charts, tables',
    request: { params: wsParams, query: PresenceQuery },
    responses: pdf('The report'),
  }),
  careCsv: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/reports/care/export.csv',
    tags,
    summary: 'One table of the care report as CSV (RFC 4180, UTF-8, header row)',
    request: { params: wsParams, query: ReportQuery.extend({ table: TableKey }) },
    responses: csv('The table'),
  }),
  carePdf: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/reports/care/export.pdf',
    tags,
    summary: 'The care report as PDF: period, figures with definitions, charts, tables',
    request: { params: wsParams, query: ReportQuery },
    responses: pdf('The report'),
  }),
}

function pickTable(tables: Table[], key: string): Table {
  const t = tables.find((x) => x.key === key)
  if (!t) throw invalid('table', `must be one of: ${tables.map((x) => x.key).join(', ')}`)
  return t
}

function attachment(name: string, type: string) {
  return {
    'content-type': type,
    'content-disposition': `attachment; filename="${name}"`,
    'cache-control': 'no-store',
  }
}

export function registerReportExportRoutes(app: App, ctx: AppContext): void {
  const presenceReport = async (workspaceId: string, raw: z.infer<typeof PresenceQuery>) => {
    const q = presenceQuery(raw, ctx.clock.now(), await workspaceZone(ctx, workspaceId))
    return { q, report: await ctx.presenceMetrics.report.report(workspaceId, q) }
  }
  const careReport = async (workspaceId: string, raw: z.infer<typeof ReportQuery>) => {
    const q = await toQuery(ctx, workspaceId, raw)
    return { q, report: (await ctx.analytics.care.report(workspaceId, q)) as CareReport }
  }
  const pdfBody = (title: string, report: PrintableReport) =>
    reportToPdf(title, 'Townhall report', report, ctx.clock.now())

  app.openapi(routes.digest, async (c) => {
    const a = authorize(c, 'reports.read')
    const d = ctx.presenceMetrics.digest
    return c.json(
      { weekly: await d.preference(a.workspaceId, a.memberId), emailConfigured: d.emailConfigured },
      200,
    )
  })

  app.openapi(routes.setDigest, async (c) => {
    const a = authorize(c, 'reports.read')
    const d = ctx.presenceMetrics.digest
    const { weekly } = c.req.valid('json')
    await d.setPreference(a.workspaceId, a.memberId, weekly)
    return c.json({ weekly, emailConfigured: d.emailConfigured }, 200)
  })

  app.openapi(routes.presenceCsv, async (c) => {
    const a = authorize(c, 'reports.read')
    const raw = c.req.valid('query')
    const { q, report } = await presenceReport(a.workspaceId, raw)
    const table = pickTable(report.tables, raw.table)
    const name = exportFileName(
      'presence',
      table.key,
      q.from,
      q.to,
      'csv',
      await workspaceZone(ctx, a.workspaceId),
    )
    return c.body(tableToCsv(table), 200, attachment(name, 'text/csv; charset=utf-8'))
  })

  app.openapi(routes.presencePdf, async (c) => {
    const a = authorize(c, 'reports.read')
    const { q, report } = await presenceReport(a.workspaceId, c.req.valid('query'))
    const ws = await ctx.workspaces.get(a.workspaceId)
    const bytes = pdfBody(`Presence report — ${ws.name}`, report)
    const name = exportFileName(
      'presence',
      'report',
      q.from,
      q.to,
      'pdf',
      await workspaceZone(ctx, a.workspaceId),
    )
    return c.body(bytes.buffer as ArrayBuffer, 200, attachment(name, 'application/pdf'))
  })

  app.openapi(routes.careCsv, async (c) => {
    const a = authorize(c, 'reports.read')
    const raw = c.req.valid('query')
    const { q, report } = await careReport(a.workspaceId, raw)
    const table = pickTable(report.tables, raw.table)
    const name = exportFileName(
      'care',
      table.key,
      q.from,
      q.to,
      'csv',
      await workspaceZone(ctx, a.workspaceId),
    )
    return c.body(tableToCsv(table), 200, attachment(name, 'text/csv; charset=utf-8'))
  })

  app.openapi(routes.carePdf, async (c) => {
    const a = authorize(c, 'reports.read')
    const { q, report } = await careReport(a.workspaceId, c.req.valid('query'))
    const ws = await ctx.workspaces.get(a.workspaceId)
    const bytes = pdfBody(`Care report — ${ws.name}`, report)
    const name = exportFileName(
      'care',
      'report',
      q.from,
      q.to,
      'pdf',
      await workspaceZone(ctx, a.workspaceId),
    )
    return c.body(bytes.buffer as ArrayBuffer, 200, attachment(name, 'application/pdf'))
  })
}

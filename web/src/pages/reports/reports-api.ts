/** Types and endpoints of the reports API (care and presence reports, drill-downs, exports, digest). */
import { client, ok, type Schemas } from '../../api.js'

export type CareReport = Schemas['CareReport']
export type Figure = CareReport['figures'][number]
export type FigureUnit = Figure['unit']
export type DrillRef = NonNullable<Figure['drill']>
export type Series = CareReport['series'][number]
export type Breakdown = CareReport['breakdowns'][number]
export type Table = CareReport['tables'][number]
export type DrillPage = Schemas['CareDrillPage']
export type PresenceReport = Schemas['PresenceReport']
export type PresenceDrillPage = Schemas['PresenceDrillPage']

export type ReportKind = 'care' | 'presence'

export interface Period {
  /** YYYY-MM-DD, first day (inclusive), in the workspace zone. */
  from: string
  /** YYYY-MM-DD, the day after the last one (exclusive). */
  to: string
  compare: boolean
}

const base = (wid: string, kind: ReportKind) => `/api/workspaces/${encodeURIComponent(wid)}/reports/${kind}`

/** The period as query parameters (`from`, `to`, `compare`). */
function periodParams(p: Period) {
  return { from: p.from, to: p.to, compare: p.compare ? ('previous' as const) : ('none' as const) }
}

export function periodQuery(p: Period, extra: Record<string, string> = {}): string {
  return new URLSearchParams({ ...periodParams(p), ...extra }).toString()
}

const W = (workspaceId: string) => ({ workspaceId })

export const reportsApi = {
  care: (wid: string, p: Period) =>
    ok(
      client.GET('/api/workspaces/{workspaceId}/reports/care', {
        params: { path: W(wid), query: periodParams(p) },
      }),
    ),
  presence: (wid: string, p: Period) =>
    ok(
      client.GET('/api/workspaces/{workspaceId}/reports/presence', {
        params: { path: W(wid), query: periodParams(p) },
      }),
    ),
  careDrill: (wid: string, p: Period, ref: DrillRef) =>
    ok(
      client.GET('/api/workspaces/{workspaceId}/reports/care/drill', {
        params: { path: W(wid), query: { ...periodParams(p), ...ref.params, metric: ref.metric } },
      }),
    ),
  presenceDrill: (wid: string, p: Period, ref: DrillRef) =>
    ok(
      client.GET('/api/workspaces/{workspaceId}/reports/presence/drill', {
        params: { path: W(wid), query: { ...periodParams(p), ...ref.params } },
      }),
    ),
  csvUrl: (wid: string, kind: ReportKind, p: Period, table: string) =>
    `${base(wid, kind)}/export.csv?${periodQuery(p, { table })}`,
  pdfUrl: (wid: string, kind: ReportKind, p: Period) => `${base(wid, kind)}/export.pdf?${periodQuery(p)}`,
  digest: (wid: string) =>
    ok(client.GET('/api/workspaces/{workspaceId}/reports/digest', { params: { path: W(wid) } })),
  setDigest: (wid: string, weekly: boolean) =>
    ok(
      client.PUT('/api/workspaces/{workspaceId}/reports/digest', {
        params: { path: W(wid) },
        body: { weekly },
      }),
    ),
}

/** A value for people: durations in h/min, ratios in %, counts as numbers. */
export function formatValue(value: number | null | undefined, unit?: FigureUnit): string {
  if (value === null || value === undefined) return '–'
  if (unit === 'ratio') return `${(value * 100).toFixed(1)} %`
  if (unit === 'ms') {
    if (value < 60_000) return `${Math.round(value / 1000)} s`
    const min = Math.round(value / 60_000)
    if (min < 60) return `${min} min`
    const h = Math.floor(min / 60)
    if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`
    return `${(h / 24).toFixed(1)} days`
  }
  return Number.isInteger(value) ? value.toLocaleString() : value.toFixed(1)
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(timeZone: string, now = Date.now()): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(now))
  return parts
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

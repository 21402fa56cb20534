/**
 * The care report's shape (issue 6): what `GET /api/workspaces/{wid}/reports/care` returns and what
 * the reports page renders. Stable: the web imports it with `import type`.
 *
 * Every duration is in ms, every ratio in 0..1, every instant epoch ms. Medians and percentiles are
 * nearest-rank (docs/adr/0012-care-metrics.md); a figure with nothing to count is `null`, never 0.
 */

export type CareCompare = 'previous' | 'none'
export type CareHours = 'calendar' | 'business'

export interface CareReportQuery {
  /** Start of the period (inclusive), epoch ms. */
  from: number
  /** End of the period (exclusive), epoch ms. */
  to: number
  /** 'previous': also compute the equal-length period just before `from`. */
  compare: CareCompare
  presenceId?: string
  channelId?: string
  /** Member id of the assignee. */
  agentId?: string
  teamId?: string
  label?: string
  /** Response and resolution times measured around the clock or in the workspace's business hours. */
  hours: CareHours
}

export type FigureUnit = 'ms' | 'ratio' | 'count'

/** Names a drill-down: `GET .../reports/care/drill?metric=<metric>&<params>` lists the conversations behind it. */
export interface DrillRef {
  metric: string
  params: Record<string, string>
}

export interface Figure {
  key: string
  label: string
  /** Plain language: exactly what is counted. */
  definition: string
  unit: FigureUnit
  value: number | null
  /** The same figure over the previous period (null when not compared or nothing to count). */
  previous: number | null
  drill?: DrillRef
  /** For a share: what it counts, of how many decided, and how many are not decided yet. */
  basis?: FigureBasis
}

/** `count` of `of` decided cases; `pending` more are open and not yet past the target. */
export interface FigureBasis {
  count: number
  of: number
  pending: number
}

export interface SeriesPoint {
  /** Start of the bucket (a local day in the workspace's zone), epoch ms. */
  t: number
  value: number | null
}

export interface Series {
  key: string
  label: string
  definition: string
  unit?: FigureUnit
  points: SeriesPoint[]
  /** The same series over the previous period, day by day, when the report compares. */
  previous?: SeriesPoint[]
}

export interface BreakdownRow {
  key: string
  label: string
  value: number
  drill?: DrillRef
}

export interface Breakdown {
  key: string
  label: string
  definition: string
  rows: BreakdownRow[]
}

export interface TableColumn {
  key: string
  label: string
  unit?: FigureUnit
}

/** Every table is exportable as CSV as it stands. */
export interface Table {
  key: string
  title: string
  columns: TableColumn[]
  rows: Record<string, string | number | null>[]
}

export interface CareReport {
  period: { from: number; to: number }
  previous?: { from: number; to: number }
  /** The workspace's IANA zone: days, hours and weekdays are counted in it. */
  timeZone: string
  hours: CareHours
  figures: Figure[]
  series: Series[]
  breakdowns: Breakdown[]
  tables: Table[]
}

/** One conversation behind a figure or row. */
export interface DrillItem {
  conversationId: string
  channelId: string
  contactId: string
  preview: string
  state: string
  priority: string
  intent: string | null
  sentiment: string | null
  createdAt: number
  /** The measured value for this conversation when the figure is a duration (ms), else null. */
  value: number | null
}

export interface DrillPage {
  metric: string
  items: DrillItem[]
  total: number
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null
}

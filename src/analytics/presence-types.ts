/**
 * The presence report's shape: the same family as the care report (figures with definitions,
 * series, breakdowns, tables, drill refs; src/analytics/care.types.ts), plus per-series targets.
 * The web imports it with `import type`.
 */
import type { Breakdown, Figure, Series, Table } from './care.types.js'

export interface PresenceReportQuery {
  /** Start of the period (inclusive), epoch ms. */
  from: number
  /** End of the period (exclusive), epoch ms. */
  to: number
  compare: 'previous' | 'none'
  presenceId?: string
  channelId?: string
}

export interface PresenceSeries extends Series {
  /** What the series is about, for colouring and filtering. */
  channelId?: string
  presenceId?: string
  /** A line drawn across the chart (posts per week: the presence's target), or null when none is set. */
  target?: number | null
}

export interface PresenceReport {
  period: { from: number; to: number }
  previous?: { from: number; to: number }
  timeZone: string
  figures: Figure[]
  series: PresenceSeries[]
  breakdowns: Breakdown[]
  tables: Table[]
}

/** One published post on one channel, behind a figure or a bar. */
export interface PresenceDrillItem {
  postId: string
  deliveryId: string
  channelId: string
  channelHandle: string
  network: string
  presenceId: string
  title: string
  publishedAt: number
  url: string | null
  likes: number
  reposts: number
  replies: number
  quotes: number
  engagement: number
  /** Engagement added during the period (latest reading before its end minus before its start). */
  growth: number
}

export interface PresenceDrillPage {
  metric: string
  items: PresenceDrillItem[]
  total: number
}

/**
 * The leader scorecard's arithmetic, pure so a hand-computed fixture can check it. The service
 * (scorecard.service.ts) loads the rows; this turns them into weekly figures and a trend.
 *
 * Rules (docs/adr/0015-leader-rhythm.md):
 * - 12 complete weeks (Monday to Sunday in the workspace's time zone) plus the current week so far.
 * - A week meets the cadence target when posts ≥ postsPerWeek and replies ≥ repliesPerWeek;
 *   consistency = complete weeks meeting it / 12.
 * - Response time: for every inbound message, the time to the first reply of ours in the same
 *   conversation at or after it; the week's median is over the answered inbound messages of that week.
 * - Audience growth per network: followers at the week's last recorded day minus at the previous
 *   week's (summed over the network's channels that have both).
 * - Engagement per post: the latest snapshot of each delivery published in the week (likes + reposts
 *   + replies + quotes), summed, divided by the number of distinct posts.
 * - Sentiment of mentions: inbound messages by sentiment; net = (positive − negative) / total.
 * - Trend: mean of the last 4 complete weeks against the 4 before; "flat" within ±10 %.
 */
import { median } from './practice.results.js'

export const SCORECARD_WEEKS = 12

export interface ScorecardWeekRange {
  /** Monday, YYYY-MM-DD (local). */
  week: string
  start: number
  end: number
  /** The local days of the week, YYYY-MM-DD, Monday first. */
  days: string[]
  partial: boolean
}

export interface CadenceTarget {
  postsPerWeek: number
  repliesPerWeek: number
}

export interface ScorecardRows {
  published: Array<{ postId: string; deliveryId: string; at: number }>
  inbound: Array<{ conversationId: string; at: number; sentiment: string | null }>
  outbound: Array<{ conversationId: string; at: number }>
  followers: Array<{ channelId: string; network: string; day: string; followers: number | null }>
  snapshots: Array<{
    deliveryId: string
    takenAt: number
    likes: number
    reposts: number
    replies: number
    quotes: number
  }>
}

export interface ScorecardWeek {
  week: string
  partial: boolean
  posts: number
  replies: number
  meetsTarget: boolean | null
  inbound: number
  answered: number
  medianResponseMs: number | null
  followerGrowth: Record<string, number | null>
  engagementPerPost: number | null
  sentiment: { positive: number; neutral: number; negative: number; net: number | null }
}

/** Better or worse for the leader (a falling response time is better). */
export type Trend = 'better' | 'worse' | 'flat' | null

export interface ScorecardFigures {
  target: CadenceTarget | null
  /** Complete weeks meeting the target / 12 (null without a target). */
  consistency: number | null
  weeksMeetingTarget: number | null
  totals: {
    posts: number
    replies: number
    medianResponseMs: number | null
    followerGrowth: Record<string, number | null>
    engagementPerPost: number | null
    sentiment: { positive: number; neutral: number; negative: number; net: number | null }
  }
  trend: {
    posts: Trend
    replies: Trend
    medianResponseMs: Trend
    engagementPerPost: Trend
    netSentiment: Trend
  }
  /** 12 complete weeks, oldest first, then the current week (partial). */
  weeks: ScorecardWeek[]
}

const inWeek = (at: number, w: ScorecardWeekRange) => at >= w.start && at < w.end

function net(s: { positive: number; neutral: number; negative: number }): number | null {
  const total = s.positive + s.neutral + s.negative
  return total === 0 ? null : (s.positive - s.negative) / total
}

/** Response time of every inbound message that got a reply (first reply at or after it, same conversation). */
export function responseTimes(
  rows: Pick<ScorecardRows, 'inbound' | 'outbound'>,
): Array<{ at: number; ms: number | null }> {
  const outs = new Map<string, number[]>()
  for (const o of rows.outbound) {
    const list = outs.get(o.conversationId) ?? []
    list.push(o.at)
    outs.set(o.conversationId, list)
  }
  for (const list of outs.values()) list.sort((a, b) => a - b)
  return rows.inbound.map((m) => {
    const list = outs.get(m.conversationId)
    const first = list?.find((t) => t >= m.at)
    return { at: m.at, ms: first === undefined ? null : first - m.at }
  })
}

/** Followers of each network at the last recorded day ≤ `day` (channels without a value are left out). */
function followersAt(rows: ScorecardRows['followers'], day: string): Map<string, Map<string, number>> {
  const best = new Map<string, { day: string; followers: number; network: string }>()
  for (const r of rows) {
    if (r.followers === null || r.day > day) continue
    const b = best.get(r.channelId)
    if (!b || r.day > b.day) best.set(r.channelId, { day: r.day, followers: r.followers, network: r.network })
  }
  const out = new Map<string, Map<string, number>>()
  for (const [channelId, b] of best) {
    const m = out.get(b.network) ?? new Map<string, number>()
    m.set(channelId, b.followers)
    out.set(b.network, m)
  }
  return out
}

function growth(
  rows: ScorecardRows['followers'],
  networks: string[],
  fromDay: string,
  toDay: string,
): Record<string, number | null> {
  const before = followersAt(rows, fromDay)
  const after = followersAt(rows, toDay)
  const out: Record<string, number | null> = {}
  for (const n of networks) {
    const a = after.get(n)
    const b = before.get(n)
    let sum: number | null = null
    if (a && b)
      for (const [ch, v] of a) {
        const w = b.get(ch)
        if (w !== undefined) sum = (sum ?? 0) + (v - w)
      }
    out[n] = sum
  }
  return out
}

function dayBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! - 1)).toISOString().slice(0, 10)
}

function trendOf(values: Array<number | null>, higherIsBetter = true): Trend {
  const last = values.slice(-4).filter((v): v is number => v !== null)
  const prev = values.slice(-8, -4).filter((v): v is number => v !== null)
  if (last.length === 0 || prev.length === 0) return null
  const a = last.reduce((s, v) => s + v, 0) / last.length
  const b = prev.reduce((s, v) => s + v, 0) / prev.length
  const band = Math.abs(b) * 0.1
  if (Math.abs(a - b) <= band || a === b) return 'flat'
  const rising = a > b
  return rising === higherIsBetter ? 'better' : 'worse'
}

export function computeScorecard(
  ranges: ScorecardWeekRange[],
  target: CadenceTarget | null,
  rows: ScorecardRows,
): ScorecardFigures {
  const networks = [...new Set(rows.followers.map((f) => f.network))].sort()
  const latest = new Map<string, ScorecardRows['snapshots'][number]>()
  for (const s of rows.snapshots) {
    const l = latest.get(s.deliveryId)
    if (!l || s.takenAt > l.takenAt) latest.set(s.deliveryId, s)
  }
  const times = responseTimes(rows)
  const weeks: ScorecardWeek[] = ranges.map((w) => {
    const pub = rows.published.filter((p) => inWeek(p.at, w))
    const postIds = new Set(pub.map((p) => p.postId))
    const replies = rows.outbound.filter((o) => inWeek(o.at, w)).length
    const inbound = rows.inbound.filter((m) => inWeek(m.at, w))
    const answeredMs = times.filter((t) => inWeek(t.at, w) && t.ms !== null).map((t) => t.ms!)
    const sentiment = { positive: 0, neutral: 0, negative: 0 }
    for (const m of inbound) {
      if (m.sentiment === 'positive' || m.sentiment === 'negative') sentiment[m.sentiment]++
      else sentiment.neutral++
    }
    let engagement = 0
    for (const p of pub) {
      const s = latest.get(p.deliveryId)
      if (s) engagement += s.likes + s.reposts + s.replies + s.quotes
    }
    const lastDay = w.days[w.days.length - 1]!
    return {
      week: w.week,
      partial: w.partial,
      posts: postIds.size,
      replies,
      meetsTarget: target ? postIds.size >= target.postsPerWeek && replies >= target.repliesPerWeek : null,
      inbound: inbound.length,
      answered: answeredMs.length,
      medianResponseMs: median(answeredMs),
      followerGrowth: growth(rows.followers, networks, dayBefore(w.days[0]!), lastDay),
      engagementPerPost: postIds.size === 0 ? null : engagement / postIds.size,
      sentiment: { ...sentiment, net: net(sentiment) },
    }
  })
  const complete = weeks.filter((w) => !w.partial)
  const completeRanges = ranges.filter((r) => !r.partial)
  const meeting = target ? complete.filter((w) => w.meetsTarget).length : null
  const all = { positive: 0, neutral: 0, negative: 0 }
  for (const w of complete) {
    all.positive += w.sentiment.positive
    all.neutral += w.sentiment.neutral
    all.negative += w.sentiment.negative
  }
  const windowStart = completeRanges[0]?.start ?? 0
  const windowEnd = completeRanges[completeRanges.length - 1]?.end ?? 0
  const allMs = times
    .filter((t) => t.at >= windowStart && t.at < windowEnd && t.ms !== null)
    .map((t) => t.ms!)
  const posts = complete.reduce((s, w) => s + w.posts, 0)
  const engagementWeeks = complete.filter((w) => w.engagementPerPost !== null)
  const engagementTotal = engagementWeeks.reduce((s, w) => s + w.engagementPerPost! * w.posts, 0)
  return {
    target,
    consistency: meeting === null ? null : meeting / SCORECARD_WEEKS,
    weeksMeetingTarget: meeting,
    totals: {
      posts,
      replies: complete.reduce((s, w) => s + w.replies, 0),
      medianResponseMs: median(allMs),
      followerGrowth:
        completeRanges.length === 0
          ? {}
          : growth(
              rows.followers,
              networks,
              dayBefore(completeRanges[0]!.days[0]!),
              completeRanges[completeRanges.length - 1]!.days[6]!,
            ),
      engagementPerPost: posts === 0 ? null : engagementTotal / posts,
      sentiment: { ...all, net: net(all) },
    },
    trend: {
      posts: trendOf(complete.map((w) => w.posts)),
      replies: trendOf(complete.map((w) => w.replies)),
      medianResponseMs: trendOf(
        complete.map((w) => w.medianResponseMs),
        false,
      ),
      engagementPerPost: trendOf(complete.map((w) => w.engagementPerPost)),
      netSentiment: trendOf(complete.map((w) => w.sentiment.net)),
    },
    weeks,
  }
}

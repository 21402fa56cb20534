/**
 * Loading of presence history for the presence report: the scope (presences, channels), the
 * deliveries published in a period, their metric readings and the follower rows; and the period's
 * facts computed from them. Reads stored tables only.
 */
import type { Kysely } from 'kysely'
import { notFound } from '../core/errors.js'
import { addLocalDays, zonedToUtc } from '../core/zoned-time.js'
import type { Database } from '../db/schema.js'
import { localDay } from './presence-collect.js'
import type { PresenceReportQuery } from './presence-types.js'

const DAY = 86_400_000
const WEEK = 7 * DAY

export interface ChannelInfo {
  id: string
  presenceId: string
  handle: string
  network: string
  /** The count the channel card shows (read when the channel was connected or last checked). */
  followerCount: number | null
}

export interface Reading {
  t: number
  likes: number
  reposts: number
  replies: number
  quotes: number
}

export interface DeliveryFacts {
  id: string
  postId: string
  channelId: string
  presenceId: string
  title: string
  url: string | null
  publishedAt: number
  readings: Reading[]
}

export const total = (r: Reading | undefined) => (r ? r.likes + r.reposts + r.replies + r.quotes : 0)

/** The last reading strictly before `t`. */
export function asOf(readings: Reading[], t: number): Reading | undefined {
  let found: Reading | undefined
  for (const r of readings) {
    if (r.t >= t) break
    found = r
  }
  return found
}

/** Nearest-rank median; null for no values. */
export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.ceil(sorted.length / 2) - 1]!
}

export function parseDay(day: string): {
  year: number
  month: number
  day: number
  hour: number
  minute: number
} {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return { year: y, month: m, day: d, hour: 0, minute: 0 }
}

/** Local days of [from, to) in `tz`: their names and the instants they start. */
export function localDays(from: number, to: number, tz: string): Array<{ day: string; t: number }> {
  const out: Array<{ day: string; t: number }> = []
  let d = parseDay(localDay(from, tz))
  for (let i = 0; i < 800; i++) {
    const t = zonedToUtc(d, tz)
    if (t >= to) break
    const name = `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`
    out.push({ day: name, t })
    d = addLocalDays(d, 1)
  }
  return out
}

export interface Facts {
  deliveries: DeliveryFacts[]
  posts: number
  engagement: number
  engagementMedian: number | null
  gained: number
  followersEnd: number | null
  followersStart: number | null
  postsPerWeek: number
}

export class PresenceHistory {
  constructor(private readonly db: Kysely<Database>) {}

  async scope(workspaceId: string, q: Pick<PresenceReportQuery, 'presenceId' | 'channelId'>) {
    const ws = await this.db
      .selectFrom('workspaces')
      .select(['time_zone'])
      .where('id', '=', workspaceId)
      .executeTakeFirst()
    if (!ws) throw notFound('workspace')
    let pq = this.db
      .selectFrom('presences as p')
      .leftJoin('presence_cadence_targets as t', 't.presence_id', 'p.id')
      .select(['p.id', 'p.display_name', 't.cadence_target_per_week'])
      .where('p.workspace_id', '=', workspaceId)
    if (q.presenceId) pq = pq.where('p.id', '=', q.presenceId)
    const presences = await pq.orderBy('p.created_at').orderBy('p.id').execute()
    if (q.presenceId && presences.length === 0) throw notFound('presence')
    let cq = this.db
      .selectFrom('channels')
      .select(['id', 'presence_id', 'handle', 'network', 'follower_count'])
      .where('workspace_id', '=', workspaceId)
    if (q.presenceId) cq = cq.where('presence_id', '=', q.presenceId)
    if (q.channelId) cq = cq.where('id', '=', q.channelId)
    const channels: ChannelInfo[] = (await cq.orderBy('created_at').orderBy('id').execute()).map((c) => ({
      id: c.id,
      presenceId: c.presence_id,
      handle: c.handle,
      network: c.network,
      followerCount: c.follower_count,
    }))
    if (q.channelId && channels.length === 0) throw notFound('channel')
    return { timeZone: ws.time_zone, presences, channels }
  }

  /** Deliveries published in [from, to) on `channels`, with their readings before `to`. */
  async deliveries(
    workspaceId: string,
    channels: ChannelInfo[],
    from: number,
    to: number,
  ): Promise<DeliveryFacts[]> {
    if (channels.length === 0) return []
    const ids = channels.map((c) => c.id)
    const presenceOf = new Map(channels.map((c) => [c.id, c.presenceId]))
    const rows = await this.db
      .selectFrom('post_deliveries as d')
      .innerJoin('posts as p', 'p.id', 'd.post_id')
      .select(['d.id', 'd.post_id', 'd.channel_id', 'd.url', 'd.published_at', 'p.title'])
      .where('d.workspace_id', '=', workspaceId)
      .where('d.channel_id', 'in', ids)
      .where('d.published_at', 'is not', null)
      .where('d.published_at', '>=', from)
      .where('d.published_at', '<', to)
      .orderBy('d.published_at')
      .orderBy('d.id')
      .execute()
    const snaps = await this.db
      .selectFrom('metric_post_snapshots')
      .select(['delivery_id', 'taken_at', 'likes', 'reposts', 'replies', 'quotes'])
      .where('workspace_id', '=', workspaceId)
      .where('channel_id', 'in', ids)
      .where('taken_at', '>=', from)
      .where('taken_at', '<', to)
      .orderBy('delivery_id')
      .orderBy('taken_at')
      .execute()
    const readings = new Map<string, Reading[]>()
    for (const s of snaps) {
      const list = readings.get(s.delivery_id) ?? []
      list.push({ t: s.taken_at, likes: s.likes, reposts: s.reposts, replies: s.replies, quotes: s.quotes })
      readings.set(s.delivery_id, list)
    }
    return rows.map((r) => ({
      id: r.id,
      postId: r.post_id,
      channelId: r.channel_id,
      presenceId: presenceOf.get(r.channel_id)!,
      title: r.title,
      url: r.url,
      publishedAt: r.published_at!,
      readings: readings.get(r.id) ?? [],
    }))
  }

  /** Every reading on `channels` in [from - 31 days, to), for engagement gained in a period. */
  async readingsAround(workspaceId: string, channels: ChannelInfo[], from: number, to: number) {
    if (channels.length === 0) return new Map<string, Reading[]>()
    const snaps = await this.db
      .selectFrom('metric_post_snapshots')
      .select(['delivery_id', 'taken_at', 'likes', 'reposts', 'replies', 'quotes'])
      .where('workspace_id', '=', workspaceId)
      .where(
        'channel_id',
        'in',
        channels.map((c) => c.id),
      )
      .where('taken_at', '>=', from - 31 * DAY)
      .where('taken_at', '<', to)
      .orderBy('delivery_id')
      .orderBy('taken_at')
      .execute()
    const map = new Map<string, Reading[]>()
    for (const s of snaps) {
      const list = map.get(s.delivery_id) ?? []
      list.push({ t: s.taken_at, likes: s.likes, reposts: s.reposts, replies: s.replies, quotes: s.quotes })
      map.set(s.delivery_id, list)
    }
    return map
  }

  /**
   * Daily follower rows up to `lastDay`. A channel with no row for `today` yet (connected since the
   * collector last ran) counts with the follower count its card shows, so the report agrees with it.
   */
  async followerRows(workspaceId: string, channels: ChannelInfo[], lastDay: string, today?: string) {
    if (channels.length === 0) return []
    const rows = await this.db
      .selectFrom('metric_follower_daily')
      .select(['channel_id', 'day', 'followers'])
      .where('workspace_id', '=', workspaceId)
      .where(
        'channel_id',
        'in',
        channels.map((c) => c.id),
      )
      .where('day', '<=', lastDay)
      .orderBy('channel_id')
      .orderBy('day')
      .execute()
    if (today === undefined || today > lastDay) return rows
    // @NOTE consumers filter rows per channel, so a row appended here is that channel's latest.
    for (const c of channels)
      if (c.followerCount !== null && !rows.some((r) => r.channel_id === c.id && r.day === today))
        rows.push({ channel_id: c.id, day: today, followers: c.followerCount })
    return rows
  }

  async facts(
    workspaceId: string,
    channels: ChannelInfo[],
    tz: string,
    from: number,
    to: number,
    now?: number,
  ): Promise<
    Facts & {
      around: Map<string, Reading[]>
      followers: Awaited<ReturnType<PresenceHistory['followerRows']>>
    }
  > {
    const deliveries = await this.deliveries(workspaceId, channels, from, to)
    const around = await this.readingsAround(workspaceId, channels, from, to)
    const perPost = deliveries.map((d) => total(asOf(around.get(d.id) ?? d.readings, to)))
    let gained = 0
    for (const list of around.values()) gained += total(asOf(list, to)) - total(asOf(list, from))
    const firstDay = localDay(from, tz)
    const lastDay = localDay(to - 1, tz)
    const followers = await this.followerRows(
      workspaceId,
      channels,
      lastDay,
      now === undefined ? undefined : localDay(now, tz),
    )
    let start: number | null = null
    let end: number | null = null
    for (const ch of channels) {
      const rows = followers.filter((r) => r.channel_id === ch.id && r.followers !== null)
      const before = rows.filter((r) => r.day < firstDay).at(-1) ?? rows.find((r) => r.day >= firstDay)
      const last = rows.at(-1)
      if (before?.followers != null) start = (start ?? 0) + before.followers
      if (last?.followers != null) end = (end ?? 0) + last.followers
    }
    const weeks = Math.max(1, (to - from) / WEEK)
    return {
      deliveries,
      around,
      followers,
      posts: deliveries.length,
      engagement: perPost.reduce((a, b) => a + b, 0),
      engagementMedian: median(perPost),
      gained,
      followersStart: start,
      followersEnd: end,
      postsPerWeek: Math.round((new Set(deliveries.map((d) => d.postId)).size / weeks) * 10) / 10,
    }
  }
}

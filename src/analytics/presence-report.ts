/**
 * The presence report (issue 6): how the brand and its leaders are heard. Reads only stored history
 * (metric_post_snapshots, metric_follower_daily, post_deliveries); nothing here calls a network.
 * Days are local days in the workspace's zone; medians are nearest-rank.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { notFound } from '../core/errors.js'
import type { Database } from '../db/schema.js'
import type { StrategyReader } from '../leader/strategy.types.js'
import type { Breakdown, Figure, Table } from './care.types.js'
import { localDay } from './presence-collect.js'
import { asOf, type Facts, localDays, PresenceHistory, total } from './presence-history.js'
import type {
  PresenceDrillItem,
  PresenceDrillPage,
  PresenceReport,
  PresenceReportQuery,
  PresenceSeries,
} from './presence-types.js'

const DAY = 86_400_000
const WEEK = 7 * DAY

export class PresenceReportService {
  private readonly history: PresenceHistory

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** The leaders' strategies (their cadence target wins over the presence's own), when built. */
    private readonly strategies?: () => StrategyReader | undefined,
  ) {
    this.history = new PresenceHistory(db)
  }

  private async targetOf(
    workspaceId: string,
    p: { id: string; cadence_target_per_week: number | null },
  ): Promise<number | null> {
    const reader = this.strategies?.()
    if (reader) {
      try {
        const s = await reader.getStrategy(workspaceId, p.id)
        if (s && s.cadence.postsPerWeek > 0) return s.cadence.postsPerWeek
      } catch {
        // @NOTE a strategy that cannot be read falls back to the presence's own target.
      }
    }
    return p.cadence_target_per_week
  }

  async report(workspaceId: string, q: PresenceReportQuery): Promise<PresenceReport> {
    const { timeZone: tz, presences, channels } = await this.history.scope(workspaceId, q)
    const cur = await this.history.facts(workspaceId, channels, tz, q.from, q.to, this.clock.now())
    const prevRange = q.compare === 'previous' ? { from: 2 * q.from - q.to, to: q.from } : undefined
    const prev = prevRange
      ? await this.history.facts(workspaceId, channels, tz, prevRange.from, prevRange.to)
      : undefined
    const growth = (f: Facts) =>
      f.followersEnd !== null && f.followersStart !== null ? f.followersEnd - f.followersStart : null
    const fig = (
      key: string,
      label: string,
      definition: string,
      pick: (f: Facts) => number | null,
      drill?: Figure['drill'],
    ): Figure => ({
      key,
      label,
      definition,
      unit: 'count',
      value: pick(cur),
      previous: prev ? pick(prev) : null,
      ...(drill ? { drill } : {}),
    })
    const scopeParams: Record<string, string> = {}
    if (q.presenceId) scopeParams.presenceId = q.presenceId
    if (q.channelId) scopeParams.channelId = q.channelId
    const figures: Figure[] = [
      fig(
        'posts',
        'Posts published',
        'Posts published in the period, counted once per channel they went out on.',
        (f) => f.posts,
        { metric: 'posts', params: { ...scopeParams } },
      ),
      fig(
        'engagement',
        'Engagement on these posts',
        "Likes, reposts, replies and quotes on the period's posts, as last read from the network before the period ended.",
        (f) => f.engagement,
        { metric: 'posts', params: { ...scopeParams, sort: 'engagement' } },
      ),
      fig(
        'engagementMedian',
        'Median engagement per post',
        "The middle post's likes + reposts + replies + quotes (nearest rank); not skewed by one viral post.",
        (f) => f.engagementMedian,
        { metric: 'posts', params: { ...scopeParams, sort: 'engagement' } },
      ),
      fig(
        'engagementGained',
        'Engagement gained',
        'Likes, reposts, replies and quotes added during the period on any post we follow (up to 30 days after publishing), from the difference between readings.',
        (f) => f.gained,
        { metric: 'posts', params: { ...scopeParams, sort: 'growth' } },
      ),
      fig(
        'followers',
        'Followers',
        "Followers of the channels in scope on the period's last day with a reading.",
        (f) => f.followersEnd,
      ),
      fig(
        'followerGrowth',
        'Follower growth',
        'Followers on the last day with a reading minus followers on the last day before the period (or its first reading).',
        growth,
      ),
      fig(
        'postsPerWeek',
        'Posts per week',
        'Distinct posts published in the period divided by its length in weeks, counting a shorter period as one week (a post on two channels counts once).',
        (f) => f.postsPerWeek,
        { metric: 'posts', params: { ...scopeParams } },
      ),
    ]

    const days = localDays(q.from, q.to, tz)
    const dayIndex = new Map(days.map((d, i) => [d.day, i]))
    const series: PresenceSeries[] = []
    for (const ch of channels) {
      const values: Array<number | null> = days.map(() => null)
      for (const r of cur.followers)
        if (r.channel_id === ch.id && dayIndex.has(r.day)) values[dayIndex.get(r.day)!] = r.followers
      series.push({
        key: `followers:${ch.id}`,
        label: `Followers of @${ch.handle}`,
        definition: 'Followers of the channel each day, as read from the network (the day’s last reading).',
        unit: 'count',
        channelId: ch.id,
        presenceId: ch.presenceId,
        points: days.map((d, i) => ({ t: d.t, value: values[i] ?? null })),
      })
    }
    const gains = days.map(() => 0)
    for (const list of cur.around.values()) {
      let prevTotal = 0
      for (const r of list) {
        const tot = total(r)
        if (r.t >= q.from && r.t < q.to) {
          const i = dayIndex.get(localDay(r.t, tz))
          if (i !== undefined) gains[i]! += tot - prevTotal
        }
        prevTotal = tot
      }
    }
    series.push({
      key: 'engagement',
      label: 'Engagement gained per day',
      definition: 'Likes, reposts, replies and quotes added each day, from the difference between readings.',
      unit: 'count',
      points: days.map((d, i) => ({ t: d.t, value: gains[i]! })),
    })
    const weekStarts: number[] = []
    for (let t = q.from; t < q.to; t += WEEK) weekStarts.push(t)
    const cadenceRows: Table['rows'] = []
    const cadenceBreakdown: Breakdown = {
      key: 'cadence',
      label: 'Posts per week against the target',
      definition:
        'Distinct posts per week for each presence; the target is the leader strategy’s or the presence’s own.',
      rows: [],
    }
    const weeks = Math.max(1, (q.to - q.from) / WEEK)
    for (const p of presences) {
      const target = await this.targetOf(workspaceId, p)
      const mine = cur.deliveries.filter((d) => d.presenceId === p.id)
      const perWeek = weekStarts.map((w) => {
        const posts = new Set(
          mine
            .filter((d) => d.publishedAt >= w && d.publishedAt < Math.min(q.to, w + WEEK))
            .map((d) => d.postId),
        )
        return posts.size
      })
      const distinct = new Set(mine.map((d) => d.postId)).size
      const rate = Math.round((distinct / weeks) * 10) / 10
      series.push({
        key: `cadence:${p.id}`,
        label: `Posts per week — ${p.display_name}`,
        definition: 'Distinct posts published in each 7-day week of the period, from its start.',
        unit: 'count',
        presenceId: p.id,
        target,
        points: weekStarts.map((t, i) => ({ t, value: perWeek[i]! })),
      })
      cadenceBreakdown.rows.push({
        key: p.id,
        label: p.display_name,
        value: rate,
        drill: { metric: 'posts', params: { presenceId: p.id } },
      })
      cadenceRows.push({
        presenceId: p.id,
        presence: p.display_name,
        posts: distinct,
        perWeek: rate,
        target,
        onTarget: target === null ? '' : rate >= target ? 'yes' : 'no',
      })
    }

    const kinds = { likes: 0, reposts: 0, replies: 0, quotes: 0 }
    const postRows: Table['rows'] = []
    const byChannel = new Map<string, number>()
    for (const d of cur.deliveries) {
      const list = cur.around.get(d.id) ?? d.readings
      const last = asOf(list, q.to)
      kinds.likes += last?.likes ?? 0
      kinds.reposts += last?.reposts ?? 0
      kinds.replies += last?.replies ?? 0
      kinds.quotes += last?.quotes ?? 0
      byChannel.set(d.channelId, (byChannel.get(d.channelId) ?? 0) + 1)
      const ch = channels.find((c) => c.id === d.channelId)!
      postRows.push({
        postId: d.postId,
        post: d.title,
        channel: `@${ch.handle}`,
        network: ch.network,
        publishedAt: new Date(d.publishedAt).toISOString(),
        likes: last?.likes ?? 0,
        reposts: last?.reposts ?? 0,
        replies: last?.replies ?? 0,
        quotes: last?.quotes ?? 0,
        engagement: total(last),
        growth: total(last) - total(asOf(list, q.from)),
        url: d.url,
      })
    }
    const breakdowns: Breakdown[] = [
      {
        key: 'engagement-kind',
        label: 'Engagement by kind',
        definition: "Likes, reposts, replies and quotes on the period's posts, as last read.",
        rows: (Object.keys(kinds) as Array<keyof typeof kinds>).map((k) => ({
          key: k,
          label: k[0]!.toUpperCase() + k.slice(1),
          value: kinds[k],
          drill: { metric: 'posts', params: { ...scopeParams, sort: 'engagement' } },
        })),
      },
      {
        key: 'posts-by-channel',
        label: 'Posts by channel',
        definition: 'Posts published in the period on each channel.',
        rows: channels.map((c) => ({
          key: c.id,
          label: `@${c.handle}`,
          value: byChannel.get(c.id) ?? 0,
          drill: { metric: 'posts', params: { channelId: c.id } },
        })),
      },
      cadenceBreakdown,
    ]

    const followerRows: Table['rows'] = channels.map((c) => {
      const rows = cur.followers.filter((r) => r.channel_id === c.id && r.followers !== null)
      const firstDay = days[0]?.day ?? ''
      const start = (rows.filter((r) => r.day < firstDay).at(-1) ?? rows.find((r) => r.day >= firstDay))
        ?.followers
      const end = rows.at(-1)?.followers
      return {
        channelId: c.id,
        channel: `@${c.handle}`,
        network: c.network,
        start: start ?? null,
        end: end ?? null,
        change: start != null && end != null ? end - start : null,
      }
    })
    const tables: Table[] = [
      {
        key: 'posts',
        title: 'Posts and their engagement',
        columns: [
          { key: 'post', label: 'Post' },
          { key: 'channel', label: 'Channel' },
          { key: 'publishedAt', label: 'Published (UTC)' },
          { key: 'likes', label: 'Likes', unit: 'count' },
          { key: 'reposts', label: 'Reposts', unit: 'count' },
          { key: 'replies', label: 'Replies', unit: 'count' },
          { key: 'quotes', label: 'Quotes', unit: 'count' },
          { key: 'engagement', label: 'Engagement', unit: 'count' },
          { key: 'growth', label: 'Growth in period', unit: 'count' },
        ],
        rows: postRows,
      },
      {
        key: 'followers',
        title: 'Followers per channel',
        columns: [
          { key: 'channel', label: 'Channel' },
          { key: 'network', label: 'Network' },
          { key: 'start', label: 'At start', unit: 'count' },
          { key: 'end', label: 'At end', unit: 'count' },
          { key: 'change', label: 'Change', unit: 'count' },
        ],
        rows: followerRows,
      },
      {
        key: 'cadence',
        title: 'Posting cadence',
        columns: [
          { key: 'presence', label: 'Presence' },
          { key: 'posts', label: 'Posts', unit: 'count' },
          { key: 'perWeek', label: 'Per week', unit: 'count' },
          { key: 'target', label: 'Target per week', unit: 'count' },
          { key: 'onTarget', label: 'On target' },
        ],
        rows: cadenceRows,
      },
    ]
    return {
      period: { from: q.from, to: q.to },
      ...(prevRange ? { previous: prevRange } : {}),
      timeZone: tz,
      figures,
      series,
      breakdowns,
      tables,
    }
  }

  /** The posts behind a figure or bar: published in the period, in scope, sorted as asked. */
  async drill(
    workspaceId: string,
    q: PresenceReportQuery & { sort?: 'published' | 'engagement' | 'growth'; limit?: number },
  ): Promise<PresenceDrillPage> {
    const { channels } = await this.history.scope(workspaceId, q)
    const deliveries = await this.history.deliveries(workspaceId, channels, q.from, q.to)
    const around = await this.history.readingsAround(workspaceId, channels, q.from, q.to)
    const items: PresenceDrillItem[] = deliveries.map((d) => {
      const ch = channels.find((c) => c.id === d.channelId)!
      const list = around.get(d.id) ?? d.readings
      const last = asOf(list, q.to)
      return {
        postId: d.postId,
        deliveryId: d.id,
        channelId: d.channelId,
        channelHandle: ch.handle,
        network: ch.network,
        presenceId: d.presenceId,
        title: d.title,
        publishedAt: d.publishedAt,
        url: d.url,
        likes: last?.likes ?? 0,
        reposts: last?.reposts ?? 0,
        replies: last?.replies ?? 0,
        quotes: last?.quotes ?? 0,
        engagement: total(last),
        growth: total(last) - total(asOf(list, q.from)),
      }
    })
    const sort = q.sort ?? 'published'
    if (sort === 'engagement')
      items.sort((a, b) => b.engagement - a.engagement || b.publishedAt - a.publishedAt)
    else if (sort === 'growth') items.sort((a, b) => b.growth - a.growth || b.publishedAt - a.publishedAt)
    else items.sort((a, b) => b.publishedAt - a.publishedAt)
    return { metric: 'posts', items: items.slice(0, q.limit ?? 200), total: items.length }
  }

  /** Sets a presence's own cadence target (posts per week); null clears it. */
  async setCadenceTarget(workspaceId: string, presenceId: string, perWeek: number | null): Promise<void> {
    const p = await this.db
      .selectFrom('presences')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', presenceId)
      .executeTakeFirst()
    if (!p) throw notFound('presence')
    if (perWeek === null) {
      await this.db.deleteFrom('presence_cadence_targets').where('presence_id', '=', presenceId).execute()
      return
    }
    const now = this.clock.now()
    await this.db
      .insertInto('presence_cadence_targets')
      .values({
        presence_id: presenceId,
        workspace_id: workspaceId,
        cadence_target_per_week: perWeek,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.column('presence_id').doUpdateSet({ cadence_target_per_week: perWeek, updated_at: now }),
      )
      .execute()
  }
}

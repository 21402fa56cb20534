/**
 * Scorecards: per presence over 12 weeks with the trend, and the team view. Loads the rows (posts,
 * inbox messages, presence metrics) and leaves the arithmetic to scorecard.compute.ts.
 * Visibility (enforced here, not only in the UI): the leader sees their own; owners and admins see
 * every presence; other members see other people's only when the workspace setting
 * "members see each other's scorecards" is on.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { forbidden, notFound } from '../core/errors.js'
import { addLocalDays, type LocalDateTime, toZoned, zonedToUtc } from '../core/zoned-time.js'
import type { Database } from '../db/schema.js'
import type { Actor } from '../workspace/member.service.js'
import type { WorkspaceService } from '../workspace/workspace.service.js'
import {
  type CadenceTarget,
  computeScorecard,
  SCORECARD_WEEKS,
  type ScorecardFigures,
  type ScorecardRows,
  type ScorecardWeekRange,
} from './scorecard.compute.js'
import type { StrategyReader } from './strategy.types.js'

export interface LeaderRef {
  presenceId: string
  kind: 'brand' | 'person'
  displayName: string
  title: string | null
  memberId: string | null
}

export interface Scorecard extends ScorecardFigures {
  presence: LeaderRef
  timeZone: string
  generatedAt: number
}

export interface ScorecardDeps {
  workspaces: WorkspaceService
  strategies: () => StrategyReader | undefined
  practicePresenceIds: (workspaceId: string) => Promise<Set<string>>
}

const ADMIN_ROLES = new Set(['owner', 'admin'])
const pad = (n: number) => String(n).padStart(2, '0')
const dayOf = (d: LocalDateTime) => `${d.year}-${pad(d.month)}-${pad(d.day)}`

/** 12 complete weeks (Monday 00:00 local to the next Monday) before the current one, then the current week. */
export function weekRanges(now: number, timeZone: string, count = SCORECARD_WEEKS): ScorecardWeekRange[] {
  const z = toZoned(now, timeZone)
  const monday = addLocalDays(
    { year: z.year, month: z.month, day: z.day, hour: 0, minute: 0 },
    -((z.weekday + 6) % 7),
  )
  const out: ScorecardWeekRange[] = []
  for (let i = count; i >= 0; i--) {
    const startLocal = addLocalDays(monday, -7 * i)
    const endLocal = addLocalDays(startLocal, 7)
    out.push({
      week: dayOf(startLocal),
      start: zonedToUtc(startLocal, timeZone),
      end: i === 0 ? Math.max(now, zonedToUtc(startLocal, timeZone)) : zonedToUtc(endLocal, timeZone),
      days: Array.from({ length: 7 }, (_, d) => dayOf(addLocalDays(startLocal, d))),
      partial: i === 0,
    })
  }
  return out
}

export class ScorecardService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly deps: ScorecardDeps,
  ) {}

  /** Person presences that belong to a member (practice presences left out): the leaders. */
  async leaders(workspaceId: string): Promise<LeaderRef[]> {
    return (await this.presences(workspaceId)).filter((p) => p.kind === 'person' && p.memberId !== null)
  }

  /** Every presence (practice presences left out), brand first. */
  async presences(workspaceId: string): Promise<LeaderRef[]> {
    const practice = await this.deps.practicePresenceIds(workspaceId)
    const rows = await this.db
      .selectFrom('presences')
      .select(['id', 'kind', 'display_name', 'title', 'member_id'])
      .where('workspace_id', '=', workspaceId)
      .orderBy('kind')
      .orderBy('display_name')
      .execute()
    return rows
      .filter((r) => !practice.has(r.id))
      .map((r) => ({
        presenceId: r.id,
        kind: r.kind as 'brand' | 'person',
        displayName: r.display_name,
        title: r.title,
        memberId: r.member_id,
      }))
  }

  async presence(workspaceId: string, presenceId: string): Promise<LeaderRef> {
    const p = (await this.presences(workspaceId)).find((x) => x.presenceId === presenceId)
    if (!p) throw notFound('presence')
    return p
  }

  /** Whether `actor` may see the scorecard of `presence` (the workspace setting decides for members). */
  async canSee(workspaceId: string, actor: Actor, presence: LeaderRef): Promise<boolean> {
    if (presence.memberId !== null && presence.memberId === actor.memberId) return true
    if (ADMIN_ROLES.has(actor.role)) return true
    const ws = await this.deps.workspaces.get(workspaceId)
    return ws.settings.scorecardsVisibleToMembers
  }

  /** The cadence target of the presence's strategy (posts and replies per week), or null without a plan. */
  async target(workspaceId: string, presenceId: string): Promise<CadenceTarget | null> {
    const strategy = await this.deps
      .strategies()
      ?.getStrategy(workspaceId, presenceId)
      .catch(() => null)
    if (strategy) return { ...strategy.cadence }
    return null
  }

  async forPresence(workspaceId: string, presenceId: string, actor?: Actor): Promise<Scorecard> {
    const presence = await this.presence(workspaceId, presenceId)
    if (actor && !(await this.canSee(workspaceId, actor, presence)))
      throw forbidden("Members see each other's scorecards only when the workspace allows it")
    const ws = await this.deps.workspaces.get(workspaceId)
    const now = this.clock.now()
    const ranges = weekRanges(now, ws.timeZone)
    const rows = await this.loadRows(workspaceId, presenceId, ranges)
    const figures = computeScorecard(ranges, await this.target(workspaceId, presenceId), rows)
    return { ...figures, presence, timeZone: ws.timeZone, generatedAt: now }
  }

  /** The team view: every presence the actor may see. */
  async team(workspaceId: string, actor: Actor): Promise<Scorecard[]> {
    const out: Scorecard[] = []
    for (const p of await this.presences(workspaceId)) {
      if (!(await this.canSee(workspaceId, actor, p))) continue
      out.push(await this.forPresence(workspaceId, p.presenceId))
    }
    return out
  }

  private async loadRows(
    workspaceId: string,
    presenceId: string,
    ranges: ScorecardWeekRange[],
  ): Promise<ScorecardRows> {
    const from = ranges[0]!.start
    const to = ranges[ranges.length - 1]!.end
    const published = await this.db
      .selectFrom('post_deliveries as d')
      .innerJoin('channels as c', 'c.id', 'd.channel_id')
      .select(['d.id', 'd.post_id', 'd.published_at'])
      .where('d.workspace_id', '=', workspaceId)
      .where('c.presence_id', '=', presenceId)
      .where('d.state', '=', 'published')
      .where('d.published_at', '>=', from)
      .where('d.published_at', '<', to)
      .execute()
    const messages = await this.db
      .selectFrom('inbox_messages as m')
      .innerJoin('inbox_conversations as v', 'v.id', 'm.conversation_id')
      .select(['m.conversation_id', 'm.direction', 'm.created_at', 'm.sentiment'])
      .where('v.workspace_id', '=', workspaceId)
      .where('v.presence_id', '=', presenceId)
      .where('m.created_at', '>=', from)
      .execute()
    const metrics = await this.loadPresenceMetrics(
      workspaceId,
      presenceId,
      published.map((p) => p.id),
      ranges[0]!.days[0]!,
    )
    return {
      published: published.map((p) => ({ postId: p.post_id, deliveryId: p.id, at: Number(p.published_at) })),
      inbound: messages
        .filter((m) => m.direction === 'in' && Number(m.created_at) < to)
        .map((m) => ({
          conversationId: m.conversation_id,
          at: Number(m.created_at),
          sentiment: m.sentiment,
        })),
      outbound: messages
        .filter((m) => m.direction === 'out')
        .map((m) => ({ conversationId: m.conversation_id, at: Number(m.created_at) })),
      ...metrics,
    }
  }

  /**
   * The one place that reads the presence metric tables of the analytics domain (migration 0009):
   * followers per channel per local day, and post metric snapshots.
   */
  async loadPresenceMetrics(
    workspaceId: string,
    presenceId: string,
    deliveryIds: string[],
    firstDay: string,
  ): Promise<Pick<ScorecardRows, 'followers' | 'snapshots'>> {
    // @NOTE a week before the window, so the first week's growth has a starting value.
    const [y, m, d] = firstDay.split('-').map(Number)
    const since = new Date(Date.UTC(y!, m! - 1, d! - 7)).toISOString().slice(0, 10)
    const followers = await this.db
      .selectFrom('metric_follower_daily as f')
      .innerJoin('channels as c', 'c.id', 'f.channel_id')
      .select(['f.channel_id', 'c.network', 'f.day', 'f.followers'])
      .where('f.workspace_id', '=', workspaceId)
      .where('f.presence_id', '=', presenceId)
      .where('f.day', '>=', since)
      .execute()
    const snapshots =
      deliveryIds.length === 0
        ? []
        : await this.db
            .selectFrom('metric_post_snapshots')
            .select(['delivery_id', 'taken_at', 'likes', 'reposts', 'replies', 'quotes'])
            .where('workspace_id', '=', workspaceId)
            .where('delivery_id', 'in', deliveryIds)
            .execute()
    return {
      followers: followers.map((f) => ({
        channelId: f.channel_id,
        network: f.network,
        day: f.day,
        followers: f.followers === null ? null : Number(f.followers),
      })),
      snapshots: snapshots.map((s) => ({
        deliveryId: s.delivery_id,
        takenAt: Number(s.taken_at),
        likes: Number(s.likes),
        reposts: Number(s.reposts),
        replies: Number(s.replies),
        quotes: Number(s.quotes),
      })),
    }
  }
}

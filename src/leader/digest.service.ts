/**
 * The leader's weekly digest, readable on a phone in two minutes: drafts waiting for the leader's
 * approval (each with a one-tap approval link), people who asked the leader something and still
 * wait, what the public said this week, the scorecard summary and open nudges. Shown in the app and
 * sent by email (when SMTP is configured) by a weekly job or "send now".
 *
 * The three most telling messages: weight = |score| × ln(1 + followers of the author), highest
 * first, ties to the most recent (a strong opinion from someone many people hear).
 */
import { type Kysely, sql } from 'kysely'
import type { Clock } from '../core/clock.js'
import { forbidden, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { toZoned } from '../core/zoned-time.js'
import type { Database } from '../db/schema.js'
import type { NotifyInput } from '../notify/notification.service.js'
import type { ApprovalLinks } from '../publishing/approval-link.service.js'
import type { Actor } from '../workspace/member.service.js'
import type { WorkspaceService } from '../workspace/workspace.service.js'
import { renderDigestEmail } from './digest.email.js'
import type { Digest, DigestDraft } from './digest.types.js'
import type { NudgeService } from './nudge.service.js'
import { type LeaderRef, type ScorecardService, weekRanges } from './scorecard.service.js'
import type { StrategyReader } from './strategy.types.js'

const WEEK_MS = 7 * 24 * 3600_000
/** The weekly digest goes out on Monday from this local hour. */
export const DIGEST_LOCAL_HOUR = 8

export interface DigestDeps {
  workspaces: WorkspaceService
  scorecards: ScorecardService
  nudges: NudgeService
  links: () => ApprovalLinks
  notify: (input: NotifyInput) => Promise<void>
  mailerEnabled: boolean
  publicUrl: string
  /** Told about a weekly digest that could not be sent. */
  onError?: (err: unknown, presenceId: string) => void
  /** The leader's plan, for pillar names. */
  strategies?: () => StrategyReader | undefined
}

/** The telling-message weight: |score| × ln(1 + followers). */
export function tellingWeight(score: number | null, followers: number | null): number {
  return Math.abs(score ?? 0) * Math.log1p(Math.max(0, followers ?? 0))
}

export class DigestService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly deps: DigestDeps,
  ) {}

  /** In-review posts for the presence's channels that still need the leader's own approval. */
  async waitingDrafts(
    workspaceId: string,
    leader: LeaderRef,
  ): Promise<Omit<DigestDraft, 'approveUrl' | 'pillarName'>[]> {
    if (!leader.memberId) return []
    const rows = await this.db
      .selectFrom('posts as p')
      .innerJoin('post_deliveries as d', 'd.post_id', 'p.id')
      .innerJoin('channels as c', 'c.id', 'd.channel_id')
      .select([
        'p.id',
        'p.title',
        'p.kind',
        'p.revision',
        'p.scheduled_at',
        'p.drafted_by_member_id',
        sql<string | null>`p.pillar`.as('pillar'),
      ])
      .where('p.workspace_id', '=', workspaceId)
      .where('c.presence_id', '=', leader.presenceId)
      .where('p.approval_state', '=', 'in-review')
      .where('p.deleted_at', 'is', null)
      .orderBy('p.created_at')
      .execute()
    const seen = new Set<string>()
    const out: Omit<DigestDraft, 'approveUrl' | 'pillarName'>[] = []
    for (const r of rows) {
      if (seen.has(r.id) || r.drafted_by_member_id === leader.memberId) continue
      seen.add(r.id)
      const mine = await this.db
        .selectFrom('post_approvals')
        .select('id')
        .where('post_id', '=', r.id)
        .where('member_id', '=', leader.memberId)
        .where('revision', '=', r.revision)
        .where('decision', '=', 'approved')
        .executeTakeFirst()
      if (mine) continue
      out.push({
        postId: r.id,
        title: r.title,
        kind: r.kind,
        pillar: r.pillar ?? null,
        scheduledAt: r.scheduled_at === null ? null : Number(r.scheduled_at),
        revision: Number(r.revision),
      })
    }
    return out
  }

  async compose(
    workspaceId: string,
    presenceId: string,
    opts: { withLinks?: boolean } = {},
  ): Promise<Digest> {
    const leader = await this.deps.scorecards.presence(workspaceId, presenceId)
    const now = this.clock.now()
    const from = now - WEEK_MS
    const ws = await this.deps.workspaces.get(workspaceId)
    const drafts: DigestDraft[] = []
    const plan = await this.deps
      .strategies?.()
      ?.getStrategy(workspaceId, presenceId)
      .catch(() => null)
    const pillarNames = new Map((plan?.pillars ?? []).map((p) => [p.key, p.name]))
    for (const d of await this.waitingDrafts(workspaceId, leader)) {
      const approveUrl =
        opts.withLinks && leader.memberId
          ? await this.mintLink(workspaceId, d.postId, leader.memberId, d.revision)
          : null
      drafts.push({ ...d, pillarName: d.pillar ? (pillarNames.get(d.pillar) ?? d.pillar) : null, approveUrl })
    }
    const questions = await this.db
      .selectFrom('inbox_conversations as v')
      .innerJoin('inbox_contacts as k', 'k.id', 'v.contact_id')
      .select(['v.id', 'v.preview', 'v.awaiting_since', 'k.display_name', 'k.handle'])
      .where('v.workspace_id', '=', workspaceId)
      .where('v.presence_id', '=', presenceId)
      .where('v.intent', '=', 'question')
      .where('v.state', 'in', ['open', 'pending'])
      .where('v.awaiting_since', 'is not', null)
      .orderBy('v.awaiting_since')
      .limit(10)
      .execute()
    const inbound = await this.db
      .selectFrom('inbox_messages as m')
      .innerJoin('inbox_conversations as v', 'v.id', 'm.conversation_id')
      .leftJoin('inbox_contacts as k', 'k.id', 'm.contact_id')
      .select([
        'm.id',
        'm.conversation_id',
        'm.author_handle',
        'm.author_name',
        'm.text',
        'm.sentiment',
        'm.score',
        'm.url',
        'm.created_at',
        'k.follower_count',
      ])
      .where('v.workspace_id', '=', workspaceId)
      .where('v.presence_id', '=', presenceId)
      .where('m.direction', '=', 'in')
      .where('m.created_at', '>', from)
      .where('m.created_at', '<=', now)
      .execute()
    const sentiment = { positive: 0, neutral: 0, negative: 0 }
    for (const m of inbound) {
      if (m.sentiment === 'positive' || m.sentiment === 'negative') sentiment[m.sentiment]++
      else sentiment.neutral++
    }
    const telling = inbound
      .map((m) => {
        const followers = Number(m.follower_count ?? 0)
        const score = Number(m.score ?? 0)
        return {
          messageId: m.id,
          conversationId: m.conversation_id,
          author: m.author_name ?? m.author_handle,
          handle: m.author_handle,
          followers,
          text: m.text,
          sentiment: m.sentiment,
          score,
          weight: tellingWeight(score, followers),
          url: m.url,
          at: Number(m.created_at),
        }
      })
      .filter((m) => m.weight > 0)
      .sort((a, b) => b.weight - a.weight || b.at - a.at || a.messageId.localeCompare(b.messageId))
      .slice(0, 3)
    const card = await this.deps.scorecards.forPresence(workspaceId, presenceId)
    const complete = card.weeks.filter((w) => !w.partial)
    return {
      presence: leader,
      week: weekRanges(now, ws.timeZone, 0)[0]!.week,
      from,
      to: now,
      generatedAt: now,
      drafts,
      questions: questions.map((q) => ({
        conversationId: q.id,
        from: q.display_name,
        handle: q.handle,
        text: q.preview,
        askedAt: Number(q.awaiting_since),
        waitingMs: now - Number(q.awaiting_since),
      })),
      public: { volume: inbound.length, sentiment, telling },
      scorecard: {
        consistency: card.consistency,
        weeksMeetingTarget: card.weeksMeetingTarget,
        target: card.target,
        lastWeek: complete[complete.length - 1] ?? null,
        thisWeek: card.weeks.find((w) => w.partial) ?? null,
        trend: card.trend,
      },
      nudges: await this.deps.nudges.list(workspaceId, presenceId, { openOnly: true }),
    }
  }

  private async mintLink(
    workspaceId: string,
    postId: string,
    memberId: string,
    revision: number,
  ): Promise<string> {
    const token = await this.deps.links().create(workspaceId, postId, memberId, revision)
    return `${this.deps.publicUrl}/approve/${token}`
  }

  /** A fresh one-tap link for the leader to approve a waiting draft (from the digest page). */
  async approveLink(workspaceId: string, presenceId: string, postId: string, actor: Actor): Promise<string> {
    const leader = await this.deps.scorecards.presence(workspaceId, presenceId)
    if (!leader.memberId || leader.memberId !== actor.memberId)
      throw forbidden('Only the leader approves their own drafts through the digest')
    const draft = (await this.waitingDrafts(workspaceId, leader)).find((d) => d.postId === postId)
    if (!draft) throw notFound('draft waiting for your approval')
    return this.mintLink(workspaceId, postId, leader.memberId, draft.revision)
  }

  /** Sends the digest to the leader (in-app notification, and email when SMTP is configured). */
  async send(
    workspaceId: string,
    presenceId: string,
    trigger: 'weekly' | 'manual',
  ): Promise<{ runId: string; emailed: boolean; digest: Digest }> {
    const digest = await this.compose(workspaceId, presenceId, { withLinks: true })
    const memberId = digest.presence.memberId
    const member = memberId
      ? await this.db.selectFrom('members').select('user_id').where('id', '=', memberId).executeTakeFirst()
      : undefined
    if (!member) throw notFound('leader (the presence belongs to no member)')
    const ws = await this.deps.workspaces.get(workspaceId)
    const email = renderDigestEmail(digest, {
      appUrl: this.deps.publicUrl,
      workspaceName: ws.name,
      timeZone: ws.timeZone,
    })
    await this.deps.notify({
      workspaceId,
      userIds: [member.user_id],
      kind: 'leader.digest',
      title: `Your week: ${digest.drafts.length} to approve, ${digest.questions.length} waiting for you`,
      body: `${digest.public.volume} public messages about you this week.`,
      subjectId: presenceId,
      link: `/leader/digest/${presenceId}`,
      email,
    })
    const now = this.clock.now()
    const runId = newId(now)
    await this.db
      .insertInto('leader_digest_runs')
      .values({
        id: runId,
        workspace_id: workspaceId,
        presence_id: presenceId,
        week: digest.week,
        trigger,
        emailed: this.deps.mailerEnabled ? 1 : 0,
        summary: JSON.stringify({
          drafts: digest.drafts.length,
          questions: digest.questions.length,
          volume: digest.public.volume,
        }),
        sent_at: now,
      })
      .execute()
    return { runId, emailed: this.deps.mailerEnabled, digest }
  }

  /** The weekly job: on Monday from 08:00 local, each leader without this week's digest gets it. */
  async sendWeekly(): Promise<number> {
    const now = this.clock.now()
    const workspaces = await this.db.selectFrom('workspaces').select(['id', 'time_zone']).execute()
    let sent = 0
    for (const w of workspaces) {
      const z = toZoned(now, w.time_zone)
      if (z.weekday !== 1 || z.hour < DIGEST_LOCAL_HOUR) continue
      const week = weekRanges(now, w.time_zone, 0)[0]!.week
      for (const l of await this.deps.scorecards.leaders(w.id)) {
        const done = await this.db
          .selectFrom('leader_digest_runs')
          .select('id')
          .where('presence_id', '=', l.presenceId)
          .where('week', '=', week)
          .where('trigger', '=', 'weekly')
          .executeTakeFirst()
        if (done) continue
        try {
          await this.send(w.id, l.presenceId, 'weekly')
          sent++
        } catch (err) {
          // @NOTE one leader's failure (e.g. a deleted member) must not hold back the others' digests.
          this.deps.onError?.(err, l.presenceId)
        }
      }
    }
    return sent
  }

  async lastSent(
    workspaceId: string,
    presenceId: string,
  ): Promise<{ sentAt: number; trigger: string; emailed: boolean } | null> {
    const r = await this.db
      .selectFrom('leader_digest_runs')
      .select(['sent_at', 'trigger', 'emailed'])
      .where('workspace_id', '=', workspaceId)
      .where('presence_id', '=', presenceId)
      .orderBy('sent_at', 'desc')
      .limit(1)
      .executeTakeFirst()
    return r ? { sentAt: Number(r.sent_at), trigger: r.trigger, emailed: r.emailed === 1 } : null
  }
}

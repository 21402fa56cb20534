/**
 * Nudges when a leader's plan slips (rules in nudge.rules.ts): evaluated by a periodic job, kept
 * one open per kind per leader, delivered as in-app notifications, listed on the digest page,
 * mutable per leader and kind (optionally until a time), and actionable (freeze, draft a statement).
 */
import { type Kysely, type Selectable, sql } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { NotifyInput } from '../notify/notification.service.js'
import type { Actor } from '../workspace/member.service.js'
import type { WorkspaceService } from '../workspace/workspace.service.js'
import {
  evaluateNudges,
  NUDGE_KINDS,
  type NudgeFacts,
  type NudgeKind,
  RISING_WINDOW_MS,
  SURGE_BASELINE_MS,
} from './nudge.rules.js'
import type { LeaderNudgesTable } from './practice.tables.js'
import type { LeaderRef, ScorecardService } from './scorecard.service.js'
import { weekRanges } from './scorecard.service.js'

/** A dismissed (or acted-on) nudge does not come back for this long, even if its condition still holds. */
export const DISMISS_QUIET_MS = 24 * 3600_000

export interface Nudge {
  id: string
  presenceId: string
  kind: NudgeKind
  state: 'open' | 'resolved' | 'dismissed' | 'acted'
  why: string
  data: Record<string, unknown>
  createdAt: number
  updatedAt: number
  closedAt: number | null
}

export interface NudgeMute {
  presenceId: string
  kind: NudgeKind
  until: number | null
  mutedBy: string
  createdAt: number
}

export interface NudgeDeps {
  workspaces: WorkspaceService
  scorecards: ScorecardService
  notify: (input: NotifyInput) => Promise<void>
  /** Holds the presence's scheduled posts (the leader strategy's crisis freeze). */
  freeze: (workspaceId: string, presenceId: string, reason: string, actor: Actor) => Promise<void>
  /** Creates a draft post for the presence's channels; returns its id. */
  draftStatement: (workspaceId: string, presenceId: string, text: string, actor: Actor) => Promise<string>
}

const TITLES: Record<NudgeKind, string> = {
  'cadence-behind': 'Your posting rhythm is behind plan',
  'question-waiting': 'Someone is waiting for your answer',
  'rising-conversation': 'A conversation you could join is rising',
  'negative-surge': 'A surge of negative mentions',
}

function toNudge(r: Selectable<LeaderNudgesTable>): Nudge {
  return {
    id: r.id,
    presenceId: r.presence_id,
    kind: r.kind as NudgeKind,
    state: r.state as Nudge['state'],
    why: r.why,
    data: JSON.parse(r.data) as Record<string, unknown>,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    closedAt: r.closed_at === null ? null : Number(r.closed_at),
  }
}

export function isNudgeKind(k: string): k is NudgeKind {
  return (NUDGE_KINDS as readonly string[]).includes(k)
}

export class NudgeService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly deps: NudgeDeps,
  ) {}

  /** Collects what the rules need for one leader. */
  async facts(workspaceId: string, presenceId: string): Promise<NudgeFacts> {
    const now = this.clock.now()
    const ws = await this.deps.workspaces.get(workspaceId)
    const week = weekRanges(now, ws.timeZone, 0)[0]!
    const weekEnd = week.start + 7 * 24 * 3600_000
    const deliveries = await this.db
      .selectFrom('post_deliveries as d')
      .innerJoin('channels as c', 'c.id', 'd.channel_id')
      .innerJoin('posts as p', 'p.id', 'd.post_id')
      .select(['d.post_id', 'd.state', 'd.published_at', 'd.run_at', 'p.title', 'p.state as post_state'])
      .where('d.workspace_id', '=', workspaceId)
      .where('c.presence_id', '=', presenceId)
      .where('p.deleted_at', 'is', null)
      .execute()
    const published = new Set<string>()
    const scheduled = new Set<string>()
    const ready = new Map<string, string>()
    for (const d of deliveries) {
      if (d.state === 'published' && d.published_at !== null && Number(d.published_at) >= week.start)
        published.add(d.post_id)
      else if (
        (d.state === 'queued' || d.state === 'publishing') &&
        d.run_at !== null &&
        Number(d.run_at) < weekEnd
      )
        scheduled.add(d.post_id)
      if (d.post_state === 'approved' || d.post_state === 'in-review') ready.set(d.post_id, d.title)
    }
    for (const id of published) scheduled.delete(id)
    const policy = await this.db
      .selectFrom('inbox_sla_policies')
      .select('first_response_minutes')
      .where('workspace_id', '=', workspaceId)
      .where('priority', '=', 'normal')
      .executeTakeFirst()
    const targetMinutes = policy
      ? Number(policy.first_response_minutes)
      : ws.settings.firstResponseTargetMinutes
    const waiting = await this.db
      .selectFrom('inbox_conversations as v')
      .innerJoin('inbox_contacts as k', 'k.id', 'v.contact_id')
      .select(['v.id', 'v.awaiting_since', 'v.preview', 'k.display_name'])
      .where('v.workspace_id', '=', workspaceId)
      .where('v.presence_id', '=', presenceId)
      .where('v.intent', '=', 'question')
      .where('v.state', 'in', ['open', 'pending'])
      .where('v.awaiting_since', 'is not', null)
      .execute()
    const since = now - SURGE_BASELINE_MS - 24 * 3600_000
    const msgs = await this.db
      .selectFrom('inbox_messages as m')
      .innerJoin('inbox_conversations as v', 'v.id', 'm.conversation_id')
      .select(['m.conversation_id', 'm.direction', 'm.created_at', 'm.sentiment', 'v.preview'])
      .where('v.workspace_id', '=', workspaceId)
      .where('v.presence_id', '=', presenceId)
      .where('m.created_at', '>', since)
      .execute()
    const previews: Record<string, string> = {}
    for (const m of msgs) previews[m.conversation_id] = m.preview
    return {
      now,
      weekStart: week.start,
      target: await this.deps.scorecards.target(workspaceId, presenceId),
      postsThisWeek: published.size,
      scheduledThisWeek: scheduled.size,
      readyDrafts: [...ready].map(([postId, title]) => ({ postId, title })),
      questionTargetMs: targetMinutes * 60_000,
      waitingQuestions: waiting.map((w) => ({
        conversationId: w.id,
        awaitingSince: Number(w.awaiting_since),
        from: w.display_name,
        preview: w.preview,
      })),
      inbound: msgs
        .filter((m) => m.direction === 'in')
        .map((m) => ({
          conversationId: m.conversation_id,
          at: Number(m.created_at),
          sentiment: m.sentiment,
        })),
      outbound: msgs
        .filter((m) => m.direction === 'out' && Number(m.created_at) > now - RISING_WINDOW_MS)
        .map((m) => ({ conversationId: m.conversation_id, at: Number(m.created_at) })),
      previews,
    }
  }

  /** Active mutes of the presence (expired ones are ignored). */
  async mutes(workspaceId: string, presenceId: string): Promise<NudgeMute[]> {
    const now = this.clock.now()
    const rows = await this.db
      .selectFrom('leader_nudge_mutes')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('presence_id', '=', presenceId)
      .execute()
    return rows
      .filter((r) => r.until === null || Number(r.until) > now)
      .map((r) => ({
        presenceId: r.presence_id,
        kind: r.kind as NudgeKind,
        until: r.until === null ? null : Number(r.until),
        mutedBy: r.muted_by,
        createdAt: Number(r.created_at),
      }))
  }

  async mute(
    workspaceId: string,
    presenceId: string,
    kind: string,
    until: number | null,
    actor: Actor,
  ): Promise<NudgeMute> {
    if (!isNudgeKind(kind)) throw invalid('kind', `must be one of ${NUDGE_KINDS.join(', ')}`)
    const now = this.clock.now()
    if (until !== null && until <= now) throw invalid('until', 'must be in the future')
    await this.deps.scorecards.presence(workspaceId, presenceId)
    await this.db
      .insertInto('leader_nudge_mutes')
      .values({
        workspace_id: workspaceId,
        presence_id: presenceId,
        kind,
        until,
        muted_by: actor.memberId,
        created_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['presence_id', 'kind']).doUpdateSet({ until, muted_by: actor.memberId, created_at: now }),
      )
      .execute()
    await this.close(workspaceId, presenceId, kind, 'resolved', actor.memberId)
    return { presenceId, kind, until, mutedBy: actor.memberId, createdAt: now }
  }

  async unmute(workspaceId: string, presenceId: string, kind: string): Promise<void> {
    if (!isNudgeKind(kind)) throw invalid('kind', `must be one of ${NUDGE_KINDS.join(', ')}`)
    await this.db
      .deleteFrom('leader_nudge_mutes')
      .where('workspace_id', '=', workspaceId)
      .where('presence_id', '=', presenceId)
      .where('kind', '=', kind)
      .execute()
  }

  private async close(
    workspaceId: string,
    presenceId: string,
    kind: NudgeKind,
    state: 'resolved' | 'dismissed' | 'acted',
    by: string | null,
  ): Promise<void> {
    const now = this.clock.now()
    await this.db
      .updateTable('leader_nudges')
      .set({ state, open_key: null, closed_at: now, closed_by: by, updated_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('open_key', '=', `${presenceId}:${kind}`)
      .execute()
  }

  /** Evaluates one leader: opens new nudges (and notifies), refreshes open ones, resolves the rest. */
  async evaluate(workspaceId: string, leader: LeaderRef): Promise<Nudge[]> {
    const now = this.clock.now()
    const findings = evaluateNudges(await this.facts(workspaceId, leader.presenceId))
    const muted = new Set((await this.mutes(workspaceId, leader.presenceId)).map((m) => m.kind))
    const opened: Nudge[] = []
    for (const kind of NUDGE_KINDS) {
      const f = findings.find((x) => x.kind === kind)
      const key = `${leader.presenceId}:${kind}`
      if (!f || muted.has(kind)) {
        if (!f) await this.close(workspaceId, leader.presenceId, kind, 'resolved', null)
        continue
      }
      const open = await this.db
        .selectFrom('leader_nudges')
        .selectAll()
        .where('open_key', '=', key)
        .executeTakeFirst()
      if (open) {
        await this.db
          .updateTable('leader_nudges')
          .set({ why: f.why, data: JSON.stringify(f.data), updated_at: now })
          .where('id', '=', open.id)
          .execute()
        continue
      }
      const dismissed = await this.db
        .selectFrom('leader_nudges')
        .select('id')
        .where('presence_id', '=', leader.presenceId)
        .where('kind', '=', kind)
        .where('state', 'in', ['dismissed', 'acted'])
        .where('closed_at', '>', now - DISMISS_QUIET_MS)
        .executeTakeFirst()
      if (dismissed) continue
      const row = {
        id: newId(now),
        workspace_id: workspaceId,
        presence_id: leader.presenceId,
        kind,
        state: 'open',
        open_key: key,
        why: f.why,
        data: JSON.stringify(f.data),
        created_at: now,
        updated_at: now,
        closed_at: null,
        closed_by: null,
      }
      try {
        await this.db.insertInto('leader_nudges').values(row).execute()
      } catch {
        continue // @NOTE another evaluator opened it first (unique open_key): one open nudge per kind.
      }
      opened.push(toNudge(row))
      const user = leader.memberId
        ? await this.db
            .selectFrom('members')
            .select('user_id')
            .where('id', '=', leader.memberId)
            .executeTakeFirst()
        : undefined
      if (user)
        await this.deps.notify({
          workspaceId,
          userIds: [user.user_id],
          kind: `leader.nudge.${kind}`,
          title: TITLES[kind],
          body: f.why,
          subjectId: row.id,
          link: `/leader/digest/${leader.presenceId}`,
        })
    }
    return opened
  }

  /** Evaluates every leader of the workspace (the periodic job). */
  async evaluateWorkspace(workspaceId: string): Promise<number> {
    let opened = 0
    for (const l of await this.deps.scorecards.leaders(workspaceId))
      opened += (await this.evaluate(workspaceId, l)).length
    return opened
  }

  async list(workspaceId: string, presenceId: string, opts: { openOnly?: boolean } = {}): Promise<Nudge[]> {
    let q = this.db
      .selectFrom('leader_nudges')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('presence_id', '=', presenceId)
    if (opts.openOnly) q = q.where('state', '=', 'open')
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(50).execute()
    return rows.map(toNudge)
  }

  private async get(workspaceId: string, presenceId: string, id: string): Promise<Nudge> {
    const r = await this.db
      .selectFrom('leader_nudges')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('presence_id', '=', presenceId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!r) throw notFound('nudge')
    return toNudge(r)
  }

  async dismiss(workspaceId: string, presenceId: string, id: string, actor: Actor): Promise<Nudge> {
    const n = await this.get(workspaceId, presenceId, id)
    if (n.state === 'open') await this.close(workspaceId, presenceId, n.kind, 'dismissed', actor.memberId)
    return this.get(workspaceId, presenceId, id)
  }

  /** Takes what a negative-surge nudge offers: hold scheduled posts, or draft a statement. */
  async act(
    workspaceId: string,
    presenceId: string,
    id: string,
    action: 'freeze' | 'draft-statement',
    actor: Actor,
  ): Promise<{ nudge: Nudge; postId: string | null }> {
    const n = await this.get(workspaceId, presenceId, id)
    if (n.kind !== 'negative-surge') throw conflict('Only a negative-surge nudge offers these actions')
    let postId: string | null = null
    if (action === 'freeze') {
      await this.deps.freeze(workspaceId, presenceId, `Negative surge: ${n.why}`.slice(0, 500), actor)
    } else {
      postId = await this.deps.draftStatement(
        workspaceId,
        presenceId,
        'We have heard your concerns. Here is what happened, what we are doing about it, and when you will hear from us next: …',
        actor,
      )
    }
    const now = this.clock.now()
    const data = { ...n.data, actions: [...((n.data.actions as string[] | undefined) ?? []), action], postId }
    await this.db
      .updateTable('leader_nudges')
      .set({
        data: JSON.stringify(data),
        updated_at: now,
        state: sql`CASE WHEN state = 'open' THEN 'acted' ELSE state END`,
        open_key: null,
        closed_at: now,
        closed_by: actor.memberId,
      })
      .where('id', '=', id)
      .execute()
    return { nudge: await this.get(workspaceId, presenceId, id), postId }
  }
}

/**
 * Working the queue: state changes (open, pending, snoozed until, resolved, spam), assignment by
 * hand or to a team (round robin), priority, labels, internal notes with @mentions, read markers
 * and bulk actions. Every change is written to the conversation's timeline.
 */
import type { Kysely, Selectable, Updateable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import type { EventBus } from '../core/event-bus.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import { isAssignable } from '../workspace/permissions.js'
import { RoundRobin } from './assignment.js'
import { applyBulk, type BulkAction } from './conversation-bulk.js'
import type { InboxConversationsTable } from './inbox.tables.js'
import type { ConversationState, Priority } from './inbox.types.js'
import { type SlaService, slaDueAt } from './sla.service.js'

/** Who acts: a member of the workspace. */
export interface InboxActor {
  memberId: string
  userId: string
}

/** Sends a notification to members (the notification service in production). */
export interface InboxNotifier {
  notify(input: {
    workspaceId: string
    userIds: string[]
    kind: string
    title: string
    body: string
    subjectId?: string
    link?: string
  }): Promise<void>
}

/** Teaches the triage learner that a conversation's incoming messages are (not) spam. */
export type SpamLearner = (
  workspaceId: string,
  conversationId: string,
  actor: InboxActor,
  spam: boolean,
) => Promise<void>

export type { BulkAction } from './conversation-bulk.js'

type Row = Selectable<InboxConversationsTable>

export class ConversationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly sla: SlaService,
    private readonly notifier?: InboxNotifier,
    private readonly events?: EventBus,
  ) {}

  private spamLearner: SpamLearner | undefined

  /** The conversation, or 404 when it is not in this workspace. */
  async row(workspaceId: string, id: string): Promise<Row> {
    const r = await this.db
      .selectFrom('inbox_conversations')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!r) throw notFound('conversation')
    return r
  }

  /** Appends to the timeline. */
  async record(
    workspaceId: string,
    conversationId: string,
    kind: string,
    actorMemberId: string | null,
    data: Record<string, unknown>,
    db: Kysely<Database> = this.db,
  ): Promise<string> {
    const now = this.clock.now()
    const id = newId(now)
    await db
      .insertInto('inbox_events')
      .values({
        id,
        workspace_id: workspaceId,
        conversation_id: conversationId,
        kind,
        actor_member_id: actorMemberId,
        rule_id: null,
        rule_name: null,
        data: JSON.stringify(data),
        created_at: now,
      })
      .execute()
    return id
  }

  private async patch(r: Row, set: Updateable<InboxConversationsTable>, fields: string[]): Promise<void> {
    await this.db
      .updateTable('inbox_conversations')
      .set({ ...set, updated_at: this.clock.now() })
      .where('id', '=', r.id)
      .execute()
    this.events?.publish({
      type: 'conversation.updated',
      workspaceId: r.workspace_id,
      conversationId: r.id,
      fields,
    })
  }

  /**
   * Who learns from a conversation marked spam or not spam by hand (the triage corrections, wired by
   * the inbox module): into or out of spam is a triage correction of its incoming messages.
   */
  learnSpamWith(learner: SpamLearner): void {
    this.spamLearner = learner
  }

  /**
   * Moves to `state`; snoozed needs `snoozedUntil` in the future. Resolving stops the SLA clock.
   * Into or out of spam teaches the workspace's triage learner unless `learn` is false (the triage
   * correction that moved it has taught it already).
   */
  async setState(
    workspaceId: string,
    id: string,
    actor: InboxActor,
    state: ConversationState,
    snoozedUntil?: number,
    opts: { learn?: boolean } = {},
  ): Promise<void> {
    const r = await this.row(workspaceId, id)
    const now = this.clock.now()
    if (state === 'snoozed' && !(snoozedUntil && snoozedUntil > now))
      throw invalid('snoozedUntil', 'must be a time in the future')
    if (r.state === state && state !== 'snoozed') return
    const set: Updateable<InboxConversationsTable> = {
      state,
      snoozed_until: state === 'snoozed' ? snoozedUntil! : null,
    }
    if (state === 'resolved' || state === 'spam' || state === 'pending') {
      set.awaiting_since = null
      set.sla_kind = null
      set.sla_due_at = null
    }
    if (
      state === 'open' &&
      r.awaiting_since === null &&
      r.last_inbound_at !== null &&
      r.last_inbound_at > (r.first_response_at ?? 0)
    ) {
      const settings = await this.sla.settings(workspaceId)
      const kind = r.first_response_at === null ? 'first' : 'next'
      set.awaiting_since = now
      set.sla_kind = kind
      set.sla_due_at = slaDueAt(settings, r.priority as Priority, kind, now)
      set.sla_warned_at = null
      set.sla_breached_at = null
    }
    await this.patch(r, set, ['state'])
    await this.record(workspaceId, id, 'state', actor.memberId, {
      from: r.state,
      to: state,
      ...(snoozedUntil ? { snoozedUntil } : {}),
    })
    if (opts.learn !== false && this.spamLearner && (state === 'spam') !== (r.state === 'spam'))
      await this.spamLearner(workspaceId, id, actor, state === 'spam')
  }

  /** Assigns to a member (null: unassign). */
  async assign(
    workspaceId: string,
    id: string,
    actor: InboxActor | null,
    memberId: string | null,
  ): Promise<void> {
    const r = await this.row(workspaceId, id)
    if (memberId !== null) {
      const m = await this.db
        .selectFrom('members')
        .select(['id', 'role'])
        .where('id', '=', memberId)
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst()
      if (!m || !isAssignable(m.role)) throw invalid('memberId', 'is not an agent of this workspace')
    }
    await this.patch(r, { assignee_member_id: memberId }, ['assignee'])
    await this.record(workspaceId, id, 'assigned', actor?.memberId ?? null, {
      from: r.assignee_member_id,
      to: memberId,
    })
    await this.announceAssigned(workspaceId, id, memberId, actor, r.preview)
  }

  /** Tells the app (live) and the new assignee (unless they assigned it themselves). */
  private async announceAssigned(
    workspaceId: string,
    id: string,
    memberId: string | null,
    actor: InboxActor | null,
    preview: string,
  ): Promise<void> {
    this.events?.publish({
      type: 'conversation.assigned',
      workspaceId,
      conversationId: id,
      assigneeMemberId: memberId,
    })
    if (memberId && memberId !== actor?.memberId)
      await this.notifyMembers(
        workspaceId,
        [memberId],
        id,
        'inbox.assigned',
        'A conversation was assigned to you',
        preview,
      )
  }

  /** Assigns to a team: the next available agent under the cap (round robin), or the team's queue. */
  async assignTeam(
    workspaceId: string,
    id: string,
    actor: InboxActor | null,
    teamId: string,
  ): Promise<string | null> {
    const r = await this.row(workspaceId, id)
    const team = await this.db
      .selectFrom('inbox_teams')
      .select('id')
      .where('id', '=', teamId)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!team) throw invalid('teamId', 'is not a team of this workspace')
    const rr = new RoundRobin(this.db, workspaceId)
    const memberId = await rr.pick(teamId)
    await rr.flush()
    await this.patch(r, { team_id: teamId, assignee_member_id: memberId }, ['assignee', 'team'])
    await this.record(workspaceId, id, 'assigned', actor?.memberId ?? null, {
      from: r.assignee_member_id,
      to: memberId,
      teamId,
      roundRobin: true,
    })
    await this.announceAssigned(workspaceId, id, memberId, actor, r.preview)
    return memberId
  }

  async setPriority(workspaceId: string, id: string, actor: InboxActor, priority: Priority): Promise<void> {
    const r = await this.row(workspaceId, id)
    if (r.priority === priority) return
    const set: Updateable<InboxConversationsTable> = { priority }
    if (r.awaiting_since !== null && r.sla_kind) {
      const settings = await this.sla.settings(workspaceId)
      set.sla_due_at = slaDueAt(settings, priority, r.sla_kind as 'first' | 'next', r.awaiting_since)
    }
    await this.patch(r, set, ['priority'])
    await this.record(workspaceId, id, 'priority', actor.memberId, { from: r.priority, to: priority })
  }

  async label(
    workspaceId: string,
    id: string,
    actor: InboxActor,
    add: string[] = [],
    remove: string[] = [],
  ): Promise<string[]> {
    const r = await this.row(workspaceId, id)
    const labels = new Set<string>(JSON.parse(r.labels) as string[])
    for (const l of add) labels.add(l.trim())
    for (const l of remove) labels.delete(l.trim())
    labels.delete('')
    const next = [...labels].sort()
    await this.patch(r, { labels: JSON.stringify(next) }, ['labels'])
    await this.record(workspaceId, id, 'labels', actor.memberId, { add, remove })
    return next
  }

  /** An internal note; members in `mentions` (member ids) are notified. */
  async note(
    workspaceId: string,
    id: string,
    actor: InboxActor,
    text: string,
    mentions: string[] = [],
  ): Promise<string> {
    const r = await this.row(workspaceId, id)
    const trimmed = text.trim()
    if (!trimmed) throw invalid('text', 'is required')
    let valid: string[] = []
    if (mentions.length) {
      const rows = await this.db
        .selectFrom('members')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', mentions)
        .execute()
      valid = rows.map((m) => m.id)
      if (valid.length !== new Set(mentions).size)
        throw invalid('mentions', 'must be members of this workspace')
    }
    const eventId = await this.record(workspaceId, id, 'note', actor.memberId, {
      text: trimmed,
      mentions: valid,
    })
    this.events?.publish({
      type: 'conversation.updated',
      workspaceId,
      conversationId: id,
      fields: ['timeline'],
    })
    const others = valid.filter((m) => m !== actor.memberId)
    if (others.length)
      await this.notifyMembers(
        workspaceId,
        others,
        id,
        'inbox.mention',
        'You were mentioned in a note',
        trimmed,
      )
    void r
    return eventId
  }

  /** Marks the conversation read for `memberId` (unread counts per view use it). */
  async markRead(workspaceId: string, id: string, memberId: string): Promise<void> {
    await this.row(workspaceId, id)
    const now = this.clock.now()
    await this.db
      .insertInto('inbox_reads')
      .values({ conversation_id: id, member_id: memberId, read_at: now })
      .onConflict((oc) => oc.columns(['conversation_id', 'member_id']).doUpdateSet({ read_at: now }))
      .execute()
  }

  /** One action on many conversations; returns how many were changed. */
  bulk(
    workspaceId: string,
    actor: InboxActor,
    ids: string[],
    action: BulkAction,
  ): Promise<{ updated: number; notFound: string[] }> {
    return applyBulk<InboxActor>(this, workspaceId, actor, ids, action)
  }

  /** Wakes snoozed conversations whose time has come (the SLA job calls this). */
  async wakeSnoozed(now: number): Promise<number> {
    const rows = await this.db
      .selectFrom('inbox_conversations')
      .select(['id', 'workspace_id'])
      .where('state', '=', 'snoozed')
      .where('snoozed_until', '<=', now)
      .limit(1000)
      .execute()
    for (const r of rows) {
      await this.db
        .updateTable('inbox_conversations')
        .set({ state: 'open', snoozed_until: null, updated_at: now })
        .where('id', '=', r.id)
        .execute()
      await this.record(r.workspace_id, r.id, 'state', null, {
        from: 'snoozed',
        to: 'open',
        reason: 'snooze ended',
      })
    }
    return rows.length
  }

  private async notifyMembers(
    workspaceId: string,
    memberIds: string[],
    conversationId: string,
    kind: string,
    title: string,
    body: string,
  ): Promise<void> {
    if (!this.notifier) return
    const users = await this.db
      .selectFrom('members')
      .select('user_id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', memberIds)
      .execute()
    await this.notifier.notify({
      workspaceId,
      userIds: users.map((u) => u.user_id),
      kind,
      title,
      body: body || '(no text)',
      subjectId: conversationId,
      link: `/inbox/${conversationId}`,
    })
  }
}

/**
 * Read side of the inbox: the conversation list (filters, full-text query, cursor pagination),
 * one conversation with its messages and timeline, and unread counts. Queries go straight to the
 * tables and return presentation DTOs (ARCHITECTURE.md: read-heavy screens may use a view module).
 */
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  sql,
} from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import type { Database } from '../db/schema.js'
import { contactGroupsMatching } from './contact.service.js'
import type { InboxConversationsTable } from './inbox.tables.js'
import {
  CONVERSATION_STATES,
  type ConversationFilters,
  type ConversationState,
  type Priority,
} from './inbox.types.js'
import { type SlaService, type SlaSettings, slaTimeLeft } from './sla.service.js'

/** The expression builder of the list's base query (conversations as `v`). */
type ConvEb = ExpressionBuilder<Database & { v: InboxConversationsTable }, 'v'>

import {
  type ContactSummary,
  type ConversationDetail,
  type ConversationDto,
  type MessageDto,
  type TimelineEventDto,
  toMessageDto,
} from './inbox.dto.js'

export type { ContactSummary, ConversationDetail, ConversationDto, MessageDto, TimelineEventDto }
export { toMessageDto }

/** What the list shows when no state is asked for: every state but spam. */
const LISTED_STATES = CONVERSATION_STATES.filter((s) => s !== 'spam')

type ConvJoined = Selectable<InboxConversationsTable> & {
  c_name: string
  c_handle: string
  c_avatar: string | null
  c_followers: number | null
  c_blocked: number
  c_muted: number
  read_at: number | null
}

/**
 * The presences whose conversations a member may see when their role does not cover the whole
 * inbox (an executive: their own person presences); undefined means every presence.
 */
export type PresenceScope = readonly string[] | undefined

export interface Page<T> {
  items: T[]
  /** Pass as `cursor` for the next page; null at the end. */
  nextCursor: string | null
}

const encodeCursor = (t: number, id: string) => Buffer.from(`${t}:${id}`).toString('base64url')
function decodeCursor(s: string): { t: number; id: string } {
  const [t, id] = Buffer.from(s, 'base64url').toString('utf8').split(':')
  const n = Number(t)
  if (!Number.isFinite(n) || !id) throw invalid('cursor', 'is not a cursor from this list')
  return { t: n, id }
}

/** Turns a person's query into an FTS5 query of quoted terms (all must appear; the last may be a prefix). */
export function ftsQuery(q: string): string {
  const terms = q.match(/[\p{L}\p{N}_]+/gu) ?? []
  return terms
    .slice(0, 8)
    .map((t, i, all) => `"${t}"${i === all.length - 1 ? '*' : ''}`)
    .join(' ')
}

export class InboxView {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly sla: SlaService,
    private readonly engine: 'sqlite' | 'postgres',
  ) {}

  /** The filter as a WHERE expression on `inbox_conversations as v`. */
  private where(
    workspaceId: string,
    f: ConversationFilters,
    memberId: string,
    scope?: PresenceScope,
  ): (eb: ConvEb) => Expression<SqlBool> {
    return (eb: ConvEb) => {
      const and: Expression<SqlBool>[] = [eb('v.workspace_id', '=', workspaceId)]
      if (scope) and.push(scope.length ? eb('v.presence_id', 'in', [...scope]) : sql<SqlBool>`1 = 0`)
      if (f.states?.length) and.push(eb('v.state', 'in', f.states))
      else and.push(eb('v.state', '!=', 'spam'))
      if (f.priorities?.length) and.push(eb('v.priority', 'in', f.priorities))
      if (f.assignee === 'none') and.push(eb('v.assignee_member_id', 'is', null))
      else if (f.assignee)
        and.push(eb('v.assignee_member_id', '=', f.assignee === 'me' ? memberId : f.assignee))
      if (f.teamId) and.push(eb('v.team_id', '=', f.teamId))
      if (f.label) {
        // @NOTE labels are a JSON array of strings; the quoted label cannot match inside another label.
        and.push(eb('v.labels', 'like', `%${JSON.stringify(f.label).replace(/[%_]/g, '')}%`))
      }
      if (f.intents?.length) and.push(eb('v.intent', 'in', f.intents))
      if (f.sentiments?.length) and.push(eb('v.sentiment', 'in', f.sentiments))
      if (f.channelIds?.length) and.push(eb('v.channel_id', 'in', f.channelIds))
      if (f.presenceIds?.length) and.push(eb('v.presence_id', 'in', f.presenceIds))
      if (f.contactId) and.push(eb('v.contact_id', '=', f.contactId))
      if (f.from !== undefined) and.push(eb('v.last_message_at', '>=', f.from))
      if (f.to !== undefined) and.push(eb('v.last_message_at', '<', f.to))
      if (f.q?.trim()) and.push(this.textMatch(eb, workspaceId, f.q))
      return eb.and(and)
    }
  }

  private textMatch(eb: ConvEb, workspaceId: string, q: string): Expression<SqlBool> {
    // A merged account's name or handle finds its group's conversations.
    const contacts = contactGroupsMatching(this.db, workspaceId, q)
    let messages: RawBuilder<string>
    if (this.engine === 'sqlite') {
      const match = ftsQuery(q)
      if (!match) return eb('v.contact_id', 'in', contacts)
      messages = sql<string>`(SELECT conversation_id FROM inbox_messages WHERE rowid IN (SELECT rowid FROM inbox_messages_fts WHERE inbox_messages_fts MATCH ${match}) AND workspace_id = ${workspaceId})`
    } else {
      messages = sql<string>`(SELECT conversation_id FROM inbox_messages WHERE workspace_id = ${workspaceId} AND to_tsvector('simple', text) @@ plainto_tsquery('simple', ${q}))`
    }
    return eb.or([eb('v.id', 'in', messages), eb('v.contact_id', 'in', contacts)])
  }

  private base(memberId: string) {
    return this.db
      .selectFrom('inbox_conversations as v')
      .innerJoin('inbox_contacts as c', 'c.id', 'v.contact_id')
      .leftJoin('inbox_reads as r', (j) =>
        j.onRef('r.conversation_id', '=', 'v.id').on('r.member_id', '=', memberId),
      )
      .selectAll('v')
      .select([
        'c.display_name as c_name',
        'c.handle as c_handle',
        'c.avatar_url as c_avatar',
        'c.follower_count as c_followers',
        'c.blocked as c_blocked',
        'c.muted as c_muted',
        'r.read_at as read_at',
      ])
  }

  private dto(r: ConvJoined, sla: SlaSettings, now: number): ConversationDto {
    return {
      id: r.id,
      channelId: r.channel_id,
      presenceId: r.presence_id,
      contact: {
        id: r.contact_id,
        name: r.c_name,
        handle: r.c_handle,
        avatarUrl: r.c_avatar,
        followerCount: r.c_followers,
        blocked: r.c_blocked === 1,
        muted: r.c_muted === 1,
      },
      kind: r.kind as 'public' | 'direct',
      state: r.state as ConversationState,
      snoozedUntil: r.snoozed_until,
      priority: r.priority as Priority,
      assigneeMemberId: r.assignee_member_id,
      teamId: r.team_id,
      labels: JSON.parse(r.labels) as string[],
      preview: r.preview,
      intent: r.intent,
      sentiment: r.sentiment,
      language: r.language,
      lastMessageId: r.last_message_id,
      lastMessageAt: r.last_message_at,
      lastInboundAt: r.last_inbound_at,
      messageCount: r.message_count,
      firstResponseAt: r.first_response_at,
      firstResponseMs: r.first_response_ms,
      sla:
        r.sla_kind && r.sla_due_at !== null
          ? {
              kind: r.sla_kind as 'first' | 'next',
              dueAt: r.sla_due_at,
              timeLeftMs: slaTimeLeft(sla, r.priority as Priority, r.sla_due_at, now),
              warnedAt: r.sla_warned_at,
              breachedAt: r.sla_breached_at,
            }
          : null,
      unread: r.last_inbound_at !== null && r.last_inbound_at > (r.read_at ?? 0),
      version: r.version,
    }
  }

  /**
   * One page of conversations, newest activity first. Each state's conversations are read in order
   * from the list index (workspace, state, last activity); a page of several states (every state
   * but spam when none is named) merges one ordered page per state, so no other index is kept for
   * cross-state order (docs/adr/0023-list-per-state.md).
   */
  async list(
    workspaceId: string,
    memberId: string,
    f: ConversationFilters,
    opts: { cursor?: string; limit?: number; scope?: PresenceScope } = {},
  ): Promise<Page<ConversationDto>> {
    const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200)
    const cursor = opts.cursor ? decodeCursor(opts.cursor) : undefined
    const states = f.states?.length ? [...new Set(f.states)] : LISTED_STATES
    const ofState = (state: ConversationState) => {
      let q = this.base(memberId).where((eb) =>
        this.where(workspaceId, { ...f, states: [state] }, memberId, opts.scope)(eb as unknown as ConvEb),
      )
      if (cursor)
        q = q.where((eb) =>
          eb.or([
            eb('v.last_message_at', '<', cursor.t),
            eb.and([eb('v.last_message_at', '=', cursor.t), eb('v.id', '<', cursor.id)]),
          ]),
        )
      return q
        .orderBy('v.last_message_at', 'desc')
        .orderBy('v.id', 'desc')
        .limit(limit + 1)
    }
    let rows: ConvJoined[]
    if (states.length === 1) rows = (await ofState(states[0]!).execute()) as ConvJoined[]
    else {
      const [first, ...rest] = states.map((s, i) => this.db.selectFrom(ofState(s).as(`s${i}`)).selectAll())
      let merged = first!
      for (const q of rest) merged = merged.unionAll(q)
      rows = (await merged
        .orderBy('last_message_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute()) as ConvJoined[]
    }
    const more = rows.length > limit
    const page = more ? rows.slice(0, limit) : rows
    const settings = await this.sla.settings(workspaceId)
    const now = this.clock.now()
    const last = page[page.length - 1]
    return {
      items: page.map((r) => this.dto(r, settings, now)),
      nextCursor: more && last ? encodeCursor(last.last_message_at, last.id) : null,
    }
  }

  /** How many conversations match `f` and have a customer message the member has not read. */
  async unreadCount(
    workspaceId: string,
    memberId: string,
    f: ConversationFilters,
    scope?: PresenceScope,
  ): Promise<{ total: number; unread: number }> {
    const row = await this.db
      .selectFrom('inbox_conversations as v')
      .leftJoin('inbox_reads as r', (j) =>
        j.onRef('r.conversation_id', '=', 'v.id').on('r.member_id', '=', memberId),
      )
      .select((eb) => [
        eb.fn.countAll<number>().as('total'),
        eb.fn
          .sum<number>(
            eb.case().when(sql<boolean>`v.last_inbound_at > coalesce(r.read_at, 0)`).then(1).else(0).end(),
          )
          .as('unread'),
      ])
      .where((eb) => this.where(workspaceId, f, memberId, scope)(eb as unknown as ConvEb))
      .executeTakeFirst()
    return { total: Number(row?.total ?? 0), unread: Number(row?.unread ?? 0) }
  }

  /** One conversation with every message (oldest first), its timeline and who is looking at it. */
  async detail(workspaceId: string, memberId: string, id: string): Promise<ConversationDetail> {
    const row = (await this.base(memberId)
      .where('v.workspace_id', '=', workspaceId)
      .where('v.id', '=', id)
      .executeTakeFirst()) as ConvJoined | undefined
    if (!row) throw notFound('conversation')
    const now = this.clock.now()
    const [messages, events, viewers, settings] = await Promise.all([
      this.db
        .selectFrom('inbox_messages')
        .selectAll()
        .where('conversation_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .limit(1000)
        .execute(),
      this.db
        .selectFrom('inbox_events')
        .selectAll()
        .where('conversation_id', '=', id)
        .orderBy('created_at')
        .orderBy('id')
        .limit(1000)
        .execute(),
      this.db
        .selectFrom('inbox_presence')
        .select(['member_id', 'mode'])
        .where('conversation_id', '=', id)
        .where('expires_at', '>', now)
        .execute(),
      this.sla.settings(workspaceId),
    ])
    return {
      ...this.dto(row, settings, now),
      messages: messages.map(toMessageDto),
      timeline: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        actorMemberId: e.actor_member_id,
        ruleId: e.rule_id,
        ruleName: e.rule_name,
        data: JSON.parse(e.data) as Record<string, unknown>,
        createdAt: e.created_at,
      })),
      viewers: viewers.map((v) => ({ memberId: v.member_id, mode: v.mode as 'viewing' | 'typing' })),
    }
  }

  /** Likes, reposts and follows per day for a channel (or per post when `subject` is given). */
  async activityCounts(
    workspaceId: string,
    opts: { channelId?: string; subjectRemoteId?: string; from?: string; to?: string },
  ) {
    let q = this.db
      .selectFrom('inbox_activity_counts as a')
      .innerJoin('channels as ch', 'ch.id', 'a.channel_id')
      .select(['a.channel_id', 'a.day', 'a.kind', 'a.subject_remote_id', 'a.count'])
      .where('ch.workspace_id', '=', workspaceId)
    if (opts.channelId) q = q.where('a.channel_id', '=', opts.channelId)
    if (opts.subjectRemoteId) q = q.where('a.subject_remote_id', '=', opts.subjectRemoteId)
    if (opts.from) q = q.where('a.day', '>=', opts.from)
    if (opts.to) q = q.where('a.day', '<=', opts.to)
    const rows = await q.orderBy('a.day').limit(5000).execute()
    return rows.map((r) => ({
      channelId: r.channel_id,
      day: r.day,
      kind: r.kind,
      subjectRemoteId: r.subject_remote_id || null,
      count: Number(r.count),
    }))
  }
}

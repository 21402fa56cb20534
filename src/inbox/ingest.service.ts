/**
 * The ingest pipeline: activity from a channel's network → stored messages in conversations.
 * One batch runs in one transaction and does every step for all its messages at once:
 * dedupe → count non-conversational activity → contacts → threading → classify → rules → store.
 * Idempotent on (channel, remote id): a unique index backs the in-batch and in-database dedupe,
 * so repeated or overlapping polls never store a message twice.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { EventBus } from '../core/event-bus.js'
import type { Database } from '../db/schema.js'
import type { ActivityMessage } from '../networks/network.port.js'
import { type Classification, classify } from '../triage/classifier.js'
import { RoundRobin } from './assignment.js'
import { bulkInsert, bulkUpdateById, chunks, IdPool, type RawSqlite } from './bulk.js'
import type { InboxConversationsTable, InboxEventsTable, InboxMessagesTable } from './inbox.tables.js'
import { CONVERSATIONAL_KINDS, type Priority, type Rule } from './inbox.types.js'
import { CONVERSATION_COLUMNS, EVENT_COLUMNS, MESSAGE_COLUMNS } from './ingest.columns.js'
import { countActivity, linkContacts } from './ingest-steps.js'
import { RuleService } from './rule.service.js'
import { basePriority, describeEffect, evaluateRules, type RuleEffect } from './rules.js'
import { type SlaService, type SlaSettings, slaDueAt } from './sla.service.js'

/** The channel a batch came from. */
export interface IngestChannel {
  id: string
  workspaceId: string
  presenceId: string
  network: string
  /** Our own account on the network: its messages are ours ('out'). */
  remoteAccountId: string | null
}

export interface IngestResult {
  received: number
  stored: number
  duplicates: number
  /** Likes, reposts and follows counted (not stored as messages). */
  counted: number
  conversationsCreated: number
  conversationsUpdated: number
  /** Ids of the conversations that got new messages. */
  conversationIds: string[]
}

type ConvRow = Selectable<InboxConversationsTable>
interface ConvWork {
  row: ConvRow
  isNew: boolean
  dirty: boolean
}

const CONVERSATIONAL = new Set<string>(CONVERSATIONAL_KINDS)
const COUNTED = new Set(['like', 'repost', 'follow'])
const IN_CHUNK = 500
// @NOTE per-message live events only for small batches; a burst sends one summary event instead.
const LIVE_PER_MESSAGE_MAX = 50

function preview(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

export class IngestService {
  private readonly rules: RuleService

  constructor(
    private readonly db: Kysely<Database>,
    readonly clock: Clock,
    private readonly sla: SlaService,
    readonly engine: 'sqlite' | 'postgres',
    private readonly events?: EventBus,
    /** The SQLite connection when on SQLite: bulk inserts use cached prepared statements. */
    readonly raw?: RawSqlite,
  ) {
    this.rules = new RuleService(db, clock)
  }

  readonly ids = new IdPool()

  /** Stores one batch of activity from `channel`. Safe to call again with the same or overlapping messages. */
  async ingest(channel: IngestChannel, activity: readonly ActivityMessage[]): Promise<IngestResult> {
    const result: IngestResult = {
      received: activity.length,
      stored: 0,
      duplicates: 0,
      counted: 0,
      conversationsCreated: 0,
      conversationsUpdated: 0,
      conversationIds: [],
    }
    if (activity.length === 0) return result
    const rules = await this.rules.list(channel.workspaceId)
    const sla = await this.sla.settings(channel.workspaceId)
    const created: Array<{ conversationId: string; messageId: string; direction: 'in' | 'out' }> = []
    await this.db.transaction().execute(async (trx) => {
      const byRemote = new Map<string, ActivityMessage>()
      const counted: ActivityMessage[] = []
      for (const m of activity) {
        if (COUNTED.has(m.kind)) counted.push(m)
        else if (CONVERSATIONAL.has(m.kind) && !byRemote.has(m.remoteId)) byRemote.set(m.remoteId, m)
      }
      result.counted = await countActivity(this, trx, channel, counted)
      const fresh = await this.dedupe(trx, channel, [...byRemote.values()])
      result.duplicates = byRemote.size - fresh.length + (activity.length - counted.length - byRemote.size)
      if (fresh.length === 0) return
      fresh.sort((a, b) => a.createdAt - b.createdAt || (a.remoteId < b.remoteId ? -1 : 1))
      const contacts = await linkContacts(this, trx, channel, fresh)
      const convs = await this.threads(trx, channel, fresh)
      const now = this.clock.now()
      const rr = new RoundRobin(trx, channel.workspaceId)
      const messages: Insertable<InboxMessagesTable>[] = []
      const timeline: Insertable<InboxEventsTable>[] = []
      const convOf = new Map<string, ConvWork>() // remote id → conversation, for later messages of the batch
      const contactTouch = new Map<string, { n: number; last: number }>()
      for (const m of fresh) {
        const outbound = channel.remoteAccountId !== null && m.author.remoteId === channel.remoteAccountId
        const key = this.threadKey(m)
        let conv =
          (m.parentId ? (convOf.get(m.parentId) ?? convs.byRemote.get(m.parentId)) : undefined) ??
          (m.threadRootId ? (convOf.get(m.threadRootId) ?? convs.byRemote.get(m.threadRootId)) : undefined) ??
          convs.byKey.get(key)
        if (!conv && outbound) continue // @NOTE our own post outside any conversation is not inbox material
        const contact = outbound ? undefined : contacts.get(m.author.remoteId)
        const text = m.text ?? ''
        const c: Classification | undefined = outbound ? undefined : classify(text)
        const createdAt = Math.min(m.createdAt, now)
        const messageId = this.ids.next(createdAt)
        if (!conv) {
          conv = this.newConversation(channel, key, m, contact!, c!, createdAt, now)
          convs.byKey.set(key, conv)
          this.applyRules(conv, rules, { m, c: c!, channel, contact: contact! }, timeline, now)
          if (conv.row.assignee_member_id === null && conv.row.team_id) {
            conv.row.assignee_member_id = await rr.pick(conv.row.team_id)
          }
          this.startClock(conv.row, sla, createdAt)
        } else {
          this.extend(conv, m, outbound, c, contact, createdAt, now, timeline, sla)
        }
        convOf.set(m.remoteId, conv)
        messages.push({
          id: messageId,
          workspace_id: channel.workspaceId,
          conversation_id: conv.row.id,
          channel_id: channel.id,
          remote_id: m.remoteId,
          direction: outbound ? 'out' : 'in',
          kind: m.kind,
          contact_id: contact?.id ?? null,
          author_handle: m.author.handle,
          author_name: m.author.displayName,
          text,
          url: m.url,
          parent_remote_id: m.parentId,
          root_remote_id: m.threadRootId,
          sentiment: c?.sentiment ?? null,
          score: c?.score ?? null,
          intent: c?.intent ?? null,
          language: c?.language ?? null,
          needs_reply: c?.needsReply ? 1 : 0,
          sent_by_member_id: null,
          created_at: createdAt,
          received_at: now,
        })
        conv.row.last_message_id = messageId
        created.push({ conversationId: conv.row.id, messageId, direction: outbound ? 'out' : 'in' })
        if (contact) {
          const t = contactTouch.get(contact.id) ?? { n: 0, last: 0 }
          t.n++
          t.last = Math.max(t.last, createdAt)
          contactTouch.set(contact.id, t)
        }
      }
      const all = [...new Set([...convs.byKey.values(), ...convs.byRemote.values(), ...convOf.values()])]
      const fresh2 = all.filter((c) => c.isNew)
      const updated = all.filter((c) => !c.isNew && c.dirty)
      await bulkInsert(
        trx,
        this.raw,
        'inbox_conversations',
        CONVERSATION_COLUMNS,
        fresh2.map((c) => c.row as unknown as Record<string, unknown>),
      )
      await this.updateConversations(trx, updated)
      await bulkInsert(
        trx,
        this.raw,
        'inbox_messages',
        MESSAGE_COLUMNS,
        messages as Array<Record<string, unknown>>,
        true,
      )
      await bulkInsert(
        trx,
        this.raw,
        'inbox_events',
        EVENT_COLUMNS,
        timeline as Array<Record<string, unknown>>,
      )
      await bulkUpdateById(
        trx,
        'inbox_contacts',
        [
          { name: 'message_count', type: 'bigint', mode: 'add' },
          { name: 'last_seen_at', type: 'bigint', mode: 'max' },
        ],
        [...contactTouch].map(([id, t]) => ({ id, message_count: t.n, last_seen_at: t.last })),
      )
      await rr.flush(trx)
      result.stored = messages.length
      result.conversationsCreated = fresh2.length
      result.conversationsUpdated = updated.length
      result.conversationIds = [...new Set(messages.map((m) => m.conversation_id))]
    })
    this.announce(channel.workspaceId, created)
    return result
  }

  private announce(
    workspaceId: string,
    created: Array<{ conversationId: string; messageId: string; direction: 'in' | 'out' }>,
  ): void {
    if (!this.events || created.length === 0) return
    if (created.length <= LIVE_PER_MESSAGE_MAX) {
      for (const c of created) this.events.publish({ type: 'message.created', workspaceId, ...c })
    } else {
      this.events.publish({ type: 'inbox.ingested', workspaceId, count: created.length })
    }
  }

  private threadKey(m: ActivityMessage): string {
    if (m.kind === 'direct-message') return `d:${m.conversationId ?? m.author.remoteId}`
    return `t:${m.threadRootId ?? m.remoteId}`
  }

  /** The messages of the batch not stored before. */
  private async dedupe(
    trx: Transaction<Database>,
    channel: IngestChannel,
    items: ActivityMessage[],
  ): Promise<ActivityMessage[]> {
    const known = new Set<string>()
    for (const part of chunks(items, IN_CHUNK)) {
      const rows = await trx
        .selectFrom('inbox_messages')
        .select('remote_id')
        .where('channel_id', '=', channel.id)
        .where(
          'remote_id',
          'in',
          part.map((m) => m.remoteId),
        )
        .execute()
      for (const r of rows) known.add(r.remote_id)
    }
    return items.filter((m) => !known.has(m.remoteId))
  }

  /** Existing conversations the batch may join: by thread key, and by the messages it answers. */
  private async threads(
    trx: Transaction<Database>,
    channel: IngestChannel,
    items: ActivityMessage[],
  ): Promise<{ byKey: Map<string, ConvWork>; byRemote: Map<string, ConvWork> }> {
    const keys = [...new Set(items.map((m) => this.threadKey(m)))]
    const refs = [
      ...new Set(items.flatMap((m) => [m.parentId, m.threadRootId]).filter((x): x is string => !!x)),
    ]
    const byId = new Map<string, ConvWork>()
    const byKey = new Map<string, ConvWork>()
    const byRemote = new Map<string, ConvWork>()
    const refConv = new Map<string, string>()
    for (const part of chunks(refs, IN_CHUNK)) {
      const rows = await trx
        .selectFrom('inbox_messages')
        .select(['remote_id', 'conversation_id'])
        .where('channel_id', '=', channel.id)
        .where('remote_id', 'in', part)
        .execute()
      for (const r of rows) refConv.set(r.remote_id, r.conversation_id)
    }
    const lock = this.engine === 'postgres'
    const add = (r: ConvRow) => {
      const w = byId.get(r.id) ?? { row: r, isNew: false, dirty: false }
      byId.set(r.id, w)
      return w
    }
    for (const part of chunks(keys, IN_CHUNK)) {
      let q = trx
        .selectFrom('inbox_conversations')
        .selectAll()
        .where('channel_id', '=', channel.id)
        .where('thread_key', 'in', part)
      // @NOTE lock what this batch will update, so an agent's concurrent change is not overwritten.
      if (lock) q = q.forUpdate()
      for (const r of await q.execute()) byKey.set(r.thread_key, add(r))
    }
    const ids = [...new Set(refConv.values())].filter((id) => !byId.has(id))
    for (const part of chunks(ids, IN_CHUNK)) {
      let q = trx.selectFrom('inbox_conversations').selectAll().where('id', 'in', part)
      if (lock) q = q.forUpdate()
      for (const r of await q.execute()) add(r)
    }
    for (const [remote, convId] of refConv) {
      const w = byId.get(convId)
      if (w) byRemote.set(remote, w)
    }
    return { byKey, byRemote }
  }

  private newConversation(
    channel: IngestChannel,
    key: string,
    m: ActivityMessage,
    contact: { id: string; followerCount: number | null; blocked: boolean; muted: boolean },
    c: Classification,
    createdAt: number,
    now: number,
  ): ConvWork {
    const state = contact.blocked || c.intent === 'spam' ? 'spam' : contact.muted ? 'resolved' : 'open'
    const row: ConvRow = {
      id: this.ids.next(createdAt),
      workspace_id: channel.workspaceId,
      channel_id: channel.id,
      presence_id: channel.presenceId,
      contact_id: contact.id,
      thread_key: key,
      kind: m.kind === 'direct-message' ? 'direct' : 'public',
      state,
      snoozed_until: null,
      priority: basePriority(c, contact.followerCount ?? m.author.followerCount),
      assignee_member_id: null,
      team_id: null,
      labels: '[]',
      preview: preview(m.text ?? ''),
      intent: c.intent,
      sentiment: c.sentiment,
      language: c.language,
      last_message_id: null,
      last_message_at: createdAt,
      last_inbound_at: createdAt,
      message_count: 1,
      first_inbound_at: createdAt,
      first_response_at: null,
      first_response_ms: null,
      awaiting_since: null,
      sla_policy_id: null,
      sla_kind: null,
      sla_due_at: null,
      sla_warned_at: null,
      sla_breached_at: null,
      version: 1,
      created_at: now,
      updated_at: now,
    }
    return { row, isNew: true, dirty: true }
  }

  private applyRules(
    conv: ConvWork,
    rules: Rule[],
    s: {
      m: ActivityMessage
      c: Classification
      channel: IngestChannel
      contact: { id: string; followerCount: number | null }
    },
    timeline: Insertable<InboxEventsTable>[],
    now: number,
  ): void {
    const effects: RuleEffect[] = evaluateRules(rules, {
      text: s.m.text ?? '',
      kind: s.m.kind,
      classification: s.c,
      channelId: s.channel.id,
      presenceId: s.channel.presenceId,
      contactId: s.contact.id,
      followerCount: s.contact.followerCount ?? s.m.author.followerCount,
    })
    const r = conv.row
    const labels = new Set<string>(JSON.parse(r.labels) as string[])
    // @NOTE ids that sort in the order the effects happened (same millisecond, so time alone cannot).
    const idBase = this.ids.next(now).slice(0, 20)
    for (const [i, e] of effects.entries()) {
      const a = e.action
      if (a.type === 'label') labels.add(a.label)
      else if (a.type === 'assign-member') r.assignee_member_id = a.memberId
      else if (a.type === 'assign-team') {
        r.team_id = a.teamId
        r.assignee_member_id = null
      } else if (a.type === 'priority') r.priority = a.priority as Priority
      else if (a.type === 'spam') r.state = 'spam'
      else if (a.type === 'resolve') r.state = 'resolved'
      timeline.push({
        id: `${idBase}${String(i).padStart(6, '0')}`,
        workspace_id: r.workspace_id,
        conversation_id: r.id,
        kind: a.type === 'note' ? 'note' : 'rule',
        actor_member_id: null,
        rule_id: e.ruleId,
        rule_name: e.ruleName,
        data: JSON.stringify({ action: a, text: a.type === 'note' ? a.text : describeEffect(e) }),
        created_at: now,
      })
    }
    r.labels = JSON.stringify([...labels])
  }

  /** Starts the response clock of an open conversation that waits for us since `since`. */
  private startClock(r: ConvRow, sla: SlaSettings, since: number): void {
    if (r.state !== 'open' && r.state !== 'snoozed') return
    if (r.awaiting_since !== null) return
    const kind = r.first_response_at === null ? 'first' : 'next'
    r.awaiting_since = since
    r.sla_kind = kind
    r.sla_policy_id = sla.policies[r.priority as Priority]?.id ?? null
    r.sla_due_at = slaDueAt(sla, r.priority as Priority, kind, since)
    r.sla_warned_at = null
    r.sla_breached_at = null
  }

  /** A new message in an existing conversation. */
  private extend(
    conv: ConvWork,
    m: ActivityMessage,
    outbound: boolean,
    c: Classification | undefined,
    contact: { muted: boolean } | undefined,
    createdAt: number,
    now: number,
    timeline: Insertable<InboxEventsTable>[],
    sla: SlaSettings,
  ): void {
    const r = conv.row
    conv.dirty = true
    r.message_count += 1
    r.version += 1
    r.updated_at = now
    if (createdAt >= r.last_message_at) {
      r.last_message_at = createdAt
      r.preview = preview(m.text ?? '')
    }
    if (outbound) {
      // @NOTE a reply someone wrote in the network's own app is still a person's answer.
      if (r.first_response_at === null && r.first_inbound_at !== null) {
        r.first_response_at = createdAt
        r.first_response_ms = Math.max(0, createdAt - r.first_inbound_at)
      }
      r.awaiting_since = null
      r.sla_kind = null
      r.sla_due_at = null
      return
    }
    r.last_inbound_at = Math.max(r.last_inbound_at ?? 0, createdAt)
    r.intent = c?.intent ?? r.intent
    r.sentiment = c?.sentiment ?? r.sentiment
    r.language = c?.language ?? r.language
    if (r.state !== 'spam' && r.state !== 'open' && !contact?.muted) {
      timeline.push({
        id: this.ids.next(now),
        workspace_id: r.workspace_id,
        conversation_id: r.id,
        kind: 'state',
        actor_member_id: null,
        rule_id: null,
        rule_name: null,
        data: JSON.stringify({ from: r.state, to: 'open', reason: 'new message' }),
        created_at: now,
      })
      r.state = 'open'
      r.snoozed_until = null
    }
    this.startClock(r, sla, createdAt)
  }

  private async updateConversations(trx: Transaction<Database>, rows: ConvWork[]): Promise<void> {
    await bulkUpdateById(
      trx,
      'inbox_conversations',
      [
        { name: 'state', type: 'text' },
        { name: 'snoozed_until', type: 'bigint' },
        { name: 'preview', type: 'text' },
        { name: 'intent', type: 'text' },
        { name: 'sentiment', type: 'text' },
        { name: 'language', type: 'text' },
        { name: 'last_message_id', type: 'text' },
        { name: 'last_message_at', type: 'bigint' },
        { name: 'last_inbound_at', type: 'bigint' },
        { name: 'message_count', type: 'bigint' },
        { name: 'first_response_at', type: 'bigint' },
        { name: 'first_response_ms', type: 'bigint' },
        { name: 'awaiting_since', type: 'bigint' },
        { name: 'sla_policy_id', type: 'text' },
        { name: 'sla_kind', type: 'text' },
        { name: 'sla_due_at', type: 'bigint' },
        { name: 'sla_warned_at', type: 'bigint' },
        { name: 'sla_breached_at', type: 'bigint' },
        { name: 'version', type: 'bigint' },
        { name: 'updated_at', type: 'bigint' },
      ],
      rows.map((c) => c.row as unknown as Record<string, unknown>),
      200,
    )
  }
}

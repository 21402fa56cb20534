/**
 * The ingest pipeline: activity from a channel's network → stored messages in conversations.
 * One batch runs in one transaction and does every step for all its messages at once:
 * dedupe → count non-conversational activity → contacts → threading → classify → rules → store.
 * Idempotent on (channel, remote id): a unique index backs the in-batch and in-database dedupe,
 * so repeated or overlapping polls never store a message twice. Lookups: ingest-threads.ts;
 * counting and contacts: ingest-steps.ts; conversation rows: ingest-conversation.ts.
 */
import type { Insertable, Kysely, Transaction } from 'kysely'
import type Pg from 'pg'
import type { Clock } from '../core/clock.js'
import type { EventBus } from '../core/event-bus.js'
import { type PgClient, withPgClient } from '../db/pg-copy.js'
import type { Database } from '../db/schema.js'
import type { ActivityMessage } from '../networks/network.port.js'
import { type Classification, classify } from '../triage/classifier.js'
import { RoundRobin } from './assignment.js'
import { IdPool, type RawSqlite, storableText } from './bulk.js'
import { BulkWriter } from './bulk-writer.js'
import type { InboxMessagesTable } from './inbox.tables.js'
import { CONVERSATIONAL_KINDS, type Rule } from './inbox.types.js'
import {
  CONTACT_COUNTERS,
  CONTACT_COUNTERS_HOUR,
  CONVERSATION_COLUMNS,
  EVENT_COLUMNS,
  MESSAGE_COLUMNS,
} from './ingest.columns.js'
import type { IngestChannel } from './ingest.types.js'
import {
  applyRules,
  extend,
  messageRow,
  newConversation,
  startClock,
  type TimelineRow,
  teamsOf,
  updateConversations,
} from './ingest-conversation.js'
import { lockInbox } from './ingest-lock.js'
import {
  type AuthorTouch,
  contactCounters,
  countActivity,
  findContacts,
  forFresh,
  linkContacts,
} from './ingest-steps.js'
import { type ConvWork, dedupe, existingThreads, ourRoots, threadKey } from './ingest-threads.js'
import { RuleService } from './rule.service.js'
import type { SlaService, SlaSettings } from './sla.service.js'

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

/** A workspace's learned triage, if its agents corrected anything (src/triage/learner.store.ts). */
export interface LearnerSource {
  learnerFor(workspaceId: string): Promise<{ classify(text: string): Classification } | undefined>
}

type Created = { conversationId: string; messageId: string; direction: 'in' | 'out' }

const CONVERSATIONAL = new Set<string>(CONVERSATIONAL_KINDS)
const COUNTED = new Set(['like', 'repost', 'follow'])
// @NOTE per-message live events only for small batches; a burst sends one summary event instead.
const LIVE_PER_MESSAGE_MAX = 50
// @NOTE on SQLite each message insert also fires the full-text trigger; statements of 32 rows cost
// about 40 % of the CPU of one row each (docs/adr/0016-ingest-speed.md), and 128 rows less again:
// ingest ratio 0.31–0.41 against 0.30–0.33 in alternating quick runs (docs/adr/0022).
const MESSAGE_ROWS_PER_STATEMENT = 128
// (read by the SQLite writer only)
const SQLITE_ROWS = { rowsPerStatement: MESSAGE_ROWS_PER_STATEMENT }
// @NOTE message rows are final as soon as they are built: on PostgreSQL they go to the server every
// this many, so it stores them while the pipeline threads and classifies the rest of the batch
// (alternating runs on a quiet machine: 3,206–3,431 ms for 18,000 mentions against 3,383–3,943 ms
// with every write after the loop; docs/adr/0020-ingest-writes.md). 250 divides a poll's batch of
// 1,000, so the last rows go out inside the loop too: 256 left 232 for after it, and alternating quick
// runs gave a ratio of 0.449–0.485 against 0.480–0.509 (docs/adr/0022). On SQLite, where writes run
// at once, a multiple of the statement size, so each hand-over is whole statements.
const PG_MESSAGES_PER_WRITE = 250
const SQLITE_MESSAGES_PER_WRITE = 2 * MESSAGE_ROWS_PER_STATEMENT
const rowOf = (c: ConvWork) => c.row as unknown as Record<string, unknown>

export class IngestService {
  private readonly rules: RuleService
  readonly ids = new IdPool()

  constructor(
    private readonly db: Kysely<Database>,
    readonly clock: Clock,
    private readonly sla: SlaService,
    readonly engine: 'sqlite' | 'postgres',
    private readonly events?: EventBus,
    /** The SQLite connection when on SQLite: bulk reads and writes use cached prepared statements. */
    readonly raw?: RawSqlite,
    /** Per-workspace learners trained on agents' corrections; without it the lexicon decides alone. */
    private readonly learners?: LearnerSource,
    /** The PostgreSQL pool when on PostgreSQL: a batch runs on one of its clients, which COPY uses. */
    private readonly pgPool?: Pg.Pool,
  ) {
    if (engine === 'postgres' && !pgPool) throw new Error('ingest on PostgreSQL needs the pool')
    this.rules = new RuleService(db, clock)
  }

  /** Stores one batch of activity from `channel`. Safe to call again with the same or overlapping messages. */
  async ingest(channel: IngestChannel, received: readonly ActivityMessage[]): Promise<IngestResult> {
    const activity = received.map(storable)
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
    // @NOTE independent reads: on PostgreSQL each is a round trip on its own pooled connection.
    const [rules, sla, learned] = await Promise.all([
      this.rules.list(channel.workspaceId),
      this.sla.settings(channel.workspaceId),
      this.learners?.learnerFor(channel.workspaceId),
    ])
    const created: Created[] = []
    const store = (db: Kysely<Database>, copy?: PgClient) =>
      db.transaction().execute(async (trx) => {
        const w = new BulkWriter(trx, this.raw, copy)
        try {
          await this.batch(trx, w, channel, activity, result, created, { rules, sla, learned })
          await w.done()
        } catch (e) {
          await w.abandon()
          throw e
        }
      })
    if (this.pgPool) await withPgClient(this.pgPool, store)
    else await store(this.db)
    this.announce(channel.workspaceId, created)
    return result
  }

  /** One batch inside its transaction: reads first, then writes queued on `w` as rows become final. */
  private async batch(
    trx: Transaction<Database>,
    w: BulkWriter,
    channel: IngestChannel,
    activity: ActivityMessage[],
    result: IngestResult,
    created: Created[],
    ctx: { rules: Rule[]; sla: SlaSettings; learned?: { classify(text: string): Classification } },
  ): Promise<void> {
    // @NOTE one batch at a time per workspace and network (ingest-lock.ts): what the lookups below
    // find stays true until commit, so no insert of the batch needs conflict handling.
    await lockInbox(trx, channel.workspaceId, channel.network)
    const byRemote = new Map<string, ActivityMessage>()
    const counted: ActivityMessage[] = []
    for (const m of activity) {
      if (COUNTED.has(m.kind)) counted.push(m)
      else if (CONVERSATIONAL.has(m.kind) && !byRemote.has(m.remoteId)) byRemote.set(m.remoteId, m)
    }
    result.counted = await countActivity(this, trx, channel, counted)
    // @NOTE the authors' contacts are looked up together with the dedupe, for every conversational
    // message: on PostgreSQL the server runs the second query while the first one's rows are read
    // here. Only the authors of fresh messages are then linked (`forFresh`).
    const conversational = [...byRemote.values()]
    const [fresh, foundAll] = await Promise.all([
      dedupe(this, trx, channel, conversational),
      findContacts(this, trx, channel, conversational),
    ])
    result.duplicates = byRemote.size - fresh.length + (activity.length - counted.length - byRemote.size)
    if (fresh.length === 0) return
    fresh.sort((a, b) => a.createdAt - b.createdAt || (a.remoteId < b.remoteId ? -1 : 1))
    const now = this.clock.now()
    const isOurs = (m: ActivityMessage) =>
      channel.remoteAccountId !== null && m.author.remoteId === channel.remoteAccountId
    const touch: AuthorTouch = new Map()
    for (const m of fresh) {
      if (isOurs(m)) continue
      const t = touch.get(m.author.remoteId) ?? { n: 0, last: 0 }
      t.n++
      t.last = Math.max(t.last, Math.min(m.createdAt, now))
      touch.set(m.author.remoteId, t)
    }
    const found = forFresh(foundAll, fresh)
    const roots = await ourRoots(this, trx, channel, fresh)
    const keyOf = (m: ActivityMessage) => threadKey(m, roots)
    // @NOTE on PostgreSQL writes are queued, so no read may come after a write to what it reads. The
    // thread lookup and the round robin's counts read messages, conversations and members, which the
    // contact writes below do not touch: the contacts' rows are built while the server looks up threads.
    const threads = existingThreads(this, trx, channel, fresh, keyOf)
    const rr = new RoundRobin(trx, channel.workspaceId)
    const preloaded = rr.preload(teamsOf(ctx.rules))
    threads.catch(() => {}) // awaited below; a failure must not go unhandled meanwhile
    preloaded.catch(() => {})
    const contacts = linkContacts(this, w, channel, found, touch)
    // New contacts are created with their counts; existing ones add this batch's.
    const counters = contactCounters(contacts, touch)
    w.update('inbox_contacts', CONTACT_COUNTERS, counters.plain)
    w.update('inbox_contacts', CONTACT_COUNTERS_HOUR, counters.hour)
    const convs = await threads
    await preloaded
    await w.send()
    const messages: Insertable<InboxMessagesTable>[] = []
    const timeline: TimelineRow[] = []
    let written = 0 // messages handed to the writer
    const perWrite = this.raw ? SQLITE_MESSAGES_PER_WRITE : PG_MESSAGES_PER_WRITE
    const convOf = new Map<string, ConvWork>() // remote id → conversation, for later messages of the batch
    // @NOTE classify once per distinct text of the batch (bursts repeat texts; the learner is fixed per batch).
    const classified = new Map<string, Classification>()
    for (const m of fresh) {
      const outbound = isOurs(m)
      const key = keyOf(m)
      let conv =
        (m.parentId ? (convOf.get(m.parentId) ?? convs.byRemote.get(m.parentId)) : undefined) ??
        (m.threadRootId ? (convOf.get(m.threadRootId) ?? convs.byRemote.get(m.threadRootId)) : undefined) ??
        convs.byKey.get(key)
      if (!conv && outbound) continue // @NOTE our own post outside any conversation is not inbox material
      const contact = outbound ? undefined : contacts.get(m.author.remoteId)
      const text = m.text ?? ''
      let c: Classification | undefined
      if (!outbound) {
        c = classified.get(text)
        if (!c) {
          c = ctx.learned ? ctx.learned.classify(text) : classify(text)
          classified.set(text, c)
        }
      }
      const createdAt = Math.min(m.createdAt, now)
      const messageId = this.ids.next(createdAt)
      let team = false
      if (!conv) {
        conv = newConversation(this.ids, channel, key, m, contact!, c!, createdAt, now)
        convs.byKey.set(key, conv)
        team = applyRules(this.ids, conv, ctx.rules, { m, c: c!, channel, contact: contact! }, timeline, now)
      } else {
        extend(this.ids, conv, m, outbound, c, contact, createdAt, now, timeline)
        // @NOTE rules see every incoming message, not only the one that opened the conversation.
        if (!outbound && contact && conv.row.state !== 'spam')
          team = applyRules(this.ids, conv, ctx.rules, { m, c: c!, channel, contact }, timeline, now)
      }
      if (team && conv.row.assignee_member_id === null && conv.row.team_id)
        conv.row.assignee_member_id = await rr.pick(conv.row.team_id)
      if (!outbound) startClock(conv.row, ctx.sla, createdAt)
      convOf.set(m.remoteId, conv)
      messages.push(
        messageRow(
          channel,
          conv.row.id,
          messageId,
          m,
          outbound,
          contact?.id ?? null,
          c,
          text,
          createdAt,
          now,
        ),
      )
      conv.row.last_message_id = messageId
      created.push({ conversationId: conv.row.id, messageId, direction: outbound ? 'out' : 'in' })
      if (messages.length - written >= perWrite) {
        w.insert('inbox_messages', MESSAGE_COLUMNS, messages.slice(written), SQLITE_ROWS)
        written = messages.length
        await w.send()
      }
    }
    const all = new Set([...convs.byKey.values(), ...convs.byRemote.values(), ...convOf.values()])
    const inserted: ConvWork[] = []
    const updated: ConvWork[] = []
    for (const c of all) {
      if (c.isNew) inserted.push(c)
      else if (c.dirty) updated.push(c)
    }
    w.insert('inbox_conversations', CONVERSATION_COLUMNS, inserted.map(rowOf))
    updateConversations(w, updated)
    w.insert('inbox_messages', MESSAGE_COLUMNS, messages.slice(written), SQLITE_ROWS)
    w.insert('inbox_events', EVENT_COLUMNS, timeline as Array<Record<string, unknown>>)
    await w.run((db) => rr.flush(db))
    result.stored = messages.length
    result.conversationsCreated = inserted.length
    result.conversationsUpdated = updated.length
    result.conversationIds = [...new Set(messages.map((m) => m.conversation_id))]
  }

  private announce(workspaceId: string, created: Created[]): void {
    if (!this.events || created.length === 0) return
    if (created.length <= LIVE_PER_MESSAGE_MAX) {
      for (const c of created) this.events.publish({ type: 'message.created', workspaceId, ...c })
    } else {
      this.events.publish({ type: 'inbox.ingested', workspaceId, count: created.length })
    }
  }
}

/**
 * The message with its text and author names storable as sent on both engines: a lone surrogate or
 * NUL (which PostgreSQL text cannot hold, and SQLite would return differently) becomes U+FFFD.
 */
function storable(m: ActivityMessage): ActivityMessage {
  const text = m.text === null ? null : storableText(m.text)
  const handle = storableText(m.author.handle)
  const name = m.author.displayName === null ? null : storableText(m.author.displayName)
  if (text === m.text && handle === m.author.handle && name === m.author.displayName) return m
  return { ...m, text, author: { ...m.author, handle, displayName: name } }
}

/**
 * Derives the care facts (care_facts, care_waits) from the inbox's messages and timeline. Incremental:
 * only conversations whose `updated_at` moved since the workspace's last refresh are re-derived, so
 * the inbox services need no hooks (every reply, state change and ingested message bumps
 * `updated_at`). Re-deriving a conversation is idempotent: its rows are replaced in one transaction.
 */
import type { Insertable, Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Database } from '../db/schema.js'
import { addBusinessTime, businessTimeBetween } from '../inbox/business-time.js'
import { PRIORITIES, type Priority } from '../inbox/inbox.types.js'
import { type SlaSettings, slaDueAt } from '../inbox/sla.service.js'
import type { CareFactsTable, CareWaitsTable } from './care.tables.js'

// @NOTE a transaction may commit after later ones: conversations updated this long before the last
// refresh are looked at again (re-deriving is idempotent, so overlap costs only time).
const OVERLAP_MS = 5 * 60_000
const CHUNK = 400
const HOUR = 3_600_000
const CLOSED = new Set(['resolved', 'spam'])

export interface ConversationInput {
  id: string
  workspace_id: string
  channel_id: string
  presence_id: string
  contact_id: string
  assignee_member_id: string | null
  team_id: string | null
  labels: string
  intent: string | null
  sentiment: string | null
  priority: string
  state: string
  first_inbound_at: number | null
  created_at: number
}

export interface MessageInput {
  direction: string
  needs_reply: number
  created_at: number
}

export interface StateEventInput {
  /** JSON {from, to} */
  data: string
  created_at: number
}

/**
 * The facts of one conversation. Messages and events must be in time order.
 * Waits: a wait starts at the first message from the public that needs a reply since our last reply
 * (or since the start) and ends at our next reply; every reply from us (`out`) is a person's: the
 * API records the member, replies made in the network's own app are a person's too, and rules never reply.
 */
export function deriveFacts(
  c: ConversationInput,
  messages: readonly MessageInput[],
  events: readonly StateEventInput[],
  settings: SlaSettings,
  now: number,
): { facts: Insertable<CareFactsTable>; waits: Insertable<CareWaitsTable>[] } {
  const cal = settings.calendar
  const priority = (PRIORITIES as readonly string[]).includes(c.priority)
    ? (c.priority as Priority)
    : 'normal'
  const receivedAt = c.first_inbound_at ?? c.created_at
  const waits: Insertable<CareWaitsTable>[] = []
  let replied = false
  let open: { kind: 'first' | 'next'; askedAt: number; needs: number } | null = null
  const push = (answeredAt: number | null) => {
    if (!open) return
    const ms = answeredAt === null ? null : Math.max(0, answeredAt - open.askedAt)
    waits.push({
      id: `${c.id}:${waits.length}`,
      workspace_id: c.workspace_id,
      conversation_id: c.id,
      channel_id: c.channel_id,
      presence_id: c.presence_id,
      assignee_member_id: c.assignee_member_id,
      team_id: c.team_id,
      labels: c.labels,
      priority,
      kind: open.kind,
      asked_at: open.askedAt,
      answered_at: answeredAt,
      response_ms: ms,
      response_business_ms: answeredAt === null ? null : businessTimeBetween(open.askedAt, answeredAt, cal),
      needs_reply: open.needs,
      sla_due_at: slaDueAt(settings, priority, open.kind, open.askedAt),
      business_1h_at: addBusinessTime(open.askedAt, HOUR, cal),
      business_24h_at: addBusinessTime(open.askedAt, 24 * HOUR, cal),
    })
    open = null
  }
  for (const m of messages) {
    if (m.direction === 'out') {
      push(m.created_at)
      replied = true
    } else if (m.needs_reply === 1) {
      if (open) open.needs += 1
      else open = { kind: replied ? 'next' : 'first', askedAt: m.created_at, needs: 1 }
    }
  }
  push(null)

  let firstResolvedAt: number | null = null
  let reopens = 0
  let lastClose: number | null = null
  for (const e of events) {
    const d = JSON.parse(e.data) as { from?: string; to?: string }
    if (d.to === 'resolved' && firstResolvedAt === null) firstResolvedAt = e.created_at
    if (d.from === 'resolved' && d.to !== 'resolved') reopens += 1
    if (d.to && CLOSED.has(d.to)) lastClose = e.created_at
  }
  const resolvedAt = firstResolvedAt === null ? null : Math.max(firstResolvedAt, receivedAt)
  // @NOTE closed by a rule on arrival leaves no 'state' event: closed when received.
  const closedAt = CLOSED.has(c.state) ? Math.max(lastClose ?? receivedAt, receivedAt) : null
  return {
    facts: {
      conversation_id: c.id,
      workspace_id: c.workspace_id,
      channel_id: c.channel_id,
      presence_id: c.presence_id,
      contact_id: c.contact_id,
      assignee_member_id: c.assignee_member_id,
      team_id: c.team_id,
      labels: c.labels,
      intent: c.intent,
      sentiment: c.sentiment,
      priority,
      state: c.state,
      received_at: receivedAt,
      first_resolved_at: resolvedAt,
      resolution_ms: resolvedAt === null ? null : resolvedAt - receivedAt,
      resolution_business_ms: resolvedAt === null ? null : businessTimeBetween(receivedAt, resolvedAt, cal),
      reopen_count: reopens,
      closed_at: closedAt,
      refreshed_at: now,
    },
    waits,
  }
}

export class CareFacts {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly settings: (workspaceId: string) => Promise<SlaSettings>,
  ) {}

  /** Re-derives the facts of conversations changed since the last refresh; returns how many. */
  async refresh(workspaceId: string): Promise<number> {
    const now = this.clock.now()
    const mark = await this.db
      .selectFrom('care_refresh')
      .select('refreshed_until')
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    const since = mark ? mark.refreshed_until - OVERLAP_MS : Number.MIN_SAFE_INTEGER
    const ids = (
      await this.db
        .selectFrom('inbox_conversations')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('updated_at', '>=', since)
        .execute()
    ).map((r) => r.id)
    if (ids.length > 0) {
      const settings = await this.settings(workspaceId)
      for (let i = 0; i < ids.length; i += CHUNK) await this.derive(ids.slice(i, i + CHUNK), settings, now)
    }
    await this.db
      .insertInto('care_refresh')
      .values({ workspace_id: workspaceId, refreshed_until: now })
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ refreshed_until: now }))
      .execute()
    return ids.length
  }

  private async derive(ids: string[], settings: SlaSettings, now: number): Promise<void> {
    const convs = await this.db
      .selectFrom('inbox_conversations')
      .select([
        'id',
        'workspace_id',
        'channel_id',
        'presence_id',
        'contact_id',
        'assignee_member_id',
        'team_id',
        'labels',
        'intent',
        'sentiment',
        'priority',
        'state',
        'first_inbound_at',
        'created_at',
      ])
      .where('id', 'in', ids)
      .execute()
    const messages = await this.db
      .selectFrom('inbox_messages')
      .select(['conversation_id', 'direction', 'needs_reply', 'created_at'])
      .where('conversation_id', 'in', ids)
      .orderBy('conversation_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    const events = await this.db
      .selectFrom('inbox_events')
      .select(['conversation_id', 'data', 'created_at'])
      .where('conversation_id', 'in', ids)
      .where('kind', '=', 'state')
      .orderBy('conversation_id')
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    const msgs = groupBy(messages)
    const evs = groupBy(events)
    const facts: Insertable<CareFactsTable>[] = []
    const waits: Insertable<CareWaitsTable>[] = []
    for (const c of convs) {
      const d = deriveFacts(c, msgs.get(c.id) ?? [], evs.get(c.id) ?? [], settings, now)
      facts.push(d.facts)
      waits.push(...d.waits)
    }
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('care_waits').where('conversation_id', 'in', ids).execute()
      await trx.deleteFrom('care_facts').where('conversation_id', 'in', ids).execute()
      for (let i = 0; i < facts.length; i += 200)
        await trx
          .insertInto('care_facts')
          .values(facts.slice(i, i + 200))
          // @NOTE two refreshes at once derive the same rows: the later one simply wins.
          .onConflict((oc) => oc.column('conversation_id').doNothing())
          .execute()
      for (let i = 0; i < waits.length; i += 200)
        await trx
          .insertInto('care_waits')
          .values(waits.slice(i, i + 200))
          .onConflict((oc) => oc.column('id').doNothing())
          .execute()
    })
  }
}

function groupBy<T extends { conversation_id: string }>(rows: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of rows) {
    const list = out.get(r.conversation_id)
    if (list) list.push(r)
    else out.set(r.conversation_id, [r])
  }
  return out
}

/**
 * The fixed fixture of the care report tests: seven conversations in Europe/Berlin (business hours
 * Mon–Fri 09:00–17:00, holiday 2026-03-20), around the weekend of 28–29 March 2026 when Berlin moves
 * from CET (UTC+1) to CEST (UTC+2). Rows are written directly (not through ingest) so every instant
 * is known; the expected figures are worked out by hand in care-report.test.ts.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../src/db/schema.js'
import { insertSandboxChannel, insertWorkspace } from '../support/rows.js'

export const Z = (iso: string) => Date.parse(`${iso}Z`)
export const WS = 'ws-care'
export const NOW = Z('2026-04-06T10:00:00')
/** The report's period: 23 March to 5 April 2026, local midnights (CET start, CEST end). */
export const FROM = Z('2026-03-22T23:00:00')
export const TO = Z('2026-04-05T22:00:00')

type Msg = { at: string; dir?: 'in' | 'out'; needs?: 0 | 1; intent?: string; text?: string }
type Ev = { at: string; from: string; to: string; kind?: string }
interface Conv {
  id: string
  channel?: string
  contact: string
  intent: string | null
  sentiment: string | null
  priority?: string
  state: string
  assignee?: string | null
  slaDueAt?: string | null
  messages: Msg[]
  events?: Ev[]
}

export const CONVERSATIONS: Conv[] = [
  {
    // Weekend and DST: asked Fri 16:00 CET, answered Mon 10:00 CEST; resolved Mon 11:00 CEST.
    id: 'c1',
    contact: 'ct-a',
    intent: 'complaint',
    sentiment: 'negative',
    priority: 'high',
    state: 'resolved',
    assignee: 'm-1',
    messages: [
      {
        at: '2026-03-27T15:00:00',
        needs: 1,
        intent: 'complaint',
        text: 'The delivery is late again, delivery broken!',
      },
      { at: '2026-03-30T08:00:00', dir: 'out' },
    ],
    events: [{ at: '2026-03-30T09:00:00', from: 'open', to: 'resolved' }],
  },
  {
    // First reply after 30 min; then two messages needing a reply, answered next morning.
    id: 'c2',
    contact: 'ct-b',
    intent: 'question',
    sentiment: 'neutral',
    state: 'pending',
    assignee: 'm-1',
    messages: [
      { at: '2026-03-24T10:00:00', needs: 1 },
      { at: '2026-03-24T10:30:00', dir: 'out' },
      { at: '2026-03-24T15:00:00', needs: 1, intent: 'complaint', text: 'Still broken, the app crashes' },
      { at: '2026-03-24T15:10:00', needs: 1 },
      { at: '2026-03-25T09:00:00', dir: 'out' },
    ],
  },
  {
    // Never answered; open, unassigned, past its SLA.
    id: 'c3',
    contact: 'ct-c',
    intent: 'request',
    sentiment: 'neutral',
    state: 'open',
    slaDueAt: '2026-04-03T12:00:00',
    messages: [{ at: '2026-04-02T12:00:00', needs: 1 }],
  },
  {
    // Answered in 10 min; resolved, reopened, resolved again. A "thanks" needs no reply: no wait.
    id: 'c4',
    contact: 'ct-d',
    intent: 'praise',
    sentiment: 'positive',
    priority: 'urgent',
    state: 'resolved',
    assignee: 'm-2',
    messages: [
      { at: '2026-03-30T07:10:00', needs: 1 },
      { at: '2026-03-30T07:20:00', dir: 'out' },
      { at: '2026-03-31T08:55:00', needs: 0 },
    ],
    events: [
      { at: '2026-03-30T08:00:00', from: 'open', to: 'resolved' },
      { at: '2026-03-31T09:00:00', from: 'resolved', to: 'open' },
      { at: '2026-04-01T10:00:00', from: 'open', to: 'resolved' },
    ],
  },
  {
    // Resolved by a rule on arrival (a 'rule' event, no 'state' event): closed, never "resolved by a person".
    id: 'c5',
    channel: 'ch-2',
    contact: 'ct-a',
    intent: 'other',
    sentiment: null,
    state: 'resolved',
    messages: [{ at: '2026-03-25T12:00:00', needs: 0 }],
    events: [{ at: '2026-03-25T12:00:00', from: 'open', to: 'resolved', kind: 'rule' }],
  },
  {
    // The previous period: answered after 2 h, resolved after 3 h.
    id: 'c6',
    contact: 'ct-b',
    intent: 'question',
    sentiment: 'neutral',
    state: 'resolved',
    messages: [
      { at: '2026-03-17T09:00:00', needs: 1 },
      { at: '2026-03-17T11:00:00', dir: 'out' },
    ],
    events: [{ at: '2026-03-17T12:00:00', from: 'open', to: 'resolved' }],
  },
  {
    // Older than both periods, still open (assigned): part of the backlog.
    id: 'c7',
    contact: 'ct-c',
    intent: 'question',
    sentiment: 'neutral',
    state: 'open',
    assignee: 'm-2',
    messages: [{ at: '2026-03-02T10:00:00', needs: 1 }],
  },
]

export async function seedCareFixture(db: Kysely<Database>): Promise<void> {
  const t = NOW
  await insertWorkspace(db, { id: WS, name: 'Care', presenceId: 'p-1', holidays: ['2026-03-20'] }, t)
  for (const id of ['ch-1', 'ch-2'])
    await insertSandboxChannel(
      db,
      {
        id,
        workspaceId: WS,
        presenceId: 'p-1',
        handle: `${id}.sandbox`,
        remoteAccountId: id,
        followerCount: 10,
      },
      t,
    )
  for (const id of ['ct-a', 'ct-b', 'ct-c', 'ct-d'])
    await db
      .insertInto('inbox_contacts')
      .values({
        id,
        workspace_id: WS,
        display_name: `Person ${id.slice(3).toUpperCase()}`,
        handle: `${id}.example`,
        avatar_url: null,
        follower_count: null,
        notes: '',
        blocked: 0,
        muted: 0,
        merged_into: null,
        message_count: 1,
        first_seen_at: t,
        last_seen_at: t,
        seen_hour: Math.floor(t / 3_600_000),
        network: 'sandbox',
        remote_id: id,
        remote_name: null,
        created_at: t,
        updated_at: t,
      })
      .execute()
  for (const c of CONVERSATIONS) {
    const first = Z(c.messages[0]!.at)
    const last = Z(c.messages.at(-1)!.at)
    await db
      .insertInto('inbox_conversations')
      .values({
        id: c.id,
        workspace_id: WS,
        channel_id: c.channel ?? 'ch-1',
        presence_id: 'p-1',
        contact_id: c.contact,
        thread_key: `t:${c.id}`,
        kind: 'mention',
        state: c.state,
        priority: c.priority ?? 'normal',
        assignee_member_id: c.assignee ?? null,
        team_id: null,
        snoozed_until: null,
        language: 'en',
        last_message_id: null,
        last_inbound_at: first,
        first_response_at: null,
        first_response_ms: null,
        awaiting_since: null,
        sla_policy_id: null,
        sla_kind: null,
        sla_warned_at: null,
        sla_breached_at: null,
        version: 1,
        labels: c.id === 'c1' || c.id === 'c3' ? '["vip"]' : '[]',
        preview: `preview of ${c.id}`,
        intent: c.intent,
        sentiment: c.sentiment,
        last_message_at: last,
        message_count: c.messages.length,
        first_inbound_at: first,
        sla_due_at: c.slaDueAt ? Z(c.slaDueAt) : null,
        created_at: first,
        updated_at: t,
      })
      .execute()
    for (const [i, m] of c.messages.entries()) {
      const dir = m.dir ?? 'in'
      await db
        .insertInto('inbox_messages')
        .values({
          id: `${c.id}-m${i}`,
          workspace_id: WS,
          conversation_id: c.id,
          channel_id: c.channel ?? 'ch-1',
          remote_id: `${c.id}-r${i}`,
          direction: dir,
          kind: 'mention',
          contact_id: dir === 'in' ? c.contact : null,
          author_handle: dir === 'in' ? `${c.contact}.example` : 'acme',
          text: m.text ?? (dir === 'in' ? 'hello there' : 'we are on it'),
          intent: dir === 'in' ? (m.intent ?? c.intent) : null,
          sentiment: dir === 'in' ? c.sentiment : null,
          needs_reply: dir === 'in' ? (m.needs ?? 0) : 0,
          sent_by_member_id: dir === 'out' ? 'm-1' : null,
          created_at: Z(m.at),
          received_at: Z(m.at),
        })
        .execute()
    }
    for (const [i, e] of (c.events ?? []).entries())
      await db
        .insertInto('inbox_events')
        .values({
          id: `${c.id}-e${i}`,
          workspace_id: WS,
          conversation_id: c.id,
          kind: e.kind ?? 'state',
          actor_member_id: e.kind === 'rule' ? null : 'm-1',
          rule_id: e.kind === 'rule' ? 'rule-1' : null,
          rule_name: e.kind === 'rule' ? 'Auto-resolve' : null,
          data: JSON.stringify(
            e.kind === 'rule' ? { action: { type: 'resolve' } } : { from: e.from, to: e.to },
          ),
          created_at: Z(e.at),
        })
        .execute()
  }
}

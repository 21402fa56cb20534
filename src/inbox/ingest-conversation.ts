/**
 * What the ingest pipeline (ingest.service.ts) does to a conversation row in memory: create it,
 * extend it with a new message, apply the rules' effects, start the response clock. The rows are
 * written in bulk afterwards.
 */
import type { Insertable } from 'kysely'
import type { ActivityMessage } from '../networks/network.port.js'
import type { Classification } from '../triage/classifier.js'
import type { IdPool } from './bulk.js'
import type { BulkColumn, BulkWriter } from './bulk-writer.js'
import type { InboxEventsTable, InboxMessagesTable } from './inbox.tables.js'
import type { Priority, Rule } from './inbox.types.js'
import type { IngestChannel } from './ingest.types.js'
import type { ConvRow, ConvWork } from './ingest-threads.js'
import { basePriority, describeEffect, evaluateRules, type RuleEffect } from './rules.js'
import { type SlaSettings, slaDueAt } from './sla.service.js'

export type TimelineRow = Insertable<InboxEventsTable>

/** The contact of an incoming message, as the pipeline knows it. */
export interface IngestContact {
  id: string
  followerCount: number | null
  blocked: boolean
  muted: boolean
}

export function preview(text: string): string {
  return text.length > 200 ? `${text.slice(0, 199)}…` : text
}

export function newConversation(
  ids: IdPool,
  channel: IngestChannel,
  key: string,
  m: ActivityMessage,
  contact: IngestContact,
  c: Classification,
  createdAt: number,
  now: number,
): ConvWork {
  const state = contact.blocked || c.intent === 'spam' ? 'spam' : contact.muted ? 'resolved' : 'open'
  const row: ConvRow = {
    id: ids.next(createdAt),
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

/**
 * Applies the effects of `rules` on incoming message `m` to its conversation and records each
 * effect on the timeline ("rule X labelled this …"). On a new conversation every effect applies. On
 * a follow-up only effects that change something are applied and recorded (a label it already has
 * is not added again), and an assignment never replaces an existing assignee unless the action says
 * `reassign`. Returns true when a rule handed the conversation to a team with no assignee yet
 * (the caller then picks an agent round robin).
 */
export function applyRules(
  ids: IdPool,
  conv: ConvWork,
  rules: readonly Rule[],
  s: { m: ActivityMessage; c: Classification; channel: IngestChannel; contact: IngestContact },
  timeline: TimelineRow[],
  now: number,
): boolean {
  if (rules.length === 0) return false
  const effects: RuleEffect[] = evaluateRules(rules, {
    text: s.m.text ?? '',
    kind: s.m.kind,
    classification: s.c,
    channelId: s.channel.id,
    presenceId: s.channel.presenceId,
    contactId: s.contact.id,
    followerCount: s.contact.followerCount ?? s.m.author.followerCount,
  })
  if (effects.length === 0) return false
  const r = conv.row
  const followUp = !conv.isNew
  const labels = new Set<string>(JSON.parse(r.labels) as string[])
  let team = false
  // @NOTE ids that sort in the order the effects happened (same millisecond, so time alone cannot).
  const idBase = ids.next(now).slice(0, 20)
  let n = 0
  for (const e of effects) {
    const a = e.action
    let changed = true
    if (a.type === 'label') {
      changed = !labels.has(a.label)
      labels.add(a.label)
    } else if (a.type === 'assign-member') {
      changed = r.assignee_member_id !== a.memberId && (r.assignee_member_id === null || !!a.reassign)
      if (changed) r.assignee_member_id = a.memberId
    } else if (a.type === 'assign-team') {
      changed = r.team_id !== a.teamId && (r.assignee_member_id === null || !!a.reassign)
      if (changed) {
        r.team_id = a.teamId
        r.assignee_member_id = null
        team = true
      }
    } else if (a.type === 'priority') {
      changed = r.priority !== a.priority
      r.priority = a.priority as Priority
    } else if (a.type === 'spam') {
      changed = r.state !== 'spam'
      r.state = 'spam'
    } else if (a.type === 'resolve') {
      changed = r.state !== 'resolved'
      r.state = 'resolved'
    }
    if (followUp && !changed) continue
    conv.dirty = true
    timeline.push({
      id: `${idBase}${String(n++).padStart(6, '0')}`,
      workspace_id: r.workspace_id,
      conversation_id: r.id,
      kind: a.type === 'note' ? 'note' : 'rule',
      actor_member_id: null,
      rule_id: e.ruleId,
      rule_name: e.ruleName,
      data: JSON.stringify({
        action: a,
        text: a.type === 'note' ? a.text : describeEffect(e),
        ...(followUp ? { followUp: true } : {}),
      }),
      created_at: now,
    })
  }
  r.labels = JSON.stringify([...labels])
  if (r.state === 'spam' || r.state === 'resolved') {
    r.awaiting_since = null
    r.sla_kind = null
    r.sla_due_at = null
  }
  return team
}

/** Starts the response clock of an open conversation that waits for us since `since`. */
export function startClock(r: ConvRow, sla: SlaSettings, since: number): void {
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

/**
 * A new message in an existing conversation (before rules run on it). Ours stops the response
 * clock; the customer's reopens a resolved or pending conversation (not a spam one).
 */
export function extend(
  ids: IdPool,
  conv: ConvWork,
  m: ActivityMessage,
  outbound: boolean,
  c: Classification | undefined,
  contact: { muted: boolean } | undefined,
  createdAt: number,
  now: number,
  timeline: TimelineRow[],
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
      id: ids.next(now),
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
}

const UPDATED_COLUMNS: readonly BulkColumn[] = [
  { name: 'state', type: 'text' },
  { name: 'snoozed_until', type: 'bigint' },
  { name: 'priority', type: 'text' },
  { name: 'assignee_member_id', type: 'text' },
  { name: 'team_id', type: 'text' },
  { name: 'labels', type: 'text' },
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
]

/** Writes the conversations the batch extended (rows were locked when read, on PostgreSQL). */
export function updateConversations(w: BulkWriter, rows: ConvWork[]): void {
  w.update(
    'inbox_conversations',
    UPDATED_COLUMNS,
    rows.map((c) => c.row as unknown as Record<string, unknown>),
  )
}

/** The team ids the rules may hand a conversation to (round robin loads them before the batch). */
export function teamsOf(rules: readonly Rule[]): Set<string> {
  const out = new Set<string>()
  for (const r of rules) for (const a of r.actions) if (a.type === 'assign-team') out.add(a.teamId)
  return out
}

/** The stored row of message `m` in conversation `conversationId`. */
export function messageRow(
  channel: IngestChannel,
  conversationId: string,
  id: string,
  m: ActivityMessage,
  outbound: boolean,
  contactId: string | null,
  c: Classification | undefined,
  text: string,
  createdAt: number,
  now: number,
): Insertable<InboxMessagesTable> {
  return {
    id,
    workspace_id: channel.workspaceId,
    conversation_id: conversationId,
    channel_id: channel.id,
    remote_id: m.remoteId,
    direction: outbound ? 'out' : 'in',
    kind: m.kind,
    contact_id: contactId,
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
  }
}

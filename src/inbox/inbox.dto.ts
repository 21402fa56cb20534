/** What the inbox's read side returns: conversations, messages and timeline events as the API shows them. */
import type { Selectable } from 'kysely'
import { readLexicon } from '../triage/lexicon.js'
import type { InboxMessagesTable } from './inbox.tables.js'
import type { ConversationState, Priority } from './inbox.types.js'

export interface MessageDto {
  id: string
  conversationId: string
  remoteId: string
  direction: 'in' | 'out'
  kind: string
  contactId: string | null
  authorHandle: string
  authorName: string | null
  text: string
  url: string | null
  parentRemoteId: string | null
  classification: {
    sentiment: string
    score: number
    intent: string
    language: string
    needsReply: boolean
    /** What in the text drove the shipped triage's reading (triage `readLexicon().cues`). */
    cues: string[]
  } | null
  sentByMemberId: string | null
  createdAt: number
}

export interface ContactSummary {
  id: string
  name: string
  handle: string
  avatarUrl: string | null
  followerCount: number | null
  blocked: boolean
  muted: boolean
}

export interface ConversationDto {
  id: string
  channelId: string
  presenceId: string
  contact: ContactSummary
  kind: 'public' | 'direct'
  state: ConversationState
  snoozedUntil: number | null
  priority: Priority
  assigneeMemberId: string | null
  teamId: string | null
  labels: string[]
  preview: string
  intent: string | null
  sentiment: string | null
  language: string | null
  lastMessageId: string | null
  lastMessageAt: number
  lastInboundAt: number | null
  messageCount: number
  firstResponseAt: number | null
  firstResponseMs: number | null
  sla: {
    kind: 'first' | 'next'
    dueAt: number
    timeLeftMs: number
    warnedAt: number | null
    breachedAt: number | null
  } | null
  unread: boolean
  version: number
}

export interface TimelineEventDto {
  id: string
  kind: string
  actorMemberId: string | null
  ruleId: string | null
  ruleName: string | null
  data: Record<string, unknown>
  createdAt: number
}

export interface ConversationDetail extends ConversationDto {
  messages: MessageDto[]
  timeline: TimelineEventDto[]
  viewers: Array<{ memberId: string; mode: 'viewing' | 'typing' }>
}

export function toMessageDto(r: Selectable<InboxMessagesTable>): MessageDto {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    remoteId: r.remote_id,
    direction: r.direction as 'in' | 'out',
    kind: r.kind,
    contactId: r.contact_id,
    authorHandle: r.author_handle,
    authorName: r.author_name,
    text: r.text,
    url: r.url,
    parentRemoteId: r.parent_remote_id,
    classification:
      r.sentiment === null
        ? null
        : {
            sentiment: r.sentiment,
            score: r.score ?? 0,
            intent: r.intent ?? 'other',
            language: r.language ?? 'und',
            needsReply: r.needs_reply === 1,
            // @NOTE Recomputed from the text (~0.03 ms) rather than stored: no column, and the
            // cues follow the shipped lexicon as it improves.
            cues: r.direction === 'in' ? readLexicon(r.text).cues : [],
          },
    sentByMemberId: r.sent_by_member_id,
    createdAt: r.created_at,
  }
}

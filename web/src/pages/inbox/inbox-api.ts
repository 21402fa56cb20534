/** Types and endpoints of the inbox API, typed with the server's own definitions. */
import type { ContactDetail, ContactDto } from '../../../../src/inbox/contact.service.js'
import type { BulkAction } from '../../../../src/inbox/conversation-bulk.js'
import type { ConversationFilters } from '../../../../src/inbox/inbox.types.js'
import type {
  ConversationDetail,
  ConversationDto,
  MessageDto,
  Page,
  TimelineEventDto,
} from '../../../../src/inbox/inbox.view.js'
import type { SavedReply } from '../../../../src/inbox/saved-reply.service.js'
import type { SlaPolicy } from '../../../../src/inbox/sla.service.js'
import type { Team } from '../../../../src/inbox/team.service.js'
import type { SavedView, ViewService } from '../../../../src/inbox/view.service.js'
import type { NetworkCapabilities } from '../../../../src/networks/network.port.js'
import { request } from '../../api.js'

export type {
  ContactDetail,
  ContactDto,
  ConversationDetail,
  ConversationDto,
  ConversationFilters,
  MessageDto,
  SavedReply,
  SavedView,
  SlaPolicy,
  Team,
  TimelineEventDto,
}
export type ViewCount = Awaited<ReturnType<ViewService['counts']>>[number]
export type ConversationState = ConversationDto['state']
export type Priority = ConversationDto['priority']
export type Viewer = ConversationDetail['viewers'][number]

export const STATES = ['open', 'pending', 'snoozed', 'resolved', 'spam'] as const
export const PRIORITY_LIST = ['low', 'normal', 'high', 'urgent'] as const
export const INTENT_LIST = ['question', 'complaint', 'praise', 'request', 'spam', 'other'] as const
export const SENTIMENT_LIST = ['positive', 'neutral', 'negative'] as const

export type { BulkAction }

/** What an agent says a message really is (POST …/messages/{id}/triage). */
export type TriageCorrection = {
  intent?: (typeof INTENT_LIST)[number]
  sentiment?: (typeof SENTIMENT_LIST)[number]
  spam?: boolean
  needsReply?: boolean
}

const enc = encodeURIComponent
const base = (wid: string) => `/api/workspaces/${enc(wid)}/inbox`
const conv = (wid: string, id: string) => `${base(wid)}/conversations/${enc(id)}`

/** The list's query string: a view, narrowed by filters (lists comma-separated). */
export function listQuery(view: string | null, f: ConversationFilters, cursor?: string | null): string {
  const p = new URLSearchParams()
  if (view) p.set('view', view)
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue
    p.set(k, Array.isArray(v) ? v.join(',') : String(v))
  }
  if (cursor) p.set('cursor', cursor)
  const s = p.toString()
  return s ? `?${s}` : ''
}

export const inboxApi = {
  list: (wid: string, view: string | null, f: ConversationFilters, cursor?: string | null) =>
    request<Page<ConversationDto>>('GET', `${base(wid)}/conversations${listQuery(view, f, cursor)}`),
  detail: (wid: string, id: string) => request<ConversationDetail>('GET', conv(wid, id)),
  reply: (
    wid: string,
    id: string,
    body: { text: string; lastSeenMessageId: string | null; thenState?: 'open' | 'pending' | 'resolved' },
  ) => request<MessageDto>('POST', `${conv(wid, id)}/reply`, body),
  note: (wid: string, id: string, text: string, mentions: string[]) =>
    request<{ id: string }>('POST', `${conv(wid, id)}/notes`, { text, mentions }),
  assign: (wid: string, id: string, to: { memberId: string | null } | { teamId: string }) =>
    request<{ assigneeMemberId: string | null }>('POST', `${conv(wid, id)}/assign`, to),
  setState: (wid: string, id: string, state: ConversationState, snoozedUntil?: number) =>
    request<void>('POST', `${conv(wid, id)}/state`, snoozedUntil ? { state, snoozedUntil } : { state }),
  setPriority: (wid: string, id: string, priority: Priority) =>
    request<void>('POST', `${conv(wid, id)}/priority`, { priority }),
  labels: (wid: string, id: string, change: { add?: string[]; remove?: string[] }) =>
    request<{ labels: string[] }>('POST', `${conv(wid, id)}/labels`, change),
  read: (wid: string, id: string) => request<void>('POST', `${conv(wid, id)}/read`),
  heartbeat: (wid: string, id: string, mode: 'viewing' | 'typing' | 'left') =>
    request<{ others: Viewer[] }>('POST', `${conv(wid, id)}/presence`, { mode }),
  bulk: (wid: string, ids: string[], action: BulkAction) =>
    request<{ updated: number; notFound: string[] }>('POST', `${base(wid)}/conversations/bulk`, {
      ids,
      action,
    }),
  search: (wid: string, view: string | null, f: ConversationFilters) =>
    request<{ conversations: Page<ConversationDto>; contacts: ContactDto[] }>(
      'GET',
      `${base(wid)}/search${listQuery(view, f)}`,
    ),
  counts: (wid: string) => request<ViewCount[]>('GET', `${base(wid)}/views/counts`),
  saveView: (wid: string, name: string, filters: ConversationFilters) =>
    request<SavedView>('POST', `${base(wid)}/views`, { name, filters }),
  deleteView: (wid: string, id: string) => request<void>('DELETE', `${base(wid)}/views/${enc(id)}`),
  teams: (wid: string) => request<Team[]>('GET', `${base(wid)}/teams`),
  savedReplies: (wid: string) => request<SavedReply[]>('GET', `${base(wid)}/saved-replies`),
  renderSavedReply: (wid: string, id: string, conversationId: string) =>
    request<{ text: string }>('POST', `${base(wid)}/saved-replies/${enc(id)}/render`, { conversationId }),
  contact: (wid: string, id: string) => request<ContactDetail>('GET', `${base(wid)}/contacts/${enc(id)}`),
  updateContact: (wid: string, id: string, patch: { notes?: string; blocked?: boolean; muted?: boolean }) =>
    request<ContactDetail>('PATCH', `${base(wid)}/contacts/${enc(id)}`, patch),
  contacts: (wid: string, q: string) =>
    request<ContactDto[]>('GET', `${base(wid)}/contacts?q=${encodeURIComponent(q)}&limit=8`),
  mergeContact: (wid: string, id: string, sourceId: string) =>
    request<ContactDetail>('POST', `${base(wid)}/contacts/${enc(id)}/merge`, { sourceId }),
  correctTriage: (wid: string, messageId: string, body: TriageCorrection) =>
    request<{ messageId: string; intent: string; sentiment: string; needsReply: boolean }>(
      'POST',
      `${base(wid)}/messages/${enc(messageId)}/triage`,
      body,
    ),
  moveToDm: (wid: string, id: string, text: string) =>
    request<{ conversationId: string; message: MessageDto }>('POST', `${conv(wid, id)}/move-to-dm`, { text }),
  capabilities: (wid: string) =>
    request<NetworkCapabilities[]>('GET', `/api/workspaces/${enc(wid)}/networks/capabilities`),
}

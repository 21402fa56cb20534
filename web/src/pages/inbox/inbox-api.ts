/** Types and endpoints of the inbox API, typed by the API document (web/src/api/schema.gen.ts). */
import { type Body, client, ok, type Schemas } from '../../api.js'

export type ContactDto = Schemas['Contact']
export type ContactDetail = Schemas['ContactDetail']
export type ConversationDto = Schemas['Conversation']
export type ConversationDetail = Schemas['ConversationDetail']
export type ConversationFilters = Schemas['ConversationFilters']
export type MessageDto = Schemas['Message']
export type SavedReply = Schemas['SavedReply']
export type SavedView = Schemas['SavedView']
export type SlaPolicy = Schemas['SlaPolicy']
export type Team = Schemas['Team']
export type TimelineEventDto = Schemas['TimelineEvent']
export type ViewCount = Schemas['ViewCount']
export type ConversationState = ConversationDto['state']
export type Priority = ConversationDto['priority']
export type Viewer = ConversationDetail['viewers'][number]
export type BulkAction = Schemas['BulkInput']['action']
export type NetworkCapabilities = Schemas['NetworkCapabilities']

export const STATES = ['open', 'pending', 'snoozed', 'resolved', 'spam'] as const
export const PRIORITY_LIST = ['low', 'normal', 'high', 'urgent'] as const
export const INTENT_LIST = ['question', 'complaint', 'praise', 'request', 'spam', 'other'] as const
export const SENTIMENT_LIST = ['positive', 'neutral', 'negative'] as const

/** What an agent says a message really is (POST …/messages/{id}/triage). */
export type TriageCorrection = Schemas['TriageCorrectionInput']

/** The list's query parameters: a view, narrowed by filters (lists comma-separated). */
export function listParams(
  view: string | null,
  f: ConversationFilters,
  cursor?: string | null,
): Record<string, string> {
  const p: Record<string, string> = {}
  if (view) p.view = view
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue
    p[k] = Array.isArray(v) ? v.join(',') : String(v)
  }
  if (cursor) p.cursor = cursor
  return p
}

const W = (workspaceId: string) => ({ params: { path: { workspaceId } } })
const C = (workspaceId: string, conversationId: string) => ({
  params: { path: { workspaceId, conversationId } },
})
const I = (workspaceId: string, id: string) => ({ params: { path: { workspaceId, id } } })
const inbox = '/api/workspaces/{workspaceId}/inbox' as const
const conv = `${inbox}/conversations/{conversationId}` as const

export const inboxApi = {
  list: (wid: string, view: string | null, f: ConversationFilters, cursor?: string | null) =>
    ok(
      client.GET(`${inbox}/conversations`, {
        params: { path: { workspaceId: wid }, query: listParams(view, f, cursor) },
      }),
    ),
  detail: (wid: string, id: string) => ok(client.GET(conv, C(wid, id))),
  reply: (wid: string, id: string, body: Body<`${typeof conv}/reply`, 'post'>) =>
    ok(client.POST(`${conv}/reply`, { ...C(wid, id), body })),
  note: (wid: string, id: string, text: string, mentions: string[]) =>
    ok(client.POST(`${conv}/notes`, { ...C(wid, id), body: { text, mentions } })),
  assign: (wid: string, id: string, to: Body<`${typeof conv}/assign`, 'post'>) =>
    ok(client.POST(`${conv}/assign`, { ...C(wid, id), body: to })),
  setState: (wid: string, id: string, state: ConversationState, snoozedUntil?: number) =>
    ok(
      client.POST(`${conv}/state`, {
        ...C(wid, id),
        body: snoozedUntil ? { state, snoozedUntil } : { state },
      }),
    ),
  setPriority: (wid: string, id: string, priority: Priority) =>
    ok(client.POST(`${conv}/priority`, { ...C(wid, id), body: { priority } })),
  labels: (wid: string, id: string, change: Schemas['LabelInput']) =>
    ok(client.POST(`${conv}/labels`, { ...C(wid, id), body: change })),
  read: (wid: string, id: string) => ok(client.POST(`${conv}/read`, C(wid, id))),
  heartbeat: (wid: string, id: string, mode: Schemas['HeartbeatInput']['mode']) =>
    ok(client.POST(`${conv}/presence`, { ...C(wid, id), body: { mode } })),
  bulk: (wid: string, ids: string[], action: BulkAction) =>
    ok(client.POST(`${inbox}/conversations/bulk`, { ...W(wid), body: { ids, action } })),
  search: (wid: string, view: string | null, f: ConversationFilters) =>
    ok(client.GET(`${inbox}/search`, { params: { path: { workspaceId: wid }, query: listParams(view, f) } })),
  counts: (wid: string) => ok(client.GET(`${inbox}/views/counts`, W(wid))),
  saveView: (wid: string, name: string, filters: ConversationFilters) =>
    ok(client.POST(`${inbox}/views`, { ...W(wid), body: { name, filters } })),
  deleteView: (wid: string, id: string) => ok(client.DELETE(`${inbox}/views/{id}`, I(wid, id))),
  teams: (wid: string) => ok(client.GET(`${inbox}/teams`, W(wid))),
  savedReplies: (wid: string) => ok(client.GET(`${inbox}/saved-replies`, W(wid))),
  renderSavedReply: (wid: string, id: string, conversationId: string) =>
    ok(client.POST(`${inbox}/saved-replies/{id}/render`, { ...I(wid, id), body: { conversationId } })),
  slaPolicies: (wid: string) => ok(client.GET(`${inbox}/sla-policies`, W(wid))),
  contact: (wid: string, id: string) => ok(client.GET(`${inbox}/contacts/{id}`, I(wid, id))),
  updateContact: (wid: string, id: string, patch: Schemas['ContactPatch']) =>
    ok(client.PATCH(`${inbox}/contacts/{id}`, { ...I(wid, id), body: patch })),
  contacts: (wid: string, q: string) =>
    ok(client.GET(`${inbox}/contacts`, { params: { path: { workspaceId: wid }, query: { q, limit: '8' } } })),
  mergeContact: (wid: string, id: string, sourceId: string) =>
    ok(client.POST(`${inbox}/contacts/{id}/merge`, { ...I(wid, id), body: { sourceId } })),
  correctTriage: (wid: string, messageId: string, body: TriageCorrection) =>
    ok(
      client.POST(`${inbox}/messages/{messageId}/triage`, {
        params: { path: { workspaceId: wid, messageId } },
        body,
      }),
    ),
  moveToDm: (wid: string, id: string, text: string) =>
    ok(client.POST(`${conv}/move-to-dm`, { ...C(wid, id), body: { text } })),
  capabilities: (wid: string) =>
    ok(client.GET('/api/workspaces/{workspaceId}/networks/capabilities', W(wid))),
}

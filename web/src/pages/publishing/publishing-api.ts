/** Types and endpoints of the publishing API (posts, workflow, calendar, queue slots, webhooks). */
import { client, ok, type Schemas } from '../../api.js'

export type Post = Schemas['Post']
export type PostKind = Schemas['PostKind']
export type PostState = Schemas['PostState']
export type Delivery = Schemas['Delivery']
export type DeliveryState = Delivery['state']
export type PostPart = Schemas['PostPartInput']
export type PostInput = Schemas['PostInput']
export type ScheduleInput = Schemas['ScheduleInput']
export type CalendarEntry = Schemas['CalendarEntry']
export type ChannelIssue = Schemas['ChannelIssue']
export type QueueSlots = Schemas['QueueSlots']
export type NetworkCapabilities = Schemas['NetworkCapabilities']
export type Webhook = Schemas['Webhook']
export type WebhookDelivery = Schemas['WebhookDelivery']

/** Leaves out empty filters, as a form's blank select means "any". */
function filters<Q extends Record<string, string | number | undefined>>(q: Q): Q {
  return Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '')) as Q
}

const W = (workspaceId: string) => ({ params: { path: { workspaceId } } })
const P = (workspaceId: string, postId: string) => ({ params: { path: { workspaceId, postId } } })
const D = (workspaceId: string, postId: string, deliveryId: string) => ({
  params: { path: { workspaceId, postId, deliveryId } },
})
const C = (workspaceId: string, channelId: string) => ({ params: { path: { workspaceId, channelId } } })
const post = '/api/workspaces/{workspaceId}/posts/{postId}' as const
const ws = (wid: string) => `/api/workspaces/${encodeURIComponent(wid)}`

export const publishingApi = {
  capabilities: (wid: string) =>
    ok(client.GET('/api/workspaces/{workspaceId}/networks/capabilities', W(wid))),
  list: (wid: string, q: { state?: string; presenceId?: string; limit?: number } = {}) =>
    ok(
      client.GET('/api/workspaces/{workspaceId}/posts', {
        params: { path: { workspaceId: wid }, query: filters(q) },
      }),
    ),
  get: (wid: string, id: string) => ok(client.GET(post, P(wid, id))),
  create: (wid: string, input: PostInput) =>
    ok(client.POST('/api/workspaces/{workspaceId}/posts', { ...W(wid), body: input })),
  update: (wid: string, id: string, input: Schemas['PostPatch']) =>
    ok(client.PATCH(post, { ...P(wid, id), body: input })),
  remove: (wid: string, id: string) => ok(client.DELETE(post, P(wid, id))),
  duplicate: (wid: string, id: string) => ok(client.POST(`${post}/duplicate`, P(wid, id))),
  validate: (wid: string, input: PostInput) =>
    ok(client.POST('/api/workspaces/{workspaceId}/posts/validate', { ...W(wid), body: input })),
  template: (wid: string, kind: PostKind, fields: Record<string, string>) =>
    ok(client.POST('/api/workspaces/{workspaceId}/posts/template', { ...W(wid), body: { kind, fields } })),
  history: (wid: string, id: string) => ok(client.GET(`${post}/history`, P(wid, id))),
  comments: (wid: string, id: string) => ok(client.GET(`${post}/comments`, P(wid, id))),
  comment: (wid: string, id: string, body: string, mentions: string[]) =>
    ok(client.POST(`${post}/comments`, { ...P(wid, id), body: { body, mentions } })),
  submit: (wid: string, id: string) => ok(client.POST(`${post}/submit`, P(wid, id))),
  approve: (wid: string, id: string) => ok(client.POST(`${post}/approve`, P(wid, id))),
  requestChanges: (wid: string, id: string, comment: string) =>
    ok(client.POST(`${post}/request-changes`, { ...P(wid, id), body: { comment } })),
  schedule: (wid: string, id: string, input: ScheduleInput) =>
    ok(client.PUT(`${post}/schedule`, { ...P(wid, id), body: input })),
  unschedule: (wid: string, id: string) => ok(client.DELETE(`${post}/schedule`, P(wid, id))),
  publishNow: (wid: string, id: string) => ok(client.POST(`${post}/publish-now`, P(wid, id))),
  retry: (wid: string, id: string, deliveryId: string) =>
    ok(client.POST(`${post}/deliveries/{deliveryId}/retry`, D(wid, id, deliveryId))),
  resolve: (wid: string, id: string, deliveryId: string, input: Schemas['ResolveUnknownInput']) =>
    ok(client.POST(`${post}/deliveries/{deliveryId}/resolve`, { ...D(wid, id, deliveryId), body: input })),
  calendar: (
    wid: string,
    q: { from: number; to: number; presenceId?: string; channelId?: string; state?: string },
  ) =>
    ok(
      client.GET('/api/workspaces/{workspaceId}/posts/calendar', {
        params: { path: { workspaceId: wid }, query: filters(q) },
      }),
    ),
  slots: (wid: string, channelId: string) =>
    ok(client.GET('/api/workspaces/{workspaceId}/channels/{channelId}/queue-slots', C(wid, channelId))),
  setSlots: (wid: string, channelId: string, slots: QueueSlots['slots'], timeZone: string | null) =>
    ok(
      client.PUT('/api/workspaces/{workspaceId}/channels/{channelId}/queue-slots', {
        ...C(wid, channelId),
        body: { slots, timeZone },
      }),
    ),
  nextSlot: (wid: string, channelId: string) =>
    ok(client.GET('/api/workspaces/{workspaceId}/channels/{channelId}/next-slot', C(wid, channelId))),
  upload: (wid: string, mimeType: string, dataBase64: string) =>
    ok(client.POST('/api/workspaces/{workspaceId}/media', { ...W(wid), body: { mimeType, dataBase64 } })),
  mediaUrl: (wid: string, mediaId: string) => `${ws(wid)}/media/${encodeURIComponent(mediaId)}`,
  icsUrl: (wid: string, id: string) => `${ws(wid)}/posts/${encodeURIComponent(id)}/event.ics`,
  webhooks: (wid: string) => ok(client.GET('/api/workspaces/{workspaceId}/webhooks', W(wid))),
  createWebhook: (wid: string, input: Schemas['WebhookInput']) =>
    ok(client.POST('/api/workspaces/{workspaceId}/webhooks', { ...W(wid), body: input })),
  removeWebhook: (wid: string, webhookId: string) =>
    ok(
      client.DELETE('/api/workspaces/{workspaceId}/webhooks/{webhookId}', {
        params: { path: { workspaceId: wid, webhookId } },
      }),
    ),
  webhookDeliveries: (wid: string, webhookId: string) =>
    ok(
      client.GET('/api/workspaces/{workspaceId}/webhooks/{webhookId}/deliveries', {
        params: { path: { workspaceId: wid, webhookId } },
      }),
    ),
}

export const KIND_LABELS: Record<PostKind, string> = {
  announcement: 'Announcement',
  news: 'News',
  event: 'Event',
  'support-notice': 'Support notice / service status',
  'company-info': 'Company info',
  free: 'Free text',
  giveaway: 'Giveaway',
}

export const STATE_LABELS: Record<PostState, string> = {
  draft: 'Draft',
  'in-review': 'In review',
  'changes-requested': 'Changes requested',
  approved: 'Approved',
  scheduled: 'Scheduled',
  publishing: 'Publishing',
  published: 'Published',
  failed: 'Failed',
  unknown: 'Outcome unknown',
  held: 'Held (crisis freeze)',
}

export const DELIVERY_LABELS: Record<DeliveryState, string> = {
  draft: 'Not scheduled',
  queued: 'Scheduled',
  publishing: 'Publishing',
  published: 'Published',
  failed: 'Failed',
  unknown: 'Outcome unknown',
  cancelled: 'Cancelled',
  held: 'Held (crisis freeze)',
}

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger'
export function stateTone(state: PostState | DeliveryState): Tone {
  if (state === 'published' || state === 'approved') return 'success'
  if (state === 'failed' || state === 'held') return 'danger'
  if (state === 'unknown' || state === 'changes-requested' || state === 'in-review') return 'warning'
  if (state === 'scheduled' || state === 'queued' || state === 'publishing') return 'accent'
  return 'neutral'
}

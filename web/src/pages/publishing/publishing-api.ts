/** Types and endpoints of the publishing API (posts, workflow, calendar, queue slots, webhooks). */

import type { NetworkCapabilities } from '../../../../src/networks/network.port.js'
// @NOTE the server's own types, imported as types only (erased from the bundle), so the browser
// and the API cannot drift apart.
import type {
  Delivery,
  DeliveryState,
  Post,
  PostImageInput,
  PostKind,
  PostPartInput,
  PostSchedule,
  PostState,
} from '../../../../src/publishing/post.types.js'
import type { CalendarEntry } from '../../../../src/publishing/post-calendar.view.js'
import type { PostComment } from '../../../../src/publishing/post-comment.service.js'
import type { ChannelIssue } from '../../../../src/publishing/post-validation.js'
import type { QueueSlots } from '../../../../src/publishing/schedule.service.js'
import type { Webhook, WebhookDelivery } from '../../../../src/publishing/webhook.service.js'
import { request } from '../../api.js'

export type { CalendarEntry, ChannelIssue, Delivery, DeliveryState, Post, PostKind, PostState, QueueSlots }

export type PartImage = PostImageInput
export type PostPart = PostPartInput
export type Schedule = PostSchedule
export type Comment = PostComment

export interface PostInput {
  kind: PostKind
  title?: string
  fields?: Record<string, string>
  parts?: PostPart[]
  variants?: Record<string, PostPart[]>
  channelIds: string[]
  pillar?: string | null
}

export interface HistoryEntry {
  id: string
  action: string
  actor: { userId: string; name: string } | null
  data: Record<string, unknown>
  at: number
}
export interface ScheduleInput {
  mode: 'now' | 'at' | 'queue'
  local?: string
  timeZone?: string
}

// The server's own DTO types: one definition for both sides.

export type { NetworkCapabilities, Webhook, WebhookDelivery }

const ws = (wid: string) => `/api/workspaces/${encodeURIComponent(wid)}`
const enc = encodeURIComponent
const post = (wid: string, id: string) => `${ws(wid)}/posts/${enc(id)}`
const qs = (q: Record<string, string | number | undefined>) => {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v))
  const s = p.toString()
  return s ? `?${s}` : ''
}

export const publishingApi = {
  capabilities: (wid: string) => request<NetworkCapabilities[]>('GET', `${ws(wid)}/networks/capabilities`),
  list: (wid: string, q: { state?: string; presenceId?: string; limit?: number } = {}) =>
    request<Post[]>('GET', `${ws(wid)}/posts${qs(q)}`),
  get: (wid: string, id: string) => request<Post>('GET', post(wid, id)),
  create: (wid: string, input: PostInput) => request<Post>('POST', `${ws(wid)}/posts`, input),
  update: (wid: string, id: string, input: Partial<PostInput>) =>
    request<Post>('PATCH', post(wid, id), input),
  remove: (wid: string, id: string) => request<unknown>('DELETE', post(wid, id)),
  duplicate: (wid: string, id: string) => request<Post>('POST', `${post(wid, id)}/duplicate`),
  validate: (wid: string, input: PostInput) =>
    request<{ issues: ChannelIssue[] }>('POST', `${ws(wid)}/posts/validate`, input),
  template: (wid: string, kind: PostKind, fields: Record<string, string>) =>
    request<{ text: string }>('POST', `${ws(wid)}/posts/template`, { kind, fields }),
  history: (wid: string, id: string) => request<HistoryEntry[]>('GET', `${post(wid, id)}/history`),
  comments: (wid: string, id: string) => request<Comment[]>('GET', `${post(wid, id)}/comments`),
  comment: (wid: string, id: string, body: string, mentions: string[]) =>
    request<Comment>('POST', `${post(wid, id)}/comments`, { body, mentions }),
  submit: (wid: string, id: string) => request<Post>('POST', `${post(wid, id)}/submit`),
  approve: (wid: string, id: string) => request<Post>('POST', `${post(wid, id)}/approve`),
  requestChanges: (wid: string, id: string, comment: string) =>
    request<Post>('POST', `${post(wid, id)}/request-changes`, { comment }),
  schedule: (wid: string, id: string, input: ScheduleInput) =>
    request<Post>('PUT', `${post(wid, id)}/schedule`, input),
  unschedule: (wid: string, id: string) => request<Post>('DELETE', `${post(wid, id)}/schedule`),
  publishNow: (wid: string, id: string) => request<Post>('POST', `${post(wid, id)}/publish-now`),
  retry: (wid: string, id: string, deliveryId: string) =>
    request<Post>('POST', `${post(wid, id)}/deliveries/${enc(deliveryId)}/retry`),
  resolve: (
    wid: string,
    id: string,
    deliveryId: string,
    input: { outcome: 'published' | 'not-published' | 'resend'; url?: string },
  ) => request<Post>('POST', `${post(wid, id)}/deliveries/${enc(deliveryId)}/resolve`, input),
  calendar: (
    wid: string,
    q: { from: number; to: number; presenceId?: string; channelId?: string; state?: string },
  ) => request<CalendarEntry[]>('GET', `${ws(wid)}/posts/calendar${qs(q)}`),
  slots: (wid: string, channelId: string) =>
    request<QueueSlots>('GET', `${ws(wid)}/channels/${enc(channelId)}/queue-slots`),
  setSlots: (wid: string, channelId: string, slots: QueueSlots['slots'], timeZone: string | null) =>
    request<QueueSlots>('PUT', `${ws(wid)}/channels/${enc(channelId)}/queue-slots`, { slots, timeZone }),
  nextSlot: (wid: string, channelId: string) =>
    request<{ at: number; local: string; timeZone: string }>(
      'GET',
      `${ws(wid)}/channels/${enc(channelId)}/next-slot`,
    ),
  upload: (wid: string, mimeType: string, dataBase64: string) =>
    request<{ id: string; mimeType: string; byteSize: number }>('POST', `${ws(wid)}/media`, {
      mimeType,
      dataBase64,
    }),
  mediaUrl: (wid: string, mediaId: string) => `${ws(wid)}/media/${enc(mediaId)}`,
  icsUrl: (wid: string, id: string) => `${post(wid, id)}/event.ics`,
  webhooks: (wid: string) => request<Webhook[]>('GET', `${ws(wid)}/webhooks`),
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

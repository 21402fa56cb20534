/**
 * Bluesky notifications → our ActivityMessage, and the polling cursor.
 * @NOTE we never call updateSeen: the account's people may read the same notifications in the
 * Bluesky app, and marking them read there would hide them. Our cursor is our own: the newest
 * indexedAt we have seen plus the notifications at exactly that time (several can share it).
 */
import { AppBskyFeedPost, type AppBskyNotificationListNotifications } from '@atproto/api'
import type { ActivityKind, ActivityMessage } from '../network.port.js'

type Notification = AppBskyNotificationListNotifications.Notification

export interface NotificationCursor {
  /** indexedAt (ISO) of the newest notification returned so far. */
  t: string
  /** URIs of the notifications indexed at exactly `t`. */
  u: string[]
}

export function encodeCursor(c: NotificationCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url')
}

export function decodeCursor(s: string | null): NotificationCursor | null {
  if (!s) return null
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as NotificationCursor
    return typeof c.t === 'string' && Array.isArray(c.u) ? c : null
  } catch {
    return null
  }
}

/** True when `n` was already returned under `c`. */
export function seen(c: NotificationCursor | null, n: Notification): boolean {
  if (!c) return false
  const t = Date.parse(n.indexedAt)
  const ct = Date.parse(c.t)
  return t < ct || (t === ct && c.u.includes(n.uri))
}

/** The cursor after returning `fresh` on top of `prev`. */
export function nextCursor(
  prev: NotificationCursor | null,
  fresh: Notification[],
): NotificationCursor | null {
  let c = prev
  for (const n of fresh) {
    const t = Date.parse(n.indexedAt)
    if (!c || t > Date.parse(c.t)) c = { t: n.indexedAt, u: [n.uri] }
    else if (t === Date.parse(c.t) && !c.u.includes(n.uri)) c = { t: c.t, u: [...c.u, n.uri] }
  }
  return c
}

const KINDS: Partial<Record<string, ActivityKind>> = {
  mention: 'mention',
  reply: 'reply',
  quote: 'quote',
  like: 'like',
  repost: 'repost',
  follow: 'follow',
}

/** Public web address of a post, e.g. https://bsky.app/profile/alice.test/post/3k…. */
export function postUrl(webUrl: string, handleOrDid: string, uri: string): string {
  const rkey = uri.split('/').pop() ?? ''
  return `${webUrl.replace(/\/+$/, '')}/profile/${handleOrDid}/post/${rkey}`
}

/** Maps one notification; null for kinds Townhall does not handle (starter packs, verification…). */
export function toActivity(
  n: Notification,
  webUrl: string,
  followers: Map<string, number>,
): ActivityMessage | null {
  const kind = KINDS[n.reason]
  if (!kind) return null
  const post = AppBskyFeedPost.isRecord(n.record) ? (n.record as AppBskyFeedPost.Record) : undefined
  const isPost = kind === 'mention' || kind === 'reply' || kind === 'quote'
  return {
    kind,
    remoteId: n.uri,
    url: isPost ? postUrl(webUrl, n.author.handle, n.uri) : null,
    author: {
      remoteId: n.author.did,
      handle: n.author.handle,
      displayName: n.author.displayName ?? null,
      avatarUrl: n.author.avatar ?? null,
      followerCount: followers.get(n.author.did) ?? null,
    },
    text: isPost ? (post?.text ?? '') : null,
    subjectRemoteId:
      kind === 'like' || kind === 'repost' || kind === 'quote' ? (n.reasonSubject ?? null) : null,
    threadRootId: post?.reply?.root.uri ?? null,
    parentId: post?.reply?.parent.uri ?? null,
    conversationId: null,
    createdAt: Date.parse(post?.createdAt ?? n.indexedAt) || Date.parse(n.indexedAt),
  }
}

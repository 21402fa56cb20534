/**
 * X posts and DM events as our ActivityMessages, and the activity cursor: the newest mention id
 * (`since_id` for the mentions timeline) and the newest DM event id, kept by the inbox with the channel
 * so a restart resumes where it stopped.
 */
import type { ActivityKind, ActivityMessage, RemoteAuthor } from '../network.port.js'

export interface XUser {
  id: string
  username: string
  name?: string
  profile_image_url?: string
  public_metrics?: {
    followers_count?: number
    following_count?: number
    tweet_count?: number
    post_count?: number
  }
  subscription_type?: string
}

export interface XReference {
  type: 'replied_to' | 'quoted' | 'retweeted' | string
  id: string
}

export interface XPost {
  id: string
  text: string
  author_id?: string
  conversation_id?: string
  created_at?: string
  in_reply_to_user_id?: string
  // @NOTE X's documents call them posts now (referenced_posts) while the API still sends
  // referenced_tweets: read both.
  referenced_tweets?: XReference[]
  referenced_posts?: XReference[]
  public_metrics?: {
    like_count?: number
    retweet_count?: number
    repost_count?: number
    reply_count?: number
    quote_count?: number
  }
}

export interface XDmEvent {
  id: string
  event_type?: string
  text?: string
  sender_id?: string
  dm_conversation_id?: string
  created_at?: string
}

export interface XIncludes {
  users?: XUser[]
}

export interface XCursor {
  /** Newest mention id seen. */
  m?: string
  /** Newest DM event id seen. */
  d?: string
}

export function decodeCursor(cursor: string | null): XCursor {
  if (!cursor) return {}
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as XCursor
    return { m: typeof c.m === 'string' ? c.m : undefined, d: typeof c.d === 'string' ? c.d : undefined }
  } catch {
    return {}
  }
}

export function encodeCursor(c: XCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url')
}

/** X ids are snowflakes: compare them as integers, not strings. */
export function newerId(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b
  if (!b) return a
  return BigInt(a) >= BigInt(b) ? a : b
}

export function isNewer(id: string, than: string | undefined): boolean {
  return !than || BigInt(id) > BigInt(than)
}

export function postUrl(username: string, id: string): string {
  return `https://x.com/${username}/status/${id}`
}

function author(id: string | undefined, users: Map<string, XUser>): RemoteAuthor {
  const u = id ? users.get(id) : undefined
  return {
    remoteId: id ?? 'unknown',
    handle: u?.username ?? id ?? 'unknown',
    displayName: u?.name ?? null,
    avatarUrl: u?.profile_image_url ?? null,
    followerCount: u?.public_metrics?.followers_count ?? null,
  }
}

function time(iso: string | undefined, fallback: number): number {
  const t = iso ? Date.parse(iso) : Number.NaN
  return Number.isFinite(t) ? t : fallback
}

/** A post from the mentions timeline: a reply in a conversation, a quote, or a plain mention. */
export function mentionToActivity(p: XPost, users: Map<string, XUser>, now: number): ActivityMessage {
  const refs = p.referenced_tweets ?? p.referenced_posts ?? []
  const repliedTo = refs.find((r) => r.type === 'replied_to')?.id ?? null
  const quoted = refs.find((r) => r.type === 'quoted')?.id ?? null
  const kind: ActivityKind = repliedTo ? 'reply' : quoted ? 'quote' : 'mention'
  const a = author(p.author_id, users)
  return {
    kind,
    remoteId: p.id,
    url: postUrl(a.handle, p.id),
    author: a,
    text: p.text,
    subjectRemoteId: kind === 'quote' ? quoted : null,
    threadRootId: repliedTo ? (p.conversation_id ?? repliedTo) : null,
    parentId: repliedTo,
    conversationId: null,
    createdAt: time(p.created_at, now),
  }
}

export function dmToActivity(e: XDmEvent, users: Map<string, XUser>, now: number): ActivityMessage {
  return {
    kind: 'direct-message',
    remoteId: `dm:${e.id}`,
    url: null,
    author: author(e.sender_id, users),
    text: e.text ?? '',
    subjectRemoteId: null,
    threadRootId: null,
    parentId: null,
    conversationId: e.dm_conversation_id ?? null,
    createdAt: time(e.created_at, now),
  }
}

export function usersById(includes: XIncludes | undefined): Map<string, XUser> {
  return new Map((includes?.users ?? []).map((u) => [u.id, u]))
}

/** Text as X gives it back (HTML entities escaped, links as t.co) vs ours: compare without either. */
export function comparableText(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/https?:\/\/\S+/g, '<link>')
    .replace(/\s+/g, ' ')
    .trim()
}

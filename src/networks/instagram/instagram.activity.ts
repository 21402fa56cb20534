/**
 * What people say to an Instagram professional account, as ActivityMessages: comments and replies
 * on its media, media it is tagged in, and DMs (Instagram messaging through the linked Page). Used
 * by polling and by Meta webhook deliveries alike.
 */
import { graphTime } from '../meta/graph.client.js'
import type { ActivityMessage, RemoteAuthor } from '../network.port.js'

export interface IgFrom {
  id?: string
  username?: string
}
export interface IgComment {
  id: string
  text?: string
  timestamp?: string
  username?: string
  from?: IgFrom
  parent_id?: string
  replies?: { data?: IgComment[] }
}
export interface IgMedia {
  id: string
  caption?: string
  timestamp?: string
  username?: string
  permalink?: string
  comments?: { data?: IgComment[] }
}
export interface IgThread {
  id: string
  messages?: { data?: { id: string; message?: string; created_time?: string; from?: IgFrom }[] }
}

const COMMENT = 'id,text,timestamp,username,from{id,username},parent_id'
export const MEDIA_FIELDS = `id,caption,timestamp,permalink,comments.limit(50){${COMMENT},replies.limit(50){${COMMENT}}}`
export const TAG_FIELDS = 'id,caption,timestamp,username,permalink'
export const IG_THREAD_FIELDS =
  'id,updated_time,messages.limit(20){id,message,created_time,from{id,username}}'
/** Prefix of the remote id of a media the account is tagged in (a reply goes through the mentions edge). */
export const TAG_PREFIX = 'tag:'

export function igAuthor(from: IgFrom | undefined, username?: string): RemoteAuthor {
  const id = from?.id ?? username ?? 'unknown'
  const handle = from?.username ?? username ?? id
  return { remoteId: id, handle, displayName: null, avatarUrl: null, followerCount: null }
}

/** A comment (or reply) on the media `mediaId`. */
export function igComment(c: IgComment, mediaId: string): ActivityMessage {
  return {
    kind: 'reply',
    remoteId: c.id,
    url: null,
    author: igAuthor(c.from, c.username),
    text: c.text ?? '',
    subjectRemoteId: mediaId,
    threadRootId: mediaId,
    parentId: c.parent_id ?? mediaId,
    conversationId: null,
    createdAt: graphTime(c.timestamp),
  }
}

/** A media someone tagged the account in. */
export function igTag(m: IgMedia): ActivityMessage {
  return {
    kind: 'mention',
    remoteId: `${TAG_PREFIX}${m.id}`,
    url: m.permalink ?? null,
    author: igAuthor(undefined, m.username),
    text: m.caption ?? '',
    subjectRemoteId: null,
    threadRootId: null,
    parentId: null,
    conversationId: null,
    createdAt: graphTime(m.timestamp),
  }
}

function isOurs(
  from: IgFrom | undefined,
  username: string | undefined,
  own: { id: string; username: string | null },
) {
  return from?.id === own.id || (!!own.username && (from?.username ?? username) === own.username)
}

/** Comments and replies on the account's media, leaving out the account's own. */
export function fromMedia(media: IgMedia[], own: { id: string; username: string | null }): ActivityMessage[] {
  const out: ActivityMessage[] = []
  for (const m of media)
    for (const c of m.comments?.data ?? []) {
      if (!isOurs(c.from, c.username, own)) out.push(igComment(c, m.id))
      for (const r of c.replies?.data ?? [])
        if (!isOurs(r.from, r.username, own))
          out.push(igComment({ ...r, parent_id: r.parent_id ?? c.id }, m.id))
    }
  return out
}

/** Customers' Instagram DMs; the conversation is the customer's Instagram-scoped id. */
export function fromIgThreads(threads: IgThread[], own: { id: string }): ActivityMessage[] {
  const out: ActivityMessage[] = []
  for (const t of threads)
    for (const m of t.messages?.data ?? []) {
      const from = m.from?.id
      if (!from || from === own.id) continue
      out.push({
        kind: 'direct-message',
        remoteId: m.id,
        url: null,
        author: igAuthor(m.from),
        text: m.message ?? '',
        subjectRemoteId: null,
        threadRootId: null,
        parentId: null,
        conversationId: from,
        createdAt: graphTime(m.created_time),
      })
    }
  return out
}

/**
 * What people say to a Facebook Page, as ActivityMessages: comments and replies on the Page's posts
 * and on visitor posts, visitor posts on the Page (the Wall), recommendations (reviews) and Messenger
 * conversations. Used by polling (fetchActivity) and by Meta webhook deliveries alike.
 */

import { graphTime } from '../meta/graph.client.js'
import type { ActivityMessage, RemoteAuthor } from '../network.port.js'

export interface GraphFrom {
  id?: string
  name?: string
}
export interface GraphComment {
  id: string
  message?: string
  created_time?: string
  from?: GraphFrom
  parent?: { id?: string }
  permalink_url?: string
}
export interface GraphPost {
  id: string
  message?: string
  created_time?: string
  from?: GraphFrom
  permalink_url?: string
  comments?: { data?: GraphComment[] }
}
export interface GraphRating {
  created_time?: string
  recommendation_type?: string
  review_text?: string
  rating?: number
  reviewer?: GraphFrom
  open_graph_story?: { id?: string }
}
export interface GraphThreadMessage {
  id: string
  message?: string
  created_time?: string
  from?: GraphFrom
}
export interface GraphThread {
  id: string
  messages?: { data?: GraphThreadMessage[] }
}

/** Fields of one feed request: posts with their newest comments (field expansion, one request). */
export const FEED_FIELDS =
  'id,message,created_time,from{id,name},permalink_url,' +
  'comments.filter(stream).order(reverse_chronological).limit(50){id,message,created_time,from{id,name},parent{id},permalink_url}'
export const RATING_FIELDS =
  'created_time,recommendation_type,review_text,rating,reviewer{id,name},open_graph_story{id}'
export const THREAD_FIELDS = 'id,updated_time,messages.limit(20){id,message,created_time,from{id,name}}'

export function author(from: GraphFrom | undefined): RemoteAuthor {
  const id = from?.id ?? 'unknown'
  return { remoteId: id, handle: id, displayName: from?.name ?? null, avatarUrl: null, followerCount: null }
}

export function postUrl(id: string): string {
  return `https://www.facebook.com/${encodeURIComponent(id)}`
}

/** A visitor post on the Page: a mention. */
export function visitorPost(p: GraphPost): ActivityMessage {
  return {
    kind: 'mention',
    remoteId: p.id,
    url: p.permalink_url ?? postUrl(p.id),
    author: author(p.from),
    text: p.message ?? '',
    subjectRemoteId: null,
    threadRootId: null,
    parentId: null,
    conversationId: null,
    createdAt: graphTime(p.created_time),
  }
}

/** A comment (or a reply to a comment) under the post `postId`. */
export function comment(c: GraphComment, postId: string, pageId: string): ActivityMessage {
  return {
    kind: 'reply',
    remoteId: c.id,
    url: c.permalink_url ?? null,
    author: author(c.from),
    text: c.message ?? '',
    subjectRemoteId: postId.startsWith(`${pageId}_`) ? postId : null,
    threadRootId: postId,
    parentId: c.parent?.id ?? postId,
    conversationId: null,
    createdAt: graphTime(c.created_time),
  }
}

/**
 * A recommendation (review) as a mention whose text says which way it went.
 * @TODO an activity kind `review` with the rating, when the inbox has one (docs/adr/0004).
 */
export function rating(r: GraphRating, pageName: string): ActivityMessage {
  const reviewer = author(r.reviewer)
  const createdAt = graphTime(r.created_time)
  const way =
    r.recommendation_type === 'negative'
      ? `Does not recommend ${pageName}`
      : r.recommendation_type === 'positive'
        ? `Recommends ${pageName}`
        : `Rated ${pageName} ${r.rating ?? '?'}/5`
  const id = r.open_graph_story?.id ?? `${reviewer.remoteId}:${createdAt}`
  return {
    kind: 'mention',
    remoteId: `rating:${id}`,
    url: r.open_graph_story?.id ? postUrl(r.open_graph_story.id) : null,
    author: reviewer,
    text: r.review_text ? `${way}: ${r.review_text}` : way,
    subjectRemoteId: null,
    threadRootId: null,
    parentId: null,
    conversationId: null,
    createdAt,
  }
}

/**
 * A Messenger message. The conversation is the customer's page-scoped id (PSID): webhooks name only
 * the sender, and sending needs it, so polling, push and replies agree on it.
 */
export function directMessage(m: GraphThreadMessage, customerId: string): ActivityMessage {
  return {
    kind: 'direct-message',
    remoteId: m.id,
    url: null,
    author: author(m.from),
    text: m.message ?? '',
    subjectRemoteId: null,
    threadRootId: null,
    parentId: null,
    conversationId: customerId,
    createdAt: graphTime(m.created_time),
  }
}

/** Everything people said in one feed page, leaving out what the Page itself wrote. */
export function fromFeed(posts: GraphPost[], pageId: string): ActivityMessage[] {
  const out: ActivityMessage[] = []
  for (const p of posts) {
    if (p.from?.id && p.from.id !== pageId) out.push(visitorPost(p))
    for (const c of p.comments?.data ?? []) if (c.from?.id !== pageId) out.push(comment(c, p.id, pageId))
  }
  return out
}

/** The customers' messages of Messenger threads. */
export function fromThreads(threads: GraphThread[], pageId: string): ActivityMessage[] {
  const out: ActivityMessage[] = []
  for (const t of threads)
    for (const m of t.messages?.data ?? [])
      if (m.from?.id && m.from.id !== pageId) out.push(directMessage(m, m.from.id))
  return out
}

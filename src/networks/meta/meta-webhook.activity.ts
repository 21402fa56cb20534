/**
 * Meta webhook deliveries (Page `feed` changes, Messenger and Instagram `messaging`, Instagram
 * `comments`) as ActivityMessages for one account, the same shapes polling produces, so the inbox
 * treats pushed and polled items alike (and dedupes one against the other by remote id).
 * https://developers.facebook.com/docs/graph-api/webhooks/reference/page
 */
import { comment, directMessage, rating, visitorPost } from '../facebook/facebook.activity.js'
import { igComment } from '../instagram/instagram.activity.js'
import type { ActivityMessage } from '../network.port.js'

export interface MetaEntry {
  id?: string
  time?: number
  changes?: { field?: string; value?: Record<string, unknown> }[]
  messaging?: {
    sender?: { id?: string }
    recipient?: { id?: string }
    timestamp?: number
    message?: { mid?: string; text?: string; is_echo?: boolean }
  }[]
}

/** What one delivery entry held: messages, and how many changes were of a kind we do not take. */
export interface EntryActivity {
  messages: ActivityMessage[]
  ignored: number
}

const s = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined)
const iso = (unixSeconds: unknown): string | undefined =>
  typeof unixSeconds === 'number' ? new Date(unixSeconds * 1000).toISOString() : s(unixSeconds)

function messaging(entry: MetaEntry, accountId: string, out: EntryActivity): void {
  for (const m of entry.messaging ?? []) {
    const from = m.sender?.id
    const mid = m.message?.mid
    // @NOTE echoes are our own sends (recorded when sent); reads, deliveries and reactions carry no message.
    if (!from || !mid || m.message?.is_echo || from === accountId) {
      out.ignored++
      continue
    }
    const created = typeof m.timestamp === 'number' ? new Date(m.timestamp).toISOString() : undefined
    out.messages.push(
      directMessage(
        { id: mid, message: m.message?.text ?? '', created_time: created, from: { id: from } },
        from,
      ),
    )
  }
}

/** One entry of an `object: "page"` delivery. */
export function pageEntry(entry: MetaEntry, pageId: string, pageName: string): EntryActivity {
  const out: EntryActivity = { messages: [], ignored: 0 }
  messaging(entry, pageId, out)
  for (const ch of entry.changes ?? []) {
    const v = ch.value ?? {}
    const from = v.from as { id?: string; name?: string } | undefined
    const verb = s(v.verb)
    const item = s(v.item)
    if ((ch.field !== 'feed' && ch.field !== 'ratings') || verb !== 'add' || from?.id === pageId) {
      out.ignored++
      continue
    }
    const created = iso(v.created_time)
    const postId = s(v.post_id)
    if (item === 'comment' && s(v.comment_id) && postId) {
      const parent = s(v.parent_id)
      out.messages.push(
        comment(
          {
            id: s(v.comment_id) as string,
            message: s(v.message) ?? '',
            created_time: created,
            from,
            ...(parent && parent !== postId ? { parent: { id: parent } } : {}),
          },
          postId,
          pageId,
        ),
      )
    } else if ((item === 'post' || item === 'status' || item === 'photo') && postId) {
      out.messages.push(visitorPost({ id: postId, message: s(v.message) ?? '', created_time: created, from }))
    } else if (item === 'rating') {
      out.messages.push(
        rating(
          {
            created_time: created,
            recommendation_type: s(v.recommendation_type),
            review_text: s(v.review_text),
            rating: typeof v.rating === 'number' ? v.rating : undefined,
            reviewer: { id: s(v.reviewer_id), name: s(v.reviewer_name) },
            open_graph_story: s(v.open_graph_story_id) ? { id: s(v.open_graph_story_id) } : undefined,
          },
          pageName,
        ),
      )
    } else out.ignored++
  }
  return out
}

/** One entry of an `object: "instagram"` delivery. */
export function instagramEntry(entry: MetaEntry, igUserId: string, username: string | null): EntryActivity {
  const out: EntryActivity = { messages: [], ignored: 0 }
  messaging(entry, igUserId, out)
  for (const ch of entry.changes ?? []) {
    const v = ch.value ?? {}
    const from = v.from as { id?: string; username?: string } | undefined
    const mediaId = s((v.media as { id?: string } | undefined)?.id)
    const ours = from?.id === igUserId || (!!username && from?.username === username)
    if (ch.field !== 'comments' || !s(v.id) || !mediaId || ours) {
      // @TODO `mentions` deliveries carry only ids: fetch the comment or media (polling's tags cover media tags today).
      out.ignored++
      continue
    }
    out.messages.push(
      igComment(
        {
          id: s(v.id) as string,
          text: s(v.text) ?? '',
          timestamp: iso(entry.time),
          from,
          username: from?.username,
          parent_id: s(v.parent_id),
        },
        mediaId,
      ),
    )
  }
  return out
}

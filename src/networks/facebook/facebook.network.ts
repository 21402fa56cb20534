/**
 * The Facebook Page adapter (Graph API v25, the Page access token of one Page). Publishes feed posts
 * with links and photos (alt text through `alt_text_custom`), comments and replies as the Page, edits
 * and deletes; reads comments, visitor posts, recommendations and Messenger; moderates comments.
 * No Graph shape leaves this folder.
 */

import { validatePost } from '../../shared/validate-post.js'
import { GraphClient, type GraphClientOptions, type GraphList, graphTime } from '../meta/graph.client.js'
import { advance, decodeWatermark, encodeWatermark, isNew } from '../meta/graph.cursor.js'
import type { ModeratingNetwork, ModerationAction, ModerationTarget } from '../moderation.port.js'
import {
  type ActivityMessage,
  type ActivityPage,
  type FindPublishedQuery,
  type NetworkAccount,
  NetworkError,
  type NetworkProfile,
  type OutgoingPost,
  type PostMetrics,
  type PublishedRef,
  type PublishResult,
} from '../network.port.js'
import {
  FEED_FIELDS,
  fromFeed,
  fromThreads,
  type GraphPost,
  type GraphRating,
  type GraphThread,
  postUrl,
  RATING_FIELDS,
  rating,
  THREAD_FIELDS,
} from './facebook.activity.js'
import { FACEBOOK_CAPABILITIES, FACEBOOK_MODERATION } from './facebook.capabilities.js'

export { FACEBOOK_CAPABILITIES }

export interface FacebookOptions extends Omit<GraphClientOptions, 'label' | 'accessToken'> {
  pageId: string
  /** The Page access token (from Facebook Login, the Page the person picked). */
  pageAccessToken: string
}

const FEED_PAGES = 4
const FEED_LIMIT = 25
const LINK = /https?:\/\/[^\s]+/

export class FacebookNetwork implements ModeratingNetwork {
  readonly capabilities = FACEBOOK_CAPABILITIES
  readonly moderation = FACEBOOK_MODERATION
  private readonly graph: GraphClient
  private readonly pageId: string
  private pageName: string | null = null

  constructor(opts: FacebookOptions) {
    this.graph = new GraphClient({ ...opts, label: 'Facebook', accessToken: opts.pageAccessToken })
    this.pageId = opts.pageId
  }

  async verify(): Promise<NetworkAccount> {
    const p = await this.graph.get<{
      id: string
      name?: string
      username?: string
      followers_count?: number
      fan_count?: number
      picture?: { data?: { url?: string } }
    }>(this.pageId, { fields: 'id,name,username,followers_count,fan_count,picture{url}' }, 'Page')
    this.pageName = p.name ?? null
    return {
      remoteId: p.id,
      handle: p.username ?? p.id,
      displayName: p.name ?? null,
      avatarUrl: p.picture?.data?.url ?? null,
      followerCount: p.followers_count ?? p.fan_count ?? null,
    }
  }

  async fetchProfile(): Promise<NetworkProfile> {
    const account = await this.verify()
    const posts = await this.graph.get<GraphList<unknown>>(
      `${this.pageId}/published_posts`,
      { limit: 0, summary: 'total_count' },
      'post count',
    )
    return { ...account, followingCount: null, postCount: posts.summary?.total_count ?? null }
  }

  async publish(post: OutgoingPost): Promise<PublishResult> {
    const issues = validatePost(this.capabilities, post)
    if (issues.length > 0) {
      const first = issues[0] as { field: string; reason: string }
      throw new NetworkError(
        { kind: 'invalid-content', field: first.field, reason: `${first.field} ${first.reason}` },
        `Facebook would refuse this post: ${first.field} ${first.reason}`,
      )
    }
    if (post.replyTo) {
      const ref = await this.reply(post.replyTo, post.text)
      return { ...ref, parts: [ref] }
    }
    const startedAt = Date.now()
    const media: { media_fbid: string }[] = []
    for (const image of post.images ?? []) media.push({ media_fbid: await this.uploadPhoto(image) })
    const link = media.length === 0 ? LINK.exec(post.text)?.[0] : undefined
    let created: { id: string }
    try {
      created = await this.graph.post<{ id: string }>(
        `${this.pageId}/feed`,
        { message: post.text, link, attached_media: media.length > 0 ? media : undefined },
        'post',
      )
    } catch (err) {
      // @NOTE no idempotency key on Graph: after an unknown outcome look for the post before anyone retries.
      if (err instanceof NetworkError && err.kind === 'unknown-outcome') {
        const found = await this.findPublished({
          text: post.text,
          since: startedAt - 60_000,
          until: Date.now() + 60_000,
        })
        if (found) return { ...found, parts: [found] }
      }
      throw err
    }
    const ref = { remoteId: created.id, url: postUrl(created.id), createdAt: Date.now() }
    return { ...ref, parts: [ref] }
  }

  /** Uploads an unpublished photo to the Page (attached to a post afterwards); returns its id. */
  private async uploadPhoto(image: { data: Uint8Array; mimeType: string; altText: string }): Promise<string> {
    const form = new FormData()
    form.set('published', 'false')
    if (image.altText.trim()) form.set('alt_text_custom', image.altText.trim())
    form.set('source', new Blob([image.data as Uint8Array<ArrayBuffer>], { type: image.mimeType }), 'image')
    const res = await this.graph.request<{ id: string }>(
      'POST',
      `${this.pageId}/photos`,
      { multipart: form },
      // @NOTE an unpublished photo nobody sees: uploading it again after a timeout is harmless.
      'read',
      'photo upload',
    )
    return res.id
  }

  async reply(targetRemoteId: string, text: string): Promise<PublishedRef> {
    const res = await this.graph.post<{ id: string }>(
      `${targetRemoteId}/comments`,
      { message: text },
      'comment',
    )
    return { remoteId: res.id, url: postUrl(res.id), createdAt: Date.now() }
  }

  /** Changes the text of one of the Page's posts or comments. */
  async edit(remoteId: string, text: string): Promise<void> {
    await this.graph.post(remoteId, { message: text }, 'edit')
  }

  async sendDirectMessage(
    recipientRemoteId: string,
    text: string,
  ): Promise<PublishedRef & { conversationId: string | null }> {
    const res = await this.graph.post<{ message_id?: string; recipient_id?: string }>(
      `${this.pageId}/messages`,
      { recipient: { id: recipientRemoteId }, messaging_type: 'RESPONSE', message: { text } },
      'Messenger message',
    )
    return {
      remoteId: res.message_id ?? `${recipientRemoteId}:${Date.now()}`,
      url: null,
      createdAt: Date.now(),
      conversationId: recipientRemoteId,
    }
  }

  async delete(remoteId: string): Promise<void> {
    await this.graph.delete(remoteId, 'delete')
  }

  async moderate(target: ModerationTarget, action: ModerationAction): Promise<void> {
    const id = target.remoteId
    switch (action) {
      case 'hide':
      case 'unhide':
        await this.graph.post(id, { is_hidden: action === 'hide' }, action)
        return
      case 'delete':
        await this.graph.delete(id, 'delete')
        return
      case 'like':
        await this.graph.post(`${id}/likes`, {}, 'like')
        return
      case 'unlike':
        await this.graph.request('DELETE', `${id}/likes`, {}, 'write', 'unlike')
        return
      case 'ban-author': {
        if (!target.authorRemoteId)
          throw new NetworkError(
            {
              kind: 'invalid-content',
              field: 'authorRemoteId',
              reason: 'the author is needed to hide them from the Page',
            },
            'ban-author needs the author',
          )
        await this.graph.post(id, { is_hidden: true }, 'hide')
        await this.graph.post(
          `${this.pageId}/blocked`,
          { user: [target.authorRemoteId] },
          'block from the Page',
        )
        return
      }
    }
  }

  async fetchActivity(cursor: string | null): Promise<ActivityPage> {
    const mark = decodeWatermark(cursor)
    if (cursor === null) await this.subscribeWebhooks()
    const messages: ActivityMessage[] = []
    let after: string | undefined
    for (let page = 0; page < FEED_PAGES; page++) {
      const feed = await this.graph.get<GraphList<GraphPost>>(
        `${this.pageId}/feed`,
        { fields: FEED_FIELDS, limit: FEED_LIMIT, after },
        'feed',
      )
      messages.push(...fromFeed(feed.data, this.pageId))
      after = feed.paging?.next ? feed.paging.cursors?.after : undefined
      const oldest = feed.data.at(-1)
      // @NOTE older posts are read only while the feed is still newer than the cursor (and never on the first poll).
      if (!after || !mark || !oldest || graphTime(oldest.created_time) <= mark.t) break
    }
    const ratings = await this.graph.get<GraphList<GraphRating>>(
      `${this.pageId}/ratings`,
      { fields: RATING_FIELDS, limit: 25 },
      'recommendations',
    )
    const name = this.pageName ?? 'the Page'
    messages.push(...ratings.data.map((r) => rating(r, name)))
    const threads = await this.graph.get<GraphList<GraphThread>>(
      `${this.pageId}/conversations`,
      { platform: 'messenger', fields: THREAD_FIELDS, limit: 20 },
      'Messenger conversations',
    )
    messages.push(...fromThreads(threads.data, this.pageId))
    const fresh = dedupe(messages.filter((m) => isNew(mark, m)))
    const next = advance(mark, fresh)
    return { messages: fresh, cursor: next ? encodeWatermark(next) : cursor, more: false }
  }

  /**
   * Subscribes the Page to the Meta app's webhooks (feed, messages, ratings), so comments and messages
   * are pushed. Idempotent; done on a channel's first poll, which follows every connect.
   * @NOTE best effort: without `pages_manage_metadata` Meta refuses, and polling still brings everything in.
   */
  async subscribeWebhooks(): Promise<boolean> {
    try {
      await this.graph.post(
        `${this.pageId}/subscribed_apps`,
        { subscribed_fields: 'feed,messages,ratings' },
        'webhook subscription',
      )
      return true
    } catch (err) {
      if (err instanceof NetworkError && (err.kind === 'invalid-content' || err.kind === 'transient'))
        return false
      throw err
    }
  }

  async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
    const out: PostMetrics[] = []
    for (const id of remoteIds) {
      try {
        const p = await this.graph.get<{
          id: string
          reactions?: { summary?: { total_count?: number } }
          comments?: { summary?: { total_count?: number } }
          shares?: { count?: number }
        }>(
          id,
          {
            fields:
              'id,reactions.limit(0).summary(total_count),comments.limit(0).summary(total_count),shares',
          },
          'metrics',
        )
        out.push({
          remoteId: p.id,
          likes: p.reactions?.summary?.total_count ?? 0,
          reposts: p.shares?.count ?? 0,
          replies: p.comments?.summary?.total_count ?? 0,
          quotes: 0,
        })
      } catch (err) {
        if (err instanceof NetworkError && err.kind === 'not-found') continue
        throw err
      }
    }
    return out
  }

  /**
   * By text within a time window, on the Page's own posts. A key alone finds nothing: Graph posts
   * carry no field of ours (capabilities.idempotency is 'none').
   */
  async findPublished(query: FindPublishedQuery): Promise<PublishedRef | null> {
    if (!('text' in query)) return null
    const list = await this.graph.get<
      GraphList<{ id: string; message?: string; created_time?: string; permalink_url?: string }>
    >(
      `${this.pageId}/published_posts`,
      {
        fields: 'id,message,created_time,permalink_url',
        since: Math.floor(query.since / 1000),
        until: Math.ceil(query.until / 1000),
        limit: 100,
      },
      'own posts',
    )
    const hit = list.data.find((p) => (p.message ?? '').trim() === query.text.trim())
    return hit
      ? {
          remoteId: hit.id,
          url: hit.permalink_url ?? postUrl(hit.id),
          createdAt: graphTime(hit.created_time),
        }
      : null
  }
}

function dedupe(messages: ActivityMessage[]): ActivityMessage[] {
  const seen = new Set<string>()
  return messages.filter((m) => !seen.has(m.remoteId) && seen.add(m.remoteId))
}

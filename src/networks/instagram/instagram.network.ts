/**
 * The Instagram adapter (Instagram Graph API through Facebook Login: a professional account linked to
 * a Page, the Page access token). Publishes with the container → media_publish flow (single image or
 * carousel), replies to comments, hides and deletes them; reads comments, tags and DMs.
 */

import { validatePost } from '../../shared/validate-post.js'
import { GraphClient, type GraphClientOptions, type GraphList, graphTime } from '../meta/graph.client.js'
import { advance, decodeWatermark, encodeWatermark, isNew } from '../meta/graph.cursor.js'
import type { ModeratingNetwork, ModerationAction, ModerationTarget } from '../moderation.port.js'
import {
  type ActivityPage,
  type FindPublishedQuery,
  type NetworkAccount,
  NetworkError,
  type NetworkProfile,
  type OutgoingPost,
  type PostImage,
  type PostMetrics,
  type PublishedRef,
  type PublishResult,
} from '../network.port.js'
import {
  fromIgThreads,
  fromMedia,
  IG_THREAD_FIELDS,
  type IgMedia,
  type IgThread,
  igTag,
  MEDIA_FIELDS,
  TAG_FIELDS,
  TAG_PREFIX,
} from './instagram.activity.js'
import { INSTAGRAM_CAPABILITIES, INSTAGRAM_MODERATION, instagramIssues } from './instagram.capabilities.js'

export { INSTAGRAM_CAPABILITIES }

export interface InstagramOptions extends Omit<GraphClientOptions, 'label' | 'accessToken'> {
  /** The Instagram professional account's id (instagram_business_account of the Page). */
  igUserId: string
  /** The Facebook Page it is linked to: hosts the images Instagram fetches, and its Messenger inbox. */
  pageId: string
  /** The Page access token. */
  accessToken: string
}

export class InstagramNetwork implements ModeratingNetwork {
  readonly capabilities = INSTAGRAM_CAPABILITIES
  readonly moderation = INSTAGRAM_MODERATION
  private readonly graph: GraphClient
  private username: string | null = null

  constructor(private readonly opts: InstagramOptions) {
    this.graph = new GraphClient({ ...opts, label: 'Instagram' })
  }

  private get own() {
    return { id: this.opts.igUserId, username: this.username }
  }

  async verify(): Promise<NetworkAccount> {
    const p = await this.profile()
    return {
      remoteId: p.remoteId,
      handle: p.handle,
      displayName: p.displayName,
      avatarUrl: p.avatarUrl,
      followerCount: p.followerCount,
    }
  }

  async fetchProfile(): Promise<NetworkProfile> {
    return this.profile()
  }

  private async profile(): Promise<NetworkProfile> {
    const u = await this.graph.get<{
      id: string
      username?: string
      name?: string
      profile_picture_url?: string
      followers_count?: number
      follows_count?: number
      media_count?: number
    }>(
      this.opts.igUserId,
      { fields: 'id,username,name,profile_picture_url,followers_count,follows_count,media_count' },
      'account',
    )
    this.username = u.username ?? null
    return {
      remoteId: u.id,
      handle: u.username ?? u.id,
      displayName: u.name ?? null,
      avatarUrl: u.profile_picture_url ?? null,
      followerCount: u.followers_count ?? null,
      followingCount: u.follows_count ?? null,
      postCount: u.media_count ?? null,
    }
  }

  async publish(post: OutgoingPost): Promise<PublishResult> {
    const issues = [...validatePost(this.capabilities, post), ...instagramIssues(post)]
    if (issues.length > 0) {
      const first = issues[0] as { field: string; reason: string }
      throw new NetworkError(
        { kind: 'invalid-content', field: first.field, reason: `${first.field} ${first.reason}` },
        `Instagram would refuse this post: ${first.field} ${first.reason}`,
      )
    }
    if (post.replyTo) {
      const ref = await this.reply(post.replyTo, post.text)
      return { ...ref, parts: [ref] }
    }
    const startedAt = Date.now()
    const images = post.images ?? []
    const urls: string[] = []
    for (const image of images) urls.push(await this.host(image))
    let creationId: string
    if (images.length === 1) {
      creationId = (
        await this.container({ image_url: urls[0], alt_text: alt(images[0]), caption: post.text })
      ).id
    } else {
      const children: string[] = []
      for (const [i, url] of urls.entries())
        children.push(
          (await this.container({ image_url: url, alt_text: alt(images[i]), is_carousel_item: true })).id,
        )
      creationId = (await this.container({ media_type: 'CAROUSEL', children, caption: post.text })).id
    }
    let media: { id: string }
    try {
      media = await this.graph.post<{ id: string }>(
        `${this.opts.igUserId}/media_publish`,
        { creation_id: creationId },
        'publish',
      )
    } catch (err) {
      // @NOTE no idempotency key: after an unknown outcome look for the post before anyone retries.
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
    const m = await this.graph.get<{ id: string; permalink?: string; timestamp?: string }>(
      media.id,
      { fields: 'id,permalink,timestamp' },
      'published post',
    )
    const ref = { remoteId: m.id, url: m.permalink ?? null, createdAt: graphTime(m.timestamp) || Date.now() }
    return { ...ref, parts: [ref] }
  }

  /** A media container (not yet visible); creating one again after a timeout is harmless. */
  private container(form: Record<string, string | boolean | string[] | undefined>): Promise<{ id: string }> {
    return this.graph.request<{ id: string }>(
      'POST',
      `${this.opts.igUserId}/media`,
      { form },
      'read',
      'media container',
    )
  }

  /**
   * Instagram fetches images from a public URL. The image is uploaded to the linked Page as an
   * unpublished, temporary photo, and its CDN address is what Instagram fetches: no public URL of
   * Townhall's own is needed.
   */
  private async host(image: PostImage): Promise<string> {
    const form = new FormData()
    form.set('published', 'false')
    form.set('temporary', 'true')
    form.set('source', new Blob([image.data as Uint8Array<ArrayBuffer>], { type: image.mimeType }), 'image')
    const photo = await this.graph.request<{ id: string }>(
      'POST',
      `${this.opts.pageId}/photos`,
      { multipart: form },
      'read',
      'image upload',
    )
    const p = await this.graph.get<{ images?: { source?: string; width?: number }[] }>(
      photo.id,
      { fields: 'images' },
      'image address',
    )
    const best = [...(p.images ?? [])].sort((a, b) => (b.width ?? 0) - (a.width ?? 0))[0]?.source
    if (!best)
      throw new NetworkError({ kind: 'transient' }, 'Facebook did not give the uploaded image an address')
    return best
  }

  async reply(targetRemoteId: string, text: string): Promise<PublishedRef> {
    if (targetRemoteId.startsWith(TAG_PREFIX)) {
      const mediaId = targetRemoteId.slice(TAG_PREFIX.length)
      const res = await this.graph.post<{ id: string }>(
        `${this.opts.igUserId}/mentions`,
        { media_id: mediaId, message: text },
        'reply to a tag',
      )
      return { remoteId: res.id, url: null, createdAt: Date.now() }
    }
    // @NOTE Instagram threads one level deep: a reply to a reply goes under its top-level comment.
    const target = await this.graph.get<{ id: string; parent_id?: string }>(
      targetRemoteId,
      { fields: 'id,parent_id' },
      'comment',
    )
    const res = await this.graph.post<{ id: string }>(
      `${target.parent_id ?? target.id}/replies`,
      { message: text },
      'reply',
    )
    return { remoteId: res.id, url: null, createdAt: Date.now() }
  }

  async sendDirectMessage(
    recipientRemoteId: string,
    text: string,
  ): Promise<PublishedRef & { conversationId: string | null }> {
    const res = await this.graph.post<{ message_id?: string }>(
      `${this.opts.pageId}/messages`,
      { recipient: { id: recipientRemoteId }, messaging_type: 'RESPONSE', message: { text } },
      'direct message',
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
    if (action === 'hide' || action === 'unhide')
      await this.graph.post(target.remoteId, { hide: action === 'hide' }, action)
    else if (action === 'delete') await this.graph.delete(target.remoteId, 'delete')
    else
      throw new NetworkError(
        {
          kind: 'invalid-content',
          field: 'action',
          reason: `Instagram does not let us ${action.replace('-', ' the ')}`,
        },
        `Instagram does not support ${action}`,
      )
  }

  async fetchActivity(cursor: string | null): Promise<ActivityPage> {
    const mark = decodeWatermark(cursor)
    if (!this.username) await this.profile()
    const media = await this.graph.get<GraphList<IgMedia>>(
      `${this.opts.igUserId}/media`,
      { fields: MEDIA_FIELDS, limit: 25 },
      'comments',
    )
    const tags = await this.graph.get<GraphList<IgMedia>>(
      `${this.opts.igUserId}/tags`,
      { fields: TAG_FIELDS, limit: 25 },
      'tags',
    )
    const threads = await this.graph.get<GraphList<IgThread>>(
      `${this.opts.pageId}/conversations`,
      { platform: 'instagram', fields: IG_THREAD_FIELDS, limit: 20 },
      'direct messages',
    )
    const all = [
      ...fromMedia(media.data, this.own),
      ...tags.data.map(igTag),
      ...fromIgThreads(threads.data, this.own),
    ]
    const fresh = all.filter((m) => isNew(mark, m))
    const next = advance(mark, fresh)
    return { messages: fresh, cursor: next ? encodeWatermark(next) : cursor, more: false }
  }

  async fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
    const out: PostMetrics[] = []
    for (const id of remoteIds) {
      try {
        const m = await this.graph.get<{ id: string; like_count?: number; comments_count?: number }>(
          id,
          { fields: 'id,like_count,comments_count' },
          'metrics',
        )
        out.push({
          remoteId: m.id,
          likes: m.like_count ?? 0,
          reposts: 0,
          replies: m.comments_count ?? 0,
          quotes: 0,
        })
      } catch (err) {
        if (err instanceof NetworkError && err.kind === 'not-found') continue
        throw err
      }
    }
    return out
  }

  /** By caption within a time window on the account's media; a key alone finds nothing (idempotency 'none'). */
  async findPublished(query: FindPublishedQuery): Promise<PublishedRef | null> {
    if (!('text' in query)) return null
    const list = await this.graph.get<GraphList<IgMedia>>(
      `${this.opts.igUserId}/media`,
      {
        fields: 'id,caption,timestamp,permalink',
        since: Math.floor(query.since / 1000),
        until: Math.ceil(query.until / 1000),
        limit: 50,
      },
      'own posts',
    )
    const hit = list.data.find((m) => (m.caption ?? '').trim() === query.text.trim())
    return hit ? { remoteId: hit.id, url: hit.permalink ?? null, createdAt: graphTime(hit.timestamp) } : null
  }
}

function alt(image: PostImage | undefined): string | undefined {
  const a = image?.altText.trim()
  return a ? a : undefined
}

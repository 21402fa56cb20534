/**
 * The X adapter (API v2, OAuth 2.0 user context with PKCE; connect: oauth/ and x.oauth.ts). Posts,
 * threads as reply chains, quotes, replies, images with alt text through the v2 media upload,
 * delete; mentions (replies and quotes among them) and DMs as activity with since-id cursors.
 * Text is measured by `twitter-text`, as X measures it. No X type leaves this folder.
 */
import twitterText from 'twitter-text'
import { validatePost } from '../../shared/validate-post.js'
import type { ModeratingNetwork, ModerationAction, ModerationTarget } from '../moderation.port.js'
import {
  type ActivityMessage,
  type ActivityPage,
  DEFAULT_CALL_TIMEOUT_MS,
  type FindPublishedQuery,
  type Network,
  type NetworkAccount,
  type NetworkCapabilities,
  NetworkError,
  type NetworkProfile,
  type OutgoingPost,
  type PostImage,
  type PostMetrics,
  type PostPart,
  type PublishedRef,
  type PublishResult,
  withTimeout,
} from '../network.port.js'
import {
  comparableText,
  decodeCursor,
  dmToActivity,
  encodeCursor,
  isNewer,
  mentionToActivity,
  newerId,
  postUrl,
  usersById,
  type XDmEvent,
  type XIncludes,
  type XPost,
  type XUser,
} from './x.activity.js'
import { X_CAPABILITIES, X_LONG_POST_LENGTH } from './x.capabilities.js'
import type { XClient } from './x.client.js'

export { X_CAPABILITIES }

const USER_FIELDS = 'profile_image_url,public_metrics,subscription_type'
const POST_FIELDS =
  'author_id,conversation_id,created_at,in_reply_to_user_id,referenced_tweets,public_metrics'
/** Subscriptions with which X lets an account post long texts. */
const LONG_POST_SUBSCRIPTIONS = new Set(['Basic', 'Premium', 'PremiumPlus'])
const MAX_PAGES = 10

export interface XNetworkOptions {
  client: XClient
  /** The account's X user id and username, from the channel's settings (null while connecting). */
  userId: string | null
  username: string | null
  /** X's subscription_type of the account ('None', 'Premium'…): long posts only with one. */
  subscriptionType?: string | null
  timeoutMs?: number
  now(): number
}

type Data<T> = { data?: T; includes?: XIncludes; meta?: { next_token?: string; newest_id?: string } }

/** Weighted length exactly as X counts it (twitter-text's v3 configuration: URLs 23, emoji 2). */
export function xWeightedLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength
}

export class XNetwork implements Network, ModeratingNetwork {
  /** Replies in the brand's conversations can be hidden; any post can be liked. X deletes only our own posts. */
  readonly moderation: readonly ModerationAction[] = ['hide', 'unhide', 'like', 'unlike']
  readonly capabilities: NetworkCapabilities
  private userId: string | null
  private username: string | null
  private readonly timeoutMs: number

  constructor(private readonly opts: XNetworkOptions) {
    this.userId = opts.userId
    this.username = opts.username
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
    const long = LONG_POST_SUBSCRIPTIONS.has(opts.subscriptionType ?? '')
    this.capabilities = long
      ? { ...X_CAPABILITIES, text: { ...X_CAPABILITIES.text, maxLength: X_LONG_POST_LENGTH } }
      : X_CAPABILITIES
  }

  private call<T>(mode: 'read' | 'write', what: string, work: () => Promise<T>): Promise<T> {
    return withTimeout(() => work(), this.timeoutMs, mode, `X (${what})`)
  }

  private get client(): XClient {
    return this.opts.client
  }

  private async me(): Promise<XUser> {
    const { body } = await this.client.request<Data<XUser>>({
      method: 'GET',
      path: '/2/users/me',
      template: '/2/users/me',
      query: { 'user.fields': USER_FIELDS },
      mode: 'read',
      what: 'profile',
    })
    if (!body?.data?.id) throw new NetworkError({ kind: 'transient' }, 'X answered without the account')
    this.userId = body.data.id
    this.username = body.data.username
    return body.data
  }

  private async myId(): Promise<string> {
    return this.userId ?? (await this.me()).id
  }

  verify(): Promise<NetworkAccount> {
    return this.fetchProfile()
  }

  fetchProfile(): Promise<NetworkProfile> {
    return this.call('read', 'profile', async () => {
      const u = await this.me()
      const m = u.public_metrics ?? {}
      return {
        remoteId: u.id,
        handle: u.username,
        displayName: u.name ?? null,
        avatarUrl: u.profile_image_url ?? null,
        followerCount: m.followers_count ?? null,
        followingCount: m.following_count ?? null,
        postCount: m.post_count ?? m.tweet_count ?? 0,
      }
    })
  }

  private url(id: string): string {
    return postUrl(this.username ?? 'i', id)
  }

  /** Every refusal before a request: weighted length by twitter-text, media and features by capabilities. */
  private check(post: Omit<OutgoingPost, 'idempotencyKey'>): void {
    const max = this.capabilities.text.maxLength
    // @NOTE validatePost's own weighted count is the composer's approximation; the length is X's, here.
    const relaxed = {
      ...this.capabilities,
      text: { ...this.capabilities.text, maxLength: Number.MAX_SAFE_INTEGER },
    }
    const issues = validatePost(relaxed, post)
    const parts: PostPart[] = [post, ...(post.thread ?? [])]
    parts.forEach((part, i) => {
      const len = xWeightedLength(part.text)
      if (len > max)
        issues.unshift({
          field: i === 0 ? 'text' : `thread.${i - 1}.text`,
          reason: `is ${len} characters as X counts them (links count 23, emoji 2); X allows ${max}${max === X_CAPABILITIES.text.maxLength ? ' for this account' : ''}`,
        })
    })
    if (issues.length > 0) {
      const reason = issues.map((i) => `${i.field} ${i.reason}`).join('; ')
      throw new NetworkError(
        { kind: 'invalid-content', reason, field: issues[0]!.field },
        `Not sent to X: ${reason}`,
      )
    }
  }

  /** v2 media upload (one request for an image), then its alt text as media metadata. */
  private async upload(img: PostImage): Promise<string> {
    const { body } = await this.client.request<Data<{ id: string }>>({
      method: 'POST',
      path: '/2/media/upload',
      template: '/2/media/upload',
      json: {
        media: Buffer.from(img.data).toString('base64'),
        media_category: img.mimeType === 'image/gif' ? 'tweet_gif' : 'tweet_image',
      },
      // @NOTE an upload that never reached a post is harmless (X drops unused media): retry as a read.
      mode: 'read',
      what: 'media upload',
    })
    const id = body?.data?.id
    if (!id) throw new NetworkError({ kind: 'transient' }, 'X accepted the image without giving its id')
    const alt = img.altText.trim()
    if (alt) {
      await this.client.request({
        method: 'POST',
        path: '/2/media/metadata',
        template: '/2/media/metadata',
        json: { id, metadata: { alt_text: { text: alt } } },
        mode: 'read',
        what: 'image description',
      })
    }
    return id
  }

  async publish(post: OutgoingPost): Promise<PublishResult> {
    this.check(post)
    return this.call('write', 'publish', async () => {
      const parts: PostPart[] = [post, ...(post.thread ?? [])]
      const refs: PublishedRef[] = []
      let parent = post.replyTo
      for (const [i, part] of parts.entries()) {
        const mediaIds: string[] = []
        for (const img of part.images ?? []) mediaIds.push(await this.upload(img))
        const body: Record<string, unknown> = { text: part.text }
        if (parent) body.reply = { in_reply_to_tweet_id: parent }
        if (i === 0 && post.quote) body.quote_tweet_id = post.quote
        if (mediaIds.length > 0) body.media = { media_ids: mediaIds }
        // @NOTE a thread is a reply chain; a later part failing leaves the earlier ones published, and
        // the publish job reconciles by the first part's text (ADR 0006, idempotency none).
        const { body: res } = await this.client.request<Data<{ id: string; text: string }>>({
          method: 'POST',
          path: '/2/tweets',
          template: '/2/tweets',
          json: body,
          mode: 'write',
          what: i === 0 ? 'publish' : `thread part ${i + 1}`,
        })
        const id = res?.data?.id
        if (!id)
          throw new NetworkError(
            { kind: 'unknown-outcome' },
            'X answered without the new post; it may have been published',
          )
        refs.push({ remoteId: id, url: this.url(id), createdAt: this.opts.now() })
        parent = id
      }
      return { ...refs[0]!, parts: refs }
    })
  }

  async reply(
    targetRemoteId: string,
    text: string,
    opts: { idempotencyKey?: string } = {},
  ): Promise<PublishedRef> {
    const r = await this.publish({
      text,
      replyTo: targetRemoteId,
      idempotencyKey: opts.idempotencyKey ?? `reply-${this.opts.now()}`,
    })
    return { remoteId: r.remoteId, url: r.url, createdAt: r.createdAt }
  }

  sendDirectMessage(
    recipientRemoteId: string,
    text: string,
  ): Promise<PublishedRef & { conversationId: string | null }> {
    return this.call('write', 'direct message', async () => {
      if (!/^[0-9]{1,19}$/.test(recipientRemoteId))
        throw new NetworkError({ kind: 'not-found' }, 'The recipient is not an X account id')
      const { body } = await this.client.request<Data<{ dm_conversation_id: string; dm_event_id: string }>>({
        method: 'POST',
        path: `/2/dm_conversations/with/${recipientRemoteId}/messages`,
        template: '/2/dm_conversations/with/:id/messages',
        json: { text },
        mode: 'write',
        what: 'direct message',
      })
      const id = body?.data?.dm_event_id
      if (!id) throw new NetworkError({ kind: 'unknown-outcome' }, 'X answered without the message id')
      return {
        remoteId: `dm:${id}`,
        url: null,
        createdAt: this.opts.now(),
        conversationId: body.data?.dm_conversation_id ?? null,
      }
    })
  }

  private async lookup(id: string): Promise<XPost | null> {
    const { body } = await this.client.request<Data<XPost>>({
      method: 'GET',
      path: `/2/tweets/${id}`,
      template: '/2/tweets/:id',
      query: { 'tweet.fields': 'author_id,created_at' },
      mode: 'read',
      what: 'post lookup',
    })
    return body?.data ?? null
  }

  delete(remoteId: string): Promise<void> {
    return this.call('write', 'delete', async () => {
      if (!/^[0-9]{1,19}$/.test(remoteId)) throw new NetworkError({ kind: 'not-found' }, 'Not an X post id')
      // @NOTE X answers deleted:false (not 404) for a post that is gone, so look first: the port promises not-found.
      const post = await this.lookup(remoteId).catch((err: unknown) => {
        if (err instanceof NetworkError && err.kind === 'not-found') return null
        throw err
      })
      if (!post) throw new NetworkError({ kind: 'not-found' }, 'The post is not on X (any more)')
      const me = await this.myId()
      if (post.author_id && post.author_id !== me)
        throw new NetworkError({ kind: 'not-found' }, 'The post to delete is not one of this account')
      await this.client.request({
        method: 'DELETE',
        path: `/2/tweets/${remoteId}`,
        template: '/2/tweets/:id',
        mode: 'write',
        what: 'delete',
      })
    })
  }

  /** Likes a post as the channel's account (moderation from the inbox). */
  like(remoteId: string): Promise<void> {
    return this.call('write', 'like', async () => {
      const me = await this.myId()
      await this.client.request({
        method: 'POST',
        path: `/2/users/${me}/likes`,
        template: '/2/users/:id/likes',
        json: { tweet_id: remoteId },
        mode: 'read',
        what: 'like',
      })
    })
  }

  /** Takes back a like. */
  unlike(remoteId: string): Promise<void> {
    return this.call('write', 'unlike', async () => {
      const me = await this.myId()
      await this.client.request({
        method: 'DELETE',
        path: `/2/users/${me}/likes/${remoteId}`,
        template: '/2/users/:id/likes/:id',
        mode: 'read',
        what: 'unlike',
      })
    })
  }

  /** The moderation port (moderation.port.ts): hide/unhide replies, like/unlike. */
  async moderate(target: ModerationTarget, action: ModerationAction): Promise<void> {
    if (!/^[0-9]{1,19}$/.test(target.remoteId))
      throw new NetworkError({ kind: 'not-found' }, 'Not an X post id')
    if (action === 'hide' || action === 'unhide') return this.hideReply(target.remoteId, action === 'hide')
    if (action === 'like') return this.like(target.remoteId)
    if (action === 'unlike') return this.unlike(target.remoteId)
    throw new NetworkError(
      {
        kind: 'invalid-content',
        field: 'action',
        reason: `X does not let us ${action.replace('-', ' the ')} here`,
      },
      `X does not support ${action}`,
    )
  }

  /** Hides (or shows again) a reply in one of the account's conversations. */
  hideReply(remoteId: string, hidden: boolean): Promise<void> {
    return this.call('write', 'hide reply', async () => {
      await this.client.request({
        method: 'PUT',
        path: `/2/tweets/${remoteId}/hidden`,
        template: '/2/tweets/:id/hidden',
        json: { hidden },
        mode: 'read',
        what: hidden ? 'hide reply' : 'unhide reply',
      })
    })
  }

  fetchActivity(cursor: string | null): Promise<ActivityPage> {
    return this.call('read', 'mentions', async () => {
      const prev = decodeCursor(cursor)
      const me = await this.myId()
      const now = this.opts.now()
      const messages: ActivityMessage[] = []
      const users = new Map<string, XUser>()
      let newestMention = prev.m
      let more = false
      let token: string | undefined
      // @NOTE a first sync takes one page of recent history; later polls page through since_id.
      const pages = prev.m ? MAX_PAGES : 1
      for (let page = 0; page < pages; page++) {
        const { body } = await this.client.request<Data<XPost[]>>({
          method: 'GET',
          path: `/2/users/${me}/mentions`,
          template: '/2/users/:id/mentions',
          query: {
            max_results: prev.m ? 100 : 20,
            since_id: prev.m,
            pagination_token: token,
            'tweet.fields': POST_FIELDS,
            expansions: 'author_id',
            'user.fields': USER_FIELDS,
          },
          mode: 'read',
          what: 'mentions',
        })
        for (const [id, u] of usersById(body?.includes)) users.set(id, u)
        for (const p of body?.data ?? []) {
          if (!isNewer(p.id, prev.m) || p.author_id === me) continue
          messages.push(mentionToActivity(p, users, now))
          newestMention = newerId(newestMention, p.id)
        }
        token = body?.meta?.next_token
        if (!token) break
        if (page === pages - 1) more = prev.m !== undefined
      }
      const dms = await this.directMessages(prev.d, me, now)
      messages.push(...dms.messages)
      messages.sort((a, b) => a.createdAt - b.createdAt)
      return {
        messages,
        cursor: encodeCursor({ m: more ? prev.m : newestMention, d: dms.newest }),
        more,
      }
    })
  }

  /** DM events newer than `since` (X has no since_id here: page back until a seen id). */
  private async directMessages(
    since: string | undefined,
    me: string,
    now: number,
  ): Promise<{ messages: ActivityMessage[]; newest: string | undefined }> {
    const messages: ActivityMessage[] = []
    let newest = since
    let token: string | undefined
    for (let page = 0; page < (since ? MAX_PAGES : 1); page++) {
      const { body } = await this.client.request<Data<XDmEvent[]>>({
        method: 'GET',
        path: '/2/dm_events',
        template: '/2/dm_events',
        query: {
          max_results: since ? 100 : 20,
          pagination_token: token,
          event_types: 'MessageCreate',
          'dm_event.fields': 'id,text,created_at,sender_id,dm_conversation_id,event_type',
          expansions: 'sender_id',
          'user.fields': USER_FIELDS,
        },
        mode: 'read',
        what: 'direct messages',
      })
      const users = usersById(body?.includes)
      let reachedSeen = false
      for (const e of body?.data ?? []) {
        if (!isNewer(e.id, since)) {
          reachedSeen = true
          continue
        }
        newest = newerId(newest, e.id)
        if (e.sender_id === me) continue
        messages.push(dmToActivity(e, users, now))
      }
      token = body?.meta?.next_token
      if (reachedSeen || !token) break
    }
    return { messages, newest }
  }

  fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
    return this.call('read', 'metrics', async () => {
      const out: PostMetrics[] = []
      const ids = remoteIds.filter((id) => /^[0-9]{1,19}$/.test(id))
      for (let i = 0; i < ids.length; i += 100) {
        const { body } = await this.client.request<Data<XPost[]>>({
          method: 'GET',
          path: '/2/tweets',
          template: '/2/tweets',
          query: { ids: ids.slice(i, i + 100).join(','), 'tweet.fields': 'public_metrics' },
          mode: 'read',
          what: 'metrics',
        })
        for (const p of body?.data ?? []) {
          const m = p.public_metrics ?? {}
          out.push({
            remoteId: p.id,
            likes: m.like_count ?? 0,
            reposts: m.retweet_count ?? m.repost_count ?? 0,
            replies: m.reply_count ?? 0,
            quotes: m.quote_count ?? 0,
          })
        }
      }
      return out
    })
  }

  /**
   * X keeps no key of ours: only the text within the time window can be matched (our posts timeline,
   * newest first, links and HTML escapes compared loosely as X rewrites them).
   */
  findPublished(query: FindPublishedQuery): Promise<PublishedRef | null> {
    return this.call('read', 'lookup', async () => {
      if (!('text' in query)) return null
      const me = await this.myId()
      const want = comparableText(query.text)
      // @NOTE an end_time in the future is refused: leave it out when the window reaches now.
      const end = query.until < this.opts.now() - 10_000 ? query.until : undefined
      let token: string | undefined
      for (let page = 0; page < 5; page++) {
        const { body } = await this.client.request<Data<XPost[]>>({
          method: 'GET',
          path: `/2/users/${me}/tweets`,
          template: '/2/users/:id/tweets',
          query: {
            max_results: 100,
            start_time: new Date(query.since).toISOString(),
            end_time: end !== undefined && end > query.since ? new Date(end).toISOString() : undefined,
            pagination_token: token,
            'tweet.fields': 'created_at',
          },
          mode: 'read',
          what: 'lookup',
        })
        for (const p of body?.data ?? []) {
          if (comparableText(p.text) === want)
            return {
              remoteId: p.id,
              url: this.url(p.id),
              createdAt: p.created_at ? Date.parse(p.created_at) : this.opts.now(),
            }
        }
        token = body?.meta?.next_token
        if (!token) return null
      }
      return null
    })
  }
}

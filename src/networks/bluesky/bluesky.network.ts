/**
 * The Bluesky adapter (AT Protocol, @atproto/api). Connects with a handle and an app password; the
 * session is kept sealed with the channel's credentials and refreshed (or re-created from the app
 * password) without anyone's help. No @atproto type leaves this folder.
 */
import { createHash } from 'node:crypto'
import { type AppBskyFeedPost, AtpAgent, type AtpSessionData, AtUri } from '@atproto/api'
import { validatePost } from '../../shared/validate-post.js'
import {
  type ActivityMessage,
  type ActivityPage,
  DEFAULT_CALL_TIMEOUT_MS,
  type FindPublishedQuery,
  type Network,
  type NetworkAccount,
  NetworkError,
  type NetworkProfile,
  type OutgoingPost,
  type PostMetrics,
  type PostPart,
  type PublishedRef,
  type PublishResult,
  withTimeout,
} from '../network.port.js'
import { decodeCursor, encodeCursor, nextCursor, postUrl, seen, toActivity } from './bluesky.activity.js'
import { BLUESKY_CAPABILITIES } from './bluesky.capabilities.js'
import { isAuthError, toNetworkError } from './bluesky.errors.js'
import { toBlueskyFacets } from './bluesky.facets.js'

export { BLUESKY_CAPABILITIES }

/** What is sealed in the channel's credentials. */
export interface BlueskyCredentials {
  identifier: string
  appPassword: string
  session?: AtpSessionData
}

export interface BlueskyOptions {
  /** The PDS (or entryway) URL, e.g. https://bsky.social; self-hosted PDSs work too. */
  serviceUrl: string
  /** Where posts are shown on the web; https://bsky.app by default. */
  webUrl?: string
  credentials: BlueskyCredentials
  /** Called when the session changes, so it is sealed again and survives restarts. */
  saveCredentials?: (c: BlueskyCredentials) => Promise<void>
  timeoutMs?: number
  /** The fetch every request goes through: the guarded outbound client in the app; plain fetch in adapter tests. */
  fetch?: (input: string | URL | Request, init?: RequestInit) => Promise<Response>
}

const POST = 'app.bsky.feed.post'
/** Record field holding a hash of our idempotency key, so findPublished can match exactly. */
export const IDEMPOTENCY_FIELD = 'townhallKey'
const SCAN_PAGES = 10

function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('base64url').slice(0, 22)
}

type StrongRef = { uri: string; cid: string }

export class BlueskyNetwork implements Network {
  readonly capabilities = BLUESKY_CAPABILITIES
  private readonly agent: AtpAgent
  private readonly creds: BlueskyCredentials
  private readonly timeoutMs: number
  private readonly webUrl: string
  private login?: Promise<void>
  private saving: Promise<void> = Promise.resolve()

  constructor(private readonly opts: BlueskyOptions) {
    this.creds = { ...opts.credentials }
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
    this.webUrl = opts.webUrl ?? 'https://bsky.app'
    const perRequest = this.timeoutMs
    const send = opts.fetch ?? fetch
    this.agent = new AtpAgent({
      service: opts.serviceUrl,
      // @NOTE every HTTP request has its own deadline as well as the whole call (withTimeout).
      fetch: (input, init) => {
        const signal = init?.signal
          ? AbortSignal.any([init.signal, AbortSignal.timeout(perRequest)])
          : AbortSignal.timeout(perRequest)
        return send(input, { ...init, signal })
      },
      persistSession: (evt, session) => {
        if ((evt === 'create' || evt === 'update') && session) this.persist(session)
      },
    })
  }

  private persist(session: AtpSessionData): void {
    this.creds.session = session
    const save = this.opts.saveCredentials
    if (!save) return
    const snapshot = { ...this.creds }
    // @NOTE saves run one after another so an older session never overwrites a newer one.
    this.saving = this.saving.then(() => save(snapshot)).catch(() => {})
  }

  /** Waits for pending credential saves (tests, shutdown). */
  async flush(): Promise<void> {
    await this.saving
  }

  private async signIn(fresh: boolean): Promise<void> {
    this.login ??= (async () => {
      if (!fresh && this.creds.session) {
        try {
          await this.agent.resumeSession(this.creds.session)
          return
        } catch (err) {
          if (!isAuthError(err)) throw err
        }
      }
      await this.agent.login({ identifier: this.creds.identifier, password: this.creds.appPassword })
    })().finally(() => {
      this.login = undefined
    })
    await this.login
  }

  /** One port call: a session, a deadline, one re-login when the session was revoked, mapped errors. */
  private call<T>(mode: 'read' | 'write', what: string, work: () => Promise<T>): Promise<T> {
    return withTimeout(
      async () => {
        try {
          if (!this.agent.hasSession) await this.signIn(false)
          try {
            return await work()
          } catch (err) {
            // @NOTE a 401 means the request was refused before anything happened, so even a write can be retried.
            if (!isAuthError(err)) throw err
            await this.signIn(true)
            return await work()
          }
        } catch (err) {
          throw toNetworkError(err, mode, what)
        }
      },
      this.timeoutMs,
      mode,
      `Bluesky (${what})`,
    )
  }

  private get did(): string {
    return this.agent.session!.did
  }

  private ref(uri: string, createdAt: number): PublishedRef {
    return {
      remoteId: uri,
      url: postUrl(this.webUrl, this.agent.session?.handle ?? this.did, uri),
      createdAt,
    }
  }

  verify(): Promise<NetworkAccount> {
    return this.fetchProfile()
  }

  fetchProfile(): Promise<NetworkProfile> {
    return this.call('read', 'profile', async () => {
      try {
        const { data: p } = await this.agent.app.bsky.actor.getProfile({ actor: this.did })
        return {
          remoteId: p.did,
          handle: p.handle,
          displayName: p.displayName ?? null,
          avatarUrl: p.avatar ?? null,
          followerCount: p.followersCount ?? null,
          followingCount: p.followsCount ?? null,
          postCount: p.postsCount ?? null,
        }
      } catch (err) {
        // @NOTE a brand-new account is not indexed by the AppView yet: the session still proves it.
        if (isAuthError(err) || toNetworkError(err, 'read', 'profile').kind !== 'not-found') throw err
        const s = this.agent.session!
        return {
          remoteId: s.did,
          handle: s.handle,
          displayName: null,
          avatarUrl: null,
          followerCount: null,
          followingCount: null,
          postCount: 0,
        }
      }
    })
  }

  private async strongRef(uri: string): Promise<StrongRef & { root: StrongRef }> {
    const { data } = await this.agent.app.bsky.feed.getPosts({ uris: [uri] })
    const view = data.posts[0]
    if (view) {
      const rec = view.record as AppBskyFeedPost.Record
      return { uri: view.uri, cid: view.cid, root: rec.reply?.root ?? { uri: view.uri, cid: view.cid } }
    }
    // @NOTE not indexed by the AppView yet: ask the author's repository directly.
    const at = new AtUri(uri)
    const { data: r } = await this.agent.com.atproto.repo.getRecord({
      repo: at.host,
      collection: at.collection,
      rkey: at.rkey,
    })
    const rec = r.value as AppBskyFeedPost.Record
    return { uri: r.uri, cid: r.cid!, root: rec.reply?.root ?? { uri: r.uri, cid: r.cid! } }
  }

  private async embed(part: PostPart, quote?: StrongRef): Promise<AppBskyFeedPost.Record['embed']> {
    const images = []
    for (const img of part.images ?? []) {
      const { data } = await this.agent.uploadBlob(img.data, { encoding: img.mimeType })
      images.push({ image: data.blob, alt: img.altText })
    }
    const media = images.length > 0 ? { $type: 'app.bsky.embed.images' as const, images } : undefined
    const record = quote ? { $type: 'app.bsky.embed.record' as const, record: quote } : undefined
    if (media && record) return { $type: 'app.bsky.embed.recordWithMedia' as const, media, record }
    return media ?? record
  }

  private check(post: Omit<OutgoingPost, 'idempotencyKey'>): void {
    const issues = validatePost(this.capabilities, post)
    if (issues.length > 0) {
      const reason = issues.map((i) => `${i.field} ${i.reason}`).join('; ')
      throw new NetworkError(
        { kind: 'invalid-content', reason, field: issues[0]!.field },
        `Not sent to Bluesky: ${reason}`,
      )
    }
  }

  async publish(post: OutgoingPost): Promise<PublishResult> {
    this.check(post)
    return this.call('write', 'publish', async () => {
      const parts: PostPart[] = [post, ...(post.thread ?? [])]
      // @NOTE a retried publish resumes: parts already in our repository (found by their key hash)
      // are kept, and only the missing ones are written, threaded under them.
      const existing = await this.existingParts(post.idempotencyKey, parts.length)
      const target = post.replyTo ? await this.strongRef(post.replyTo) : undefined
      const quote = post.quote ? await this.strongRef(post.quote) : undefined
      let root: StrongRef | undefined = target?.root
      let parent: StrongRef | undefined = target ? { uri: target.uri, cid: target.cid } : undefined
      const refs: PublishedRef[] = []
      for (const [i, part] of parts.entries()) {
        const found = existing[i]
        if (found) {
          const me = { uri: found.uri, cid: found.cid }
          root ??= me
          parent = me
          refs.push(this.ref(found.uri, Date.parse((found.value as AppBskyFeedPost.Record).createdAt)))
          continue
        }
        const createdAt = new Date()
        const record: AppBskyFeedPost.Record & Record<string, unknown> = {
          $type: POST,
          text: part.text,
          facets: await toBlueskyFacets(this.agent, part.text, part.facets),
          createdAt: createdAt.toISOString(),
          [IDEMPOTENCY_FIELD]: keyHash(i === 0 ? post.idempotencyKey : `${post.idempotencyKey}#${i}`),
        }
        const embed = await this.embed(part, i === 0 ? quote : undefined)
        if (embed) record.embed = embed
        if (root && parent) record.reply = { root, parent }
        const { data } = await this.agent.com.atproto.repo.createRecord({
          repo: this.did,
          collection: POST,
          record,
        })
        const me = { uri: data.uri, cid: data.cid }
        root ??= me
        parent = me
        refs.push(this.ref(data.uri, createdAt.getTime()))
      }
      return { ...refs[0]!, parts: refs }
    })
  }

  /** The records of each part already published under this key, among our newest posts. */
  private async existingParts(
    key: string,
    parts: number,
  ): Promise<Array<{ uri: string; cid: string; value: unknown } | undefined>> {
    const { data } = await this.agent.com.atproto.repo.listRecords({
      repo: this.did,
      collection: POST,
      limit: 100,
    })
    const byHash = new Map<unknown, (typeof data.records)[number]>()
    for (const r of data.records) byHash.set((r.value as Record<string, unknown>)[IDEMPOTENCY_FIELD], r)
    return Array.from({ length: parts }, (_, i) => byHash.get(keyHash(i === 0 ? key : `${key}#${i}`)))
  }

  async reply(
    targetRemoteId: string,
    text: string,
    opts: { idempotencyKey?: string } = {},
  ): Promise<PublishedRef> {
    const r = await this.publish({
      text,
      replyTo: targetRemoteId,
      idempotencyKey: opts.idempotencyKey ?? `reply-${Date.now()}-${Math.random()}`,
    })
    return { remoteId: r.remoteId, url: r.url, createdAt: r.createdAt }
  }

  delete(remoteId: string): Promise<void> {
    return this.call('write', 'delete', async () => {
      let at: AtUri
      try {
        at = new AtUri(remoteId)
      } catch {
        throw new NetworkError({ kind: 'not-found' }, 'The post to delete is not a Bluesky post address')
      }
      if (at.host !== this.did || at.collection !== POST)
        throw new NetworkError({ kind: 'not-found' }, 'The post to delete is not one of this account')
      // @NOTE deleteRecord succeeds for a missing record, so look first: the port promises not-found.
      await this.agent.com.atproto.repo.getRecord({ repo: this.did, collection: POST, rkey: at.rkey })
      await this.agent.com.atproto.repo.deleteRecord({ repo: this.did, collection: POST, rkey: at.rkey })
    })
  }

  fetchActivity(cursor: string | null): Promise<ActivityPage> {
    return this.call('read', 'notifications', async () => {
      const prev = decodeCursor(cursor)
      const fresh = []
      let apiCursor: string | undefined
      // @NOTE a first sync takes one page of recent history; later polls page back to the cursor.
      const maxPages = prev ? 40 : 1
      for (let page = 0; page < maxPages; page++) {
        const { data } = await this.agent.app.bsky.notification.listNotifications({
          limit: prev ? 25 : 50,
          cursor: apiCursor,
        })
        let reachedSeen = false
        for (const n of data.notifications) {
          if (seen(prev, n)) reachedSeen = true
          else fresh.push(n)
        }
        if (reachedSeen || !data.cursor || data.notifications.length === 0) break
        apiCursor = data.cursor
      }
      const followers = await this.followerCounts([...new Set(fresh.map((n) => n.author.did))])
      const messages = fresh
        .map((n) => toActivity(n, this.webUrl, followers))
        .filter((m): m is ActivityMessage => m !== null)
        .sort((a, b) => a.createdAt - b.createdAt)
      const next = nextCursor(prev, fresh)
      return { messages, cursor: next ? encodeCursor(next) : cursor, more: false }
    })
  }

  private async followerCounts(dids: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>()
    for (let i = 0; i < dids.length; i += 25) {
      // @NOTE follower counts only help triage; a failure here must not lose the messages.
      const res = await this.agent.app.bsky.actor
        .getProfiles({ actors: dids.slice(i, i + 25) })
        .catch(() => undefined)
      for (const p of res?.data.profiles ?? [])
        if (p.followersCount !== undefined) out.set(p.did, p.followersCount)
    }
    return out
  }

  fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
    return this.call('read', 'metrics', async () => {
      const out: PostMetrics[] = []
      for (let i = 0; i < remoteIds.length; i += 25) {
        const { data } = await this.agent.app.bsky.feed.getPosts({ uris: remoteIds.slice(i, i + 25) })
        for (const p of data.posts) {
          out.push({
            remoteId: p.uri,
            likes: p.likeCount ?? 0,
            reposts: p.repostCount ?? 0,
            replies: p.replyCount ?? 0,
            quotes: p.quoteCount ?? 0,
          })
        }
      }
      return out
    })
  }

  /**
   * Scans our own repository (the PDS, so no AppView indexing delay), newest first, for a post with
   * our key or the same text in the window.
   */
  findPublished(query: FindPublishedQuery): Promise<PublishedRef | null> {
    return this.call('read', 'lookup', async () => {
      const hash = 'idempotencyKey' in query ? keyHash(query.idempotencyKey) : undefined
      let cursor: string | undefined
      for (let page = 0; page < SCAN_PAGES; page++) {
        const { data } = await this.agent.com.atproto.repo.listRecords({
          repo: this.did,
          collection: POST,
          limit: 100,
          cursor,
        })
        for (const r of data.records) {
          const v = r.value as AppBskyFeedPost.Record & Record<string, unknown>
          const at = Date.parse(v.createdAt)
          if (query.since !== undefined && at < query.since - 60_000) return null
          const inWindow =
            (query.since === undefined || at >= query.since) &&
            (query.until === undefined || at <= query.until)
          if (hash ? v[IDEMPOTENCY_FIELD] === hash : inWindow && v.text === (query as { text: string }).text)
            return this.ref(r.uri, at)
        }
        if (!data.cursor || data.records.length === 0) return null
        cursor = data.cursor
      }
      return null
    })
  }
}

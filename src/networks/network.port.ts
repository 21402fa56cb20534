/**
 * The Network port: how Townhall talks to any social network. Only our own types cross it; an
 * adapter (bluesky/, sandbox/, later mastodon/, x/, meta/…) translates to and from its library.
 * Design and how other networks fit: docs/adr/0004-network-port.md.
 */

// @NOTE the port's content vocabulary lives in src/shared/ (the web's composer checks drafts with it);
// re-exported here because every adapter speaks it through this port.
import type {
  NetworkCapabilities,
  OutgoingPost,
  PostFacet,
  PostImage,
  PostPart,
  TextUnit,
} from '../shared/network-capabilities.js'

export type { NetworkCapabilities, OutgoingPost, PostFacet, PostImage, PostPart, TextUnit }

/** The account a channel is connected to, as the network reports it. */
export interface NetworkAccount {
  remoteId: string
  handle: string
  displayName: string | null
  avatarUrl: string | null
  followerCount: number | null
}

export interface NetworkProfile extends NetworkAccount {
  followingCount: number | null
  postCount: number | null
}

/** Where one published part lives on the network. */
export interface PublishedRef {
  remoteId: string
  /** Public web address, or null when the network has none. */
  url: string | null
  createdAt: number
}

export interface PublishResult extends PublishedRef {
  /** Every part in order, the first included. */
  parts: PublishedRef[]
}

export type ActivityKind = 'mention' | 'reply' | 'quote' | 'repost' | 'like' | 'follow' | 'direct-message'

export interface RemoteAuthor {
  remoteId: string
  handle: string
  displayName: string | null
  avatarUrl: string | null
  /** Null when the network does not say cheaply. */
  followerCount: number | null
  /** When the account was created (epoch ms), where the network says; giveaways screen new accounts. */
  accountCreatedAt?: number | null
}

/** One thing someone did or said to or about the channel's account, normalised. */
export interface ActivityMessage {
  kind: ActivityKind
  /** Unique per channel; ingestion is idempotent on it. */
  remoteId: string
  url: string | null
  author: RemoteAuthor
  /** Null for likes, reposts and follows. */
  text: string | null
  /** For like, repost, quote: the post of ours it is about. */
  subjectRemoteId: string | null
  /** For replies (and mentions inside a thread): the thread's first post and the direct parent. */
  threadRootId: string | null
  parentId: string | null
  /** For direct messages: the conversation on the network. */
  conversationId: string | null
  createdAt: number
}

export interface ActivityPage {
  messages: ActivityMessage[]
  /** Pass back on the next call; null when the network has nothing to resume from. */
  cursor: string | null
  /** True when more activity is waiting: call again with the new cursor right away. */
  more: boolean
}

export interface PostMetrics {
  remoteId: string
  likes: number
  reposts: number
  replies: number
  quotes: number
}

export type FindPublishedQuery =
  | { idempotencyKey: string; since?: number; until?: number }
  | { text: string; since: number; until: number }

/** A network account, connected through a channel. Every call has a timeout. */
export interface Network {
  readonly capabilities: NetworkCapabilities
  /** Checks the credentials and returns the account they give access to. */
  verify(): Promise<NetworkAccount>
  fetchProfile(): Promise<NetworkProfile>
  publish(post: OutgoingPost): Promise<PublishResult>
  /** Replies under `targetRemoteId`, threaded on the network. */
  reply(targetRemoteId: string, text: string, opts?: { idempotencyKey?: string }): Promise<PublishedRef>
  /**
   * Sends a direct message to a person (by their account's remote id), where the network supports
   * DMs (`capabilities.directMessages`). Returns the message and the network's conversation id.
   */
  sendDirectMessage?(
    recipientRemoteId: string,
    text: string,
    opts?: { idempotencyKey?: string },
  ): Promise<PublishedRef & { conversationId: string | null }>
  /** Deletes one of our posts; NetworkError not-found when it does not exist (any more). */
  delete(remoteId: string): Promise<void>
  /** What happened since `cursor` (null: recent history). Cheap when nothing happened. */
  fetchActivity(cursor: string | null): Promise<ActivityPage>
  /** Metrics of our posts; posts that no longer exist are left out. */
  fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]>
  /** Finds a post we published, to reconcile an unknown outcome; null when it is not there. */
  findPublished(query: FindPublishedQuery): Promise<PublishedRef | null>
  /** Releases resources (sockets, timers); the instance is not used afterwards. */
  close?(): Promise<void>
}

export type NetworkFailure =
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'auth-expired' }
  | { kind: 'invalid-content'; reason: string; field?: string }
  | { kind: 'not-found' }
  | { kind: 'transient' }
  | { kind: 'unknown-outcome' }

export type NetworkFailureKind = NetworkFailure['kind']

/** The one error type adapters throw; `failure` says what happened, `message` says it in plain words. */
export class NetworkError extends Error {
  override name = 'NetworkError'
  constructor(
    readonly failure: NetworkFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }

  get kind(): NetworkFailureKind {
    return this.failure.kind
  }
}

export function isNetworkError(err: unknown): err is NetworkError {
  return err instanceof NetworkError
}

/** Default time an adapter gives one network call before giving up. */
export const DEFAULT_CALL_TIMEOUT_MS = 20_000

/**
 * Runs `work` with a deadline. A timed-out write becomes `unknown-outcome` (it may have landed),
 * a timed-out read `transient`.
 */
export async function withTimeout<T>(
  work: (signal: AbortSignal) => Promise<T>,
  ms: number,
  mode: 'read' | 'write',
  what: string,
): Promise<T> {
  const ctrl = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      ctrl.abort()
      reject(
        new NetworkError(
          { kind: mode === 'write' ? 'unknown-outcome' : 'transient' },
          `${what} did not answer within ${Math.round(ms / 1000)} s`,
        ),
      )
    }, ms)
  })
  try {
    return await Promise.race([work(ctrl.signal), timeout])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The publish job: sends one post to one channel exactly once.
 *
 * A delivery row moves queued → publishing → published | failed | unknown through conditional
 * updates. Before sending it is marked `publishing` with its idempotency key; a job that finds it
 * still `publishing` (a crash mid-send, or a send whose outcome was unknown) asks the network
 * through `findPublished` before anything is sent again, and when the network cannot say, marks
 * it `unknown` and asks a person. Design: docs/adr/0006-publishing-exactly-once.md.
 */
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import { type JobContext, RetryLater } from '../jobs/queue.port.js'
import {
  DEFAULT_CALL_TIMEOUT_MS,
  isNetworkError,
  type Network,
  type NetworkError,
  type OutgoingPost,
  type PostPart,
  type PublishedRef,
  type PublishResult,
} from '../networks/network.port.js'
import type { Channel, ChannelService } from '../presence/channel.service.js'
import type { Notifier } from './approval.service.js'
import type { BlobStore } from './blob.port.js'
import { type LeaderHooks, noLeaderHooks } from './leader.port.js'
import type { DeliveryRow, PostRepository, PostRow } from './post.repository.js'
import type { PostPartInput } from './post.types.js'
import { partsFor } from './post-validation.js'
import { PUBLISH_MAX_ATTEMPTS, type PublishPayload } from './publish.jobs.js'
import type { PublishNetworks } from './publish-networks.js'
import type { WebhookService } from './webhook.service.js'

/** How long after a send started a `lookup` network is given before "not found" means "not sent". */
export const RESEND_GRACE_MS = 45_000
/** How long after a send started it may still be in flight elsewhere (the call timeout, plus margin). */
export const IN_FLIGHT_GRACE_MS = DEFAULT_CALL_TIMEOUT_MS + 5_000
/** How long a channel row read for sending is reused. */
const CHANNEL_CACHE_MS = 5_000
/** Wait after an unknown outcome before asking the network, so a late write has landed. */
export const RECONCILE_DELAY_MS = 2_000

const PLAIN: Record<string, string> = {
  'auth-expired': 'The channel’s sign-in has expired; reconnect the channel and retry.',
  'invalid-content': 'The network refused the post',
  'not-found': 'Something the post refers to no longer exists on the network.',
  transient: 'The network did not answer after several tries.',
}

export class Publisher {
  constructor(
    private readonly repo: PostRepository,
    private readonly networks: PublishNetworks,
    private readonly channels: ChannelService,
    private readonly blobs: BlobStore,
    private readonly notifier: Notifier,
    private readonly webhooks: WebhookService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly leader: LeaderHooks = noLeaderHooks,
  ) {}

  private readonly channelCache = new Map<string, { channel: Channel; until: number }>()

  /**
   * The channel of a delivery, cached for a few seconds.
   * @NOTE a burst of sends to one channel reads it once; a disconnect is seen within CHANNEL_CACHE_MS.
   */
  private async channel(d: DeliveryRow): Promise<Channel> {
    const now = Date.now()
    const hit = this.channelCache.get(d.channel_id)
    if (hit && hit.until > now) return hit.channel
    const channel = await this.channels.get(d.workspace_id, d.channel_id)
    if (this.channelCache.size > 10_000) this.channelCache.clear()
    this.channelCache.set(d.channel_id, { channel, until: now + CHANNEL_CACHE_MS })
    return channel
  }

  /** The job handler. */
  async run(payload: PublishPayload, job: JobContext): Promise<void> {
    const d = await this.repo.delivery(payload.deliveryId)
    if (!d || d.revision > payload.revision) return
    if (d.revision < payload.revision) {
      // @NOTE the job is stored before the delivery row says queued; give that write a moment,
      // and give up when it never came (the request that scheduled it failed in between).
      if (job.attempt < 5) throw new RetryLater(500 * job.attempt, 'delivery not queued yet')
      return
    }
    try {
      if (d.state === 'queued') await this.send(d, job)
      else if (d.state === 'publishing') await this.reconcile(d, job)
    } catch (err) {
      if (err instanceof RetryLater || job.attempt < PUBLISH_MAX_ATTEMPTS) throw err
      // Last attempt: never leave a delivery silently stuck.
      const now = await this.repo.delivery(d.id)
      if (now?.state === 'publishing') await this.markUnknown(now, `Gave up: ${(err as Error).message}`)
      else if (now?.state === 'queued') await this.markFailed(now, 'transient', PLAIN.transient!, ['queued'])
    }
  }

  private async open(
    d: DeliveryRow,
    known?: PostRow,
  ): Promise<{ post: PostRow; network: Network } | undefined> {
    const post = known ?? (await this.repo.byId(d.post_id))
    if (!post) return undefined
    return { post, network: await this.networks.open(await this.channel(d)) }
  }

  private async send(d: DeliveryRow, job: JobContext): Promise<void> {
    const post = await this.repo.byId(d.post_id)
    if (!post || post.deleted_at !== null) {
      await this.repo.transition(
        d.id,
        ['queued'],
        { state: 'cancelled', updated_at: this.clock.now() },
        d.revision,
      )
      return
    }
    // @NOTE checked when the job runs, before the claim: a frozen presence's delivery is held, not sent.
    const held = await this.leader.holdReason(d.workspace_id, d.channel_id)
    if (held !== null) {
      await this.hold(d, held)
      return
    }
    const now = this.clock.now()
    const key = `townhall:${d.id}:${d.revision}`
    const claimed = await this.repo.transition(
      d.id,
      ['queued'],
      {
        state: 'publishing',
        idempotency_key: key,
        sending_started_at: now,
        attempts: d.attempts + 1,
        updated_at: now,
      },
      d.revision,
    )
    if (!claimed) return
    // @NOTE the post's own state is refreshed when the send decides; the delivery says `publishing` now.
    const sending = { ...d, state: 'publishing', idempotency_key: key, sending_started_at: now }
    await this.deliver(sending, job, post)
  }

  /** Sends a delivery that is marked `publishing` and handles the outcome. */
  private async deliver(d: DeliveryRow, job: JobContext, known?: PostRow): Promise<void> {
    const opened = await this.open(d, known)
    if (!opened) return
    const { post, network } = opened
    let result: PublishResult
    try {
      result = await network.publish(await this.outgoing(post, d))
    } catch (err) {
      await this.sendFailed(d, err, job)
      return
    } finally {
      await network.close?.().catch(() => {})
    }
    await this.markPublished(d, result)
  }

  private async outgoing(post: PostRow, d: DeliveryRow): Promise<OutgoingPost> {
    const { parts } = partsFor(
      d.channel_id,
      JSON.parse(post.parts) as PostPartInput[],
      JSON.parse(post.variants) as Record<string, PostPartInput[]>,
    )
    const load = async (p: PostPartInput): Promise<PostPart> => ({
      text: p.text,
      images: await Promise.all(
        (p.images ?? []).map(async (img) => {
          const blob = await this.blobs.read(post.workspace_id, img.mediaId)
          if (!blob) throw new Error(`image ${img.mediaId} is missing`)
          return { data: blob.data, mimeType: blob.mimeType, altText: img.altText }
        }),
      ),
    })
    const [first, ...rest] = await Promise.all(parts.map(load))
    return { ...first!, thread: rest.length > 0 ? rest : undefined, idempotencyKey: d.idempotency_key! }
  }

  private partCount(post: PostRow, d: DeliveryRow): number {
    const parts = JSON.parse(post.parts) as PostPartInput[]
    return partsFor(d.channel_id, parts, JSON.parse(post.variants) as Record<string, PostPartInput[]>).parts
      .length
  }

  private async sendFailed(d: DeliveryRow, err: unknown, job: JobContext): Promise<void> {
    if (!isNetworkError(err)) {
      // @NOTE not a typed network answer: the send may or may not have happened, so the next attempt reconciles.
      await this.note(d, err instanceof Error ? err.message : String(err))
      throw err
    }
    const f = (err as NetworkError).failure
    switch (f.kind) {
      case 'unknown-outcome':
        await this.note(d, err.message)
        throw new RetryLater(RECONCILE_DELAY_MS, `outcome unknown: ${err.message}`)
      case 'rate-limited':
        // The network refused the request, so nothing went out: back to queued, same key.
        await this.repo.transition(
          d.id,
          ['publishing'],
          { state: 'queued', error: err.message, error_kind: f.kind, updated_at: this.clock.now() },
          d.revision,
        )
        throw new RetryLater(Math.max(1000, f.retryAfterMs), err.message)
      case 'transient':
        if (job.attempt >= PUBLISH_MAX_ATTEMPTS) {
          await this.markFailed(d, f.kind, `${PLAIN.transient} (${err.message})`, ['publishing'])
          return
        }
        await this.repo.transition(
          d.id,
          ['publishing'],
          { state: 'queued', error: err.message, error_kind: f.kind, updated_at: this.clock.now() },
          d.revision,
        )
        throw err
      case 'invalid-content':
        await this.markFailed(d, f.kind, `${PLAIN['invalid-content']}: ${f.reason}`, ['publishing'])
        return
      default:
        await this.markFailed(d, f.kind, `${PLAIN[f.kind] ?? ''} ${err.message}`.trim(), ['publishing'])
    }
  }

  /**
   * A delivery was left `publishing`: find out on the network whether it went out. Found: published.
   * Not found where the network can be asked by our key: sent again with the same key (the
   * network deduplicates, or the lookup proved it absent). Otherwise: unknown, and a person decides.
   */
  private async reconcile(d: DeliveryRow, job: JobContext): Promise<void> {
    const opened = await this.open(d)
    if (!opened) return
    const { post, network } = opened
    const caps = network.capabilities
    let found: PublishedRef | null
    const started = d.sending_started_at ?? this.clock.now()
    // @NOTE a sender whose lease lapsed (a stalled process) may still be mid-call: every network call
    // ends within its timeout, so only after that is the row's state the whole truth.
    const inFlight = this.clock.now() - started
    if (inFlight < IN_FLIGHT_GRACE_MS) {
      await network.close?.().catch(() => {})
      throw new RetryLater(IN_FLIGHT_GRACE_MS - inFlight, 'a send may still be in flight')
    }
    try {
      if (caps.idempotency === 'none') {
        const out = await this.outgoing(post, d)
        found = await network.findPublished({
          text: out.text,
          since: started - 60_000,
          until: this.clock.now() + 60_000,
        })
      } else {
        found = await network.findPublished({ idempotencyKey: d.idempotency_key! })
      }
    } catch (err) {
      await network.close?.().catch(() => {})
      if (isNetworkError(err) && err.failure.kind === 'rate-limited')
        throw new RetryLater(err.failure.retryAfterMs, err.message)
      throw err
    }
    await network.close?.().catch(() => {})
    this.logger.info(
      { deliveryId: d.id, found: found !== null, idempotency: caps.idempotency, attempt: job.attempt },
      'publish reconciled',
    )
    if (found && caps.idempotency !== 'none' && this.partCount(post, d) > 1) {
      // @NOTE a thread may have been cut short by the crash: publishing again with the same key
      // resumes it (parts already out are found by their keys, only missing ones are written).
      await this.repo.history(
        d.workspace_id,
        d.post_id,
        null,
        'resuming',
        {
          channelId: d.channel_id,
          reason: 'first part found; completing the thread',
          key: d.idempotency_key,
        },
        this.clock.now(),
      )
      await this.deliver(d, job)
      return
    }
    if (found) {
      await this.markPublished(d, { ...found, parts: [found] })
      return
    }
    if (caps.idempotency === 'none') {
      await this.markUnknown(
        d,
        'The network cannot be asked whether the post went out, and it was not found by its text',
      )
      return
    }
    const waited = this.clock.now() - started
    if (caps.idempotency === 'lookup' && waited < RESEND_GRACE_MS)
      throw new RetryLater(RESEND_GRACE_MS - waited, 'waiting before deciding')
    await this.repo.history(
      d.workspace_id,
      d.post_id,
      null,
      'resending',
      { channelId: d.channel_id, reason: 'not found on the network', key: d.idempotency_key },
      this.clock.now(),
    )
    await this.deliver(d, job)
  }

  /** Parks a queued delivery as held (crisis freeze); lifting the freeze queues it again. */
  private async hold(d: DeliveryRow, reason: string): Promise<void> {
    const now = this.clock.now()
    const won = await this.repo.transition(
      d.id,
      ['queued'],
      { state: 'held', error: reason.slice(0, 1000), error_kind: 'held', updated_at: now },
      d.revision,
    )
    if (!won) return
    await this.repo.history(d.workspace_id, d.post_id, null, 'held', { channelId: d.channel_id, reason }, now)
    await this.repo.refreshState(d.post_id, now)
  }

  private async note(d: DeliveryRow, message: string): Promise<void> {
    await this.repo.transition(
      d.id,
      ['publishing'],
      { error: message.slice(0, 1000), updated_at: this.clock.now() },
      d.revision,
    )
  }

  private async markPublished(d: DeliveryRow, r: PublishResult): Promise<void> {
    const now = this.clock.now()
    const won = await this.repo.transition(
      d.id,
      ['publishing'],
      {
        state: 'published',
        remote_id: r.remoteId,
        url: r.url,
        remote_parts: JSON.stringify(r.parts),
        published_at: r.createdAt || now,
        error: null,
        error_kind: null,
        updated_at: now,
      },
      d.revision,
    )
    if (!won) return
    await this.repo.history(
      d.workspace_id,
      d.post_id,
      null,
      'published',
      { channelId: d.channel_id, url: r.url, remoteId: r.remoteId },
      now,
    )
    await this.repo.refreshState(d.post_id, now)
    await this.webhooks.emit(d.workspace_id, 'post.published', () => this.eventData(d.id))
  }

  private async markFailed(
    d: DeliveryRow,
    kind: string,
    message: string,
    from: Array<'queued' | 'publishing'>,
  ): Promise<void> {
    const now = this.clock.now()
    const won = await this.repo.transition(
      d.id,
      from,
      { state: 'failed', error: message.slice(0, 1000), error_kind: kind, updated_at: now },
      d.revision,
    )
    if (!won) return
    await this.repo.history(
      d.workspace_id,
      d.post_id,
      null,
      'failed',
      { channelId: d.channel_id, kind, message },
      now,
    )
    await this.repo.refreshState(d.post_id, now)
    const post = await this.repo.byId(d.post_id)
    if (post)
      await this.notifier.notify({
        workspaceId: d.workspace_id,
        userIds: [post.drafted_by_user_id],
        kind: 'post.failed',
        title: `Not published: ${post.title}`,
        body: message,
        subjectId: post.id,
        link: `/publishing/posts/${post.id}`,
        email: {
          subject: `Not published: ${post.title}`,
          text: `${message}\n\nOpen the post to retry it.\n`,
        },
      })
    await this.webhooks.emit(d.workspace_id, 'post.failed', () => this.eventData(d.id))
  }

  private async markUnknown(d: DeliveryRow, message: string): Promise<void> {
    const now = this.clock.now()
    const won = await this.repo.transition(
      d.id,
      ['publishing'],
      { state: 'unknown', error: message.slice(0, 1000), error_kind: 'unknown-outcome', updated_at: now },
      d.revision,
    )
    if (!won) return
    await this.repo.history(
      d.workspace_id,
      d.post_id,
      null,
      'unknown',
      { channelId: d.channel_id, message },
      now,
    )
    await this.repo.refreshState(d.post_id, now)
    const post = await this.repo.byId(d.post_id)
    if (post) {
      const managers = await this.repo.db
        .selectFrom('members')
        .select('user_id')
        .where('workspace_id', '=', d.workspace_id)
        .where('role', 'in', ['owner', 'admin', 'manager'])
        .execute()
      await this.notifier.notify({
        workspaceId: d.workspace_id,
        userIds: [post.drafted_by_user_id, ...managers.map((m) => m.user_id)],
        kind: 'post.unknown',
        title: `Did it go out? ${post.title}`,
        body: `${message}. Check the channel and tell Townhall whether it was published.`,
        subjectId: post.id,
        link: `/publishing/posts/${post.id}`,
        email: {
          subject: `Did it go out? ${post.title}`,
          text: `${message}.\n\nCheck the channel, then open the post in Townhall to resolve it.\n`,
        },
      })
    }
    await this.webhooks.emit(d.workspace_id, 'post.unknown', () => this.eventData(d.id))
  }

  private async eventData(deliveryId: string): Promise<Record<string, unknown>> {
    const d = (await this.repo.delivery(deliveryId))!
    const post = await this.repo.byId(d.post_id)
    return {
      postId: d.post_id,
      title: post?.title ?? null,
      kind: post?.kind ?? null,
      channelId: d.channel_id,
      network: d.network,
      deliveryId: d.id,
      state: d.state,
      url: d.url,
      remoteId: d.remote_id,
      error: d.error,
      publishedAt: d.published_at,
    }
  }
}

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
import { DeliveryOutcomes } from './delivery-outcomes.js'
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
    notifier: Notifier,
    webhooks: WebhookService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly leader: LeaderHooks = noLeaderHooks,
  ) {
    this.outcomes = new DeliveryOutcomes(repo, notifier, webhooks, clock)
  }

  private readonly outcomes: DeliveryOutcomes

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
    const found = await this.repo.deliveryWithPost(payload.deliveryId)
    if (!found) return
    const { delivery: d, post } = found
    if (d.revision > payload.revision) return
    if (d.revision < payload.revision) {
      // @NOTE the job is stored before the delivery row says queued; give that write a moment,
      // and give up when it never came (the request that scheduled it failed in between).
      if (job.attempt < 5) throw new RetryLater(500 * job.attempt, 'delivery not queued yet')
      return
    }
    try {
      if (d.state === 'queued') await this.send(d, job, post)
      else if (d.state === 'publishing') await this.reconcile(d, job)
    } catch (err) {
      if (err instanceof RetryLater || job.attempt < PUBLISH_MAX_ATTEMPTS) throw err
      // Last attempt: never leave a delivery silently stuck.
      const now = await this.repo.delivery(d.id)
      if (now?.state === 'publishing') await this.outcomes.unknown(now, `Gave up: ${(err as Error).message}`)
      else if (now?.state === 'queued')
        await this.outcomes.failed(now, 'transient', PLAIN.transient!, ['queued'])
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

  /** `post` was read with the delivery (deliveryWithPost), so sending starts from one read. */
  private async send(d: DeliveryRow, job: JobContext, post: PostRow | undefined): Promise<void> {
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
      await this.outcomes.hold(d, held)
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
    await this.outcomes.published(d, result)
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
      await this.outcomes.note(d, err instanceof Error ? err.message : String(err))
      throw err
    }
    const f = (err as NetworkError).failure
    switch (f.kind) {
      case 'unknown-outcome':
        await this.outcomes.note(d, err.message)
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
          await this.outcomes.failed(d, f.kind, `${PLAIN.transient} (${err.message})`, ['publishing'])
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
        await this.outcomes.failed(d, f.kind, `${PLAIN['invalid-content']}: ${f.reason}`, ['publishing'])
        return
      default:
        await this.outcomes.failed(d, f.kind, `${PLAIN[f.kind] ?? ''} ${err.message}`.trim(), ['publishing'])
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
      await this.outcomes.published(d, { ...found, parts: [found] })
      return
    }
    if (caps.idempotency === 'none') {
      await this.outcomes.unknown(
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
}

/**
 * How a delivery ends (publish.job.ts): published, failed, unknown (a person must check), held by a
 * crisis freeze, or a note on a send in progress. Each is a conditional update from the states it may
 * leave, so a stale job changes nothing; the winner records history, refreshes the post's state and
 * tells who needs to know (notifications, webhooks).
 */
import type { Updateable } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { PublishResult } from '../networks/network.port.js'
import type { Notifier } from './approval.service.js'
import type { DeliveryRow, PostRepository } from './post.repository.js'
import type { DeliveryState } from './post.types.js'
import type { PostDeliveriesTable } from './publishing.tables.js'
import type { WebhookService } from './webhook.service.js'

export class DeliveryOutcomes {
  constructor(
    private readonly repo: PostRepository,
    private readonly notifier: Notifier,
    private readonly webhooks: WebhookService,
    private readonly clock: Clock,
  ) {}

  /**
   * Moves the delivery from one of `from` to `set`'s state, unless another job moved it first (or it
   * changed revision); the winner records the outcome (`set.state`, with `data`) in the post's
   * history and refreshes the post's state. True when this job won.
   */
  private async settle(
    d: DeliveryRow,
    from: DeliveryState[],
    set: Omit<Updateable<PostDeliveriesTable>, 'updated_at'> & { state: DeliveryState },
    data: object,
  ): Promise<boolean> {
    const now = this.clock.now()
    const won = await this.repo.transition(d.id, from, { ...set, updated_at: now }, d.revision)
    if (!won) return false
    await this.repo.history(
      d.workspace_id,
      d.post_id,
      null,
      set.state,
      { channelId: d.channel_id, ...data },
      now,
    )
    await this.repo.refreshState(d.post_id, now)
    return true
  }

  /** Parks a queued delivery as held (crisis freeze); lifting the freeze queues it again. */
  async hold(d: DeliveryRow, reason: string): Promise<void> {
    const set = { state: 'held' as const, error: reason.slice(0, 1000), error_kind: 'held' }
    await this.settle(d, ['queued'], set, { reason })
  }

  async note(d: DeliveryRow, message: string): Promise<void> {
    await this.repo.transition(
      d.id,
      ['publishing'],
      { error: message.slice(0, 1000), updated_at: this.clock.now() },
      d.revision,
    )
  }

  async published(d: DeliveryRow, r: PublishResult): Promise<void> {
    const set = {
      state: 'published' as const,
      remote_id: r.remoteId,
      url: r.url,
      remote_parts: JSON.stringify(r.parts),
      published_at: r.createdAt || this.clock.now(),
      error: null,
      error_kind: null,
    }
    if (!(await this.settle(d, ['publishing'], set, { url: r.url, remoteId: r.remoteId }))) return
    await this.webhooks.emit(d.workspace_id, 'post.published', () => this.eventData(d.id))
  }

  async failed(
    d: DeliveryRow,
    kind: string,
    message: string,
    from: Array<'queued' | 'publishing'>,
  ): Promise<void> {
    const set = { state: 'failed' as const, error: message.slice(0, 1000), error_kind: kind }
    if (!(await this.settle(d, from, set, { kind, message }))) return
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

  async unknown(d: DeliveryRow, message: string): Promise<void> {
    const set = { state: 'unknown' as const, error: message.slice(0, 1000), error_kind: 'unknown-outcome' }
    if (!(await this.settle(d, ['publishing'], set, { message }))) return
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

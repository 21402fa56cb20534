/**
 * Composing posts: create, edit, duplicate, delete and history, and the Post view every
 * API returns. Approval is in approval.service.ts, scheduling in schedule.service.ts.
 */
import type { Clock } from '../core/clock.js'
import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { ApprovalService } from './approval.service.js'
import { type LeaderHooks, noLeaderHooks } from './leader.port.js'
import {
  type PostListFilter,
  type PostRepository,
  type PostRow,
  parseParts,
  scheduleOf,
  toDelivery,
} from './post.repository.js'
import type {
  ApprovalState,
  Post,
  PostActor,
  PostInput,
  PostKind,
  PostPartInput,
  PostPatch,
  PostState,
} from './post.types.js'
import { draftDeliveryRow } from './post-rows.js'
import { checkKindFields, defaultTitle, renderTemplate } from './post-templates.js'
import type { ChannelIssue, PostValidator } from './post-validation.js'
import type { ScheduleService } from './schedule.service.js'

const LOCKED: ReadonlySet<string> = new Set(['publishing', 'published', 'unknown'])

export class PostService {
  constructor(
    private readonly repo: PostRepository,
    private readonly validator: PostValidator,
    private readonly approvals: ApprovalService,
    private readonly scheduler: ScheduleService,
    private readonly clock: Clock,
    private readonly leader: LeaderHooks = noLeaderHooks,
  ) {}

  /** The pillar to store: null, or one of the plan of a presence the post speaks for. */
  private async pillarOf(
    workspaceId: string,
    pillar: string | null | undefined,
    channels: Array<{ presence_id: string }>,
  ): Promise<string | null> {
    if (!pillar) return null
    await this.leader.checkPillar(workspaceId, [...new Set(channels.map((c) => c.presence_id))], pillar)
    return pillar
  }

  /** Channels of this workspace, or a validation error naming the unknown ones. */
  async channelsOf(workspaceId: string, channelIds: string[]) {
    const unique = [...new Set(channelIds)]
    const rows = await this.repo.channels(workspaceId, unique)
    const missing = unique.filter((id) => !rows.some((r) => r.id === id))
    if (missing.length > 0) throw invalid('channelIds', `unknown channel ${missing.join(', ')}`)
    const off = rows.filter((r) => r.status === 'disconnected')
    if (off.length > 0)
      throw invalid('channelIds', `${off.map((r) => `@${r.handle}`).join(', ')} is disconnected`)
    // @NOTE in the order asked for, so issues and deliveries read like the composer's list.
    return rows.sort((a, b) => unique.indexOf(a.id) - unique.indexOf(b.id))
  }

  /** Member ids owning the person presences the post (or these channels) speaks for; for `authorize`. */
  async presenceOwners(
    workspaceId: string,
    postId: string | null,
    channelIds: string[] = [],
  ): Promise<Array<string | null>> {
    let ids = channelIds
    if (postId) {
      const post = await this.repo.get(workspaceId, postId)
      if (!post) throw notFound('post')
      ids = [...ids, ...(await this.repo.deliveries([post.id])).map((d) => d.channel_id)]
    }
    const rows = await this.repo.channels(workspaceId, [...new Set(ids)])
    const owners = [...new Set(rows.map((r) => r.presence_member_id))]
    return owners.length > 0 ? owners : [null]
  }

  private normalise(input: PostInput) {
    const fields = checkKindFields(input.kind, input.fields ?? {})
    let parts: PostPartInput[] = input.parts ?? []
    if (parts.length === 0) {
      const text = renderTemplate(input.kind, fields)
      if (!text) throw invalid('parts', 'write the text of the post')
      parts = [{ text }]
    }
    const variants = input.variants ?? {}
    const title = input.title?.trim() || defaultTitle(input.kind, fields, parts[0]?.text ?? '')
    return { fields, parts, variants, title }
  }

  /** Issues of a would-be post on each channel (the composer's dry run). */
  async validate(workspaceId: string, input: PostInput): Promise<ChannelIssue[]> {
    const n = this.normalise(input)
    const channels = await this.channelsOf(workspaceId, input.channelIds)
    return this.validator.check(workspaceId, channels, n.parts, n.variants)
  }

  async create(workspaceId: string, input: PostInput, actor: PostActor): Promise<Post> {
    const n = this.normalise(input)
    if (input.channelIds.length === 0) throw invalid('channelIds', 'choose at least one channel')
    const channels = await this.channelsOf(workspaceId, input.channelIds)
    await this.validator.assert(workspaceId, channels, n.parts, n.variants)
    const pillar = await this.pillarOf(workspaceId, input.pillar, channels)
    const now = this.clock.now()
    const id = newId(now)
    await this.repo.insert({
      id,
      workspace_id: workspaceId,
      kind: input.kind,
      state: 'draft',
      approval_state: 'draft',
      revision: 1,
      title: n.title,
      fields: JSON.stringify(n.fields),
      parts: JSON.stringify(n.parts),
      variants: JSON.stringify(n.variants),
      drafted_by_member_id: actor.memberId,
      drafted_by_user_id: actor.userId,
      drafted_by_role: actor.role,
      schedule_mode: null,
      scheduled_at: null,
      schedule_time_zone: null,
      schedule_local: null,
      published_at: null,
      pillar,
      created_at: now,
      updated_at: now,
      deleted_at: null,
    })
    for (const c of channels) await this.addDelivery(workspaceId, id, c.id, c.network, now)
    await this.repo.history(
      workspaceId,
      id,
      actor.userId,
      'created',
      { kind: input.kind, channels: channels.map((c) => c.id) },
      now,
    )
    return this.get(workspaceId, id)
  }

  private async addDelivery(
    workspaceId: string,
    postId: string,
    channelId: string,
    network: string,
    now: number,
  ) {
    await this.repo.insertDelivery(
      draftDeliveryRow({ id: newId(now), workspaceId, postId, channelId, network, now }),
    )
  }

  /**
   * Edits a post that has not gone out. A scheduled post's jobs are cancelled; the new revision
   * needs approval again when anyone must approve it, else it is re-queued at once.
   */
  async update(workspaceId: string, id: string, patch: PostPatch, actor: PostActor): Promise<Post> {
    const post = await this.row(workspaceId, id)
    const ds = await this.repo.deliveries([post.id])
    const out = ds.find((d) => LOCKED.has(d.state))
    if (out)
      throw conflict(
        `The post is already ${out.state} on a channel and can no longer be edited; duplicate it instead`,
      )
    const merged: PostInput = {
      kind: patch.kind ?? (post.kind as PostKind),
      title: patch.title ?? post.title,
      fields: patch.fields ?? (JSON.parse(post.fields) as Record<string, unknown>),
      parts: patch.parts ?? parseParts(post.parts),
      variants: patch.variants ?? (JSON.parse(post.variants) as Record<string, PostPartInput[]>),
      channelIds: patch.channelIds ?? ds.map((d) => d.channel_id),
      pillar: patch.pillar !== undefined ? patch.pillar : (post.pillar ?? null),
    }
    if (merged.channelIds.length === 0) throw invalid('channelIds', 'choose at least one channel')
    const n = this.normalise(merged)
    const channels = await this.channelsOf(workspaceId, merged.channelIds)
    await this.validator.assert(workspaceId, channels, n.parts, n.variants)
    const pillar = await this.pillarOf(workspaceId, merged.pillar, channels)
    // @NOTE failed deliveries go back to draft too: the new text gets a fresh attempt once scheduled.
    await this.scheduler.release(post, ['queued', 'failed'])
    const now = this.clock.now()
    const removed = ds.filter((d) => !merged.channelIds.includes(d.channel_id)).map((d) => d.channel_id)
    await this.repo.removeDeliveries(post.id, removed)
    for (const c of channels.filter((c) => !ds.some((d) => d.channel_id === c.id)))
      await this.addDelivery(workspaceId, post.id, c.id, c.network, now)
    const fresh = { ...post, revision: post.revision + 1, drafted_by_role: post.drafted_by_role }
    const reqs = await this.approvals.requirements(fresh, channels)
    const approval: ApprovalState =
      reqs.length === 0 && post.approval_state === 'approved' ? 'approved' : 'draft'
    await this.repo.update(post.id, {
      kind: merged.kind,
      title: n.title,
      fields: JSON.stringify(n.fields),
      parts: JSON.stringify(n.parts),
      variants: JSON.stringify(n.variants),
      revision: post.revision + 1,
      approval_state: approval,
      pillar,
      updated_at: now,
    })
    await this.repo.history(
      workspaceId,
      post.id,
      actor.userId,
      'edited',
      { revision: post.revision + 1, changed: Object.keys(patch), approval },
      now,
    )
    await this.repo.refreshState(post.id, now)
    if (approval === 'approved') await this.scheduler.activate(workspaceId, post.id)
    return this.get(workspaceId, post.id)
  }

  /** A new draft with the same content and channels (no schedule, no approvals). */
  async duplicate(workspaceId: string, id: string, actor: PostActor): Promise<Post> {
    const post = await this.row(workspaceId, id)
    const ds = await this.repo.deliveries([post.id])
    const copy = await this.create(
      workspaceId,
      {
        kind: post.kind as PostKind,
        title: `${post.title} (copy)`.slice(0, 200),
        fields: JSON.parse(post.fields) as Record<string, unknown>,
        parts: parseParts(post.parts),
        variants: JSON.parse(post.variants) as Record<string, PostPartInput[]>,
        channelIds: ds.map((d) => d.channel_id),
        pillar: post.pillar ?? null,
      },
      actor,
    )
    await this.repo.history(
      workspaceId,
      copy.id,
      actor.userId,
      'duplicated',
      { from: post.id },
      this.clock.now(),
    )
    return copy
  }

  /** Deletes a post; its queued deliveries are cancelled first, so it is never published afterwards. */
  async remove(workspaceId: string, id: string, actor: PostActor): Promise<void> {
    const post = await this.row(workspaceId, id)
    await this.scheduler.release(post, ['draft', 'queued', 'failed'], 'cancelled')
    const now = this.clock.now()
    await this.repo.update(post.id, { deleted_at: now, updated_at: now })
    await this.repo.history(workspaceId, post.id, actor.userId, 'deleted', {}, now)
  }

  private async row(workspaceId: string, id: string): Promise<PostRow> {
    const post = await this.repo.get(workspaceId, id)
    if (!post) throw notFound('post')
    return post
  }

  async get(workspaceId: string, id: string): Promise<Post> {
    const [p] = await this.views([await this.row(workspaceId, id)])
    return p!
  }

  async list(workspaceId: string, filter: PostListFilter): Promise<Post[]> {
    return this.views(await this.repo.list(workspaceId, filter))
  }

  async history(workspaceId: string, id: string) {
    await this.row(workspaceId, id)
    return this.repo.listHistory(workspaceId, id)
  }

  /** Builds the Post view of rows (deliveries, approvals and requirements included). */
  async views(rows: PostRow[]): Promise<Post[]> {
    const ids = rows.map((r) => r.id)
    const ds = await this.repo.deliveries(ids)
    const approvals = await this.repo.approvals(ids)
    const out: Post[] = []
    for (const r of rows) {
      const mine = ds.filter((d) => d.post_id === r.id)
      const channels = await this.repo.channels(
        r.workspace_id,
        mine.map((d) => d.channel_id),
      )
      out.push({
        id: r.id,
        kind: r.kind as PostKind,
        state: r.state as PostState,
        approvalState: r.approval_state as ApprovalState,
        revision: r.revision,
        title: r.title,
        fields: JSON.parse(r.fields) as Record<string, unknown>,
        parts: parseParts(r.parts),
        variants: JSON.parse(r.variants) as Record<string, PostPartInput[]>,
        channelIds: mine.map((d) => d.channel_id),
        presenceIds: [...new Set(channels.map((c) => c.presence_id))],
        pillar: r.pillar ?? null,
        schedule: scheduleOf(r),
        draftedBy: {
          memberId: r.drafted_by_member_id,
          userId: r.drafted_by_user_id,
          role: r.drafted_by_role,
        },
        approvals: approvals
          .filter((a) => a.post_id === r.id)
          .map((a) => ({
            memberId: a.member_id,
            decision: a.decision,
            comment: a.comment,
            via: a.via,
            revision: a.revision,
            at: a.created_at,
          })),
        requirements: await this.approvals.requirements(r, channels),
        deliveries: mine.map(toDelivery),
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        publishedAt: r.published_at,
      })
    }
    return out
  }
}

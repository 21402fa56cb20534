/**
 * Approval: who must approve a post (rules per presence in approval-policy.ts), approving and requesting changes
 * (in the app or through a one-tap link), and notifying the people concerned.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, forbidden, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { NotifyInput } from '../notify/notification.service.js'
import { can, type MemberRole } from '../workspace/permissions.js'
import type { ApprovalLinks } from './approval-link.service.js'
import { ApprovalPolicies, type ApprovalPolicy, MANAGER_ROLES } from './approval-policy.js'
import { type LeaderHooks, noLeaderHooks } from './leader.port.js'
import type { PostRepository, PostRow } from './post.repository.js'
import type { ApprovalRequirement, ApprovalState, PostActor } from './post.types.js'

/** Where notifications go (NotificationService in production). */
export interface Notifier {
  notify(input: NotifyInput): Promise<void>
}

type ChannelInfo = Awaited<ReturnType<PostRepository['channels']>>[number]

export class ApprovalService {
  /** Called when a post becomes approved, so a schedule asked for earlier takes effect. */
  onApproved: (workspaceId: string, postId: string, actor: PostActor | null) => Promise<void> = async () => {}

  constructor(
    private readonly db: Kysely<Database>,
    private readonly repo: PostRepository,
    private readonly links: ApprovalLinks,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
    private readonly publicUrl: string,
    private readonly leader: LeaderHooks = noLeaderHooks,
  ) {
    this.rules = new ApprovalPolicies(db, clock)
  }

  /** Approval rules per presence (approval-policy.ts). */
  private readonly rules: ApprovalPolicies

  policies(workspaceId: string, presenceIds: string[]): Promise<Map<string, ApprovalPolicy>> {
    return this.rules.policies(workspaceId, presenceIds)
  }

  getPolicy(workspaceId: string, presenceId: string): Promise<ApprovalPolicy> {
    return this.rules.getPolicy(workspaceId, presenceId)
  }

  setPolicy(
    workspaceId: string,
    presenceId: string,
    p: Omit<ApprovalPolicy, 'presenceId'>,
  ): Promise<ApprovalPolicy> {
    return this.rules.setPolicy(workspaceId, presenceId, p)
  }

  private async roles(
    workspaceId: string,
    memberIds: string[],
  ): Promise<Map<string, { role: string; userId: string }>> {
    if (memberIds.length === 0) return new Map()
    const rows = await this.db
      .selectFrom('members')
      .select(['id', 'role', 'user_id'])
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', memberIds)
      .execute()
    return new Map(rows.map((r) => [r.id, { role: r.role, userId: r.user_id }]))
  }

  /** What the current revision of `post` still needs, and who satisfied what. */
  async requirements(post: PostRow, channels: ChannelInfo[]): Promise<ApprovalRequirement[]> {
    const presences = new Map<string, ChannelInfo>()
    for (const c of channels) presences.set(c.presence_id, c)
    const policies = await this.policies(post.workspace_id, [...presences.keys()])
    const approvals = (await this.repo.approvals([post.id])).filter(
      (a) => a.revision === post.revision && a.decision === 'approved',
    )
    const roles = await this.roles(
      post.workspace_id,
      approvals.map((a) => a.member_id),
    )
    const reqs: ApprovalRequirement[] = []
    for (const [presenceId, c] of presences) {
      const policy = policies.get(presenceId)!
      if (
        policy.personApproval &&
        c.presence_kind === 'person' &&
        c.presence_member_id &&
        c.presence_member_id !== post.drafted_by_member_id
      )
        reqs.push({ presenceId, kind: 'person', memberId: c.presence_member_id, satisfiedBy: null })
      if (policy.managerForAgents && post.drafted_by_role === 'agent')
        reqs.push({ presenceId, kind: 'manager', memberId: null, satisfiedBy: null })
      if (policy.reviewAll) reqs.push({ presenceId, kind: 'reviewer', memberId: null, satisfiedBy: null })
    }
    reqs.push(...(await this.leader.extraRequirements(post, [...presences.keys()])))
    for (const r of reqs) {
      const by = approvals.find((a) => this.fits(r, post, a.member_id, roles.get(a.member_id)?.role))
      r.satisfiedBy = by?.member_id ?? null
    }
    return reqs
  }

  /** Posts in review (newest first, at most 200) still needing an approval `memberId` may give. */
  async waitingFor(workspaceId: string, memberId: string): Promise<string[]> {
    const role = (await this.roles(workspaceId, [memberId])).get(memberId)?.role
    if (!role) return []
    const posts = await this.db
      .selectFrom('posts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('approval_state', '=', 'in-review')
      .where('deleted_at', 'is', null)
      .where('drafted_by_member_id', '!=', memberId)
      .orderBy('updated_at', 'desc')
      .limit(200)
      .execute()
    const out: string[] = []
    for (const post of posts) {
      const ds = await this.repo.deliveries([post.id])
      const reqs = await this.requirements(
        post,
        await this.repo.channels(
          workspaceId,
          ds.map((d) => d.channel_id),
        ),
      )
      if (reqs.some((r) => r.satisfiedBy === null && this.fits(r, post, memberId, role))) out.push(post.id)
    }
    return out
  }

  /** True when the member (with role) may satisfy requirement `r` of `post`. */
  private fits(r: ApprovalRequirement, post: PostRow, memberId: string, role: string | undefined): boolean {
    if (!role) return false
    if (r.kind === 'person') return memberId === r.memberId
    if (r.kind === 'manager') return MANAGER_ROLES.has(role)
    if (r.kind === 'guardrail')
      return r.memberId
        ? memberId === r.memberId
        : MANAGER_ROLES.has(role) && memberId !== post.drafted_by_member_id
    return memberId !== post.drafted_by_member_id && can(role as MemberRole, 'post.approve')
  }

  private async load(workspaceId: string, postId: string) {
    const post = await this.repo.get(workspaceId, postId)
    if (!post) throw notFound('post')
    const ds = await this.repo.deliveries([post.id])
    const channels = await this.repo.channels(
      workspaceId,
      ds.map((d) => d.channel_id),
    )
    return { post, channels }
  }

  /** Sends a draft for review; approves it at once when nobody else needs to. Returns the new approval state. */
  async submit(workspaceId: string, postId: string, actor: PostActor): Promise<ApprovalState> {
    const { post, channels } = await this.load(workspaceId, postId)
    if (post.approval_state !== 'draft' && post.approval_state !== 'changes-requested')
      throw conflict(`The post is ${post.approval_state}; only drafts are submitted for review`)
    const reqs = await this.requirements(post, channels)
    const open = reqs.filter((r) => !r.satisfiedBy)
    const now = this.clock.now()
    const next: ApprovalState = open.length === 0 ? 'approved' : 'in-review'
    await this.repo.update(post.id, { approval_state: next, state: next, updated_at: now })
    await this.repo.history(
      workspaceId,
      post.id,
      actor.userId,
      'submitted',
      { revision: post.revision, needs: open.map((r) => r.kind) },
      now,
    )
    if (next === 'approved') {
      await this.repo.history(
        workspaceId,
        post.id,
        null,
        'approved',
        { revision: post.revision, reason: 'no approval needed' },
        now,
      )
      await this.onApproved(workspaceId, post.id, actor)
      return next
    }
    await this.askApprovers(post, open)
    return next
  }

  /** Members who may satisfy any of `reqs`, never the drafter. */
  private async approversFor(
    post: PostRow,
    reqs: ApprovalRequirement[],
  ): Promise<Array<{ memberId: string; userId: string }>> {
    const members = await this.db
      .selectFrom('members')
      .select(['id', 'role', 'user_id'])
      .where('workspace_id', '=', post.workspace_id)
      .execute()
    return members
      .filter((m) => m.id !== post.drafted_by_member_id && reqs.some((r) => this.fits(r, post, m.id, m.role)))
      .map((m) => ({ memberId: m.id, userId: m.user_id }))
  }

  private async askApprovers(post: PostRow, open: ApprovalRequirement[]): Promise<void> {
    for (const a of await this.approversFor(post, open)) {
      const token = await this.links.create(post.workspace_id, post.id, a.memberId, post.revision)
      const link = `${this.publicUrl}/approve/${token}`
      await this.notifier.notify({
        workspaceId: post.workspace_id,
        userIds: [a.userId],
        kind: 'post.approval-requested',
        title: `Approval needed: ${post.title}`,
        body: 'A post waits for your approval before it can go out.',
        subjectId: post.id,
        link: `/publishing/posts/${post.id}`,
        email: {
          subject: `Approval needed: ${post.title}`,
          text: `A post waits for your approval:\n\n${post.title}\n\nApprove or request changes in one tap (the link works once and expires in 72 hours):\n${link}\n`,
        },
      })
    }
  }

  /** The actor approves the current revision; when nothing else is needed the post is approved. */
  async approve(
    workspaceId: string,
    postId: string,
    actor: PostActor,
    via: 'app' | 'link' = 'app',
  ): Promise<ApprovalState> {
    const { post, channels } = await this.load(workspaceId, postId)
    if (post.approval_state !== 'in-review')
      throw conflict(`The post is ${post.approval_state}, not waiting for approval`)
    const reqs = await this.requirements(post, channels)
    const mine = reqs.filter((r) => !r.satisfiedBy && this.fits(r, post, actor.memberId, actor.role))
    if (mine.length === 0) throw forbidden('Your approval is not what this post is waiting for')
    const now = this.clock.now()
    await this.recordDecision(workspaceId, post, actor, 'approved', null, via, now)
    await this.repo.history(
      workspaceId,
      post.id,
      actor.userId,
      'approved',
      { revision: post.revision, via, as: mine.map((r) => r.kind) },
      now,
    )
    const open = reqs.filter((r) => !r.satisfiedBy && !mine.includes(r))
    if (open.length > 0) return 'in-review'
    await this.repo.update(post.id, { approval_state: 'approved', state: 'approved', updated_at: now })
    await this.notifier.notify({
      workspaceId,
      userIds: [post.drafted_by_user_id],
      kind: 'post.approved',
      title: `Approved: ${post.title}`,
      body: 'Your post was approved.',
      subjectId: post.id,
      link: `/publishing/posts/${post.id}`,
    })
    await this.onApproved(workspaceId, post.id, actor)
    return 'approved'
  }

  /** Stores `actor`'s decision on the post's current revision. */
  private async recordDecision(
    workspaceId: string,
    post: PostRow,
    actor: PostActor,
    decision: 'approved' | 'changes-requested',
    comment: string | null,
    via: 'app' | 'link',
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('post_approvals')
      .values({
        id: newId(now),
        workspace_id: workspaceId,
        post_id: post.id,
        revision: post.revision,
        member_id: actor.memberId,
        decision,
        comment,
        via,
        created_at: now,
      })
      .execute()
  }

  /** An approver sends the post back with a comment; the drafter is told. */
  async requestChanges(
    workspaceId: string,
    postId: string,
    actor: PostActor,
    comment: string,
    via: 'app' | 'link' = 'app',
  ): Promise<void> {
    const { post, channels } = await this.load(workspaceId, postId)
    if (post.approval_state !== 'in-review')
      throw conflict(`The post is ${post.approval_state}; changes are requested on posts in review`)
    const reqs = await this.requirements(post, channels)
    if (!reqs.some((r) => this.fits(r, post, actor.memberId, actor.role)))
      throw forbidden('Only an approver of this post can request changes')
    const now = this.clock.now()
    await this.recordDecision(workspaceId, post, actor, 'changes-requested', comment, via, now)
    await this.db
      .insertInto('post_comments')
      .values({
        id: newId(now),
        workspace_id: workspaceId,
        post_id: post.id,
        author_member_id: actor.memberId,
        author_user_id: actor.userId,
        body: comment,
        mentions: '[]',
        created_at: now,
      })
      .execute()
    await this.repo.update(post.id, {
      approval_state: 'changes-requested',
      state: 'changes-requested',
      updated_at: now,
    })
    await this.repo.history(
      workspaceId,
      post.id,
      actor.userId,
      'changes-requested',
      { revision: post.revision, comment, via },
      now,
    )
    await this.notifier.notify({
      workspaceId,
      userIds: [post.drafted_by_user_id],
      kind: 'post.changes-requested',
      title: `Changes requested: ${post.title}`,
      body: comment,
      subjectId: post.id,
      link: `/publishing/posts/${post.id}`,
      email: {
        subject: `Changes requested: ${post.title}`,
        text: `${comment}\n\n${this.publicUrl}/publishing/posts/${post.id}\n`,
      },
    })
  }

  /** What an approval link shows: the post as it is, the approver, and until when the link works. */
  async linkView(token: string) {
    const grant = await this.links.inspect(token)
    const { post, channels } = await this.load(grant.workspaceId, grant.postId)
    if (post.revision !== grant.revision)
      throw notFound('This approval link is for an earlier version of the post; open it in Townhall')
    const member = await this.db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(['members.id', 'members.role', 'members.user_id', 'users.name'])
      .where('members.id', '=', grant.memberId)
      .where('members.workspace_id', '=', grant.workspaceId)
      .executeTakeFirst()
    if (!member) throw notFound('This approval link is no longer valid')
    return { grant, post, channels, member }
  }

  /** Approves or requests changes through a link; the link is used up either way. */
  async decideByLink(
    token: string,
    decision: 'approve' | 'request-changes',
    comment?: string,
  ): Promise<ApprovalState> {
    const { grant, post, member } = await this.linkView(token)
    if (decision === 'request-changes' && !comment?.trim()) throw invalid('comment', 'say what should change')
    if (!(await this.links.consume(grant.tokenId))) throw notFound('This approval link was already used')
    const actor: PostActor = { userId: member.user_id, memberId: member.id, role: member.role }
    if (decision === 'approve') return this.approve(post.workspace_id, post.id, actor, 'link')
    await this.requestChanges(post.workspace_id, post.id, actor, comment!.trim(), 'link')
    return 'changes-requested'
  }
}

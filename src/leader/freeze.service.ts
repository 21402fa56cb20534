/**
 * Crisis freeze: holds publishing for a presence until lifted. Freezing parks every queued delivery
 * of the presence's channels as `held` at once; the publish job also checks the freeze when it runs
 * (publish.job.ts), so anything queued meanwhile is held too. Lifting queues held deliveries again:
 * at their planned time, or right away when that time passed during the freeze
 * (docs/adr/0014-leader-strategy.md). A send already under way when the freeze starts finishes.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { JobQueue } from '../jobs/queue.port.js'
import { publishJob } from '../publishing/publish.jobs.js'
import type { Publishing } from '../publishing/publishing.module.js'
import { audit } from '../workspace/audit.js'
import type { PresenceFreezesTable } from './strategy.tables.js'
import type { Freeze, FreezeReader } from './strategy.types.js'

export interface FreezeView extends Freeze {
  byName: string | null
  liftedByName: string | null
}

type Actor = { userId: string; memberId: string }

export class FreezeService implements FreezeReader {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
    private readonly publishing: () => Publishing,
  ) {}

  private async presence(workspaceId: string, presenceId: string) {
    const p = await this.db
      .selectFrom('presences')
      .select(['id', 'display_name'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', presenceId)
      .executeTakeFirst()
    if (!p) throw notFound('presence')
    return p
  }

  private query(workspaceId: string) {
    return this.db
      .selectFrom('presence_freezes as f')
      .leftJoin('members as fm', 'fm.id', 'f.frozen_by_member_id')
      .leftJoin('users as fu', 'fu.id', 'fm.user_id')
      .leftJoin('members as lm', 'lm.id', 'f.lifted_by_member_id')
      .leftJoin('users as lu', 'lu.id', 'lm.user_id')
      .selectAll('f')
      .select(['fu.name as by_name', 'lu.name as lifted_by_name'])
      .where('f.workspace_id', '=', workspaceId)
  }

  private view(
    r: PresenceFreezesTable & { by_name: string | null; lifted_by_name: string | null },
  ): FreezeView {
    return {
      presenceId: r.presence_id,
      active: r.lifted_at === null,
      reason: r.reason,
      since: Number(r.frozen_at),
      by: r.frozen_by_member_id,
      byName: r.by_name,
      ...(r.lifted_at !== null ? { liftedAt: Number(r.lifted_at) } : {}),
      ...(r.lifted_by_member_id ? { liftedBy: r.lifted_by_member_id } : {}),
      liftedByName: r.lifted_by_name,
    }
  }

  async current(workspaceId: string, presenceId: string): Promise<FreezeView | null> {
    await this.presence(workspaceId, presenceId)
    const r = await this.query(workspaceId)
      .where('f.presence_id', '=', presenceId)
      .where('f.lifted_at', 'is', null)
      .executeTakeFirst()
    return r ? this.view(r) : null
  }

  async isFrozen(workspaceId: string, presenceId: string): Promise<boolean> {
    return (await this.current(workspaceId, presenceId)) !== null
  }

  /** Past and present freezes of the presence, newest first. */
  async list(workspaceId: string, presenceId: string): Promise<FreezeView[]> {
    await this.presence(workspaceId, presenceId)
    const rows = await this.query(workspaceId)
      .where('f.presence_id', '=', presenceId)
      .orderBy('f.frozen_at', 'desc')
      .orderBy('f.id', 'desc')
      .limit(50)
      .execute()
    return rows.map((r) => this.view(r))
  }

  /** Why a delivery to `channelId` must wait, or null (the publish job's hook; one indexed read). */
  async holdReason(workspaceId: string, channelId: string): Promise<string | null> {
    const r = await this.db
      .selectFrom('presence_freezes as f')
      .innerJoin('channels', 'channels.presence_id', 'f.presence_id')
      .select('f.reason')
      .where('channels.id', '=', channelId)
      .where('f.workspace_id', '=', workspaceId)
      .where('f.lifted_at', 'is', null)
      .executeTakeFirst()
    return r ? `Held by a crisis freeze: ${r.reason}` : null
  }

  private async deliveriesOf(workspaceId: string, presenceId: string, states: string[]) {
    return this.db
      .selectFrom('post_deliveries as d')
      .innerJoin('channels', 'channels.id', 'd.channel_id')
      .selectAll('d')
      .where('d.workspace_id', '=', workspaceId)
      .where('channels.presence_id', '=', presenceId)
      .where('d.state', 'in', states)
      .orderBy('d.run_at')
      .execute()
  }

  /** Freezes the presence and holds what is queued for it; returns the freeze and how many were held. */
  async freeze(
    workspaceId: string,
    presenceId: string,
    reason: string,
    actor: Actor,
  ): Promise<{ freeze: FreezeView; held: number }> {
    await this.presence(workspaceId, presenceId)
    const why = reason.trim()
    if (!why) throw invalid('reason', 'say why publishing is frozen')
    if (why.length > 500) throw invalid('reason', 'must be at most 500 characters')
    if (await this.current(workspaceId, presenceId)) throw conflict('The presence is already frozen')
    const now = this.clock.now()
    await this.db
      .insertInto('presence_freezes')
      .values({
        id: newId(now),
        workspace_id: workspaceId,
        presence_id: presenceId,
        reason: why,
        frozen_by_member_id: actor.memberId,
        frozen_at: now,
        lifted_by_member_id: null,
        lifted_at: null,
      })
      .execute()
    const { repo } = this.publishing()
    const message = `Held by a crisis freeze: ${why}`
    let held = 0
    for (const d of await this.deliveriesOf(workspaceId, presenceId, ['queued'])) {
      const won = await repo.transition(
        d.id,
        ['queued'],
        { state: 'held', error: message, error_kind: 'held', updated_at: now },
        d.revision,
      )
      if (!won) continue
      held++
      // @NOTE the job would find the delivery held and do nothing; cancelling it just keeps the queue tidy.
      if (d.job_id) await this.queueCancel(d.network, d.job_id)
      await repo.history(
        workspaceId,
        d.post_id,
        actor.userId,
        'held',
        { channelId: d.channel_id, reason: why },
        now,
      )
      await repo.refreshState(d.post_id, now)
    }
    await audit(
      this.db,
      {
        workspaceId,
        actorUserId: actor.userId,
        action: 'presence.frozen',
        subjectId: presenceId,
        data: { reason: why, held },
      },
      now,
    )
    return { freeze: (await this.current(workspaceId, presenceId))!, held }
  }

  private async queueCancel(network: string, jobId: string): Promise<void> {
    await this.queue.cancel(publishJob(network).name, jobId).catch(() => false)
  }

  /**
   * Lifts the freeze. Held deliveries of approved, scheduled posts are queued again at their planned
   * time, or now when it passed; others go back to draft (edited or unscheduled meanwhile) or are
   * cancelled (the post was deleted). Returns the lifted freeze and how many were queued again.
   */
  async lift(
    workspaceId: string,
    presenceId: string,
    actor: Actor,
  ): Promise<{ freeze: FreezeView; released: number }> {
    const active = await this.current(workspaceId, presenceId)
    if (!active) throw conflict('The presence is not frozen')
    const now = this.clock.now()
    await this.db
      .updateTable('presence_freezes')
      .set({ lifted_at: now, lifted_by_member_id: actor.memberId })
      .where('workspace_id', '=', workspaceId)
      .where('presence_id', '=', presenceId)
      .where('lifted_at', 'is', null)
      .execute()
    const { repo, schedule } = this.publishing()
    let released = 0
    for (const d of await this.deliveriesOf(workspaceId, presenceId, ['held'])) {
      const post = await repo.byId(d.post_id)
      if (!post || post.deleted_at !== null) {
        await repo.transition(d.id, ['held'], { state: 'cancelled', updated_at: now }, d.revision)
        continue
      }
      if (post.approval_state !== 'approved' || !post.schedule_mode) {
        await repo.transition(
          d.id,
          ['held'],
          { state: 'draft', revision: d.revision + 1, error: null, error_kind: null, updated_at: now },
          d.revision,
        )
        await repo.refreshState(post.id, now)
        continue
      }
      const planned = post.schedule_mode === 'queue' ? d.run_at : post.scheduled_at
      const runAt = Math.max(planned ?? now, now)
      if (!(await schedule.enqueue(d, runAt, ['held']))) continue
      released++
      await repo.history(
        workspaceId,
        post.id,
        actor.userId,
        'released',
        { channelId: d.channel_id, at: runAt, overdue: (planned ?? now) < now },
        now,
      )
      await repo.refreshState(post.id, now)
    }
    await audit(
      this.db,
      {
        workspaceId,
        actorUserId: actor.userId,
        action: 'presence.unfrozen',
        subjectId: presenceId,
        data: { released },
      },
      now,
    )
    const lifted = (await this.list(workspaceId, presenceId))[0]!
    return { freeze: lifted, released }
  }
}

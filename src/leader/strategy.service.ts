/**
 * The leader strategy of a presence: saved as versioned rows (every change kept, with who, when
 * and which fields changed), read as the latest version. Also the pillar tags of posts.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { Strategy, StrategyInput } from '../shared/strategy.types.js'
import { suggestStrategy } from '../shared/strategy-suggest.js'
import { audit } from '../workspace/audit.js'
import type { LeaderStrategiesTable } from './strategy.tables.js'
import type { PillarUsage, StrategyReader, StrategyVersion } from './strategy.types.js'
import { changedFields, validateStrategy } from './strategy.validate.js'

/** Pillar usage is counted over this window. */
export const PILLAR_WINDOW_MS = 28 * 24 * 3600_000

interface PresenceRow {
  id: string
  kind: string
  member_id: string | null
}

function toStrategy(r: LeaderStrategiesTable, kind: string): Strategy {
  const doc = JSON.parse(r.document) as StrategyInput
  return {
    ...doc,
    presenceId: r.presence_id,
    kind: kind === 'brand' ? 'brand' : 'person',
    version: r.version,
    updatedAt: Number(r.updated_at),
    updatedBy: r.updated_by_member_id,
  }
}

export class StrategyService implements StrategyReader {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async presence(workspaceId: string, presenceId: string): Promise<PresenceRow> {
    const p = await this.db
      .selectFrom('presences')
      .select(['id', 'kind', 'member_id'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', presenceId)
      .executeTakeFirst()
    if (!p) throw notFound('presence')
    return p
  }

  async getStrategy(workspaceId: string, presenceId: string): Promise<Strategy | null> {
    const p = await this.presence(workspaceId, presenceId)
    const row = await this.db
      .selectFrom('leader_strategies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('presence_id', '=', presenceId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst()
    return row ? toStrategy(row, p.kind) : null
  }

  /** The current plans of several presences of a workspace (those without one are left out). */
  async current(workspaceId: string, presenceIds: string[]): Promise<Map<string, Strategy>> {
    const out = new Map<string, Strategy>()
    if (presenceIds.length === 0) return out
    const rows = await this.db
      .selectFrom('leader_strategies as s')
      .innerJoin('presences', 'presences.id', 's.presence_id')
      .selectAll('s')
      .select('presences.kind as presence_kind')
      .where('s.workspace_id', '=', workspaceId)
      .where('s.presence_id', 'in', presenceIds)
      .where(({ eb, selectFrom }) =>
        eb(
          's.version',
          '=',
          selectFrom('leader_strategies as t')
            .select((e) => e.fn.max('t.version').as('v'))
            .whereRef('t.presence_id', '=', 's.presence_id'),
        ),
      )
      .execute()
    for (const r of rows) out.set(r.presence_id, toStrategy(r, r.presence_kind))
    return out
  }

  /** A starting plan for the wizard: the saved one, or suggestions from the presence's kind and channels. */
  async draft(workspaceId: string, presenceId: string): Promise<StrategyInput> {
    const saved = await this.getStrategy(workspaceId, presenceId)
    if (saved) {
      const { presenceId: _p, kind: _k, version: _v, updatedAt: _a, updatedBy: _b, ...input } = saved
      return input
    }
    const p = await this.presence(workspaceId, presenceId)
    return suggestStrategy(
      p.kind === 'brand' ? 'brand' : 'person',
      await this.channelIds(workspaceId, presenceId),
    )
  }

  private async channelIds(workspaceId: string, presenceId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('channels')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('presence_id', '=', presenceId)
      .where('status', '!=', 'disconnected')
      .orderBy('id')
      .execute()
    return rows.map((r) => r.id)
  }

  /** Saves a new version; `expectedVersion` (when given) must be the current one. */
  async save(
    workspaceId: string,
    presenceId: string,
    input: StrategyInput,
    actor: { userId: string; memberId: string },
    expectedVersion?: number,
  ): Promise<Strategy> {
    const p = await this.presence(workspaceId, presenceId)
    const members = await this.db
      .selectFrom('members')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .execute()
    const clean = validateStrategy(input, {
      kind: p.kind === 'brand' ? 'brand' : 'person',
      channelIds: new Set(
        (
          await this.db
            .selectFrom('channels')
            .select('id')
            .where('workspace_id', '=', workspaceId)
            .where('presence_id', '=', presenceId)
            .execute()
        ).map((c) => c.id),
      ),
      memberIds: new Set(members.map((m) => m.id)),
      presenceMemberId: p.member_id,
    })
    const prev = await this.getStrategy(workspaceId, presenceId)
    const version = (prev?.version ?? 0) + 1
    if (expectedVersion !== undefined && expectedVersion !== (prev?.version ?? 0))
      throw conflict(`The plan was changed meanwhile (now version ${prev?.version ?? 0}); reload it`)
    const now = this.clock.now()
    const prevInput = prev ? await this.draft(workspaceId, presenceId) : null
    const changed = changedFields(prevInput, clean)
    if (prev && changed.length === 0) return prev
    try {
      await this.db
        .insertInto('leader_strategies')
        .values({
          id: newId(now),
          workspace_id: workspaceId,
          presence_id: presenceId,
          version,
          document: JSON.stringify(clean),
          changed: JSON.stringify(changed),
          updated_by_member_id: actor.memberId,
          updated_at: now,
        })
        .execute()
    } catch (err) {
      // @NOTE the unique (presence, version) index: someone else saved the same version first.
      if (/unique|duplicate/i.test(String((err as Error).message)))
        throw conflict('The plan was changed meanwhile; reload it')
      throw err
    }
    await audit(
      this.db,
      {
        workspaceId,
        actorUserId: actor.userId,
        action: 'strategy.saved',
        subjectId: presenceId,
        data: { version, changed },
      },
      now,
    )
    return (await this.getStrategy(workspaceId, presenceId))!
  }

  /** Every version, newest first, with who saved it and what changed. */
  async history(workspaceId: string, presenceId: string): Promise<StrategyVersion[]> {
    const p = await this.presence(workspaceId, presenceId)
    const rows = await this.db
      .selectFrom('leader_strategies as s')
      .leftJoin('members', 'members.id', 's.updated_by_member_id')
      .leftJoin('users', 'users.id', 'members.user_id')
      .selectAll('s')
      .select('users.name as user_name')
      .where('s.workspace_id', '=', workspaceId)
      .where('s.presence_id', '=', presenceId)
      .orderBy('s.version', 'desc')
      .execute()
    return rows.map((r) => ({
      version: r.version,
      updatedAt: Number(r.updated_at),
      updatedBy: r.updated_by_member_id,
      updatedByName: r.user_name ?? null,
      changed: JSON.parse(r.changed) as string[],
      strategy: toStrategy(r, p.kind),
    }))
  }

  /**
   * Posts tagged per pillar over the last four weeks (by when they go or went out, else when
   * drafted). A pillar is neglected when it has fewer than half its fair share of the cadence
   * target (target × 4 weeks ÷ pillars), and always when it has none.
   */
  async pillarUsage(workspaceId: string, strategy: Strategy): Promise<PillarUsage[]> {
    const since = this.clock.now() - PILLAR_WINDOW_MS
    const rows = await this.db
      .selectFrom('posts')
      .select(['posts.pillar', (e) => e.fn.count<number>('posts.id').distinct().as('n')])
      .where('posts.workspace_id', '=', workspaceId)
      .where('posts.deleted_at', 'is', null)
      .where('posts.pillar', 'is not', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('post_deliveries')
            .innerJoin('channels', 'channels.id', 'post_deliveries.channel_id')
            .select('post_deliveries.id')
            .whereRef('post_deliveries.post_id', '=', 'posts.id')
            .where('channels.presence_id', '=', strategy.presenceId),
        ),
      )
      .where((eb) =>
        eb.or([
          eb('posts.published_at', '>=', since),
          eb('posts.scheduled_at', '>=', since),
          eb.and([
            eb('posts.published_at', 'is', null),
            eb('posts.scheduled_at', 'is', null),
            eb('posts.created_at', '>=', since),
          ]),
        ]),
      )
      .groupBy('posts.pillar')
      .execute()
    const counts = new Map(rows.map((r) => [r.pillar, Number(r.n)]))
    const fair = (strategy.cadence.postsPerWeek * 4) / Math.max(1, strategy.pillars.length)
    return strategy.pillars.map((p) => {
      const posts = counts.get(p.key) ?? 0
      return { key: p.key, name: p.name, posts, neglected: posts === 0 || posts < fair / 2 }
    })
  }

  /** Throws a validation error when `pillar` is in none of these presences' plans. */
  async checkPillar(workspaceId: string, presenceIds: string[], pillar: string): Promise<void> {
    const plans = await this.current(workspaceId, presenceIds)
    for (const s of plans.values()) if (s.pillars.some((p) => p.key === pillar)) return
    throw invalid(
      'pillar',
      plans.size === 0
        ? 'the presence has no plan with pillars yet'
        : 'is not a pillar of the presence’s plan',
    )
  }
}

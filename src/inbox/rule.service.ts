/** Automation rules: create, edit, delete, reorder. Evaluation is in rules.ts. */
import type { Kysely, Selectable, Updateable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { InboxRulesTable } from './inbox.tables.js'
import type { Rule, RuleAction, RuleConditions } from './inbox.types.js'
import { assertInWorkspace } from './workspace-ids.js'

export interface RuleInput {
  name: string
  enabled?: boolean
  conditions: RuleConditions
  actions: RuleAction[]
  stop?: boolean
}

function toRule(r: Selectable<InboxRulesTable>): Rule {
  return {
    id: r.id,
    name: r.name,
    position: r.position,
    enabled: r.enabled === 1,
    conditions: JSON.parse(r.conditions) as RuleConditions,
    actions: JSON.parse(r.actions) as RuleAction[],
    stop: r.stop === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

export class RuleService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** The workspace's rules in evaluation order. */
  async list(workspaceId: string): Promise<Rule[]> {
    const rows = await this.db
      .selectFrom('inbox_rules')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('position')
      .orderBy('id')
      .execute()
    return rows.map(toRule)
  }

  async get(workspaceId: string, id: string): Promise<Rule> {
    const r = await this.db
      .selectFrom('inbox_rules')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!r) throw notFound('rule')
    return toRule(r)
  }

  /** Rejects conditions and actions that point outside the workspace (channels, presences, contacts, members, teams). */
  private async check(workspaceId: string, input: Partial<RuleInput>): Promise<void> {
    const c = input.conditions
    await assertInWorkspace(this.db, workspaceId, 'channels', 'conditions.channelIds', c?.channelIds)
    await assertInWorkspace(this.db, workspaceId, 'presences', 'conditions.presenceIds', c?.presenceIds)
    await assertInWorkspace(this.db, workspaceId, 'inbox_contacts', 'conditions.contactIds', c?.contactIds)
    for (const [i, a] of (input.actions ?? []).entries()) {
      if (a.type === 'assign-member')
        await assertInWorkspace(this.db, workspaceId, 'members', `actions.${i}.memberId`, a.memberId)
      if (a.type === 'assign-team')
        await assertInWorkspace(this.db, workspaceId, 'inbox_teams', `actions.${i}.teamId`, a.teamId)
    }
  }

  /** Adds a rule at the end of the order. */
  async create(workspaceId: string, input: RuleInput): Promise<Rule> {
    await this.check(workspaceId, input)
    const now = this.clock.now()
    const last = await this.db
      .selectFrom('inbox_rules')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    const id = newId(now)
    await this.db
      .insertInto('inbox_rules')
      .values({
        id,
        workspace_id: workspaceId,
        name: input.name,
        position: Number(last?.p ?? -1) + 1,
        enabled: input.enabled === false ? 0 : 1,
        conditions: JSON.stringify(input.conditions),
        actions: JSON.stringify(input.actions),
        stop: input.stop ? 1 : 0,
        created_at: now,
        updated_at: now,
      })
      .execute()
    return this.get(workspaceId, id)
  }

  async update(workspaceId: string, id: string, patch: Partial<RuleInput>): Promise<Rule> {
    await this.get(workspaceId, id)
    await this.check(workspaceId, patch)
    const set: Updateable<InboxRulesTable> = { updated_at: this.clock.now() }
    if (patch.name !== undefined) set.name = patch.name
    if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0
    if (patch.stop !== undefined) set.stop = patch.stop ? 1 : 0
    if (patch.conditions !== undefined) set.conditions = JSON.stringify(patch.conditions)
    if (patch.actions !== undefined) set.actions = JSON.stringify(patch.actions)
    await this.db
      .updateTable('inbox_rules')
      .set(set)
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .execute()
    return this.get(workspaceId, id)
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    const r = await this.db
      .deleteFrom('inbox_rules')
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (Number(r.numDeletedRows) === 0) throw notFound('rule')
  }

  /** Sets the evaluation order: `ids` must list every rule of the workspace exactly once. */
  async reorder(workspaceId: string, ids: string[]): Promise<Rule[]> {
    const current = await this.list(workspaceId)
    const known = new Set(current.map((r) => r.id))
    if (ids.length !== known.size || new Set(ids).size !== ids.length || ids.some((id) => !known.has(id))) {
      throw invalid('ids', 'must list every rule of the workspace exactly once')
    }
    const now = this.clock.now()
    await this.db.transaction().execute(async (trx) => {
      for (const [i, id] of ids.entries()) {
        await trx
          .updateTable('inbox_rules')
          .set({ position: i, updated_at: now })
          .where('id', '=', id)
          .execute()
      }
    })
    return this.list(workspaceId)
  }
}

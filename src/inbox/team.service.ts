/** Teams for automatic assignment: members, and the cap of open conversations per agent. */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'

export interface Team {
  id: string
  name: string
  maxOpenPerAgent: number
  memberIds: string[]
  createdAt: number
}

export interface TeamInput {
  name: string
  maxOpenPerAgent?: number
  memberIds?: string[]
}

export class TeamService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async list(workspaceId: string): Promise<Team[]> {
    const teams = await this.db
      .selectFrom('inbox_teams')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute()
    if (teams.length === 0) return []
    const members = await this.db
      .selectFrom('inbox_team_members')
      .selectAll()
      .where(
        'team_id',
        'in',
        teams.map((t) => t.id),
      )
      .execute()
    return teams.map((t) => ({
      id: t.id,
      name: t.name,
      maxOpenPerAgent: t.max_open_per_agent,
      memberIds: members
        .filter((m) => m.team_id === t.id)
        .map((m) => m.member_id)
        .sort(),
      createdAt: t.created_at,
    }))
  }

  async get(workspaceId: string, id: string): Promise<Team> {
    const t = (await this.list(workspaceId)).find((x) => x.id === id)
    if (!t) throw notFound('team')
    return t
  }

  private async checkMembers(workspaceId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return
    const rows = await this.db
      .selectFrom('members')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute()
    if (rows.length !== new Set(ids).size) throw invalid('memberIds', 'must be members of this workspace')
  }

  private async setMembers(teamId: string, ids: string[]): Promise<void> {
    await this.db.deleteFrom('inbox_team_members').where('team_id', '=', teamId).execute()
    const unique = [...new Set(ids)]
    if (unique.length)
      await this.db
        .insertInto('inbox_team_members')
        .values(unique.map((m) => ({ team_id: teamId, member_id: m })))
        .execute()
  }

  async create(workspaceId: string, input: TeamInput): Promise<Team> {
    await this.checkMembers(workspaceId, input.memberIds ?? [])
    const now = this.clock.now()
    const id = newId(now)
    await this.db
      .insertInto('inbox_teams')
      .values({
        id,
        workspace_id: workspaceId,
        name: input.name,
        max_open_per_agent: input.maxOpenPerAgent ?? 25,
        last_assigned_member_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await this.setMembers(id, input.memberIds ?? [])
    return this.get(workspaceId, id)
  }

  async update(workspaceId: string, id: string, patch: Partial<TeamInput>): Promise<Team> {
    await this.get(workspaceId, id)
    if (patch.memberIds) await this.checkMembers(workspaceId, patch.memberIds)
    await this.db
      .updateTable('inbox_teams')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.maxOpenPerAgent !== undefined ? { max_open_per_agent: patch.maxOpenPerAgent } : {}),
        updated_at: this.clock.now(),
      })
      .where('id', '=', id)
      .execute()
    if (patch.memberIds) await this.setMembers(id, patch.memberIds)
    return this.get(workspaceId, id)
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    await this.get(workspaceId, id)
    await this.db.deleteFrom('inbox_teams').where('id', '=', id).execute()
  }
}

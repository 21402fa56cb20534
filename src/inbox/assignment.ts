/**
 * Automatic assignment: round robin among the *available* agents of a team, skipping anyone who
 * already holds `max_open_per_agent` open or pending conversations. One `RoundRobin` serves one
 * ingest batch (or one request): it loads the team once and keeps counts in memory, then `flush`
 * stores where the rotation stopped.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { ASSIGNABLE_ROLES } from '../workspace/permissions.js'

interface TeamState {
  id: string
  cap: number
  /** Member ids in a stable order. */
  members: string[]
  open: Map<string, number>
  last: string | null
  dirty: boolean
}

export class RoundRobin {
  private readonly teams = new Map<string, TeamState | null>()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly workspaceId: string,
  ) {}

  private async load(teamId: string): Promise<TeamState | null> {
    if (this.teams.has(teamId)) return this.teams.get(teamId) ?? null
    const team = await this.db
      .selectFrom('inbox_teams')
      .selectAll()
      .where('id', '=', teamId)
      .where('workspace_id', '=', this.workspaceId)
      .executeTakeFirst()
    if (!team) {
      this.teams.set(teamId, null)
      return null
    }
    const members = await this.db
      .selectFrom('inbox_team_members as tm')
      .innerJoin('members as m', 'm.id', 'tm.member_id')
      .select('m.id')
      .where('tm.team_id', '=', teamId)
      .where('m.availability', '=', 'available')
      .where('m.role', 'in', [...ASSIGNABLE_ROLES])
      .orderBy('m.id')
      .execute()
    const ids = members.map((m) => m.id)
    const open = new Map<string, number>(ids.map((id) => [id, 0]))
    if (ids.length) {
      const counts = await this.db
        .selectFrom('inbox_conversations')
        .select(['assignee_member_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('workspace_id', '=', this.workspaceId)
        .where('assignee_member_id', 'in', ids)
        .where('state', 'in', ['open', 'pending'])
        .groupBy('assignee_member_id')
        .execute()
      for (const c of counts) if (c.assignee_member_id) open.set(c.assignee_member_id, Number(c.n))
    }
    const state: TeamState = {
      id: teamId,
      cap: team.max_open_per_agent,
      members: ids,
      open,
      last: team.last_assigned_member_id,
      dirty: false,
    }
    this.teams.set(teamId, state)
    return state
  }

  /** The next available agent of the team under the cap, or null when everyone is full or away. */
  /** Loads the teams that `pick` may be asked for, so picking later needs no query. */
  async preload(teamIds: Iterable<string>): Promise<void> {
    for (const id of teamIds) await this.load(id)
  }

  async pick(teamId: string): Promise<string | null> {
    const t = await this.load(teamId)
    if (!t || t.members.length === 0) return null
    const start = t.last ? t.members.findIndex((m) => m > t.last!) : 0
    const from = Math.max(start, 0)
    for (let i = 0; i < t.members.length; i++) {
      const m = t.members[(from + i) % t.members.length]!
      if ((t.open.get(m) ?? 0) < t.cap) {
        t.open.set(m, (t.open.get(m) ?? 0) + 1)
        t.last = m
        t.dirty = true
        return m
      }
    }
    return null
  }

  /** Stores where each team's rotation stopped. */
  async flush(db: Kysely<Database> = this.db): Promise<void> {
    for (const t of this.teams.values()) {
      if (!t?.dirty) continue
      await db
        .updateTable('inbox_teams')
        .set({ last_assigned_member_id: t.last })
        .where('id', '=', t.id)
        .execute()
      t.dirty = false
    }
  }
}

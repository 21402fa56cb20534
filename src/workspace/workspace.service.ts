import type { Insertable, Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { type BusinessHours, DEFAULT_BUSINESS_HOURS, isTimeZone } from '../core/time-zone.js'
import type { Database, PresencesTable, WorkspacesTable } from '../db/schema.js'
import { audit } from './audit.js'
import type { MemberRole } from './permissions.js'

export interface Workspace {
  id: string
  name: string
  timeZone: string
  businessHours: BusinessHours
  holidays: string[]
  settings: WorkspaceSettings
  createdAt: number
}

export interface WorkspaceSettings {
  /** Whether members see each other's leader scorecards (off by default). */
  scorecardsVisibleToMembers: boolean
  /** Target for a first response, in minutes. */
  firstResponseTargetMinutes: number
}

const DEFAULT_SETTINGS: WorkspaceSettings = {
  scorecardsVisibleToMembers: false,
  firstResponseTargetMinutes: 60,
}

export interface WorkspaceWithRole extends Workspace {
  role: MemberRole
  memberId: string
}

export function toWorkspace(r: Selectable<WorkspacesTable>): Workspace {
  return {
    id: r.id,
    name: r.name,
    timeZone: r.time_zone,
    businessHours: JSON.parse(r.business_hours) as BusinessHours,
    holidays: JSON.parse(r.holidays) as string[],
    settings: { ...DEFAULT_SETTINGS, ...(JSON.parse(r.settings) as Partial<WorkspaceSettings>) },
    createdAt: r.created_at,
  }
}

/**
 * The rows of a new workspace (default business hours and settings) and of its brand presence. The
 * service adds the owner and the audit entry; tests and benches that need no owner insert these alone.
 */
export function newWorkspaceRows(
  w: {
    id: string
    name: string
    timeZone: string
    holidays?: string[]
    presenceId: string
    presenceName?: string
  },
  now: number,
): { workspace: Insertable<WorkspacesTable>; presence: Insertable<PresencesTable> } {
  return {
    workspace: {
      id: w.id,
      name: w.name,
      time_zone: w.timeZone,
      business_hours: JSON.stringify(DEFAULT_BUSINESS_HOURS),
      holidays: JSON.stringify(w.holidays ?? []),
      settings: JSON.stringify(DEFAULT_SETTINGS),
      created_at: now,
      updated_at: now,
    },
    presence: {
      id: w.presenceId,
      workspace_id: w.id,
      kind: 'brand',
      display_name: w.presenceName ?? w.name,
      title: null,
      avatar_url: null,
      member_id: null,
      created_at: now,
      updated_at: now,
    },
  }
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

function checkName(name: string): string {
  const n = name.trim()
  if (!n) throw invalid('name', 'is required')
  if (n.length > 100) throw invalid('name', 'must be at most 100 characters')
  return n
}

/** Validates business hours: weekdays 0–6, each a list of HH:MM ranges with start before end. */
export function checkBusinessHours(bh: BusinessHours): BusinessHours {
  for (const [day, ranges] of Object.entries(bh.days)) {
    if (!/^[0-6]$/.test(day))
      throw invalid(`businessHours.days.${day}`, 'weekday must be 0 (Sunday) to 6 (Saturday)')
    for (const [i, [s, e]] of ranges.entries()) {
      if (!HHMM.test(s) || !HHMM.test(e))
        throw invalid(`businessHours.days.${day}[${i}]`, 'times must be HH:MM')
      if (s >= e) throw invalid(`businessHours.days.${day}[${i}]`, 'start must be before end')
    }
  }
  return bh
}

export interface WorkspacePatch {
  name?: string
  timeZone?: string
  businessHours?: BusinessHours
  holidays?: string[]
  settings?: Partial<WorkspaceSettings>
}

export class WorkspaceService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** Creates a workspace with `ownerUserId` as its owner, and its brand presence. */
  async create(input: { name: string; timeZone: string }, ownerUserId: string): Promise<WorkspaceWithRole> {
    const name = checkName(input.name)
    if (!isTimeZone(input.timeZone))
      throw invalid('timeZone', 'must be an IANA time zone such as Europe/Berlin')
    const now = this.clock.now()
    const id = newId(now)
    const memberId = newId(now)
    await this.db.transaction().execute(async (tx) => {
      const rows = newWorkspaceRows({ id, name, timeZone: input.timeZone, presenceId: newId(now) }, now)
      await tx.insertInto('workspaces').values(rows.workspace).execute()
      await tx
        .insertInto('members')
        .values({
          id: memberId,
          workspace_id: id,
          user_id: ownerUserId,
          role: 'owner',
          availability: 'available',
          created_at: now,
          updated_at: now,
        })
        .execute()
      await tx.insertInto('presences').values(rows.presence).execute()
      await audit(
        tx,
        { workspaceId: id, actorUserId: ownerUserId, action: 'workspace.created', subjectId: id },
        now,
      )
    })
    return { ...(await this.get(id)), role: 'owner', memberId }
  }

  async get(id: string): Promise<Workspace> {
    const row = await this.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) throw notFound('workspace')
    return toWorkspace(row)
  }

  /** Workspaces the user belongs to, with their role in each. */
  async listForUser(userId: string): Promise<WorkspaceWithRole[]> {
    const rows = await this.db
      .selectFrom('members')
      .innerJoin('workspaces', 'workspaces.id', 'members.workspace_id')
      .selectAll('workspaces')
      .select(['members.role', 'members.id as member_id'])
      .where('members.user_id', '=', userId)
      .orderBy('workspaces.name')
      .execute()
    return rows.map((r) => ({ ...toWorkspace(r), role: r.role as MemberRole, memberId: r.member_id }))
  }

  async update(id: string, patch: WorkspacePatch, actorUserId: string): Promise<Workspace> {
    const current = await this.get(id)
    const set: Partial<Selectable<WorkspacesTable>> = { updated_at: this.clock.now() }
    if (patch.name !== undefined) set.name = checkName(patch.name)
    if (patch.timeZone !== undefined) {
      if (!isTimeZone(patch.timeZone))
        throw invalid('timeZone', 'must be an IANA time zone such as Europe/Berlin')
      set.time_zone = patch.timeZone
    }
    if (patch.businessHours !== undefined)
      set.business_hours = JSON.stringify(checkBusinessHours(patch.businessHours))
    if (patch.holidays !== undefined) {
      for (const [i, d] of patch.holidays.entries()) {
        if (!DATE.test(d) || Number.isNaN(Date.parse(d)))
          throw invalid(`holidays[${i}]`, 'must be a date YYYY-MM-DD')
      }
      set.holidays = JSON.stringify([...new Set(patch.holidays)].sort())
    }
    if (patch.settings !== undefined)
      set.settings = JSON.stringify({ ...current.settings, ...patch.settings })
    await this.db.updateTable('workspaces').set(set).where('id', '=', id).execute()
    await audit(
      this.db,
      {
        workspaceId: id,
        actorUserId,
        action: 'workspace.updated',
        subjectId: id,
        data: { fields: Object.keys(patch) },
      },
      this.clock.now(),
    )
    return this.get(id)
  }
}

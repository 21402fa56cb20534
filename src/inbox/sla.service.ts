/**
 * SLA policies and clocks. A policy per priority gives a first-response and a next-response target,
 * counted in the workspace's business hours (its zone, hours and holidays) or around the clock.
 * Conversations carry the running clock (`sla_kind`, `sla_due_at`); a periodic job warns before a
 * breach and records the breach (timeline, notification, signed webhook).
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { BusinessHours } from '../core/time-zone.js'
import type { Database } from '../db/schema.js'
import { addBusinessTime, type BusinessCalendar, businessTimeBetween } from './business-time.js'
import { PRIORITIES, type Priority } from './inbox.types.js'

export interface SlaPolicy {
  id: string | null
  priority: Priority
  firstResponseMinutes: number
  nextResponseMinutes: number
  /** Counted in the workspace's business hours (true) or around the clock. */
  businessHours: boolean
  warnBeforeMinutes: number
}

export type SlaPolicyInput = Omit<SlaPolicy, 'id' | 'priority'>

/** Targets used until a manager sets a policy for a priority. */
export const DEFAULT_SLA: Record<Priority, SlaPolicyInput> = {
  urgent: { firstResponseMinutes: 60, nextResponseMinutes: 60, businessHours: false, warnBeforeMinutes: 15 },
  high: { firstResponseMinutes: 120, nextResponseMinutes: 240, businessHours: true, warnBeforeMinutes: 30 },
  normal: { firstResponseMinutes: 480, nextResponseMinutes: 480, businessHours: true, warnBeforeMinutes: 60 },
  low: { firstResponseMinutes: 1440, nextResponseMinutes: 1440, businessHours: true, warnBeforeMinutes: 120 },
}

/** What ingest and replies need to start a clock: the calendar and every priority's policy. */
export interface SlaSettings {
  calendar: BusinessCalendar
  policies: Record<Priority, SlaPolicy>
}

/** When the clock of `kind` started at `since` is due under `policy`. */
export function slaDueAt(s: SlaSettings, priority: Priority, kind: 'first' | 'next', since: number): number {
  const p = s.policies[priority]
  const minutes = kind === 'first' ? p.firstResponseMinutes : p.nextResponseMinutes
  const ms = minutes * 60_000
  return p.businessHours ? addBusinessTime(since, ms, s.calendar) : since + ms
}

/** Business (or plain) time left until `dueAt`, negative when overdue. */
export function slaTimeLeft(s: SlaSettings, priority: Priority, dueAt: number, now: number): number {
  const p = s.policies[priority]
  if (!p.businessHours) return dueAt - now
  return now <= dueAt
    ? businessTimeBetween(now, dueAt, s.calendar)
    : -businessTimeBetween(dueAt, now, s.calendar)
}

export class SlaService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async settings(workspaceId: string): Promise<SlaSettings> {
    const ws = await this.db
      .selectFrom('workspaces')
      .select(['time_zone', 'business_hours', 'holidays'])
      .where('id', '=', workspaceId)
      .executeTakeFirstOrThrow()
    return {
      calendar: {
        timeZone: ws.time_zone,
        hours: JSON.parse(ws.business_hours) as BusinessHours,
        holidays: JSON.parse(ws.holidays) as string[],
      },
      policies: await this.policies(workspaceId),
    }
  }

  /** Every priority's policy (the default where none was set). */
  async policies(workspaceId: string): Promise<Record<Priority, SlaPolicy>> {
    const rows = await this.db
      .selectFrom('inbox_sla_policies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .execute()
    const out = {} as Record<Priority, SlaPolicy>
    for (const p of PRIORITIES) out[p] = { id: null, priority: p, ...DEFAULT_SLA[p] }
    for (const r of rows) {
      const p = r.priority as Priority
      out[p] = {
        id: r.id,
        priority: p,
        firstResponseMinutes: r.first_response_minutes,
        nextResponseMinutes: r.next_response_minutes,
        businessHours: r.business_hours === 1,
        warnBeforeMinutes: r.warn_before_minutes,
      }
    }
    return out
  }

  /** Sets the policy of one priority. */
  async setPolicy(workspaceId: string, priority: Priority, input: SlaPolicyInput): Promise<SlaPolicy> {
    for (const f of ['firstResponseMinutes', 'nextResponseMinutes'] as const) {
      if (!(Number.isInteger(input[f]) && input[f] >= 1 && input[f] <= 60 * 24 * 30))
        throw invalid(f, 'must be 1 to 43200 minutes')
    }
    const now = this.clock.now()
    const values = {
      first_response_minutes: input.firstResponseMinutes,
      next_response_minutes: input.nextResponseMinutes,
      business_hours: input.businessHours ? 1 : 0,
      warn_before_minutes: input.warnBeforeMinutes,
      updated_at: now,
    }
    await this.db
      .insertInto('inbox_sla_policies')
      .values({ id: newId(now), workspace_id: workspaceId, priority, created_at: now, ...values })
      .onConflict((oc) => oc.columns(['workspace_id', 'priority']).doUpdateSet(values))
      .execute()
    return (await this.policies(workspaceId))[priority]
  }
}

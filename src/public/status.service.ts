/**
 * The service status page's data: components, incidents with timed updates and resolution, and the
 * 90-day history. Incidents are entered here, and published support notices feed the page too:
 * each service named by a support notice is a component, and its notices up to a `resolved` one form
 * an incident (read from the posts, never copied, so nothing published is lost or doubled).
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { DomainError, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'

export type IncidentState = 'investigating' | 'identified' | 'monitoring' | 'resolved'
export type Impact = 'minor' | 'major' | 'critical' | 'maintenance'

export interface StatusUpdate {
  state: string
  message: string
  at: number
}

export interface Incident {
  id: string
  title: string
  impact: Impact
  components: string[]
  startedAt: number
  resolvedAt: number | null
  updates: StatusUpdate[]
  /** 'incident' when entered on the status page, 'support-notice' when read from published notices. */
  source: 'incident' | 'support-notice'
}

export interface StatusComponent {
  id: string
  name: string
  /** 'operational' or the impact of the open incident touching it. */
  status: 'operational' | Impact
  /** 90 entries, oldest first: the worst impact of each UTC day, or null for a day without incident. */
  history: Array<Impact | null>
}

export interface StatusPage {
  components: StatusComponent[]
  open: Incident[]
  /** Resolved in the last 90 days, newest first. */
  past: Incident[]
}

const DAY = 86_400_000
const RANK: Record<Impact, number> = { maintenance: 1, minor: 2, major: 3, critical: 4 }
const NOTICE_IMPACT: Record<string, Impact> = {
  investigating: 'major',
  identified: 'major',
  monitoring: 'minor',
  degraded: 'minor',
  maintenance: 'maintenance',
  resolved: 'minor',
}

export class StatusService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async addComponent(workspaceId: string, name: string): Promise<{ id: string; name: string }> {
    const count = await this.db
      .selectFrom('status_components')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow()
    const row = {
      id: newId(this.clock.now()),
      workspace_id: workspaceId,
      name,
      position: Number(count.n),
      created_at: this.clock.now(),
    }
    await this.db.insertInto('status_components').values(row).execute()
    return { id: row.id, name }
  }

  async openIncident(
    workspaceId: string,
    input: { title: string; impact: Impact; components: string[]; state: IncidentState; message: string },
  ): Promise<Incident> {
    const known = new Set(
      (
        await this.db
          .selectFrom('status_components')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .execute()
      ).map((r) => r.id),
    )
    input.components.forEach((c, i) => {
      if (!known.has(c)) throw invalid(`components.${i}`, 'is not a component of this status page')
    })
    if (input.state === 'resolved') throw invalid('state', 'a new incident cannot start resolved')
    const now = this.clock.now()
    const id = newId(now)
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('status_incidents')
        .values({
          id,
          workspace_id: workspaceId,
          title: input.title,
          impact: input.impact,
          components: JSON.stringify(input.components),
          post_id: null,
          started_at: now,
          resolved_at: null,
        })
        .execute()
      await trx
        .insertInto('status_updates')
        .values({ id: newId(now), incident_id: id, state: input.state, message: input.message, at: now })
        .execute()
    })
    return this.incident(workspaceId, id)
  }

  /** A timed update; `resolved` closes the incident. An update to a resolved incident is refused (409 naming the field). */
  async update(
    workspaceId: string,
    incidentId: string,
    input: { state: IncidentState; message: string },
  ): Promise<Incident> {
    const inc = await this.db
      .selectFrom('status_incidents')
      .select(['id', 'resolved_at'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', incidentId)
      .executeTakeFirst()
    if (!inc) throw notFound('Incident')
    if (inc.resolved_at !== null)
      throw new DomainError('conflict', 'incidentId: the incident is resolved; open a new incident', {
        fields: [
          {
            field: 'incidentId',
            reason: `the incident was resolved at ${new Date(Number(inc.resolved_at)).toISOString()}; open a new incident`,
          },
        ],
      })
    const now = this.clock.now()
    await this.db
      .insertInto('status_updates')
      .values({ id: newId(now), incident_id: incidentId, ...input, at: now })
      .execute()
    if (input.state === 'resolved')
      await this.db
        .updateTable('status_incidents')
        .set({ resolved_at: now })
        .where('id', '=', incidentId)
        .execute()
    return this.incident(workspaceId, incidentId)
  }

  async incident(workspaceId: string, id: string): Promise<Incident> {
    const all = await this.entered(workspaceId, 0)
    const found = all.find((i) => i.id === id)
    if (!found) throw notFound('Incident')
    return found
  }

  private async entered(workspaceId: string, since: number): Promise<Incident[]> {
    const rows = await this.db
      .selectFrom('status_incidents')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((e) => e.or([e('resolved_at', 'is', null), e('resolved_at', '>=', since)]))
      .orderBy('started_at', 'desc')
      .execute()
    if (rows.length === 0) return []
    const updates = await this.db
      .selectFrom('status_updates')
      .selectAll()
      .where(
        'incident_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('at')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      impact: r.impact as Impact,
      components: JSON.parse(r.components) as string[],
      startedAt: Number(r.started_at),
      resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
      updates: updates
        .filter((u) => u.incident_id === r.id)
        .map((u) => ({ state: u.state, message: u.message, at: Number(u.at) })),
      source: 'incident' as const,
    }))
  }

  /** Published support notices grouped by service into incidents (a `resolved` notice closes one). */
  private async fromNotices(workspaceId: string, since: number): Promise<Incident[]> {
    const posts = await this.db
      .selectFrom('posts')
      .select(['id', 'fields', 'published_at'])
      .where('workspace_id', '=', workspaceId)
      .where('kind', '=', 'support-notice')
      .where('state', '=', 'published')
      .where('deleted_at', 'is', null)
      .where('published_at', '>=', since)
      .orderBy('published_at')
      .execute()
    const open = new Map<string, Incident>()
    const out: Incident[] = []
    for (const p of posts) {
      const f = JSON.parse(p.fields) as { service?: string; status?: string; details?: string }
      const service = f.service ?? 'Service'
      const at = Number(p.published_at)
      let inc = open.get(service)
      if (!inc) {
        inc = {
          id: `notice-${p.id}`,
          title: service,
          impact: NOTICE_IMPACT[f.status ?? ''] ?? 'minor',
          components: [`service:${service}`],
          startedAt: at,
          resolvedAt: null,
          updates: [],
          source: 'support-notice',
        }
        open.set(service, inc)
        out.push(inc)
      }
      const impact = NOTICE_IMPACT[f.status ?? ''] ?? 'minor'
      if (f.status !== 'resolved' && RANK[impact] > RANK[inc.impact]) inc.impact = impact
      inc.updates.push({ state: f.status ?? 'investigating', message: f.details ?? '', at })
      if (f.status === 'resolved') {
        inc.resolvedAt = at
        open.delete(service)
      }
    }
    return out
  }

  /** The whole status page of a workspace. */
  async page(workspaceId: string): Promise<StatusPage> {
    const now = this.clock.now()
    const since = Math.floor(now / DAY) * DAY - 89 * DAY
    const [entered, notices, rows] = await Promise.all([
      this.entered(workspaceId, since),
      this.fromNotices(workspaceId, since),
      this.db
        .selectFrom('status_components')
        .select(['id', 'name'])
        .where('workspace_id', '=', workspaceId)
        .orderBy('position')
        .execute(),
    ])
    const incidents = [...entered, ...notices].sort((a, b) => b.startedAt - a.startedAt)
    const names = [...rows]
    for (const i of notices) {
      const id = i.components[0]!
      if (!names.some((c) => c.id === id)) names.push({ id, name: i.title })
    }
    const components: StatusComponent[] = names.map((c) => {
      const touching = incidents.filter((i) => i.components.includes(c.id))
      const history: Array<Impact | null> = []
      for (let d = 0; d < 90; d++) {
        const from = since + d * DAY
        const to = from + DAY
        let worst: Impact | null = null
        for (const i of touching)
          if (i.startedAt < to && (i.resolvedAt ?? now) >= from && (!worst || RANK[i.impact] > RANK[worst]))
            worst = i.impact
        history.push(worst)
      }
      const current = touching.filter((i) => i.resolvedAt === null)
      const status = current.reduce<StatusComponent['status']>(
        (s, i) => (s === 'operational' || RANK[i.impact] > RANK[s as Impact] ? i.impact : s),
        'operational',
      )
      return { id: c.id, name: c.name, status, history }
    })
    return {
      components,
      open: incidents.filter((i) => i.resolvedAt === null),
      past: incidents.filter((i) => i.resolvedAt !== null),
    }
  }
}

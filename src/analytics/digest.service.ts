/**
 * The weekly report digest (issue 6): on Monday from 08:00 in each workspace's zone, members who
 * opted in get the key care and presence figures of the week that ended, against the week before.
 * Sent only when SMTP is configured; each workspace's week is claimed once (report_digest_runs).
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import { addLocalDays, toZoned, zonedToUtc } from '../core/zoned-time.js'
import type { Database } from '../db/schema.js'
import { runEverySlot, slotJob } from '../jobs/periodic.js'
import type { JobQueue } from '../jobs/queue.port.js'
import type { Mailer } from '../notify/mailer.port.js'
import { can, isRole } from '../workspace/permissions.js'
import type { CareReport, CareReportQuery, Figure } from './care.types.js'
import { formatValue } from './export-report-pdf.js'
import { localDay } from './presence-collect.js'
import type { PresenceReportService } from './presence-report.js'

/** Local hour on Monday from which the digest goes out. */
export const DIGEST_HOUR = 8
export const DIGEST_CHECK_MS = 15 * 60_000

export interface CareReader {
  report(workspaceId: string, q: CareReportQuery): Promise<CareReport>
}

export interface DigestWeek {
  /** YYYY-MM-DD of the local Monday the digest is sent on. */
  week: string
  /** When it may go out: that Monday at 08:00 local. */
  sendAt: number
  /** The week reported on: the previous Monday 00:00 to this Monday 00:00, local. */
  from: number
  to: number
}

const pad = (v: number) => String(v).padStart(2, '0')

/** The digest week that `now` falls in, in `timeZone`. */
export function digestWeek(now: number, timeZone: string): DigestWeek {
  const z = toZoned(now, timeZone)
  const monday = addLocalDays({ ...z, hour: 0, minute: 0 }, -((z.weekday + 6) % 7))
  const to = zonedToUtc(monday, timeZone)
  return {
    week: `${monday.year}-${pad(monday.month)}-${pad(monday.day)}`,
    sendAt: zonedToUtc({ ...monday, hour: DIGEST_HOUR }, timeZone),
    from: zonedToUtc(addLocalDays(monday, -7), timeZone),
    to,
  }
}

const KEY_CARE = [
  'conversations',
  'first_response_median',
  'response_rate',
  'resolution_median',
  'sla_hit_rate',
]
const KEY_PRESENCE = [
  'posts',
  'engagement',
  'engagementGained',
  'followers',
  'followerGrowth',
  'postsPerWeek',
]

function line(f: Figure): string {
  const now = formatValue(f.value, f.unit)
  if (f.previous === null || f.value === null) return `${f.label}: ${now}`
  const d = f.value - f.previous
  const arrow = d > 0 ? '↑' : d < 0 ? '↓' : '='
  return `${f.label}: ${now} (${arrow} from ${formatValue(f.previous, f.unit)})`
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}

export class DigestService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly mailer: Mailer,
    private readonly presence: PresenceReportService,
    private readonly care: () => CareReader | undefined,
    private readonly publicUrl: string,
    private readonly logger?: Logger,
  ) {}

  get emailConfigured(): boolean {
    return this.mailer.enabled
  }

  async preference(workspaceId: string, memberId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('report_digest_prefs')
      .select('weekly')
      .where('workspace_id', '=', workspaceId)
      .where('member_id', '=', memberId)
      .executeTakeFirst()
    return r?.weekly === 1
  }

  async setPreference(workspaceId: string, memberId: string, weekly: boolean): Promise<void> {
    const now = this.clock.now()
    await this.db
      .insertInto('report_digest_prefs')
      .values({ member_id: memberId, workspace_id: workspaceId, weekly: weekly ? 1 : 0, updated_at: now })
      .onConflict((oc) => oc.column('member_id').doUpdateSet({ weekly: weekly ? 1 : 0, updated_at: now }))
      .execute()
  }

  /** The digest's subject and text for one workspace and week. */
  async compose(workspaceId: string, name: string, w: DigestWeek, timeZone: string) {
    const sections: Array<{ title: string; lines: string[] }> = []
    const care = this.care()
    if (care) {
      const r = await care.report(workspaceId, {
        from: w.from,
        to: w.to,
        compare: 'previous',
        hours: 'calendar',
      })
      const figs = KEY_CARE.map((k) => r.figures.find((f) => f.key === k)).filter((f): f is Figure => !!f)
      sections.push({
        title: 'How we answered',
        lines: (figs.length ? figs : r.figures.slice(0, 5)).map(line),
      })
    }
    const p = await this.presence.report(workspaceId, { from: w.from, to: w.to, compare: 'previous' })
    const pf = KEY_PRESENCE.map((k) => p.figures.find((f) => f.key === k)).filter((f): f is Figure => !!f)
    sections.push({ title: 'How we were heard', lines: pf.map(line) })
    const period = `${localDay(w.from, timeZone)} to ${localDay(w.to - 1, timeZone)}`
    const subject = `${name}: your weekly report (${period})`
    const link = `${this.publicUrl.replace(/\/$/, '')}/reports`
    const text = [
      `Weekly report for ${name}, the week ${period} compared with the week before.`,
      ...sections.flatMap((s) => ['', s.title, ...s.lines.map((l) => `- ${l}`)]),
      '',
      `Open the reports: ${link}`,
      'You get this because you chose the weekly digest; turn it off on the reports page.',
    ].join('\n')
    const html = [
      `<p>Weekly report for <strong>${esc(name)}</strong>, the week ${esc(period)} compared with the week before.</p>`,
      ...sections.map(
        (s) => `<h3>${esc(s.title)}</h3><ul>${s.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`,
      ),
      `<p><a href="${esc(link)}">Open the reports</a></p>`,
    ].join('\n')
    return { subject, text, html }
  }

  /** Sends every workspace's digest that is due at `now` and not sent yet; returns mails sent. */
  async runDue(now = this.clock.now()): Promise<number> {
    if (!this.mailer.enabled) return 0
    const workspaces = await this.db.selectFrom('workspaces').select(['id', 'name', 'time_zone']).execute()
    let sent = 0
    for (const ws of workspaces) {
      const w = digestWeek(now, ws.time_zone)
      if (now < w.sendAt) continue
      const recipients = (
        await this.db
          .selectFrom('report_digest_prefs as p')
          .innerJoin('members as m', 'm.id', 'p.member_id')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['u.email', 'm.role'])
          .where('p.workspace_id', '=', ws.id)
          .where('m.workspace_id', '=', ws.id)
          .where('p.weekly', '=', 1)
          .execute()
      ).filter((r) => isRole(r.role) && can(r.role, 'reports.read'))
      if (recipients.length === 0) continue
      // @NOTE claim the week first: another worker (or a retry) never sends the same week twice.
      const claimed = await this.db
        .insertInto('report_digest_runs')
        .values({ workspace_id: ws.id, week: w.week, sent_at: now, recipients: 0 })
        .onConflict((oc) => oc.columns(['workspace_id', 'week']).doNothing())
        .executeTakeFirst()
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) continue
      const mail = await this.compose(ws.id, ws.name, w, ws.time_zone)
      let n = 0
      for (const r of recipients) {
        try {
          await this.mailer.send({ to: r.email, ...mail })
          n++
        } catch (err) {
          this.logger?.warn(
            { err: err instanceof Error ? err.message : String(err), workspaceId: ws.id },
            'digest email failed',
          )
        }
      }
      await this.db
        .updateTable('report_digest_runs')
        .set({ recipients: n })
        .where('workspace_id', '=', ws.id)
        .where('week', '=', w.week)
        .execute()
      sent += n
    }
    return sent
  }
}

export const digestJob = slotJob('analytics.digest')

/** Checks every 15 minutes for digests that are due (Monday 08:00 in each workspace's zone). */
export function registerDigestJob(queue: JobQueue, digest: DigestService, clock: Clock): void {
  runEverySlot(queue, digestJob, DIGEST_CHECK_MS, clock, () => digest.runDue(), { maxAttempts: 2 })
}

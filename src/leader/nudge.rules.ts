/**
 * When the plan slips: the four nudges and the documented rules that raise them. Pure, so the
 * figures can be checked against a fixture computed by hand (test/leader/nudge.test.ts).
 */
import { formatDuration } from './practice.results.js'
import type { CadenceTarget } from './scorecard.compute.js'

export const NUDGE_KINDS = [
  'cadence-behind',
  'question-waiting',
  'rising-conversation',
  'negative-surge',
] as const
export type NudgeKind = (typeof NUDGE_KINDS)[number]

const DAY_MS = 24 * 3600_000
const WEEK_MS = 7 * DAY_MS
/** A conversation is rising when it got at least this many public messages … */
export const RISING_MIN_MESSAGES = 5
/** … in this many hours, and we have not replied in it meanwhile. */
export const RISING_WINDOW_MS = 3 * 3600_000
/** A surge: at least this many negative mentions in the last 24 hours … */
export const SURGE_MIN_NEGATIVE = 5
/** … making up at least this share of the day's mentions … */
export const SURGE_MIN_SHARE = 0.4
/** … and at least this multiple of the negative share of the 14 days before. */
export const SURGE_BASELINE_FACTOR = 2
export const SURGE_BASELINE_MS = 14 * DAY_MS

export interface NudgeFacts {
  now: number
  /** Start of the current week (Monday 00:00 in the workspace's zone). */
  weekStart: number
  target: CadenceTarget | null
  /** Distinct posts published this week. */
  postsThisWeek: number
  /** Distinct posts scheduled for later this week (they count as on track). */
  scheduledThisWeek: number
  /** Approved or in-review posts for the presence that are not scheduled yet. */
  readyDrafts: Array<{ postId: string; title: string }>
  /** The workspace's first-response target for a direct question. */
  questionTargetMs: number
  /** Open questions on the presence and since when each person waits. */
  waitingQuestions: Array<{ conversationId: string; awaitingSince: number; from: string; preview: string }>
  /** Inbound messages on the presence since now − 14 days − 24 hours. */
  inbound: Array<{ conversationId: string; at: number; sentiment: string | null }>
  /** Our replies on the presence in the last RISING_WINDOW_MS. */
  outbound: Array<{ conversationId: string; at: number }>
  /** Preview text per conversation (for the rising one). */
  previews: Record<string, string>
}

export interface NudgeFinding {
  kind: NudgeKind
  why: string
  data: Record<string, unknown>
}

/** Posts expected by now: the weekly target times the share of the week gone, rounded down. */
export function expectedByNow(target: number, weekStart: number, now: number): number {
  const share = Math.min(1, Math.max(0, (now - weekStart) / WEEK_MS))
  return Math.floor(target * share)
}

export function evaluateNudges(f: NudgeFacts): NudgeFinding[] {
  const out: NudgeFinding[] = []

  if (f.target && f.target.postsPerWeek > 0) {
    const expected = expectedByNow(f.target.postsPerWeek, f.weekStart, f.now)
    const onTrack = f.postsThisWeek + f.scheduledThisWeek
    if (onTrack < expected) {
      const drafts = f.readyDrafts.slice(0, 5)
      out.push({
        kind: 'cadence-behind',
        why: `${f.postsThisWeek} of ${f.target.postsPerWeek} posts planned this week are out${f.scheduledThisWeek ? ` and ${f.scheduledThisWeek} scheduled` : ''}; ${expected} were due by now.${drafts.length ? ` ${drafts.length} draft${drafts.length === 1 ? ' is' : 's are'} ready.` : ''}`,
        data: {
          expected,
          published: f.postsThisWeek,
          scheduled: f.scheduledThisWeek,
          target: f.target.postsPerWeek,
          drafts,
        },
      })
    }
  }

  const late = f.waitingQuestions
    .filter((q) => f.now - q.awaitingSince >= f.questionTargetMs)
    .sort((a, b) => a.awaitingSince - b.awaitingSince)
  if (late.length > 0) {
    const oldest = late[0]!
    out.push({
      kind: 'question-waiting',
      why: `${late.length} direct question${late.length === 1 ? '' : 's'} waited longer than the ${formatDuration(f.questionTargetMs)} target; ${oldest.from} has waited ${formatDuration(f.now - oldest.awaitingSince)}.`,
      data: {
        count: late.length,
        targetMs: f.questionTargetMs,
        oldestWaitMs: f.now - oldest.awaitingSince,
        conversationIds: late.map((q) => q.conversationId).slice(0, 10),
      },
    })
  }

  const windowStart = f.now - RISING_WINDOW_MS
  const counts = new Map<string, number>()
  for (const m of f.inbound)
    if (m.at > windowStart && m.at <= f.now)
      counts.set(m.conversationId, (counts.get(m.conversationId) ?? 0) + 1)
  const answered = new Set(f.outbound.filter((o) => o.at > windowStart).map((o) => o.conversationId))
  const rising = [...counts]
    .filter(([id, n]) => n >= RISING_MIN_MESSAGES && !answered.has(id))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  if (rising.length > 0) {
    const [id, n] = rising[0]!
    out.push({
      kind: 'rising-conversation',
      why: `A conversation got ${n} public messages in the last ${RISING_WINDOW_MS / 3600_000} hours (threshold ${RISING_MIN_MESSAGES}) and nobody answered yet: a good moment to join.`,
      data: { conversationId: id, messages: n, preview: f.previews[id] ?? '' },
    })
  }

  const dayStart = f.now - DAY_MS
  const baseStart = dayStart - SURGE_BASELINE_MS
  let n24 = 0
  let t24 = 0
  let nb = 0
  let tb = 0
  for (const m of f.inbound) {
    if (m.at > dayStart && m.at <= f.now) {
      t24++
      if (m.sentiment === 'negative') n24++
    } else if (m.at > baseStart && m.at <= dayStart) {
      tb++
      if (m.sentiment === 'negative') nb++
    }
  }
  const share = t24 === 0 ? 0 : n24 / t24
  const baseline = tb === 0 ? 0 : nb / tb
  const threshold = Math.max(SURGE_MIN_SHARE, SURGE_BASELINE_FACTOR * baseline)
  if (n24 >= SURGE_MIN_NEGATIVE && share >= threshold) {
    out.push({
      kind: 'negative-surge',
      why: `${n24} of ${t24} mentions in the last 24 hours were negative (${Math.round(share * 100)} %, against ${Math.round(baseline * 100)} % over the 14 days before). Consider holding scheduled posts and drafting a statement.`,
      data: {
        negative: n24,
        total: t24,
        share,
        baselineShare: baseline,
        threshold,
        offers: ['freeze', 'draft-statement'],
      },
    })
  }
  return out
}

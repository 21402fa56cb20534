/**
 * Meta's rate-limit signals: `X-App-Usage`, `X-Page-Usage`, `X-Business-Use-Case-Usage` (percentages of
 * the rolling hour's budget, and `estimated_time_to_regain_access` in minutes) and `Retry-After`.
 * https://developers.facebook.com/docs/graph-api/overview/rate-limiting
 */

/** The highest share of a budget in use, and how long Meta says to wait (0 when it does not say). */
export interface GraphUsage {
  percent: number
  regainMs: number
}

/** At or above this share of a budget the channel pauses before Meta starts refusing. */
export const USAGE_PAUSE_PERCENT = 95
/** How long a channel pauses at the threshold when Meta gives no estimate. */
export const USAGE_PAUSE_MS = 60_000

function parse(raw: string | null): unknown {
  if (!raw) return undefined
  try {
    return JSON.parse(raw)
  } catch {
    return undefined
  }
}

function fold(u: GraphUsage, o: unknown): void {
  if (!o || typeof o !== 'object') return
  const r = o as Record<string, unknown>
  for (const k of ['call_count', 'total_cputime', 'total_time']) {
    const v = Number(r[k])
    if (Number.isFinite(v)) u.percent = Math.max(u.percent, v)
  }
  const minutes = Number(r.estimated_time_to_regain_access)
  if (Number.isFinite(minutes)) u.regainMs = Math.max(u.regainMs, minutes * 60_000)
}

/** Reads the usage headers of one response. */
export function usageOf(headers: Headers): GraphUsage {
  const u: GraphUsage = { percent: 0, regainMs: 0 }
  fold(u, parse(headers.get('x-app-usage')))
  fold(u, parse(headers.get('x-page-usage')))
  const buc = parse(headers.get('x-business-use-case-usage'))
  if (buc && typeof buc === 'object')
    for (const list of Object.values(buc as Record<string, unknown>))
      if (Array.isArray(list)) for (const entry of list) fold(u, entry)
  return u
}

/** `Retry-After` as milliseconds (seconds or an HTTP date), or null. */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const raw = headers.get('retry-after')
  if (!raw) return null
  const s = Number(raw)
  if (Number.isFinite(s)) return Math.max(1000, s * 1000)
  const at = Date.parse(raw)
  return Number.isFinite(at) ? Math.max(1000, at - now) : null
}

/** How long to pause after a response with `usage`, or 0 when the budget has room. */
export function pauseFor(usage: GraphUsage): number {
  if (usage.percent < USAGE_PAUSE_PERCENT) return 0
  return Math.max(usage.regainMs, USAGE_PAUSE_MS)
}

/**
 * The arithmetic of the care report, pure and engine-independent: the databases only select rows,
 * every median, percentile, share and bucket is computed here, so SQLite and PostgreSQL give
 * identical numbers by construction (docs/adr/0012-care-metrics.md).
 */
import { localToUtc, zoneOffset } from '../inbox/business-time.js'

const DAY_MS = 86_400_000

/**
 * Nearest-rank percentile: the smallest value such that at least `p` percent of the values are at
 * or below it, i.e. the value at 1-based rank ceil(p/100 · n) of the values sorted ascending.
 * `p` is an integer 1..100; null when there are no values. The median is p = 50.
 */
export function nearestRank(sortedAsc: ArrayLike<number>, p: number): number | null {
  const n = sortedAsc.length
  if (n === 0) return null
  return sortedAsc[rankOf(n, p) - 1] ?? null
}

/** The 1-based nearest rank of the p-th percentile among n values: ⌈p·n/100⌉ in integer arithmetic. */
export function rankOf(n: number, p: number): number {
  return Math.max(1, Math.floor((p * n + 99) / 100))
}

/** Sorts numbers ascending as a typed array (numeric, not lexicographic). */
export function sorted(values: readonly number[]): Float64Array {
  const a = Float64Array.from(values)
  a.sort()
  return a
}

/** `num / den`, or null when nothing was counted. */
export function ratio(num: number, den: number): number | null {
  return den === 0 ? null : num / den
}

const dayOffsets = new Map<string, Map<number, number>>()

/**
 * The zone's offset at `instant`, cached per UTC day: a day whose first and last millisecond have
 * the same offset has it throughout (zones change offset at most once a day); the day of a DST
 * change asks business-time's exact per-quarter-hour lookup. A year of rows costs ~365 lookups.
 */
export function offsetAt(instant: number, timeZone: string): number {
  let days = dayOffsets.get(timeZone)
  if (!days) {
    days = new Map()
    dayOffsets.set(timeZone, days)
  }
  const day = Math.floor(instant / DAY_MS)
  let v = days.get(day)
  if (v === undefined) {
    const a = zoneOffset(day * DAY_MS, timeZone)
    const b = zoneOffset(day * DAY_MS + DAY_MS - 1, timeZone)
    v = a === b ? a : Number.NaN
    if (days.size > 20_000) days.clear()
    days.set(day, v)
  }
  return Number.isNaN(v) ? zoneOffset(instant, timeZone) : v
}

/** The local calendar day of `instant` in `timeZone` as YYYY-MM-DD, its hour (0–23) and weekday (0 = Sunday). */
export function localParts(
  instant: number,
  timeZone: string,
): { day: string; hour: number; weekday: number } {
  const d = new Date(instant + offsetAt(instant, timeZone))
  const day = d.toISOString().slice(0, 10)
  return { day, hour: d.getUTCHours(), weekday: d.getUTCDay() }
}

export interface DayBucket {
  /** YYYY-MM-DD in the zone. */
  day: string
  /** Local midnight (UTC instant); the first bucket starts at `from` itself when it is not midnight. */
  start: number
  /** The next local midnight, or `to` for the last bucket. */
  end: number
}

/** The local days covering [from, to), each clipped to the period. */
export function dayBuckets(from: number, to: number, timeZone: string): DayBucket[] {
  const out: DayBucket[] = []
  let start = from
  for (let i = 0; i < 3700 && start < to; i++) {
    const { day } = localParts(start, timeZone)
    const [y, m, d] = day.split('-').map(Number) as [number, number, number]
    const next = new Date(Date.UTC(y, m - 1, d) + DAY_MS)
    const end = Math.min(
      to,
      localToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, timeZone),
    )
    out.push({ day, start, end })
    start = end
  }
  return out
}

/** Index of the bucket containing `instant` (buckets sorted, contiguous), or -1. */
export function bucketOf(buckets: readonly DayBucket[], instant: number): number {
  let lo = 0
  let hi = buckets.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >> 1
    const b = buckets[mid]!
    if (instant < b.start) hi = mid - 1
    else if (instant >= b.end) lo = mid + 1
    else return mid
  }
  return -1
}

/** Counts of `keys`, largest first, ties by key; at most `limit`. */
export function topCounts(counts: Map<string, number>, limit: number): Array<[string, number]> {
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, limit)
}

export function increment(m: Map<string, number>, key: string, by = 1): void {
  m.set(key, (m.get(key) ?? 0) + by)
}

const STOP = new Set(
  (
    'the and for you your our are was were not but with this that have has had from they them their ' +
    'what when where which who why how can could would should will just get got any all too very been ' +
    "about into out over than then there here its it’s it's i’m i'm dont don’t don't cant can’t can't " +
    'still again also only even more most some such one two my me we us he she his her him is am be do ' +
    'does did of to in on at by or an as if so no yes ok okay please thanks thank hi hello hey ' +
    'der die das und ist nicht ein eine mit für auf ich sie wir ihr es den dem des von zu im am noch ' +
    'schon aber auch nur wie was wer wann mein meine kein keine bitte danke hallo'
  ).split(' '),
)

/**
 * The terms of one message for complaint topics: lower-cased words of letters and digits, at least
 * three characters, no mentions, links or common words; each counted once per message.
 */
export function terms(text: string): Set<string> {
  const out = new Set<string>()
  const cleaned = text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/[@#][\p{L}\p{N}._-]+/gu, ' ')
  for (const w of cleaned.split(/[^\p{L}\p{N}’']+/u)) {
    const t = w.replace(/^['’]+|['’]+$/g, '')
    if (t.length < 3 || STOP.has(t) || /^\d+$/.test(t)) continue
    out.add(t)
  }
  return out
}

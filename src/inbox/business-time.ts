/**
 * Business-time arithmetic for SLA clocks: how much of the workspace's opening hours lies between
 * two instants, and when a target counted in business time falls due. Hours are wall-clock times
 * in the workspace's IANA zone, so a DST change moves them with local time; holidays (YYYY-MM-DD,
 * local) are closed all day. Pure: no I/O, no Node imports.
 */
import type { BusinessHours } from '../core/time-zone.js'
import { zoneOffsetMs } from '../core/zoned-time.js'

export interface BusinessCalendar {
  timeZone: string
  hours: BusinessHours
  /** Closed days, YYYY-MM-DD in the zone. */
  holidays: readonly string[]
}

interface LocalDay {
  year: number
  month: number
  day: number
  weekday: number
}

const DAY_MS = 86_400_000
// @NOTE a guard against a calendar with no opening hours at all: targets never fall due then.
const MAX_DAYS = 3 * 366

/** Offset of the zone from UTC at `instant`, in ms (cached per quarter hour in core/zoned-time). */
export const zoneOffset = zoneOffsetMs

/** The UTC instant of a local wall-clock time; a time skipped by DST lands just after the gap. */
export function localToUtc(y: number, m: number, d: number, minutes: number, timeZone: string): number {
  const guess = Date.UTC(y, m - 1, d) + minutes * 60_000
  const first = guess - zoneOffset(guess, timeZone)
  const second = guess - zoneOffset(first, timeZone)
  return second
}

function localDayOf(instant: number, timeZone: string): LocalDay {
  const local = new Date(instant + zoneOffset(instant, timeZone))
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: local.getUTCDay(),
  }
}

function nextDay(d: LocalDay): LocalDay {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day) + DAY_MS)
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), weekday: t.getUTCDay() }
}

function isoDay(d: LocalDay): string {
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

// @NOTE a calendar's opening intervals per local day, computed once: the ingest pipeline starts a
// clock for every message of a batch, mostly on the same few days (calendars are treated as values).
const dayCache = new WeakMap<BusinessCalendar, Map<number, ReadonlyArray<readonly [number, number]>>>()

/** Opening intervals [start, end) of one local day, as UTC instants, in order. */
function openIntervals(d: LocalDay, cal: BusinessCalendar): ReadonlyArray<readonly [number, number]> {
  let days = dayCache.get(cal)
  if (!days) {
    days = new Map()
    dayCache.set(cal, days)
  }
  const key = d.year * 10_000 + d.month * 100 + d.day
  let v = days.get(key)
  if (!v) {
    v = computeOpenIntervals(d, cal)
    if (days.size > 4000) days.clear()
    days.set(key, v)
  }
  return v
}

function computeOpenIntervals(d: LocalDay, cal: BusinessCalendar): Array<[number, number]> {
  if (cal.holidays.includes(isoDay(d))) return []
  const spans = cal.hours.days[String(d.weekday)] ?? []
  const out: Array<[number, number]> = []
  for (const [from, to] of spans) {
    const a = localToUtc(d.year, d.month, d.day, minutesOf(from), cal.timeZone)
    // @NOTE "24:00" (or an end before the start) closes at the next midnight.
    const endMin = minutesOf(to) <= minutesOf(from) ? 24 * 60 : minutesOf(to)
    const b = localToUtc(d.year, d.month, d.day, endMin, cal.timeZone)
    if (b > a) out.push([a, b])
  }
  return out.sort((x, y) => x[0] - y[0])
}

/**
 * What the last `addBusinessTime` call on a calendar found for a target, so the next one can skip the
 * walk: any `start` in [lo, hi) with the same duration is due at `base + start * slope`. A start in a closed
 * stretch is due at one instant (slope 0): nothing opens between it and the opening the walk found.
 * A start inside an opening interval that still holds the whole duration is due at start + duration.
 * The ingest pipeline starts a clock for every message of a batch, mostly at nearby instants.
 */
interface DueMemo {
  lo: number
  hi: number
  base: number
  slope: 0 | 1
}
const dueMemo = new WeakMap<BusinessCalendar, Map<number, DueMemo>>()

/**
 * The instant at which `durationMs` of business time has passed after `start`.
 * Around the clock (`hours.alwaysOpen`) this is plain addition.
 */
export function addBusinessTime(start: number, durationMs: number, cal: BusinessCalendar): number {
  if (cal.hours.alwaysOpen) return start + durationMs
  // @NOTE one memo per target: a batch mixes priorities, each with its own target.
  let memos = dueMemo.get(cal)
  if (!memos) {
    memos = new Map()
    dueMemo.set(cal, memos)
  }
  const memo = memos.get(durationMs)
  if (memo && start >= memo.lo && start < memo.hi) return memo.base + start * memo.slope
  let left = durationMs
  let day = localDayOf(start, cal.timeZone)
  for (let i = 0; i < MAX_DAYS; i++) {
    for (const [a, b] of openIntervals(day, cal)) {
      const from = Math.max(a, start)
      if (from >= b) continue
      if (from + left <= b) {
        if (left === durationMs) {
          // The whole duration fits in the first opening reached: remember why.
          if (memos.size > 64) memos.clear()
          memos.set(
            durationMs,
            start < a
              ? { lo: start, hi: a, base: a + left, slope: 0 }
              : { lo: a, hi: Math.min(b - durationMs + 1, b), base: durationMs, slope: 1 },
          )
        }
        return from + left
      }
      left -= b - from
    }
    day = nextDay(day)
  }
  return Number.MAX_SAFE_INTEGER
}

/** Business time (ms) between `from` and `to`; 0 when `to` is not after `from`. */
export function businessTimeBetween(from: number, to: number, cal: BusinessCalendar): number {
  if (to <= from) return 0
  if (cal.hours.alwaysOpen) return to - from
  let total = 0
  let day = localDayOf(from, cal.timeZone)
  for (let i = 0; i < MAX_DAYS; i++) {
    const ivs = openIntervals(day, cal)
    for (const [a, b] of ivs) {
      const x = Math.max(a, from)
      const y = Math.min(b, to)
      if (y > x) total += y - x
    }
    const dayStart = localToUtc(day.year, day.month, day.day, 0, cal.timeZone)
    if (dayStart > to) break
    day = nextDay(day)
  }
  return total
}

/** True when `instant` falls inside opening hours. */
export function isOpenAt(instant: number, cal: BusinessCalendar): boolean {
  if (cal.hours.alwaysOpen) return true
  return openIntervals(localDayOf(instant, cal.timeZone), cal).some(([a, b]) => instant >= a && instant < b)
}

/**
 * Wall-clock time in an IANA time zone ↔ UTC instants, with Intl.DateTimeFormat only.
 * @NOTE no Node imports: the composer may import this to show the same times as the server.
 */
import { invalid } from './errors.js'

/** A wall-clock time as a person enters it. */
export interface LocalDateTime {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    })
    formatters.set(timeZone, f)
  }
  return f
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }

/** The wall clock in `timeZone` at `instant`, with the weekday (0 = Sunday). */
export function toZoned(
  instant: number,
  timeZone: string,
): LocalDateTime & { second: number; weekday: number } {
  const parts: Record<string, string> = {}
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
  }
}

// @NOTE Intl is slow (~10 µs a call) and SLA clocks and reports need offsets for every message; zone
// offsets only change at instants aligned to 15 minutes, so one lookup per zone and quarter hour is exact.
const QUARTER_MS = 900_000
const offsetCache = new Map<string, number>()

/** Offset of `timeZone` from UTC at `instant`, in ms (Berlin in summer: +7,200,000). */
export function zoneOffsetMs(instant: number, timeZone: string): number {
  const quarter = Math.floor(instant / QUARTER_MS)
  const key = `${timeZone}|${quarter}`
  let v = offsetCache.get(key)
  if (v === undefined) {
    const at = quarter * QUARTER_MS
    const z = toZoned(at, timeZone)
    v = Date.UTC(z.year, z.month - 1, z.day, z.hour, z.minute, z.second) - at
    if (offsetCache.size > 50_000) offsetCache.clear()
    offsetCache.set(key, v)
  }
  return v
}

/**
 * The instant at which the wall clock in `timeZone` shows `local`.
 * - In a spring-forward gap (02:30 that never happens) the clock is moved forward by the gap (03:30).
 * - In a fall-back overlap (01:30 that happens twice) the earlier instant is taken.
 */
export function zonedToUtc(local: LocalDateTime, timeZone: string): number {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute)
  // @NOTE offsets around the guess: at most one transition lies within a day of it.
  const before = zoneOffsetMs(guess - 86_400_000, timeZone)
  const after = zoneOffsetMs(guess + 86_400_000, timeZone)
  const candidates = [guess - before, guess - after].filter((t) => guess - zoneOffsetMs(t, timeZone) === t)
  if (candidates.length > 0) return Math.min(...candidates)
  // Gap: the earlier offset applied to the wall time lands after the jump, shifted by the gap.
  return guess - Math.min(before, after)
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

/** Parses `YYYY-MM-DDTHH:MM`; throws a validation error naming `field`. */
export function parseLocal(value: string, field: string): LocalDateTime {
  const m = LOCAL_RE.exec(value)
  if (!m) throw invalid(field, 'must be a local time like 2026-03-30T09:00')
  const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number]
  const check = new Date(Date.UTC(year, month - 1, day))
  if (
    month < 1 ||
    month > 12 ||
    check.getUTCDate() !== day ||
    check.getUTCMonth() !== month - 1 ||
    hour > 23 ||
    minute > 59
  )
    throw invalid(field, 'is not a real date and time')
  return { year, month, day, hour, minute }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0')

/** `YYYY-MM-DDTHH:MM` of `instant` in `timeZone`. */
export function formatLocal(instant: number, timeZone: string): string {
  const z = toZoned(instant, timeZone)
  return `${pad(z.year, 4)}-${pad(z.month)}-${pad(z.day)}T${pad(z.hour)}:${pad(z.minute)}`
}

/** Adds `days` calendar days to a local date (no time zone involved). */
export function addLocalDays(d: LocalDateTime, days: number): LocalDateTime {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days))
  return { ...d, year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() }
}

/** Weekday (0 = Sunday) of a local date. */
export function localWeekday(d: LocalDateTime): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay()
}

import { describe, expect, it } from 'vitest'
import { DEFAULT_BUSINESS_HOURS } from '../../src/core/time-zone.js'
import {
  addBusinessTime,
  type BusinessCalendar,
  businessTimeBetween,
  isOpenAt,
  localToUtc,
} from '../../src/inbox/business-time.js'

const H = 3_600_000
const berlin: BusinessCalendar = { timeZone: 'Europe/Berlin', hours: DEFAULT_BUSINESS_HOURS, holidays: [] }

describe('business time', () => {
  it('counts plain time around the clock', () => {
    const cal = { ...berlin, hours: { alwaysOpen: true, days: {} } }
    expect(addBusinessTime(1000, 5 * H, cal)).toBe(1000 + 5 * H)
    expect(businessTimeBetween(0, 7 * H, cal)).toBe(7 * H)
  })

  it('carries a target from Friday afternoon across the weekend to Monday', () => {
    // Friday 2026-03-06 16:00 Berlin (UTC+1) → 1 h left on Friday, 1 h on Monday.
    const fri = localToUtc(2026, 3, 6, 16 * 60, 'Europe/Berlin')
    expect(fri).toBe(Date.UTC(2026, 2, 6, 15, 0))
    const due = addBusinessTime(fri, 2 * H, berlin)
    expect(due).toBe(Date.UTC(2026, 2, 9, 9, 0)) // Monday 10:00 Berlin
    expect(businessTimeBetween(fri, due, berlin)).toBe(2 * H)
    expect(isOpenAt(Date.UTC(2026, 2, 7, 12, 0), berlin)).toBe(false) // Saturday
  })

  it('starts the clock at opening time when a message arrives at night', () => {
    const night = Date.UTC(2026, 2, 3, 22, 0) // Tuesday 23:00 Berlin
    expect(addBusinessTime(night, 30 * 60_000, berlin)).toBe(Date.UTC(2026, 2, 4, 8, 30))
  })

  it('follows local opening hours across the spring DST change', () => {
    // Europe/Berlin moves to UTC+2 on Sunday 2026-03-29. Friday 27th 16:30 local = 15:30 UTC.
    const fri = Date.UTC(2026, 2, 27, 15, 30)
    const due = addBusinessTime(fri, 2 * H, berlin)
    // 30 min on Friday, 90 min on Monday from 09:00 local, which is now 07:00 UTC.
    expect(due).toBe(Date.UTC(2026, 2, 30, 8, 30))
    expect(businessTimeBetween(fri, due, berlin)).toBe(2 * H)
  })

  it('follows local opening hours across the autumn DST change in New York', () => {
    const ny: BusinessCalendar = { ...berlin, timeZone: 'America/New_York' }
    // Sunday 2026-11-01 clocks go back (UTC-4 → UTC-5). Friday Oct 30 16:00 local = 20:00 UTC.
    const fri = Date.UTC(2026, 9, 30, 20, 0)
    expect(addBusinessTime(fri, 3 * H, ny)).toBe(Date.UTC(2026, 10, 2, 16, 0)) // Monday 11:00 local (UTC-5)
  })

  it('skips holidays', () => {
    const cal = { ...berlin, holidays: ['2026-03-09'] }
    const fri = Date.UTC(2026, 2, 6, 15, 0)
    expect(addBusinessTime(fri, 2 * H, cal)).toBe(Date.UTC(2026, 2, 10, 9, 0)) // Tuesday 10:00
  })

  it('gives the same due time for a run of nearby starts as for each start alone (the memo is exact)', () => {
    const cal: BusinessCalendar = { ...berlin, holidays: ['2026-03-09'] }
    // Starts every 7 minutes over eight days around a weekend, a holiday and the spring DST change,
    // with durations that fit in one opening, span several, or are zero.
    let mismatches = 0
    let checked = 0
    // Targets interleave, as priorities do in a batch.
    for (let t = Date.UTC(2026, 2, 5, 0, 3); t < Date.UTC(2026, 2, 13); t += 7 * 60_000) {
      for (const duration of [30 * 60_000, 2 * H, 11 * H, 0]) {
        const fresh = addBusinessTime(t, duration, { ...cal })
        if (addBusinessTime(t, duration, cal) !== fresh) mismatches++
        checked++
      }
    }
    expect(checked).toBeGreaterThan(6000)
    expect(mismatches).toBe(0)
    // And going back in time after a memo was made.
    const late = Date.UTC(2026, 2, 4, 22, 0)
    addBusinessTime(late, 30 * 60_000, cal)
    expect(addBusinessTime(Date.UTC(2026, 2, 4, 10, 0), 30 * 60_000, cal)).toBe(Date.UTC(2026, 2, 4, 10, 30))
  })
})

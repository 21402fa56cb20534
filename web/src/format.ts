const dateFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })
const dateTimeFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

/** "Nov 26, 2026" in the reader's locale. */
export const formatDate = (ms: number) => dateFmt.format(new Date(ms))

/** "Nov 26, 2026, 3:04 PM" in the reader's locale. */
export const formatDateTime = (ms: number) => dateTimeFmt.format(new Date(ms))

/** "Friday, December 25, 2026" for a YYYY-MM-DD calendar date (no time zone shift). */
export function formatCalendarDate(ymd: string): string {
  const [y, m, d] = ymd.split('-').map(Number)
  if (!y || !m || !d) return ymd
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeZone: 'UTC' }).format(
    Date.UTC(y, m - 1, d),
  )
}

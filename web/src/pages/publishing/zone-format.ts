/** Dates and times shown in a chosen IANA zone. */
const cache = new Map<string, Intl.DateTimeFormat>()
function fmt(tz: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${tz}|${JSON.stringify(opts)}`
  let f = cache.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { ...opts, timeZone: tz })
    cache.set(key, f)
  }
  return f
}

/** "Nov 27, 2026, 9:00 AM (America/New York)". */
export function formatInZone(ms: number, tz: string): string {
  return `${fmt(tz, { dateStyle: 'medium', timeStyle: 'short' }).format(ms)} (${tz.replaceAll('_', ' ')})`
}

/** "9:00 AM" in the zone. */
export function timeInZone(ms: number, tz: string): string {
  return fmt(tz, { hour: 'numeric', minute: '2-digit' }).format(ms)
}

/** { date: 'YYYY-MM-DD', time: 'HH:MM' } of the instant in the zone. */
export function localParts(ms: number, tz: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    fmt(tz, {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  )
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` }
}

/**
 * iCalendar (RFC 5545) for event posts, so people can add the event to their calendar.
 * Times are written in UTC (…Z), which every calendar converts to its reader's zone; the event's
 * own zone is named in the description.
 */
import { parseLocal, zonedToUtc } from '../core/zoned-time.js'

function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

function escapeText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
}

/** Folds a content line at 75 octets, as RFC 5545 §3.1 asks. */
function fold(line: string): string {
  const bytes = new TextEncoder().encode(line)
  if (bytes.length <= 75) return line
  const out: string[] = []
  let current = ''
  let size = 0
  for (const ch of line) {
    const n = new TextEncoder().encode(ch).length
    if (size + n > (out.length === 0 ? 75 : 74)) {
      out.push(current)
      current = ''
      size = 0
    }
    current += ch
    size += n
  }
  out.push(current)
  return out.join('\r\n ')
}

export interface IcsEvent {
  uid: string
  title: string
  startsAt: string
  endsAt: string
  timeZone: string
  place?: string
  link?: string
  description?: string
  /** DTSTAMP: when the file was made. */
  now: number
}

/** A VCALENDAR with one VEVENT. */
export function eventIcs(e: IcsEvent): string {
  const start = zonedToUtc(parseLocal(e.startsAt, 'fields.startsAt'), e.timeZone)
  const end = zonedToUtc(parseLocal(e.endsAt, 'fields.endsAt'), e.timeZone)
  const desc = [e.description, e.link, `(${e.startsAt.replace('T', ' ')} ${e.timeZone})`]
    .filter(Boolean)
    .join('\n')
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Townhall//Publishing//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${e.uid}`,
    `DTSTAMP:${stamp(e.now)}`,
    `DTSTART:${stamp(start)}`,
    `DTEND:${stamp(end)}`,
    `SUMMARY:${escapeText(e.title)}`,
    ...(e.place ? [`LOCATION:${escapeText(e.place)}`] : []),
    ...(e.link ? [`URL:${e.link}`] : []),
    `DESCRIPTION:${escapeText(desc)}`,
    'END:VEVENT',
    'END:VCALENDAR',
  ]
  return `${lines.map(fold).join('\r\n')}\r\n`
}

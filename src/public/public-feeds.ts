/** Feeds of the public site: RSS 2.0 and Atom for news and status, and the events calendar (.ics). */
import { eventIcs } from '../publishing/ics.js'
import { esc } from './public-layout.js'
import type { EventItem, NewsItem } from './public-page.service.js'
import type { StatusPage } from './status.service.js'

export interface FeedItem {
  id: string
  title: string
  text: string
  link: string
  at: number
}

export function newsItems(base: string, news: NewsItem[]): FeedItem[] {
  return news.map((n) => ({
    id: `${base}/news#n-${n.id}`,
    title: n.title,
    text: n.body,
    link: `${base}/news#n-${n.id}`,
    at: n.publishedAt,
  }))
}

/** Every update of every incident, newest first. */
export function statusItems(base: string, s: StatusPage): FeedItem[] {
  return [...s.open, ...s.past]
    .flatMap((i) =>
      i.updates.map((u, k) => ({
        id: `${base}/status#${i.id}-${k}`,
        title: `${i.title}: ${u.state}`,
        text: u.message,
        link: `${base}/status`,
        at: u.at,
      })),
    )
    .sort((a, b) => b.at - a.at)
}

export function rss(title: string, link: string, items: FeedItem[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>${esc(title)}</title><link>${esc(link)}</link><description>${esc(title)}</description>
${items
  .map(
    (i) =>
      `<item><title>${esc(i.title)}</title><link>${esc(i.link)}</link><guid isPermaLink="false">${esc(i.id)}</guid><pubDate>${new Date(i.at).toUTCString()}</pubDate><description>${esc(i.text)}</description></item>`,
  )
  .join('\n')}
</channel></rss>
`
}

export function atom(title: string, link: string, self: string, items: FeedItem[]): string {
  const updated = new Date(items[0]?.at ?? 0).toISOString()
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${esc(title)}</title><id>${esc(self)}</id><updated>${updated}</updated>
<link href="${esc(link)}"/><link rel="self" href="${esc(self)}"/>
${items
  .map(
    (i) =>
      `<entry><title>${esc(i.title)}</title><id>${esc(i.id)}</id><updated>${new Date(i.at).toISOString()}</updated><link href="${esc(i.link)}"/><content type="text">${esc(i.text)}</content></entry>`,
  )
  .join('\n')}
</feed>
`
}

function ics(e: EventItem, host: string, now: number): string {
  return eventIcs({
    uid: `${e.id}@${host}`,
    title: e.title,
    startsAt: e.startsLocal,
    endsAt: e.endsLocal,
    timeZone: e.timeZone,
    place: e.place ?? undefined,
    link: e.link ?? undefined,
    description: e.description ?? undefined,
    now,
  })
}

/** One event's .ics file. */
export function eventFile(e: EventItem, host: string, now: number): string {
  return ics(e, host, now)
}

/** The calendar feed people subscribe to: every event's VEVENT in one VCALENDAR. */
export function calendarFeed(name: string, events: EventItem[], host: string, now: number): string {
  const vevents = events.flatMap((e) => {
    const lines = ics(e, host, now).split('\r\n')
    return lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.indexOf('END:VEVENT') + 1)
  })
  return `${[
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Townhall//Public page//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${name.replace(/[\\;,\n]/g, ' ')} events`,
    ...vevents,
    'END:VCALENDAR',
  ].join('\r\n')}\r\n`
}

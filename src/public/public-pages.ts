/** The bodies of the public site's pages (the frame is public-layout.ts). */
import type { Campaign, CampaignLogItem } from '../campaigns/campaign.types.js'
import type { DrawRecord, VerifyResult } from '../campaigns/verify.js'
import { esc, time } from './public-layout.js'
import type { EventItem, NewsItem, PageSite, Presence } from './public-page.service.js'
import type { Incident, StatusPage } from './status.service.js'

const STATUS_WORDS: Record<string, string> = {
  operational: 'Operational',
  minor: 'Minor issue',
  major: 'Major outage',
  critical: 'Critical outage',
  maintenance: 'Maintenance',
}

export function homeBody(
  base: string,
  site: PageSite,
  presences: Presence[],
  status: StatusPage,
  news: NewsItem[],
): string {
  const c = site.settings.contact
  const contact = [
    c.email ? `<li>Email: <a href="mailto:${esc(c.email)}">${esc(c.email)}</a></li>` : '',
    c.phone ? `<li>Phone: ${esc(c.phone)}</li>` : '',
    c.address ? `<li>Address: ${esc(c.address)}</li>` : '',
    c.website ? `<li>Website: <a href="${esc(c.website)}">${esc(c.website)}</a></li>` : '',
  ].join('')
  const links = presences
    .map(
      (p) =>
        `<li>${esc(p.name)}${p.kind === 'person' ? '' : ' (brand)'}${
          p.channels.length
            ? `: ${p.channels
                .map((ch) =>
                  ch.url
                    ? `<a href="${esc(ch.url)}">${esc(ch.network)} @${esc(ch.handle)}</a>`
                    : `${esc(ch.network)} @${esc(ch.handle)}`,
                )
                .join(', ')}`
            : ''
        }</li>`,
    )
    .join('')
  const open = status.open.length
  return `<h1>${esc(site.name)}</h1>
<p>${esc(site.settings.about)}</p>
<section aria-labelledby="status-h"><h2 id="status-h">Service status</h2>
<p class="${open ? 'major' : 'operational'}">${open ? `${open} open incident${open > 1 ? 's' : ''}` : 'All systems operational'} · <a href="${esc(`${base}/status`)}">status page</a></p></section>
<section aria-labelledby="contact-h"><h2 id="contact-h">Contact</h2><ul>${contact || '<li>No contact details given.</li>'}</ul></section>
<section aria-labelledby="where-h"><h2 id="where-h">Where to find us</h2><ul>${links}</ul></section>
<section aria-labelledby="news-h"><h2 id="news-h">Latest news</h2>${newsList(news.slice(0, 3))}</section>`
}

function newsList(items: NewsItem[]): string {
  if (items.length === 0) return '<p class="muted">Nothing published yet.</p>'
  return items
    .map(
      (
        n,
      ) => `<article class="card" id="n-${esc(n.id)}"><h3>${esc(n.title)}</h3><p class="muted">${time(n.publishedAt)}</p>
<p>${esc(n.body)}</p>${n.link ? `<p><a href="${esc(n.link)}">Read more: ${esc(n.title)}</a></p>` : ''}${
        n.urls.length
          ? `<p class="muted">Also on ${n.urls.map((u) => `<a href="${esc(u)}">${esc(new URL(u).host)}</a>`).join(', ')}</p>`
          : ''
      }</article>`,
    )
    .join('')
}

export function newsBody(news: NewsItem[]): string {
  return `<h1>News and announcements</h1>${newsList(news)}`
}

function incidentCard(i: Incident): string {
  const updates = [...i.updates]
    .reverse()
    .map(
      (u) =>
        `<li><strong>${esc(u.state)}</strong> — ${time(u.at)}${u.message ? `: ${esc(u.message)}` : ''}</li>`,
    )
    .join('')
  return `<article class="card"><h3>${esc(i.title)} <span class="badge ${esc(i.impact)}">${esc(STATUS_WORDS[i.impact] ?? i.impact)}</span></h3>
<p class="muted">Started ${time(i.startedAt)}${i.resolvedAt ? ` · resolved ${time(i.resolvedAt)}` : ''}</p><ol reversed>${updates}</ol></article>`
}

export function statusBody(s: StatusPage): string {
  const comps = s.components
    .map((c) => {
      const days = c.history.filter((d) => d !== null).length
      const bars = c.history.map((d) => `<span class="${d ?? ''}"></span>`).join('')
      return `<li class="card"><h3>${esc(c.name)} <span class="badge ${esc(c.status)}">${esc(STATUS_WORDS[c.status])}</span></h3>
<div class="bars" role="img" aria-label="Last 90 days: ${90 - days} days without incident, ${days} with">${bars}</div>
<p class="muted">90 days ago · ${Math.round(((90 - days) / 90) * 1000) / 10}% of days without incident · today</p></li>`
    })
    .join('')
  return `<h1>Service status</h1>
<p class="${s.open.length ? 'major' : 'operational'}"><strong>${s.open.length ? 'Some systems are affected' : 'All systems operational'}</strong></p>
<h2>Components</h2>${comps ? `<ul style="list-style:none;padding:0">${comps}</ul>` : '<p class="muted">No components listed.</p>'}
<h2>Open incidents</h2>${s.open.map(incidentCard).join('') || '<p class="muted">None.</p>'}
<h2>Past incidents (90 days)</h2>${s.past.map(incidentCard).join('') || '<p class="muted">None.</p>'}`
}

function eventCard(e: EventItem): string {
  return `<article class="card"><h3>${esc(e.title)}</h3>
<p>${time(e.startsAt, e.timeZone)} – ${time(e.endsAt, e.timeZone)}</p>
${e.place ? `<p>Place: ${esc(e.place)}</p>` : ''}${e.description ? `<p>${esc(e.description)}</p>` : ''}
<p>${e.link ? `<a href="${esc(e.link)}">Event page for ${esc(e.title)}</a> · ` : ''}<a href="events/${esc(e.id)}.ics">Add ${esc(e.title)} to your calendar (.ics)</a></p></article>`
}

export function eventsBody(ev: { upcoming: EventItem[]; past: EventItem[] }): string {
  return `<h1>Events</h1><p><a href="events.ics">Subscribe to every event (calendar feed)</a></p>
<h2>Upcoming</h2>${ev.upcoming.map(eventCard).join('') || '<p class="muted">No upcoming events.</p>'}
<h2>Past</h2>${ev.past.map(eventCard).join('') || '<p class="muted">No past events.</p>'}`
}

const STATE_WORDS: Record<string, string> = {
  open: 'Open for entries',
  frozen: 'Closed: entry list frozen, draw pending',
  drawn: 'Drawn',
}

export function giveawaysBody(list: Campaign[]): string {
  const items = list
    .map(
      (c) => `<li class="card"><h2><a href="giveaways/${esc(c.id)}">${esc(c.title)}</a></h2>
<p>${esc(STATE_WORDS[c.state] ?? c.state)} · ends ${time(c.endsAt, c.timeZone)}</p></li>`,
    )
    .join('')
  return `<h1>Giveaways</h1>${items ? `<ul style="list-style:none;padding:0">${items}</ul>` : '<p class="muted">No giveaways yet.</p>'}`
}

export function giveawayBody(
  c: Campaign,
  record: DrawRecord,
  log: CampaignLogItem[],
  verified: VerifyResult | null,
  stats: { perNetwork: Record<string, number>; setAside: Record<string, number> },
): string {
  const byId = new Map((record.entries ?? []).map((e) => [e.id, e]))
  const winners = record.picked
    .map((id, i) => {
      const e = byId.get(id)
      const claim = c.claims[id]
      const lost = record.forfeited.includes(id)
      return `<li>${i + 1}. ${esc(e ? `@${e.handle} (${e.network})` : id)} — ${
        lost
          ? 'prize forfeited, passed to the next entry'
          : claim?.claimedAt
            ? `claimed ${time(claim.claimedAt)}`
            : claim
              ? `told, claim by ${time(claim.deadline)}`
              : 'picked'
      }</li>`
    })
    .join('')
  const steps = verified
    ? `<ul>${verified.steps.map((s) => `<li class="${s.ok ? 'ok' : 'fail'}"><strong>${s.ok ? 'Holds' : 'Fails'}: ${esc(s.check)}</strong> — ${esc(s.detail)}</li>`).join('')}</ul>`
    : '<p>The draw has not been made yet. Everything needed to check it will be published here.</p>'
  const offline =
    c.mode === 'seed-only'
      ? '<p class="major"><strong>No randomness beacon could be reached from this install: the draw uses the committed seed alone.</strong> The sponsor knew the seed before the close, so this draw is only as fair as the sponsor.</p>'
      : ''
  const logItems = log
    .map((l) => `<li>${time(l.at)} — <strong>${esc(l.kind)}</strong>: ${esc(l.note)}</li>`)
    .join('')
  const entries = (record.entries ?? [])
    .slice(0, 2000)
    .map(
      (e) =>
        `<tr><td class="mono">${esc(e.id)}</td><td>@${esc(e.handle)}</td><td>${esc(e.network)}</td></tr>`,
    )
    .join('')
  return `<h1>${esc(c.title)}</h1>
<p>${esc(STATE_WORDS[c.state] ?? c.state)} · from ${time(c.startsAt, c.timeZone)} to ${time(c.endsAt, c.timeZone)}</p>
<p>${esc(c.description)}</p>
<h2>Prizes</h2><ul>${c.prizes.map((p) => `<li>${p.quantity} × ${esc(p.name)} (about ${esc(p.value)} ${esc(p.currency)})</li>`).join('')}</ul>
${winners ? `<h2>Winners</h2><ol style="list-style:none;padding:0">${winners}</ol>` : ''}
<h2>Results</h2><ul>${Object.entries(stats.perNetwork)
    .map(([n, k]) => `<li>${esc(k)} ${k === 1 ? 'entry' : 'entries'} on ${esc(n)}</li>`)
    .join('')}${Object.entries(stats.setAside)
    .map(([why, k]) => `<li>${esc(k)} set aside: ${esc(why)}</li>`)
    .join('')}</ul>
<section aria-labelledby="verify-h" class="card"><h2 id="verify-h">Verify the draw</h2>
${offline}
<dl>
<dt>Commitment (SHA-256 of the secret seed), published ${c.committedAt ? time(c.committedAt) : '—'}</dt><dd class="mono">${esc(record.commitment || '—')}</dd>
<dt>Beacon</dt><dd>${record.beaconRound !== null ? `drand quicknet (chain <span class="mono">${esc(record.beaconChain)}</span>) round ${esc(record.beaconRound)}` : 'none (seed only)'}</dd>
<dt>Entry list hash, frozen ${record.frozenAt ? time(record.frozenAt) : '—'}</dt><dd class="mono">${esc(record.listHash ?? 'not frozen yet')}</dd>
<dt>Seed (published after the draw)</dt><dd class="mono">${esc(record.seed ?? 'not published yet')}</dd>
<dt>Beacon signature</dt><dd class="mono">${esc(record.beacon?.signature ?? '—')}</dd>
</dl>
<p>Winners are the entries ranked by HMAC-SHA256(key = seed ‖ beacon randomness, message = list hash ":" entry id), lowest first; a redraw takes the next entry of the same ranking.
Check it yourself with <code>townhall giveaway verify ${esc('<this page’s address>')}</code>, or from the <a href="${esc(c.id)}/draw.json">published record (JSON)</a>.</p>
<h3>Checked by this server</h3>${steps}
<div id="browser-check" aria-live="polite" data-record="${esc(c.id)}/draw.json"></div>
</section>
<h2>Official rules</h2><div class="card" style="white-space:pre-wrap">${esc(c.rulesText)}</div>
<h2>Public log</h2><ol>${logItems}</ol>
${entries ? `<details><summary>Frozen entry list (${record.entries!.length} entries)</summary><table><caption>Entries as frozen at the close</caption><thead><tr><th scope="col">Entry id</th><th scope="col">Account</th><th scope="col">Network</th></tr></thead><tbody>${entries}</tbody></table></details>` : ''}`
}

/**
 * The digest as an email: plain text first (what most phones preview), and a simple HTML version
 * with large one-tap approve buttons. No images, no tracking.
 */
import { formatLocal } from '../core/zoned-time.js'
import type { Digest } from './digest.types.js'
import { formatDuration } from './practice.results.js'

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )

const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`)

export interface DigestEmailOptions {
  appUrl: string
  workspaceName: string
  timeZone: string
}

function scoreLine(d: Digest): string {
  const s = d.scorecard
  const last = s.lastWeek
  const parts = [
    s.target
      ? `Consistency ${pct(s.consistency)} (${s.weeksMeetingTarget} of 12 weeks on plan: ${s.target.postsPerWeek} posts, ${s.target.repliesPerWeek} replies a week)`
      : 'No cadence target yet',
  ]
  if (last)
    parts.push(
      `Last week: ${last.posts} posts, ${last.replies} replies, median response ${last.medianResponseMs === null ? '–' : formatDuration(last.medianResponseMs)}`,
    )
  return parts.join('. ')
}

export function renderDigestEmail(
  d: Digest,
  o: DigestEmailOptions,
): { subject: string; text: string; html: string } {
  const name = d.presence.displayName
  const subject = `Your week on social, ${name}: ${d.drafts.length} to approve, ${d.questions.length} waiting`
  const digestUrl = `${o.appUrl}/leader/digest/${d.presence.presenceId}`
  const t: string[] = [`${o.workspaceName} · weekly digest for ${name}`, '']
  t.push(`DRAFTS WAITING FOR YOUR APPROVAL (${d.drafts.length})`)
  if (d.drafts.length === 0) t.push('Nothing waits for you.')
  for (const x of d.drafts) {
    t.push(
      `- ${x.title}${x.pillarName ? ` [${x.pillarName}]` : ''}${x.scheduledAt ? ` · goes out ${formatLocal(x.scheduledAt, o.timeZone).replace('T', ' ')}` : ''}`,
    )
    if (x.approveUrl) t.push(`  Approve in one tap (works once, 72 hours): ${x.approveUrl}`)
  }
  t.push('', `PEOPLE WAITING FOR YOUR ANSWER (${d.questions.length})`)
  if (d.questions.length === 0) t.push('Nobody is waiting.')
  for (const q of d.questions)
    t.push(`- ${q.from} (@${q.handle}), waiting ${formatDuration(q.waitingMs)}: "${q.text}"`)
  const s = d.public.sentiment
  t.push(
    '',
    'WHAT THE PUBLIC SAID ABOUT YOU THIS WEEK',
    `${d.public.volume} messages: ${s.positive} positive, ${s.neutral} neutral, ${s.negative} negative.`,
  )
  for (const m of d.public.telling)
    t.push(`- ${m.author} (@${m.handle}, ${m.followers} followers, ${m.sentiment ?? 'neutral'}): "${m.text}"`)
  t.push('', 'SCORECARD', scoreLine(d))
  if (d.nudges.length > 0) {
    t.push('', 'WORTH YOUR ATTENTION')
    for (const n of d.nudges) t.push(`- ${n.why}`)
  }
  t.push('', `Open the digest in Townhall: ${digestUrl}`)

  const h: string[] = [
    `<div style="font:16px/1.45 system-ui,sans-serif;max-width:560px;margin:auto;color:#1b1b1f">`,
    `<p style="color:#555">${esc(o.workspaceName)} · weekly digest for ${esc(name)}</p>`,
    `<h2>Drafts waiting for your approval (${d.drafts.length})</h2>`,
  ]
  if (d.drafts.length === 0) h.push('<p>Nothing waits for you.</p>')
  for (const x of d.drafts)
    h.push(
      `<div style="border:1px solid #ddd;border-radius:10px;padding:12px;margin:8px 0"><strong>${esc(x.title)}</strong>${x.pillarName ? ` <span style="color:#555">· ${esc(x.pillarName)}</span>` : ''}${x.approveUrl ? `<br><a href="${esc(x.approveUrl)}" style="display:inline-block;margin-top:8px;padding:10px 16px;background:#1a7f37;color:#fff;border-radius:8px;text-decoration:none">Approve in one tap</a>` : ''}</div>`,
    )
  h.push(`<h2>People waiting for your answer (${d.questions.length})</h2>`)
  if (d.questions.length === 0) h.push('<p>Nobody is waiting.</p>')
  for (const q of d.questions)
    h.push(
      `<p><strong>${esc(q.from)}</strong> waiting ${esc(formatDuration(q.waitingMs))}: “${esc(q.text)}”</p>`,
    )
  h.push(
    '<h2>What the public said this week</h2>',
    `<p>${d.public.volume} messages: ${s.positive} positive, ${s.neutral} neutral, ${s.negative} negative.</p>`,
  )
  for (const m of d.public.telling)
    h.push(
      `<blockquote style="margin:8px 0;padding-left:10px;border-left:3px solid #ccc">“${esc(m.text)}” — ${esc(m.author)}, ${m.followers} followers</blockquote>`,
    )
  h.push('<h2>Scorecard</h2>', `<p>${esc(scoreLine(d))}</p>`)
  if (d.nudges.length > 0)
    h.push('<h2>Worth your attention</h2>', ...d.nudges.map((n) => `<p>${esc(n.why)}</p>`))
  h.push(`<p><a href="${esc(digestUrl)}">Open the digest in Townhall</a></p></div>`)
  return { subject, text: t.join('\n'), html: h.join('\n') }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DigestService, digestWeek } from '../../src/analytics/digest.service.js'
import type { Engine } from '../../src/db/database.js'
import { disabledMailer } from '../../src/notify/mailer.port.js'
import { SmtpMailer } from '../../src/notify/mailer.smtp.js'
import { drain, type PublishingWorld, setupPublishing } from '../publishing/support.js'
import { describeEachEngine } from '../support/db.js'
import { startSmtp } from '../support/smtp.js'

/** The mail's text part, quoted-printable decoded. */
function textPart(raw: string): string {
  const start = raw.indexOf('Content-Type: text/plain')
  const body = raw.slice(raw.indexOf('\r\n\r\n', start) + 4, raw.indexOf('\r\n--', start))
  const qp = raw.slice(start, raw.indexOf('\r\n\r\n', start)).includes('quoted-printable')
  if (!qp) return body
  const bytes = body
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
  return Buffer.from(bytes, 'latin1').toString('utf8')
}

describe('digest week', () => {
  it('is sent from Monday 08:00 in the workspace zone and covers the week before', () => {
    // Tuesday 2026-03-31 10:00 UTC; Berlin is on summer time (UTC+2) since Sunday 03-29.
    const w = digestWeek(Date.UTC(2026, 2, 31, 10, 0), 'Europe/Berlin')
    expect(w.week).toBe('2026-03-30')
    expect(w.sendAt).toBe(Date.UTC(2026, 2, 30, 6, 0))
    expect(w.to).toBe(Date.UTC(2026, 2, 29, 22, 0))
    // The week before started on winter time: Monday 03-23 00:00 is 23:00 UTC the day before.
    expect(w.from).toBe(Date.UTC(2026, 2, 22, 23, 0))
    expect(digestWeek(Date.UTC(2026, 2, 29, 21, 0), 'Europe/Berlin').week).toBe('2026-03-23')
  })
})

describeEachEngine('weekly digest by email', (engine: Engine) => {
  let w: PublishingWorld
  let base: string
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let digest: DigestService

  beforeAll(async () => {
    smtp = await startSmtp()
    w = await setupPublishing(engine)
    base = `/api/workspaces/${w.ws}`
    const t = w.t
    digest = new DigestService(
      t.ctx.db.kysely,
      t.clock,
      new SmtpMailer(smtp.url, 'Townhall <reports@townhall.example>'),
      t.ctx.presenceMetrics.report,
      () => t.ctx.analytics.care,
      'https://townhall.example',
    )
    // A post in the week of 2026-02-23 that two people like.
    t.clock.set(Date.UTC(2026, 1, 25, 10, 0))
    const p = await w.owner.post<{ id: string }>(`${base}/posts`, {
      kind: 'free',
      title: 'Spring update',
      parts: [{ text: 'Our spring update' }],
      channelIds: [w.brandChannel],
    })
    await w.owner.post(`${base}/posts/${p.body.id}/submit`)
    await w.owner.post(`${base}/posts/${p.body.id}/publish-now`)
    await drain(t)
    const d = await t.ctx.db.kysely
      .selectFrom('post_deliveries')
      .select('remote_id')
      .where('post_id', '=', p.body.id)
      .executeTakeFirstOrThrow()
    const ch = await t.ctx.db.kysely
      .selectFrom('channels')
      .select('settings')
      .where('id', '=', w.brandChannel)
      .executeTakeFirstOrThrow()
    const worldId = (JSON.parse(ch.settings) as { worldId: string }).worldId
    for (const i of [1, 2])
      await t.ctx.networks.worlds.addCustomerItem(worldId, {
        kind: 'like',
        authorIndex: i,
        subjectId: d.remote_id!,
      })
    t.clock.advance(3_600_000)
    await t.ctx.presenceMetrics.collector.collect()
  })
  afterAll(async () => {
    await w.t.close()
    await smtp.stop()
  })

  it('keeps each member’s opt-in; roles without reports.read cannot opt in', async () => {
    expect((await w.owner.get(`${base}/reports/digest`)).body).toEqual({
      weekly: false,
      emailConfigured: false,
    })
    const on = await w.owner.put(`${base}/reports/digest`, { weekly: true })
    expect(on.status).toBe(200)
    expect(on.body).toEqual({ weekly: true, emailConfigured: false })
    expect((await w.manager.put(`${base}/reports/digest`, { weekly: true })).status).toBe(200)
    expect((await w.agent.put(`${base}/reports/digest`, { weekly: true })).status).toBe(403)
    expect((await w.ceo.get(`${base}/reports/digest`)).body).toMatchObject({ weekly: false })
  })

  it('sends nothing before Monday 08:00 local, nor when SMTP is not configured', async () => {
    // Monday 2026-03-02 06:30 UTC is 07:30 in Berlin.
    w.t.clock.set(Date.UTC(2026, 2, 2, 6, 30))
    expect(await digest.runDue()).toBe(0)
    w.t.clock.set(Date.UTC(2026, 2, 2, 7, 0))
    const silent = new DigestService(
      w.t.ctx.db.kysely,
      w.t.clock,
      disabledMailer,
      w.t.ctx.presenceMetrics.report,
      () => w.t.ctx.analytics.care,
      'https://townhall.example',
    )
    expect(await silent.runDue()).toBe(0)
    expect(smtp.received).toHaveLength(0)
  })

  it('mails opted-in members the week’s care and presence figures against the week before, once', async () => {
    w.t.clock.set(Date.UTC(2026, 2, 2, 7, 0))
    expect(await digest.runDue()).toBe(2)
    expect(smtp.received.map((m) => m.to[0]).sort()).toEqual(['manager@acme.example', 'olivia@acme.example'])
    const raw = smtp.received[0]!.raw
    expect(raw).toMatch(/^Subject: Acme: your weekly report \(2026-02-23 to 2026-03-01\)$/m)
    const text = textPart(raw)
    expect(text).toContain('How we answered')
    expect(text).toContain('How we were heard')
    expect(text).toContain('- Posts published: 1 (↑ from 0)')
    expect(text).toContain('- Engagement on these posts: 2 (↑ from 0)')
    expect(text).toContain('Open the reports: https://townhall.example/reports')
    expect(await digest.runDue()).toBe(0)
    w.t.clock.set(Date.UTC(2026, 2, 6, 12, 0))
    expect(await digest.runDue()).toBe(0)
    const runs = await w.t.ctx.db.kysely.selectFrom('report_digest_runs').selectAll().execute()
    expect(runs.map((r) => [r.week, r.recipients])).toEqual([['2026-03-02', 2]])
  })

  it('goes out again the next Monday, to whoever is still opted in', async () => {
    await w.manager.put(`${base}/reports/digest`, { weekly: false })
    w.t.clock.set(Date.UTC(2026, 2, 9, 7, 5))
    expect(await digest.runDue()).toBe(1)
    expect(smtp.received.at(-1)!.to).toEqual(['olivia@acme.example'])
    expect(textPart(smtp.received.at(-1)!.raw)).toContain('- Posts published: 0 (↓ from 1)')
  })
})

/**
 * The public page end to end on the Sandbox: every page type as server HTML with card tags and ETags,
 * the feeds and calendar files, the status page's rules, and `townhall giveaway verify` against the
 * served page (and against tampered copies of its record).
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { DrawRecord } from '../../src/campaigns/verify.js'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import type { Engine } from '../../src/db/database.js'
import { describeEachEngine } from '../support/db.js'
import { runScenario, type Scenario } from './scenario.js'
import { type CampaignRig, campaignRig } from './support.js'

function io(): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = []
  const errors: string[] = []
  return {
    lines,
    errors,
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    stdin: process.stdin,
    stdout: process.stdout,
  }
}

describeEachEngine('public page and giveaway verification', (engine: Engine) => {
  let r: CampaignRig
  let s: Scenario
  let server: ReturnType<typeof serve>
  let origin: string
  const get = (path: string, headers: Record<string, string> = {}) => r.app.request(path, { headers })

  beforeAll(async () => {
    r = await campaignRig(engine)
    s = await runScenario(r)
    server = serve({ fetch: r.app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise<void>((ok) => server.once('listening', () => ok()))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    await new Promise((ok) => server.close(ok))
    await r.close()
  })

  it('refuses a bad slug and a status update for a resolved incident, naming the field', async () => {
    const ws = `/api/workspaces/${r.workspaceId}/public-page`
    const bad = await r.owner.request<{ errors: unknown }>('PUT', ws, {
      slug: 'Not OK!',
      enabled: true,
      about: '',
      contact: {},
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors).toEqual([
      { field: 'slug', reason: 'use 1 to 48 lower-case letters, digits and dashes' },
    ])
    const late = await r.owner.post<{ errors: Array<{ field: string }> }>(
      `${ws}/status/incidents/${s.incidentId}/updates`,
      {
        state: 'monitoring',
        message: 'again?',
      },
    )
    expect(late.status).toBe(409)
    expect(late.body.errors[0]!.field).toBe('incidentId')
    const start = await r.owner.post<{ errors: unknown }>(`/api/workspaces/${r.workspaceId}/campaigns`, {
      title: 'x',
      prizes: [{ name: 'm', value: 1, currency: 'EUR', quantity: 1 }],
      winnerCount: 1,
      timeZone: 'Europe/Paris',
      startsAt: '2023-08-25T10:00',
      endsAt: '2023-08-24T10:00',
      entryMethods: [{ channelId: s.channelId, kind: 'reply' }],
      sponsor: { name: 'Acme', address: 'Paris' },
      freeMethod: 'Send a postcard to Acme.',
    })
    expect(start.status).toBe(400)
    expect(start.body.errors).toEqual([{ field: 'endsAt', reason: 'must be after startsAt' }])
  })

  it('serves the home page as HTML with card tags, and answers 304 to its ETag', async () => {
    const res = await get('/p/acme')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await res.text()
    expect(html).toContain('<meta property="og:title" content="Acme">')
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image">')
    expect(html).toContain('Acme makes the mugs townhalls drink from.')
    expect(html).toContain('mailto:hello@acme.example')
    expect(html).toContain('sandbox @')
    const etag = res.headers.get('etag')!
    expect(etag).toMatch(/^W\/"/)
    const again = await get('/p/acme', { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect((await get('/p/nobody')).status).toBe(404)
    const card = await get('/p/acme/card.svg?title=Hello')
    expect(card.headers.get('content-type')).toBe('image/svg+xml')
    expect(await card.text()).toContain('>Hello</text>')
  })

  it('shows the status page: components, the incident with its timed updates, 90 days, and support notices', async () => {
    const html = await (await get('/p/acme/status')).text()
    expect(html).toContain('Slow API')
    expect(html).toContain('<strong>resolved</strong>')
    expect(html).toContain('<strong>investigating</strong>')
    expect(html).toContain('Some cannot sign in.') // the support notice, open
    expect(html).toContain('Some systems are affected')
    expect(html.match(/<div class="bars"/g)).toHaveLength(2) // API and the notice's service
    const atom = await (await get('/p/acme/status.atom')).text()
    expect(atom).toContain('<title>Slow API: resolved</title>')
    const rss = await (await get('/p/acme/status.rss')).text()
    expect(rss).toContain('<title>Login: investigating</title>')
  })

  it('serves news with RSS and Atom, events with .ics files and a calendar feed', async () => {
    expect(await (await get('/p/acme/news')).text()).toContain('Mugs are back')
    const rss = await (await get('/p/acme/news.rss')).text()
    expect(rss).toContain('<rss version="2.0">')
    expect(rss).toContain('<title>Mugs are back</title>')
    expect(await (await get('/p/acme/news.atom')).text()).toContain(
      '<feed xmlns="http://www.w3.org/2005/Atom">',
    )
    const events = await (await get('/p/acme/events')).text()
    expect(events).toContain('Mug day')
    const one = await get(`/p/acme/events/${s.eventId}.ics`)
    expect(one.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    const ics = await one.text()
    expect(ics).toContain('DTSTART:20230901T080000Z')
    expect(ics).toContain('SUMMARY:Mug day')
    const feed = await (await get('/p/acme/events.ics')).text()
    expect(feed.match(/BEGIN:VEVENT/g)).toHaveLength(1)
    expect(feed).toContain('X-WR-CALNAME:Acme events')
  })

  it('shows the giveaway with its winners, rules, log and a verification that holds', async () => {
    expect(await (await get('/p/acme/giveaways')).text()).toContain('Win a Townhall mug')
    const html = await (await get(`/p/acme/giveaways/${s.campaignId}`)).text()
    expect(html).toContain('Verify the draw')
    expect(html).toContain('drand quicknet')
    expect(html).toContain('round 123')
    expect(html.match(/class="ok"/g)?.length).toBe(5)
    expect(html).not.toContain('class="fail"')
    expect(html).toContain('NO PURCHASE NECESSARY')
    expect(html).toContain(`@${s.botHandle} on sandbox flagged: `)
    expect(html).toContain('<li>11 entries on sandbox</li>')
    expect(html).toContain('<li>1 set aside: new account</li>')
    const record = (await (await get(`/p/acme/giveaways/${s.campaignId}/draw.json`)).json()) as DrawRecord
    expect(record.entries).toHaveLength(10)
    expect(record.entries!.some((e) => e.handle === s.botHandle)).toBe(false)
    expect(record.picked).toHaveLength(2)
  })

  it('townhall giveaway verify confirms the draw from the public page alone', async () => {
    const out = io()
    const env = {
      TOWNHALL_OUTBOUND_ALLOW: `127.0.0.1:${new URL(origin).port}`,
      TOWNHALL_DATA_DIR: '/tmp/none',
    }
    const code = await main(['giveaway', 'verify', `${origin}/p/acme/giveaways/${s.campaignId}`], out, env)
    expect(out.errors).toEqual([])
    expect(code).toBe(0)
    expect(out.lines.filter((l) => l.startsWith('ok  '))).toHaveLength(5)
    expect(out.lines.at(-1)).toMatch(/^Verified: the winners are @.+ \(sandbox\), @.+ \(sandbox\)\.$/)
    // without the allow-list, loopback is refused like any internal address
    const refused = io()
    expect(
      await main(['giveaway', 'verify', `${origin}/p/acme/giveaways/${s.campaignId}`], refused, {
        TOWNHALL_DATA_DIR: '/tmp/none',
      }),
    ).toBe(1)
    expect(refused.errors[0]).toMatch(/could not fetch .*127\.0\.0\.1/)
  })

  it('fails with a clear message on a tampered list or seed', async () => {
    const record = (await (await get(`/p/acme/giveaways/${s.campaignId}/draw.json`)).json()) as DrawRecord
    let served: DrawRecord = record
    const fake: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(served))
    })
    await new Promise<void>((ok) => fake.listen(0, '127.0.0.1', ok))
    const port = (fake.address() as AddressInfo).port
    const env = { TOWNHALL_OUTBOUND_ALLOW: `127.0.0.1:${port}`, TOWNHALL_DATA_DIR: '/tmp/none' }
    try {
      served = { ...record, entries: record.entries!.filter((e) => e.id !== record.picked[0]) }
      const list = io()
      expect(
        await main(['giveaway', 'verify', `http://127.0.0.1:${port}/p/acme/giveaways/x`], list, env),
      ).toBe(1)
      expect(list.lines.find((l) => l.startsWith('FAIL list'))).toMatch(
        /^FAIL list: the entry list does not match the hash published at the close .*: the list was changed$/,
      )
      expect(list.errors).toEqual([
        'NOT VERIFIED: the published draw does not hold (see the failed checks above).',
      ])
      served = { ...record, seed: 'ab'.repeat(32) }
      const seed = io()
      expect(await main(['giveaway', 'verify', `http://127.0.0.1:${port}/x/draw.json`], seed, env)).toBe(1)
      expect(seed.lines.find((l) => l.startsWith('FAIL seed'))).toMatch(
        /the seed does not match the commitment published at the start/,
      )
    } finally {
      await new Promise((ok) => fake.close(ok))
    }
  })
})

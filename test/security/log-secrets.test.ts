import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLogger } from '../../src/core/logger.js'
import { createApp } from '../../src/http/app.js'
import { redactedQuery } from '../../src/http/request-log.js'
import { registerPublishingJobs } from '../../src/publishing/publishing.module.js'
import { drain } from '../publishing/support.js'
import { createTestApp, OWNER, setupOwner, type TestApp, TestClient } from '../support/app.js'

/**
 * Issue #18 defect 3: a full scenario (setup, login, invitations, API token, approval link, webhook,
 * Sandbox channel, password reset) runs with the logger at `trace` writing into a buffer; no token,
 * password, cookie or secret the scenario used may appear in any line.
 */
describe('secrets never reach the log', () => {
  let t: TestApp
  const lines: string[] = []
  /** Every secret the scenario handled, with a label for the failure message. */
  const secrets = new Map<string, string>()
  const keep = (label: string, value: string | undefined) => {
    if (!value || value.length < 8) throw new Error(`scenario did not get a usable ${label}`)
    secrets.set(label, value)
  }

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean))
        done()
      },
    })
    t = await createTestApp('sqlite', { logger: createLogger('trace', sink) })
    registerPublishingJobs(t.ctx.queue, t.ctx.publishing)
    const { owner, workspaceId: ws } = await setupOwner(t.app)
    const base = `/api/workspaces/${ws}`
    keep('owner password', OWNER.password)
    keep('owner session cookie', owner.cookie.split('=')[1])
    keep('owner csrf token', owner.csrf)

    // A fresh login gives a second session.
    const again = new TestClient(t.app)
    const login = await again.post('/api/auth/login', { email: OWNER.email, password: OWNER.password })
    expect(login.status).toBe(200)
    keep('second session cookie', again.cookie.split('=')[1])
    const wrong = await new TestClient(t.app).post('/api/auth/login', {
      email: OWNER.email,
      password: 'a wrong guess of a password',
    })
    expect(wrong.status).toBe(401)
    keep('wrong password', 'a wrong guess of a password')

    // Invitations: one fetched and accepted, an admin one fetched and left open (still usable).
    const inv = await owner.post<{ token: string }>(`${base}/invitations`, { role: 'executive' })
    keep('accepted invitation token', inv.body.token)
    expect((await new TestClient(t.app).get(`/api/invitations/${inv.body.token}`)).status).toBe(200)
    const ceo = new TestClient(t.app)
    const memberPassword = 'the leaders own long password'
    keep('member password', memberPassword)
    const accepted = await ceo.post(`/api/invitations/${inv.body.token}/accept`, {
      name: 'Dana Ortiz',
      email: 'dana@acme.example',
      password: memberPassword,
    })
    expect(accepted.status).toBe(200)
    keep('member session cookie', ceo.cookie.split('=')[1])
    const open = await owner.post<{ token: string }>(`${base}/invitations`, { role: 'admin' })
    keep('open admin invitation token', open.body.token)
    const peek = await new TestClient(t.app).get(
      `/api/invitations/${open.body.token}?token=${open.body.token}`,
    )
    expect(peek.status).toBe(200)

    // A personal API token, created and used.
    const token = await owner.post<{ token: string }>('/api/me/tokens', { name: 'ci' })
    keep('API token', token.body.token)
    const bot = new TestClient(t.app)
    bot.bearer = token.body.token
    expect((await bot.get(`${base}/presences`)).status).toBe(200)

    // A webhook: the secret is shown once.
    const hook = await owner.post<{ secret: string }>(`${base}/webhooks`, {
      url: 'https://hooks.example.com/townhall',
      events: ['post.published'],
    })
    expect(hook.status).toBe(201)
    keep('webhook secret', hook.body.secret)

    // A Bluesky connect to a service the outbound guard refuses: the app password goes nowhere, logs included.
    const appPassword = 'abcd-efgh-ijkl-mnop'
    keep('Bluesky app password', appPassword)
    const bluesky = await owner.post(`${base}/channels/bluesky`, {
      handle: 'acme.bsky.social',
      appPassword,
      serviceUrl: 'http://127.0.0.1:9',
    })
    expect(bluesky.status).toBeGreaterThanOrEqual(400)
    expect(bluesky.status).toBeLessThan(500)

    // A Sandbox channel on a leader presence, a post and its one-tap approval link.
    const ceoMember = await ceo.get<{ memberId: string }>(`${base}/permissions`)
    const presence = await owner.post<{ id: string }>(`${base}/presences`, {
      kind: 'person',
      displayName: 'Dana Ortiz',
      memberId: ceoMember.body.memberId,
    })
    const channel = await owner.post<{ id: string }>(`${base}/channels/sandbox`, {
      presenceId: presence.body.id,
      ratePerMinute: 0,
    })
    expect(channel.status).toBe(201)
    const post = await owner.post<{ id: string }>(`${base}/posts`, {
      kind: 'free',
      parts: [{ text: 'Approve me from the phone' }],
      channelIds: [channel.body.id],
    })
    expect(post.status).toBe(201)
    const approval = await t.ctx.publishing.links.create(ws, post.body.id, ceoMember.body.memberId, 1)
    keep('approval link token', approval)
    await owner.post(`${base}/posts/${post.body.id}/submit`)
    const anon = new TestClient(t.app)
    expect((await anon.get(`/api/approvals/${approval}`)).status).toBe(200)
    expect((await anon.post(`/api/approvals/${approval}`, { decision: 'approve' })).status).toBe(200)
    expect((await owner.post(`${base}/posts/${post.body.id}/publish-now`)).status).toBe(200)
    await drain(t)

    // A password reset signs everyone out; the new password works.
    const newPassword = 'a brand new long password'
    keep('reset password', newPassword)
    const user = await t.ctx.users.resetPassword(OWNER.email, newPassword)
    await t.ctx.auth.logoutEverywhere(user.id)
    expect((await owner.get('/api/session')).status).toBe(401)
    expect((await new TestClient(t.app).get('/api/session')).status).toBe(401)
    const relog = new TestClient(t.app)
    expect((await relog.post('/api/auth/login', { email: OWNER.email, password: newPassword })).status).toBe(
      200,
    )
    keep('session cookie after reset', relog.cookie.split('=')[1])
    const noCsrf = await t.app.request(`${base}/presences`, {
      method: 'POST',
      headers: { cookie: relog.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'person', displayName: 'Forged' }),
    })
    expect(noCsrf.status).toBe(403)
    await relog.post('/api/auth/logout')
  })
  afterAll(async () => t.close())

  it('logged the scenario, each request under its route template', () => {
    const requests = lines
      .map((l) => JSON.parse(l) as { msg?: string; route?: string; query?: string })
      .filter((l) => l.msg === 'request')
    expect(requests.length).toBeGreaterThanOrEqual(20)
    const routes = new Set(requests.map((r) => r.route))
    expect(routes).toContain('/api/invitations/:token')
    expect(routes).toContain('/api/invitations/:token/accept')
    expect(routes).toContain('/api/approvals/:token')
    expect(routes).toContain('/api/workspaces/:workspaceId/webhooks')
    const peek = requests.find((r) => r.route === '/api/invitations/:token' && r.query)
    expect(peek?.query).toBe('token=%5Bredacted%5D')
  })

  it('marks sign-ins, refused credentials and refused access as security events', () => {
    const events = lines
      .map((l) => JSON.parse(l) as { level: number; route?: string; status?: number; security?: string })
      .filter((l) => l.security)
      .map((l) => `${l.level} ${l.security} ${l.route} ${l.status}`)
    // info for the two sign-ins; warn for the wrong password, the signed-out session, the missing CSRF header.
    expect(events.filter((e) => e.startsWith('30 auth.login /api/auth/login 200'))).toHaveLength(2)
    expect(events).toContain('40 auth.failed /api/auth/login 401')
    expect(events).toContain('40 auth.failed /api/session 401')
    expect(events).toContain('40 access.denied /api/workspaces/:workspaceId/presences 403')
    // A visitor with no session asking for one is not an event.
    expect(events.filter((e) => e.includes('/api/session 401'))).toHaveLength(1)
  })

  it('holds none of the secrets the scenario used', () => {
    expect(secrets.size).toBe(15)
    const found: string[] = []
    for (const [label, value] of secrets) {
      const forms = new Set([value, encodeURIComponent(value)])
      lines.forEach((line, i) => {
        for (const form of forms)
          if (line.includes(form)) found.push(`${label} in line ${i}: ${line.slice(0, 160)}`)
      })
    }
    expect(found).toEqual([])
  })

  it('redacts secret fields and secret-looking query parameters', () => {
    const out: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        out.push(String(chunk))
        done()
      },
    })
    const log = createLogger('info', sink)
    log.info(
      {
        password: 'pw-at-the-top',
        req: { headers: { authorization: 'Bearer tok-in-a-header', cookie: 'th_session=cookie-value' } },
        job: { payload: { secret: 'nested-secret' } },
        kept: 'visible',
      },
      'x',
    )
    const line = JSON.parse(out[0]!) as {
      password: string
      kept: string
      req: { headers: Record<string, string> }
      job: { payload: { secret: string } }
    }
    expect(line.password).toBe('[redacted]')
    expect(line.req.headers.authorization).toBe('[redacted]')
    expect(line.req.headers.cookie).toBe('[redacted]')
    expect(line.job.payload.secret).toBe('[redacted]')
    expect(line.kept).toBe('visible')
    expect(redactedQuery('/api/x?q=hello&access_token=abc&X-Api-Key=k&state=s&page=2')).toBe(
      'q=hello&access_token=%5Bredacted%5D&X-Api-Key=%5Bredacted%5D&state=%5Bredacted%5D&page=2',
    )
    expect(redactedQuery('/api/x')).toBeUndefined()
  })
})

describe('the route template with the web app served', () => {
  it("names the API route, not the web app's catch-all, and the route a middleware refused", async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const t = await createTestApp('sqlite', { logger: createLogger('info', sink) })
    const web = mkdtempSync(join(tmpdir(), 'townhall-web-'))
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>Townhall</title>')
    try {
      const app = createApp(t.ctx, { webDir: web })
      const { owner, workspaceId } = await setupOwner(app)
      expect((await owner.get(`/api/workspaces/${workspaceId}/presences`)).status).toBe(200)
      const forged = await app.request(`/api/workspaces/${workspaceId}/presences`, {
        method: 'POST',
        headers: { cookie: owner.cookie, 'content-type': 'application/json' },
        body: '{}',
      })
      expect(forged.status).toBe(403)
      expect((await app.request('/api/no-such-route')).status).toBe(404)
      const routes = lines
        .map((l) => JSON.parse(l) as { msg: string; method: string; route: string; status: number })
        .filter((l) => l.msg === 'request')
        .map((l) => `${l.method} ${l.route} ${l.status}`)
      expect(routes).toEqual([
        'POST /api/setup 201',
        'GET /api/workspaces/:workspaceId/presences 200',
        'POST /api/workspaces/:workspaceId/presences 403',
        'GET /* 404',
      ])
    } finally {
      rmSync(web, { recursive: true, force: true })
      await t.close()
    }
  })
})

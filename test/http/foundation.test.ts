import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { addMember, createTestApp, OWNER, setupOwner, type TestApp, TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'

describeEachEngine('foundation flow over HTTP', (engine: Engine) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(engine)
  })
  afterAll(async () => t.close())

  it('needs setup on a fresh install, and only once', async () => {
    const anon = new TestClient(t.app)
    expect((await anon.get('/api/setup')).body).toEqual({ needed: true })
    const { owner, workspaceId } = await setupOwner(t.app)
    expect(workspaceId).toMatch(/^[0-9a-z]{26}$/)
    const s = await owner.get<{ user: { email: string }; workspaces: Array<{ role: string; name: string }> }>(
      '/api/session',
    )
    expect(s.status).toBe(200)
    expect(s.body.user.email).toBe(OWNER.email)
    expect(s.body.workspaces[0]).toMatchObject({ role: 'owner', name: 'Acme' })
    expect((await anon.get('/api/setup')).body).toEqual({ needed: false })
    const again = await anon.post<{ type: string }>('/api/setup', { ...OWNER, email: 'x@acme.example' })
    expect(again.status).toBe(409)
    expect(again.body.type).toBe('urn:townhall:problem:conflict')
  })

  it('logs in, refuses a wrong password, and throttles repeated failures', async () => {
    const c = new TestClient(t.app)
    const bad = await c.post<{ status: number; type: string }>('/api/auth/login', {
      email: OWNER.email,
      password: 'wrong password!',
    })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('content-type')).toContain('application/problem+json')
    const ok = await c.post<{ user: { name: string } }>('/api/auth/login', {
      email: OWNER.email,
      password: OWNER.password,
    })
    expect(ok.status).toBe(200)
    expect(ok.body.user.name).toBe(OWNER.name)
    const victim = 'nobody@acme.example'
    for (let i = 0; i < 5; i++)
      await c.post('/api/auth/login', { email: victim, password: 'wrong password!' })
    const locked = await c.post('/api/auth/login', { email: victim, password: 'wrong password!' })
    expect(locked.status).toBe(429)
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    const out = await c.post('/api/auth/logout')
    expect(out.status).toBe(204)
    expect((await c.get('/api/session')).status).toBe(401)
  })

  it('requires the CSRF header for cookie-authenticated writes', async () => {
    const c = new TestClient(t.app)
    await c.post('/api/auth/login', { email: OWNER.email, password: OWNER.password })
    const ws = (await c.get<Array<{ id: string }>>('/api/workspaces')).body[0]!.id
    c.csrf = ''
    const r = await c.patch<{ detail: string }>(`/api/workspaces/${ws}`, { name: 'Hacked' })
    expect(r.status).toBe(403)
    expect(r.body.detail).toContain('x-csrf-token')
  })

  it('invites a viewer who sees presences but may not create one', async () => {
    const owner = new TestClient(t.app)
    await owner.post('/api/auth/login', { email: OWNER.email, password: OWNER.password })
    const wid = (await owner.get<Array<{ id: string }>>('/api/workspaces')).body[0]!.id
    const viewer = await addMember(t.app, owner, wid, 'viewer', 'vera.viewer@acme.example')
    const list = await viewer.get<Array<{ kind: string }>>(`/api/workspaces/${wid}/presences`)
    expect(list.status).toBe(200)
    expect(list.body.map((p) => p.kind)).toEqual(['brand'])
    const create = await viewer.post(`/api/workspaces/${wid}/presences`, {
      kind: 'person',
      displayName: 'Dana Ortiz',
    })
    expect(create.status).toBe(403)
    const perms = await viewer.get<{ role: string; allowed: string[] }>(`/api/workspaces/${wid}/permissions`)
    expect(perms.body.role).toBe('viewer')
    expect(perms.body.allowed).not.toContain('presence.manage')
  })

  it('lets an executive edit their own person presence but not another', async () => {
    const owner = new TestClient(t.app)
    await owner.post('/api/auth/login', { email: OWNER.email, password: OWNER.password })
    const wid = (await owner.get<Array<{ id: string }>>('/api/workspaces')).body[0]!.id
    const exec = await addMember(t.app, owner, wid, 'executive', 'dana@acme.example')
    const me = await exec.get<{ memberId: string }>(`/api/workspaces/${wid}/permissions`)
    const own = await owner.post<{ id: string; memberId: string }>(`/api/workspaces/${wid}/presences`, {
      kind: 'person',
      displayName: 'Dana Ortiz',
      title: 'CEO',
      memberId: me.body.memberId,
    })
    expect(own.status).toBe(201)
    expect(own.body.memberId).toBe(me.body.memberId)
    const other = await owner.post<{ id: string }>(`/api/workspaces/${wid}/presences`, {
      kind: 'person',
      displayName: 'Sam CFO',
    })
    const edit = await exec.patch<{ title: string }>(`/api/workspaces/${wid}/presences/${own.body.id}`, {
      title: 'Chief Executive',
    })
    expect(edit.status).toBe(200)
    expect(edit.body.title).toBe('Chief Executive')
    expect(
      (await exec.patch(`/api/workspaces/${wid}/presences/${other.body.id}`, { title: 'x' })).status,
    ).toBe(403)
  })

  it('lets an agent go away but refuses availability to an executive or a viewer, who are never assigned', async () => {
    const owner = new TestClient(t.app)
    await owner.post('/api/auth/login', { email: OWNER.email, password: OWNER.password })
    const wid = (await owner.get<Array<{ id: string }>>('/api/workspaces')).body[0]!.id
    const path = `/api/workspaces/${wid}/members/me/availability`
    const agent = await addMember(t.app, owner, wid, 'agent', 'avery@acme.example')
    const away = await agent.put<{ availability: string; role: string }>(path, { availability: 'away' })
    expect(away.status).toBe(200)
    expect(away.body).toMatchObject({ availability: 'away', role: 'agent' })
    const exec = await addMember(t.app, owner, wid, 'executive', 'erin@acme.example')
    const refused = await exec.put<{ type: string; errors: Array<{ field: string; reason: string }> }>(path, {
      availability: 'away',
    })
    expect(refused.status).toBe(400)
    expect(refused.headers.get('content-type')).toContain('application/problem+json')
    expect(refused.body.type).toBe('urn:townhall:problem:validation')
    expect(refused.body.errors).toEqual([
      { field: 'availability', reason: 'executives are not assigned conversations' },
    ])
    const members = await owner.get<Array<{ email: string; availability: string }>>(
      `/api/workspaces/${wid}/members`,
    )
    expect(members.body.find((m) => m.email === 'erin@acme.example')?.availability).toBe('available')
    const viewer = await addMember(t.app, owner, wid, 'viewer', 'quinn.readonly@acme.example')
    const no = await viewer.put<{ errors: Array<{ field: string; reason: string }> }>(path, {
      availability: 'away',
    })
    expect(no.status).toBe(400)
    expect(no.body.errors).toEqual([
      { field: 'availability', reason: 'viewers are not assigned conversations' },
    ])
  })
})

import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { createTestApp, setupOwner, type TestApp, TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'
import { documentedRoutes, fillPath, type RouteInfo } from './routes.js'

/**
 * A member of workspace B walks every workspace-scoped route with workspace A's ids and always gets
 * 404 — never 403 (which would reveal that A exists), never data.
 */
describeEachEngine('tenant isolation', (engine: Engine) => {
  let t: TestApp
  let a: Record<string, string>
  let b: TestClient
  let bWorkspace: string
  let routes: RouteInfo[]

  beforeAll(async () => {
    t = await createTestApp(engine)
    const { owner, workspaceId } = await setupOwner(t.app)
    const presence = await owner.post<{ id: string }>(`/api/workspaces/${workspaceId}/presences`, {
      kind: 'person',
      displayName: 'Dana Ortiz',
    })
    const invite = await owner.post<{ invitation: { id: string } }>(
      `/api/workspaces/${workspaceId}/invitations`,
      { role: 'agent' },
    )
    const perms = await owner.get<{ memberId: string }>(`/api/workspaces/${workspaceId}/permissions`)
    const channel = await t.ctx.channels.create(
      workspaceId,
      { presenceId: presence.body.id, network: 'sandbox', handle: 'acme.sandbox' },
      null,
    )
    a = {
      workspaceId,
      presenceId: presence.body.id,
      memberId: perms.body.memberId,
      id: invite.body.invitation.id,
      channelId: channel.id,
    }
    await t.ctx.users.create({ email: 'bob@other.example', name: 'Bob', password: 'bobs long password' })
    b = new TestClient(t.app)
    await b.post('/api/auth/login', { email: 'bob@other.example', password: 'bobs long password' })
    bWorkspace = (
      await b.post<{ id: string }>('/api/workspaces', { name: 'Other Co', timeZone: 'America/New_York' })
    ).body.id
    routes = documentedRoutes(t.app).filter((r) => r.params.includes('workspaceId'))
  })
  afterAll(async () => t.close())

  it('covers every workspace-scoped route', () => {
    expect(routes.length).toBeGreaterThanOrEqual(14)
  })

  it("answers 404 to every route on the other workspace's ids", async () => {
    const leaks: string[] = []
    for (const r of routes) {
      const path = fillPath(r.path, a, a.workspaceId!)
      const res = await b.request(r.method, path, r.hasBody ? {} : undefined)
      if (res.status !== 404) leaks.push(`${r.method} ${r.path} → ${res.status}`)
    }
    expect(leaks).toEqual([])
  })

  it("answers 404 in B's own workspace for A's resource ids", async () => {
    const leaks: string[] = []
    for (const r of routes.filter((x) => x.params.length > 1)) {
      const path = fillPath(r.path, { ...a, workspaceId: bWorkspace }, a.presenceId!)
      const res = await b.request(r.method, path, r.hasBody ? {} : undefined)
      // A 400 for an empty body is fine (validation runs before lookup); it reveals nothing of A.
      if (res.status !== 404 && res.status !== 400) leaks.push(`${r.method} ${r.path} → ${res.status}`)
    }
    expect(leaks).toEqual([])
    const presence = await b.get(`/api/workspaces/${bWorkspace}/presences/${a.presenceId}`)
    expect(presence.status).toBe(404)
  })

  it("still shows B its own workspace and nothing of A's", async () => {
    const list = await b.get<Array<{ id: string; name: string }>>('/api/workspaces')
    expect(list.body.map((w) => w.name)).toEqual(['Other Co'])
  })
})

import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'
import { documentedRoutes, fillPath, type RouteInfo } from './routes.js'

/**
 * Bad input never yields a 5xx: malformed JSON, wrong types, oversized bodies, unknown fields and
 * random bytes go to every documented route, and the answer is a 4xx problem; the app keeps serving.
 */
describe('bad input on every route', () => {
  let t: TestApp
  let owner: TestClient
  let ids: Record<string, string>
  let routes: RouteInfo[]

  beforeAll(async () => {
    t = await createTestApp('sqlite')
    const s = await setupOwner(t.app)
    owner = s.owner
    const presences = await owner.get<Array<{ id: string }>>(`/api/workspaces/${s.workspaceId}/presences`)
    const perms = await owner.get<{ memberId: string }>(`/api/workspaces/${s.workspaceId}/permissions`)
    ids = { workspaceId: s.workspaceId, presenceId: presences.body[0]!.id, memberId: perms.body.memberId }
    routes = documentedRoutes(t.app)
  })
  afterAll(async () => t.close())

  function wrongTypeBody(r: RouteInfo): Record<string, unknown> {
    const body: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(r.bodyProperties))
      body[k] = v.type === 'string' ? { nested: [1, 2] } : 'not-the-right-type'
    return Object.keys(body).length ? body : { unexpected: 42 }
  }

  const cases: Array<[string, (r: RouteInfo) => { body: BodyInit; type: string }]> = [
    ['malformed JSON', () => ({ body: '{"name": "x", ', type: 'application/json' })],
    ['a JSON array', () => ({ body: '[1,2,3]', type: 'application/json' })],
    ['a JSON string', () => ({ body: '"hello"', type: 'application/json' })],
    ['wrong types', (r) => ({ body: JSON.stringify(wrongTypeBody(r)), type: 'application/json' })],
    [
      'unknown fields only',
      () => ({ body: JSON.stringify({ zzUnknownField: true, __proto__x: 1 }), type: 'application/json' }),
    ],
    [
      'random bytes as JSON',
      () => ({ body: new Blob([new Uint8Array(randomBytes(512))]), type: 'application/json' }),
    ],
    [
      'random bytes as octet-stream',
      () => ({ body: new Blob([new Uint8Array(randomBytes(512))]), type: 'application/octet-stream' }),
    ],
    ['form data', () => ({ body: 'name=x&role=owner', type: 'application/x-www-form-urlencoded' })],
    [
      'an oversized body',
      () => ({ body: JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 10) }), type: 'application/json' }),
    ],
  ]

  it('documents the routes under test', () => {
    const withBody = routes.filter((r) => r.hasBody)
    expect(withBody.length).toBeGreaterThanOrEqual(12)
    expect(withBody.map((r) => `${r.method} ${r.path}`)).toContain(
      'POST /api/workspaces/{workspaceId}/presences',
    )
  })

  for (const [label, make] of cases) {
    it(`answers ${label} with a 4xx problem on every route that takes a body`, async () => {
      const failures: string[] = []
      for (const r of routes.filter((x) => x.hasBody)) {
        const { body, type } = make(r)
        const path = fillPath(r.path, ids, 'unknown-id-123')
        const res = await t.app.request(path, {
          method: r.method,
          body,
          headers: { 'content-type': type, cookie: owner.cookie, 'x-csrf-token': owner.csrf },
        })
        const ct = res.headers.get('content-type') ?? ''
        const problem = ct.includes('application/problem+json')
          ? ((await res.json()) as { status: number; type: string })
          : undefined
        if (
          res.status < 400 ||
          res.status >= 500 ||
          !problem ||
          problem.status !== res.status ||
          !problem.type.startsWith('urn:townhall:problem:')
        ) {
          failures.push(`${r.method} ${r.path} → ${res.status} ${ct}`)
        }
      }
      expect(failures).toEqual([])
    })
  }

  it('names the field and the reason for a wrong type', async () => {
    const r = await owner.post<{ errors: Array<{ field: string; reason: string }> }>(
      `/api/workspaces/${ids.workspaceId}/presences`,
      {
        kind: 'robot',
        displayName: 7,
        extra: 1,
      },
    )
    expect(r.status).toBe(400)
    const fields = r.body.errors.map((e) => e.field).sort()
    expect(fields).toEqual(['displayName', 'extra', 'kind'])
    expect(r.body.errors.find((e) => e.field === 'extra')?.reason).toBe('is not a known field')
  })

  it('answers odd path parameters with 4xx on every route', async () => {
    const failures: string[] = []
    const odd = ['%00', '..%2F..%2Fetc', 'x'.repeat(300), "' or 1=1 --", '%E0%A4%A']
    for (const r of routes.filter((x) => x.params.length > 0)) {
      for (const target of r.params) {
        for (const value of odd) {
          // One parameter is odd at a time; the others are real, so the odd one is what gets judged.
          const path = r.path.replace(/\{(\w+)\}/g, (_m, n: string) =>
            n === target ? value : (ids[n] ?? 'unknown-id-123'),
          )
          const res = await t.app.request(path, {
            method: r.method,
            body: r.hasBody ? '{}' : undefined,
            headers: { 'content-type': 'application/json', cookie: owner.cookie, 'x-csrf-token': owner.csrf },
          })
          if (res.status < 400 || res.status >= 500)
            failures.push(`${r.method} ${path.slice(0, 80)} → ${res.status}`)
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('keeps serving afterwards', async () => {
    expect((await t.app.request('/healthz')).status).toBe(200)
    const s = await owner.get<{ user: { email: string } }>('/api/session')
    expect(s.body.user.email).toBe('olivia@acme.example')
  })
})

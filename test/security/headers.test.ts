import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'

/** Response headers that keep browsers and caches from doing harm (docs/security.md, ASVS V8, V14). */
describe('security headers', () => {
  let t: TestApp
  let owner: TestClient
  let ws: string
  beforeAll(async () => {
    t = await createTestApp('sqlite')
    const s = await setupOwner(t.app)
    owner = s.owner
    ws = s.workspaceId
  })
  afterAll(async () => t.close())

  it('API answers are never cached, a new secret included', async () => {
    const token = await owner.post('/api/me/tokens', { name: 'ci' })
    expect(token.status).toBe(201)
    expect(token.headers.get('cache-control')).toBe('no-store')
    const missing = await owner.get(`/api/workspaces/${ws}/presences/nope-123`)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('cache-control')).toBe('no-store')
  })

  it('a media file keeps its own private caching', async () => {
    const png =
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
    const m = await owner.post<{ id: string }>(`/api/workspaces/${ws}/media`, {
      mimeType: 'image/png',
      dataBase64: png,
    })
    const r = await owner.request('GET', `/api/workspaces/${ws}/media/${m.body.id}`)
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toBe('private, max-age=86400')
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('every answer says nosniff, a same-origin CSP and no framing by others', async () => {
    const r = await owner.get('/api/session')
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(r.headers.get('referrer-policy')).toBe('no-referrer')
  })
})

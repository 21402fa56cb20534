import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildConfig } from '../../src/config/config.js'
import { createLogger } from '../../src/core/logger.js'
import { type RunningServer, startServer } from '../../src/http/server.js'
import { sandboxPerson } from '../../src/networks/sandbox/sandbox.people.js'
import { createTestApp, setupOwner, type TestApp, TestClient } from '../support/app.js'

describe('operations endpoints', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp('sqlite')
  })
  afterAll(async () => t.close())

  it('serves an OpenAPI 3.1 document and a readable reference', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      openapi: string
      paths: Record<string, unknown>
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toContain('/api/workspaces/{workspaceId}/presences')
    const html = await (await t.app.request('/api/docs')).text()
    expect(html).toContain('<code>/api/workspaces/{workspaceId}/members</code>')
  })

  it("serves the Sandbox people's avatars at their short address, and refuses a malformed one", async () => {
    const person = sandboxPerson(42, 7)
    expect(person.avatarUrl).toMatch(/^\/sandbox\/avatars\/[^/]+-[0-9a-f]{6}\.svg$/)
    const res = await t.app.request(person.avatarUrl)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8')
    expect(res.headers.get('cache-control')).toContain('immutable')
    const svg = await res.text()
    const initials = decodeURIComponent(person.avatarUrl.split('/').pop()!.split('-')[0]!)
    expect(initials).toHaveLength(2)
    expect(svg).toContain(`>${initials}</text>`)
    expect(svg).toContain(`fill="#${person.avatarUrl.slice(-10, -4)}"`)
    const escaped = await (
      await t.app.request(`/sandbox/avatars/${encodeURIComponent('<&')}-123abc.svg`)
    ).text()
    expect(escaped).toContain('>&lt;&amp;</text>')
    const bad = await t.app.request('/sandbox/avatars/JD-notacolor.svg')
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { errors: Array<{ field: string; reason: string }> }
    expect(body.errors[0]).toEqual({ field: 'file', reason: 'must be <initials>-<rrggbb>.svg' })
    const long = (await (await t.app.request('/sandbox/avatars/ABCDE-123abc.svg')).json()) as typeof body
    expect(long.errors[0]!.field).toBe('initials')
  })

  it('counts requests in Prometheus format', async () => {
    await t.app.request('/api/setup')
    const text = await (await t.app.request('/metrics')).text()
    expect(text).toMatch(/townhall_http_requests_total\{method="GET",route="\/api\/setup",status="200"\} \d+/)
    expect(text).toContain('# TYPE townhall_http_request_duration_seconds histogram')
  })

  it("reports SQLite's background checkpointer", async () => {
    // @NOTE the migrations left a log; the worker copies it back once nothing was committed for a second (ADR 0019).
    const cp = t.ctx.db.checkpointer!
    for (let i = 0; i < 100 && cp.status().checkpoints === 0; i++)
      await new Promise((r) => setTimeout(r, 100))
    const text = await (await t.app.request('/metrics')).text()
    expect(text).toContain('townhall_sqlite_checkpointer_running 1')
    const n = Number(/^townhall_sqlite_checkpoints (\d+)$/m.exec(text)?.[1])
    expect(n).toBeGreaterThanOrEqual(1)
    expect(text).toContain('# TYPE townhall_sqlite_wal_frames gauge')
  })

  it('echoes a sane request id and replaces an unsafe one', async () => {
    const ok = await t.app.request('/healthz', { headers: { 'x-request-id': 'abc-123' } })
    expect(ok.headers.get('x-request-id')).toBe('abc-123')
    const bad = await t.app.request('/healthz', { headers: { 'x-request-id': 'evil<script>;drop' } })
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-z]{26}$/)
  })

  it('never returns channel credentials or password hashes from the API', async () => {
    const { owner, workspaceId } = await setupOwner(t.app)
    const brand = (await owner.get<Array<{ id: string }>>(`/api/workspaces/${workspaceId}/presences`))
      .body[0]!
    await t.ctx.channels.create(
      workspaceId,
      { presenceId: brand.id, network: 'sandbox', handle: 'x', credentials: { secret: 'hunter2-hunter2' } },
      null,
    )
    const responses = await Promise.all(
      [
        '/api/session',
        `/api/workspaces/${workspaceId}/members`,
        `/api/workspaces/${workspaceId}/presences`,
        `/api/workspaces/${workspaceId}/audit`,
      ].map((p) => owner.get(p)),
    )
    for (const r of responses) {
      expect(r.status).toBe(200)
      const text = JSON.stringify(r.body)
      expect(text).not.toContain('hunter2')
      expect(text).not.toContain('scrypt$')
    }
  })
})

describe('logs', () => {
  it('redact secrets even when a caller passes them', () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _e, cb) {
        lines.push(chunk.toString())
        cb()
      },
    })
    const log = createLogger('info', sink)
    log.info(
      {
        password: 'pw-123456789',
        credentials: { appPassword: 'abcd' },
        user: { token: 'tok-1' },
        ok: 'visible',
      },
      'x',
    )
    const entry = JSON.parse(lines[0]!) as Record<string, unknown>
    expect(entry.password).toBe('[redacted]')
    expect(entry.credentials).toBe('[redacted]')
    expect((entry.user as Record<string, unknown>).token).toBe('[redacted]')
    expect(entry.ok).toBe('visible')
  })
})

describe('readiness by role', () => {
  let dataDir: string
  const servers: RunningServer[] = []
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'townhall-ready-'))
  })
  afterAll(async () => {
    for (const s of servers) await s.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('an API-only process is not ready until a worker beats, then it is', async () => {
    const base = { dataDir, port: '0', host: '127.0.0.1', logLevel: 'silent' }
    const api = await startServer(buildConfig({ ...base, role: 'api' }), { logger: createLogger('silent') })
    servers.push(api)
    const before = await fetch(`${api.url}/readyz`)
    expect(before.status).toBe(503)
    expect(((await before.json()) as { workers: boolean }).workers).toBe(false)
    const worker = await startServer(buildConfig({ ...base, role: 'worker' }), {
      logger: createLogger('silent'),
    })
    servers.push(worker)
    expect(worker.url).toBeUndefined()
    const after = await fetch(`${api.url}/readyz`)
    expect(after.status).toBe(200)
    expect(await after.json()).toEqual({
      status: 'ready',
      database: true,
      migrationsPending: [],
      workers: true,
      paused: false,
    })
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200)
    const c = new TestClient({ request: (p: string, i?: RequestInit) => fetch(`${api.url}${p}`, i) } as never)
    expect((await c.get('/api/setup')).body).toEqual({ needed: true })
  })
})

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../../src/config/config.js'
import { type AppContext, createContext } from '../../src/context.js'
import { ManualClock } from '../../src/core/clock.js'
import { createLogger, type Logger } from '../../src/core/logger.js'
import type { OutboundClient } from '../../src/core/outbound/outbound.client.js'
import type { Engine } from '../../src/db/database.js'
import { createApp } from '../../src/http/app.js'
import type { App } from '../../src/http/env.js'
import { openTestDb, type TestDb } from './db.js'

/** An in-process app on a fresh database; requests go through `app.request` (no port). */
export interface TestApp {
  app: App
  ctx: AppContext
  db: TestDb
  clock: ManualClock
  close(): Promise<void>
}

export interface TestAppOptions {
  /** Default: a silent logger. The security log scan passes one that writes into a buffer. */
  logger?: Logger
  /** TOWNHALL_OUTBOUND_ALLOW for this app: the local servers (receiver, PDS) the test lets it reach. */
  outboundAllow?: string
  /** An outbound client of the test's own (the SSRF test's rebinding resolver). */
  outbound?: OutboundClient
}

export async function createTestApp(engine: Engine = 'sqlite', opts: TestAppOptions = {}): Promise<TestApp> {
  const db = await openTestDb(engine)
  const dataDir = mkdtempSync(join(tmpdir(), 'townhall-data-'))
  const config = buildConfig({ dataDir, logLevel: 'silent', port: '0', outboundAllow: opts.outboundAllow })
  const clock = new ManualClock(Date.UTC(2026, 2, 2, 9, 0, 0))
  const ctx = createContext(config, {
    db,
    clock,
    logger: opts.logger ?? createLogger('silent'),
    outbound: opts.outbound,
  })
  const app = createApp(ctx, { webDir: join(dataDir, 'no-web') })
  return {
    app,
    ctx,
    db,
    clock,
    async close() {
      await ctx.close()
      await db.destroy()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export interface Reply<T = unknown> {
  status: number
  body: T
  headers: Headers
}

/** A browser-like client: keeps the session cookie and sends the CSRF header on writes. */
export class TestClient {
  cookie = ''
  csrf = ''
  bearer = ''
  constructor(private readonly app: App) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const h: Record<string, string> = { ...headers }
    if (this.cookie) h.cookie = this.cookie
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf
    let payload: string | undefined
    if (body !== undefined) {
      payload = typeof body === 'string' ? body : JSON.stringify(body)
      h['content-type'] ??= 'application/json'
    }
    const res = await this.app.request(path, { method, headers: h, body: payload })
    const setCookie = res.headers.get('set-cookie')
    if (setCookie) {
      const m = /th_session=([^;]*)/.exec(setCookie)
      if (m) this.cookie = m[1] ? `th_session=${m[1]}` : ''
    }
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {}
    const maybe = parsed as { csrfToken?: string } | null
    if (maybe && typeof maybe === 'object' && typeof maybe.csrfToken === 'string') this.csrf = maybe.csrfToken
    return { status: res.status, body: parsed as T, headers: res.headers }
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path)
  }
  post<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {})
  }
  patch<T = Record<string, unknown>>(path: string, body: unknown) {
    return this.request<T>('PATCH', path, body)
  }
  put<T = Record<string, unknown>>(path: string, body: unknown) {
    return this.request<T>('PUT', path, body)
  }
  delete<T = Record<string, unknown>>(path: string) {
    return this.request<T>('DELETE', path)
  }
}

export const OWNER = {
  name: 'Olivia Owner',
  email: 'olivia@acme.example',
  password: 'correct horse battery',
  workspaceName: 'Acme',
  timeZone: 'Europe/Berlin',
}

/** Runs first-run setup and returns the signed-in owner client and workspace id. */
export async function setupOwner(app: App): Promise<{ owner: TestClient; workspaceId: string }> {
  const owner = new TestClient(app)
  const r = await owner.post<{ currentWorkspaceId: string }>('/api/setup', OWNER)
  if (r.status !== 201) throw new Error(`setup failed: ${r.status} ${JSON.stringify(r.body)}`)
  return { owner, workspaceId: r.body.currentWorkspaceId }
}

/** Invites someone with `role` and has them sign up through the link; returns their client. */
export async function addMember(
  app: App,
  owner: TestClient,
  workspaceId: string,
  role: string,
  email: string,
): Promise<TestClient> {
  const inv = await owner.post<{ token: string }>(`/api/workspaces/${workspaceId}/invitations`, { role })
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${JSON.stringify(inv.body)}`)
  const c = new TestClient(app)
  const r = await c.post(`/api/invitations/${inv.body.token}/accept`, {
    name: `${role} person`,
    email,
    password: 'another long password',
  })
  if (r.status !== 200) throw new Error(`accept failed: ${r.status} ${JSON.stringify(r.body)}`)
  return c
}

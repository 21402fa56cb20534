import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { buildConfig } from '../../src/config/config.js'
import { createContext } from '../../src/context.js'
import { createLogger } from '../../src/core/logger.js'
import type { Engine } from '../../src/db/database.js'
import { createApp } from '../../src/http/app.js'
import { createTestApp, OWNER, setupOwner, type TestApp, TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'

type Problem = { errors: Array<{ field: string; reason: string }> }
type Token = { token: string; info: { id: string } }

/** Issue #18 defect 2: personal API tokens survived a password reset ("sign out everywhere"). */
describeEachEngine('POST /api/me/sign-out-everywhere', (engine: Engine) => {
  let t: TestApp
  let here: TestClient
  let elsewhere: TestClient

  const signIn = async () => {
    const c = new TestClient(t.app)
    const r = await c.post('/api/auth/login', { email: OWNER.email, password: OWNER.password })
    expect(r.status).toBe(200)
    return c
  }
  const bearer = (token: string) => {
    const c = new TestClient(t.app)
    c.bearer = token
    return c
  }
  const mint = async (name: string) => {
    const r = await here.post<Token>('/api/me/tokens', { name })
    expect(r.status).toBe(201)
    return r.body
  }

  beforeAll(async () => {
    t = await createTestApp(engine)
    here = (await setupOwner(t.app)).owner
    elsewhere = await signIn()
  })
  afterAll(async () => t.close())

  it('ends the other sessions and revokes every token, keeping the session that asked', async () => {
    const a = await mint('script a')
    const b = await mint('script b')
    expect((await bearer(a.token).get('/api/workspaces')).status).toBe(200)
    const r = await here.post<{ sessionsEnded: number; tokensRevoked: number }>(
      '/api/me/sign-out-everywhere',
      {},
    )
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ sessionsEnded: 1, tokensRevoked: 2 })
    expect((await elsewhere.get('/api/session')).status).toBe(401)
    expect((await bearer(a.token).get('/api/workspaces')).status).toBe(401)
    expect((await bearer(b.token).get('/api/me/tokens')).status).toBe(401)
    expect((await here.get('/api/session')).status).toBe(200)
    const list = await here.get<Array<{ id: string; revokedAt: number | null }>>('/api/me/tokens')
    expect(list.body.filter((x) => [a.info.id, b.info.id].includes(x.id)).map((x) => x.revokedAt)).toEqual([
      t.clock.now(),
      t.clock.now(),
    ])
  })

  it('keeps exactly the tokens listed in keepTokens', async () => {
    elsewhere = await signIn()
    const keep = await mint('keep me')
    const drop = await mint('drop me')
    const r = await here.post<{ sessionsEnded: number; tokensRevoked: number }>(
      '/api/me/sign-out-everywhere',
      {
        keepTokens: [keep.info.id],
      },
    )
    expect(r.body).toEqual({ sessionsEnded: 1, tokensRevoked: 1 })
    expect((await bearer(keep.token).get('/api/workspaces')).status).toBe(200)
    expect((await bearer(drop.token).get('/api/workspaces')).status).toBe(401)
    expect((await elsewhere.get('/api/session')).status).toBe(401)
  })

  it('refuses a keepTokens id that is not one of your active tokens, and changes nothing', async () => {
    elsewhere = await signIn()
    const live = await mint('still live')
    const revoked = await mint('revoked already')
    await here.delete(`/api/me/tokens/${revoked.info.id}`)
    const r = await here.post<Problem>('/api/me/sign-out-everywhere', {
      keepTokens: [live.info.id, revoked.info.id],
    })
    expect(r.status).toBe(400)
    expect(r.body.errors).toEqual([{ field: 'keepTokens.1', reason: 'is not one of your active tokens' }])
    expect((await bearer(live.token).get('/api/workspaces')).status).toBe(200)
    expect((await elsewhere.get('/api/session')).status).toBe(200)
  })

  it('called with a token, signs out every session and revokes that token too', async () => {
    const s = await mint('caller')
    const r = await bearer(s.token).post<{ sessionsEnded: number; tokensRevoked: number }>(
      '/api/me/sign-out-everywhere',
      {},
    )
    expect(r.status).toBe(200)
    expect(r.body.sessionsEnded).toBe(2)
    expect((await bearer(s.token).get('/api/workspaces')).status).toBe(401)
    expect((await here.get('/api/session')).status).toBe(401)
  })

  it('needs a signed-in caller', async () => {
    const r = await new TestClient(t.app).post('/api/me/sign-out-everywhere', {})
    expect(r.status).toBe(401)
  })
})

function io(stdin = ''): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = []
  const errors: string[] = []
  return {
    lines,
    errors,
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    stdin: Readable.from([stdin]),
    stdout: new Writable({ write: (_c, _e, cb) => cb() }),
  }
}

describe('townhall user reset-password', () => {
  let dataDir: string
  let env: NodeJS.ProcessEnv
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'townhall-reset-'))
    env = { TOWNHALL_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
    expect(
      await main(
        ['user', 'create', '--email', 'ops@acme.example', '--name', 'Ops'],
        io('a long enough password\n'),
        env,
      ),
    ).toBe(0)
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  /** Runs `fn` against an app on the CLI's data directory. */
  async function withApp<T>(fn: (c: (token: string) => TestClient) => Promise<T>): Promise<T> {
    const ctx = createContext(buildConfig({ dataDir, logLevel: 'silent' }), {
      logger: createLogger('silent'),
    })
    try {
      const app = createApp(ctx, { webDir: join(dataDir, 'no-web') })
      return await fn((token) => {
        const c = new TestClient(app)
        c.bearer = token
        return c
      })
    } finally {
      await ctx.close()
    }
  }
  const mint = async (name: string) => {
    const c = io()
    expect(await main(['token', 'create', '--email', 'ops@acme.example', '--name', name], c, env)).toBe(0)
    return c.lines[0]!
  }

  it('refuses (401) a token created before the reset', async () => {
    const token = await mint('deploy script')
    await withApp(async (as) => expect((await as(token).get('/api/workspaces')).status).toBe(200))
    const r = io('a brand new password\n')
    expect(await main(['user', 'reset-password', '--email', 'ops@acme.example'], r, env)).toBe(0)
    expect(r.lines[0]).toBe(
      'password reset for ops@acme.example; their sessions were signed out and 1 API token(s) revoked',
    )
    await withApp(async (as) => {
      const res = await as(token).get<{ detail: string }>('/api/workspaces')
      expect(res.status).toBe(401)
      expect(res.body.detail).toBe('The API token is missing, unknown, revoked or expired.')
    })
  })

  it('keeps the tokens named with --keep-tokens, and refuses an unknown one before changing anything', async () => {
    const kept = await mint('kept')
    const dropped = await mint('dropped')
    const keptId = await withApp(
      async (as) =>
        (await as(kept).get<Array<{ id: string; name: string }>>('/api/me/tokens')).body.find(
          (x) => x.name === 'kept',
        )!.id,
    )
    const bad = io('yet another password\n')
    expect(
      await main(
        ['user', 'reset-password', '--email', 'ops@acme.example', '--keep-tokens', 'nope'],
        bad,
        env,
      ),
    ).toBe(1)
    expect(bad.errors[0]).toBe('error: keepTokens.0: is not one of your active tokens')
    await withApp(async (as) => expect((await as(dropped).get('/api/workspaces')).status).toBe(200))
    const r = io('yet another password\n')
    expect(
      await main(['user', 'reset-password', '--email', 'ops@acme.example', '--keep-tokens', keptId], r, env),
    ).toBe(0)
    expect(r.lines[0]).toContain(`1 API token(s) revoked (kept ${keptId})`)
    await withApp(async (as) => {
      expect((await as(kept).get('/api/workspaces')).status).toBe(200)
      expect((await as(dropped).get('/api/workspaces')).status).toBe(401)
    })
  })
})

import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import SQLite from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { buildConfig } from '../../src/config/config.js'
import { createContext } from '../../src/context.js'
import { createLogger } from '../../src/core/logger.js'

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

describe('townhall CLI', () => {
  let dataDir: string
  let env: NodeJS.ProcessEnv
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'townhall-cli-'))
    env = { TOWNHALL_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  it('migrates, then reports the database up to date', async () => {
    const a = io()
    expect(await main(['migrate'], a, env)).toBe(0)
    expect(a.lines[0]).toContain('0001-foundation')
    const b = io()
    expect(await main(['migrate'], b, env)).toBe(0)
    expect(b.lines[0]).toBe('database is up to date')
  })

  it('creates a user with the password from stdin and refuses a short one', async () => {
    const ok = io('a long enough password\n')
    expect(await main(['user', 'create', '--email', 'Ops@Acme.example', '--name', 'Ops'], ok, env)).toBe(0)
    expect(ok.lines[0]).toMatch(/^created user ops@acme\.example \(/)
    const short = io('short\n')
    expect(await main(['user', 'create', '--email', 'x@acme.example', '--name', 'X'], short, env)).toBe(1)
    expect(short.errors[0]).toBe('error: password: must be at least 10 characters')
  })

  it('creates a personal API token that authenticates, stored only as a hash, and revokes it', async () => {
    const c = io()
    expect(
      await main(['token', 'create', '--email', 'ops@acme.example', '--name', 'deploy script'], c, env),
    ).toBe(0)
    const token = c.lines[0]!
    expect(token).toMatch(/^thpat_[A-Za-z0-9_-]{40,}$/)
    const ctx = createContext(buildConfig({ dataDir, logLevel: 'silent' }), {
      logger: createLogger('silent'),
    })
    try {
      const found = await ctx.tokens.authenticate(token)
      expect(found?.user.email).toBe('ops@acme.example')
      const rows = await ctx.db.kysely.selectFrom('api_tokens').selectAll().execute()
      expect(rows).toHaveLength(1)
      expect(rows[0]!.token_hash).not.toContain(token.slice(6, 20))
      const r = io()
      expect(
        await main(['token', 'revoke', '--email', 'ops@acme.example', '--id', found!.tokenId], r, env),
      ).toBe(0)
      expect(await ctx.tokens.authenticate(token)).toBeUndefined()
    } finally {
      await ctx.close()
    }
  })

  it('resets a password and signs the user out everywhere', async () => {
    const r = io('a brand new password\n')
    expect(await main(['user', 'reset-password', '--email', 'ops@acme.example'], r, env)).toBe(0)
    expect(r.lines[0]).toContain('password reset for ops@acme.example')
  })

  it('backs up the live SQLite database to a readable copy', async () => {
    const out = join(dataDir, 'copy.sqlite')
    const b = io()
    expect(await main(['backup', '--out', out], b, env)).toBe(0)
    expect(statSync(out).size).toBeGreaterThan(0)
    const copy = new SQLite(out, { readonly: true })
    const users = copy.prepare('select email from users').all() as Array<{ email: string }>
    copy.close()
    expect(users.map((u) => u.email)).toEqual(['ops@acme.example'])
  })

  it('doctor passes on a healthy setup and names the secret key file with mode 600', async () => {
    const d = io()
    const code = await main(['doctor'], d, env)
    const text = d.lines.join('\n')
    expect(text).toContain('✓ database reachable (sqlite)')
    expect(text).toContain('✓ migrations applied')
    expect(text).toMatch(/✓ secret key file .*secret\.key \(fingerprint [0-9a-f]{12}, mode 600\)/)
    expect(code).toBe(text.includes('✗') ? 1 : 0)
  })

  it('doctor explains a bad configuration', async () => {
    const d = io()
    expect(await main(['doctor'], d, { ...env, TOWNHALL_SECRET_KEY: 'too-short' })).toBe(1)
    expect(d.lines[0]).toContain('TOWNHALL_SECRET_KEY must be 32 bytes')
  })

  it('rejects unknown commands and flags with usage', async () => {
    const u = io()
    expect(await main(['frobnicate'], u, env)).toBe(2)
    expect(u.errors[0]).toContain('unknown command "frobnicate"')
    const f = io()
    expect(await main(['migrate', '--bogus'], f, env)).toBe(2)
  })
})

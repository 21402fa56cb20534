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
import { type Engine, migrateTo, migrateToLatest } from '../../src/db/database.js'
import { createTestApp, setupOwner, type TestApp, TestClient } from '../support/app.js'
import { describeEachEngine, openTestDb } from '../support/db.js'

type Problem = {
  type: string
  status: number
  detail: string
  errors?: Array<{ field: string; reason: string }>
}
type Instance = {
  workspaceCreation: 'owners' | 'everyone'
  paused: { since: number; reason: string } | null
  you: { instanceOwner: boolean; canCreateWorkspaces: boolean }
}

const REFUSAL =
  'Only instance owners may create workspaces on this Townhall (instance setting workspaceCreation is "owners"). Ask an instance owner to create the workspace and invite you, or to allow everyone.'

/** Issue #18 defect 5: any signed-in account could create a workspace (and so own one). */
describeEachEngine('who may create workspaces', (engine: Engine) => {
  let t: TestApp
  let owner: TestClient
  let bob: TestClient

  beforeAll(async () => {
    t = await createTestApp(engine)
    owner = (await setupOwner(t.app)).owner
    await t.ctx.users.create({ email: 'bob@acme.example', name: 'Bob', password: 'bobs long password' })
    bob = new TestClient(t.app)
    expect(
      (await bob.post('/api/auth/login', { email: 'bob@acme.example', password: 'bobs long password' }))
        .status,
    ).toBe(200)
  })
  afterAll(async () => t.close())

  it('makes the first-run owner an instance owner; the default is instance owners only', async () => {
    const me = await owner.get<Instance>('/api/instance')
    expect(me.body).toEqual({
      workspaceCreation: 'owners',
      paused: null,
      you: { instanceOwner: true, canCreateWorkspaces: true },
    })
    const other = await bob.get<Instance>('/api/instance')
    expect(other.body.you).toEqual({ instanceOwner: false, canCreateWorkspaces: false })
  })

  it('owners: an instance owner creates a workspace (201), anyone else gets a 403 that names the setting', async () => {
    const ok = await owner.post<{ name: string; role: string }>('/api/workspaces', {
      name: 'Second',
      timeZone: 'UTC',
    })
    expect(ok.status).toBe(201)
    expect(ok.body.role).toBe('owner')
    const refused = await bob.post<Problem>('/api/workspaces', { name: 'Bobs', timeZone: 'UTC' })
    expect(refused.status).toBe(403)
    expect(refused.body.detail).toBe(REFUSAL)
    const mine = await bob.get<Array<{ id: string }>>('/api/workspaces')
    expect(mine.body).toEqual([])
  })

  it('only an instance owner may change the setting', async () => {
    const r = await bob.patch<Problem>('/api/instance', { workspaceCreation: 'everyone' })
    expect(r.status).toBe(403)
    expect(r.body.detail).toBe('Only an instance owner may change how this Townhall install runs.')
    expect((await owner.get<Instance>('/api/instance')).body.workspaceCreation).toBe('owners')
    const bad = await owner.patch<Problem>('/api/instance', { workspaceCreation: 'anyone' })
    expect(bad.status).toBe(400)
  })

  it('everyone: any signed-in account creates a workspace, and owners can close it again', async () => {
    const set = await owner.patch<Instance>('/api/instance', { workspaceCreation: 'everyone' })
    expect(set.status).toBe(200)
    expect(set.body.workspaceCreation).toBe('everyone')
    expect((await bob.get<Instance>('/api/instance')).body.you.canCreateWorkspaces).toBe(true)
    const ok = await bob.post<{ name: string; role: string }>('/api/workspaces', {
      name: 'Bobs',
      timeZone: 'UTC',
    })
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ name: 'Bobs', role: 'owner' })
    await owner.patch('/api/instance', { workspaceCreation: 'owners' })
    expect((await bob.post('/api/workspaces', { name: 'Again', timeZone: 'UTC' })).status).toBe(403)
  })

  it('migration 0020 makes the first user of an existing install its instance owner', async () => {
    const db = await openTestDb(engine, { migrate: false })
    try {
      await migrateTo(db, '0019-jobs-queue')
      const row = (id: string, at: number) => ({
        id,
        email: `${id}@acme.example`,
        name: id,
        password_hash: 'x',
        created_at: at,
        updated_at: at,
        last_login_at: null,
      })
      // @NOTE the table has no instance_owner column yet: insert through an untyped handle.
      await (db.kysely as unknown as import('kysely').Kysely<Record<string, Record<string, unknown>>>)
        .insertInto('users')
        .values([row('later', 2000), row('first', 1000)])
        .execute()
      await migrateToLatest(db)
      const users = await db.kysely
        .selectFrom('users')
        .select(['id', 'instance_owner'])
        .orderBy('id')
        .execute()
      expect(users).toEqual([
        { id: 'first', instance_owner: 1 },
        { id: 'later', instance_owner: 0 },
      ])
    } finally {
      await db.destroy()
    }
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

describe('townhall user grant-owner / revoke-owner', () => {
  let dataDir: string
  let env: NodeJS.ProcessEnv
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'townhall-owner-'))
    env = { TOWNHALL_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }
    for (const [email, name] of [
      ['first@acme.example', 'First'],
      ['second@acme.example', 'Second'],
    ])
      expect(
        await main(
          ['user', 'create', '--email', email!, '--name', name!],
          io('a long enough password\n'),
          env,
        ),
      ).toBe(0)
  })
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

  const owners = async () => {
    const ctx = createContext(buildConfig({ dataDir, logLevel: 'silent' }), {
      logger: createLogger('silent'),
    })
    try {
      const rows = await ctx.db.kysely
        .selectFrom('users')
        .select('email')
        .where('instance_owner', '=', 1)
        .orderBy('email')
        .execute()
      return rows.map((r) => r.email)
    } finally {
      await ctx.close()
    }
  }

  it('the first user created on an empty install is the instance owner', async () => {
    expect(await owners()).toEqual(['first@acme.example'])
  })

  it('grants and revokes, but never removes the last instance owner', async () => {
    const g = io()
    expect(await main(['user', 'grant-owner', '--email', 'second@acme.example'], g, env)).toBe(0)
    expect(g.lines).toEqual(['second@acme.example is now an instance owner'])
    expect(await owners()).toEqual(['first@acme.example', 'second@acme.example'])
    expect(await main(['user', 'revoke-owner', '--email', 'first@acme.example'], io(), env)).toBe(0)
    expect(await owners()).toEqual(['second@acme.example'])
    const last = io()
    expect(await main(['user', 'revoke-owner', '--email', 'second@acme.example'], last, env)).toBe(1)
    expect(last.errors).toEqual(['error: email: is the last instance owner; grant another one first'])
    expect(await owners()).toEqual(['second@acme.example'])
  })
})

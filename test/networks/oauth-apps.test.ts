import { afterAll, beforeAll, expect, test } from 'vitest'
import { buildConfig, ConfigError } from '../../src/config/config.js'
import type { Engine } from '../../src/db/database.js'
import { OAuthAppStore } from '../../src/networks/oauth/oauth-app.store.js'
import { addMember, createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'

describeEachEngine('network apps (oauth_apps) per workspace and per install', (engine: Engine) => {
  let t: TestApp
  let owner: TestClient
  let manager: TestClient
  let workspaceId: string

  beforeAll(async () => {
    t = await createTestApp(engine)
    ;({ owner, workspaceId } = await setupOwner(t.app))
    manager = await addMember(t.app, owner, workspaceId, 'manager', 'mia@acme.example')
  })
  afterAll(async () => {
    await t?.close()
  })

  test('only owners and admins see or change them; a manager gets 403', async () => {
    expect((await manager.get(`/api/workspaces/${workspaceId}/oauth-apps`)).status).toBe(403)
    const r = await manager.put(`/api/workspaces/${workspaceId}/oauth-apps/x`, {
      clientId: 'a',
      clientSecret: 'b',
    })
    expect(r.status).toBe(403)
    expect(await t.db.kysely.selectFrom('oauth_apps').selectAll().execute()).toEqual([])
  })

  test('saved sealed; the secret may be kept while the id changes; removing falls back to the install', async () => {
    const store = new OAuthAppStore(
      t.db.kysely,
      t.ctx.sealer,
      t.ctx.networks.oauth.providers,
      { x: { clientId: 'install-id', clientSecret: 'install-secret' } },
      t.clock,
      async () => null,
    )
    expect(await store.resolve(workspaceId, 'x')).toMatchObject({
      source: 'environment',
      clientId: 'install-id',
    })
    await store.save(workspaceId, 'x', { clientId: 'ws-id', clientSecret: 'ws-secret' }, null)
    await store.save(
      workspaceId,
      'x',
      { clientId: 'ws-id-2', endpoints: { apiBaseUrl: 'https://proxy.example/x/' } },
      null,
    )
    const app = await store.resolve(workspaceId, 'x')
    expect(app).toMatchObject({ source: 'workspace', clientId: 'ws-id-2', clientSecret: 'ws-secret' })
    expect(app?.endpoints).toMatchObject({
      apiBaseUrl: 'https://proxy.example/x',
      tokenUrl: 'https://api.x.com/2/oauth2/token',
    })
    const row = await t.db.kysely.selectFrom('oauth_apps').selectAll().executeTakeFirstOrThrow()
    expect(row.client_secret_sealed).not.toContain('ws-secret')
    // @NOTE the seal is bound to the workspace and app: a copy under another workspace does not open.
    expect(() => t.ctx.sealer.open(row.client_secret_sealed, 'oauth-app:other:x')).toThrow()
    await store.remove(workspaceId, 'x', null)
    expect(await store.resolve(workspaceId, 'x')).toMatchObject({ source: 'environment' })
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', 'like', 'oauth-app.%')
      .execute()
    expect(audit.map((a) => a.action)).toEqual(['oauth-app.save', 'oauth-app.save', 'oauth-app.remove'])
    expect(audit.map((a) => a.data).join()).not.toContain('ws-secret')
  })

  test('bad input names the field', async () => {
    const noSecret = await owner.put(`/api/workspaces/${workspaceId}/oauth-apps/x`, { clientId: 'id' })
    expect(noSecret.status).toBe(400)
    expect(JSON.stringify(noSecret.body)).toContain('clientSecret')
    const badUrl = await owner.put(`/api/workspaces/${workspaceId}/oauth-apps/x`, {
      clientId: 'id',
      clientSecret: 's',
      endpoints: { authorizationUrl: 'ftp://x.example' },
    })
    expect(badUrl.status).toBe(400)
    expect(JSON.stringify(badUrl.body)).toContain('endpoints.authorizationUrl')
    const unknown = await owner.put(`/api/workspaces/${workspaceId}/oauth-apps/myspace`, {
      clientId: 'id',
      clientSecret: 's',
    })
    expect(unknown.status).toBe(400)
    expect(JSON.stringify(unknown.body)).toContain('app')
  })
})

test('TOWNHALL_X_CLIENT_ID and _SECRET come together', () => {
  expect(buildConfig({ xClientId: 'id', xClientSecret: 'sec' }).oauthApps).toEqual({
    x: { clientId: 'id', clientSecret: 'sec' },
  })
  expect(buildConfig({}).oauthApps).toEqual({})
  expect(() => buildConfig({ xClientId: 'id' })).toThrow(ConfigError)
  expect(() => buildConfig({ metaAppSecret: 's' })).toThrow(
    /TOWNHALL_META_APP_ID must be set together with TOWNHALL_META_APP_SECRET/,
  )
})

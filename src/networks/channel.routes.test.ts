import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  addMember,
  createTestApp,
  setupOwner,
  type TestApp,
  type TestClient,
} from '../../test/support/app.js'

interface ChannelDto {
  id: string
  network: string
  networkLabel: string
  isSandbox: boolean
  handle: string
  status: string
  statusReason: string | null
  lastSyncAt: number | null
  rateLimited: boolean
  sandbox: { seed: number; ratePerMinute: number; crisisUntil: number | null } | null
}

describe('Channel routes', () => {
  let t: TestApp
  let owner: TestClient
  let viewer: TestClient
  let ws: string
  beforeAll(async () => {
    t = await createTestApp('sqlite')
    const s = await setupOwner(t.app)
    owner = s.owner
    ws = s.workspaceId
    viewer = await addMember(t.app, owner, ws, 'viewer', 'vera@acme.example')
  })
  afterAll(async () => {
    await t?.close()
  })

  test('an empty workspace has no channels; the networks are listed with their limits', async () => {
    const r = await owner.get<ChannelDto[]>(`/api/workspaces/${ws}/channels`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual([])
    const n = await owner.get<Array<{ id: string; label: string; textMaxLength: number }>>(
      `/api/workspaces/${ws}/networks`,
    )
    expect(n.body.map((x) => [x.id, x.label, x.textMaxLength])).toEqual([
      ['sandbox', 'Sandbox', 500],
      ['bluesky', 'Bluesky', 300],
      ['x', 'X', 280],
      ['facebook', 'Facebook', 63_206],
      ['instagram', 'Instagram', 2200],
    ])
  })

  test('one click connects a Sandbox channel to the brand presence', async () => {
    const r = await owner.post<ChannelDto>(`/api/workspaces/${ws}/channels/sandbox`, {
      seed: 42,
      ratePerMinute: 3,
    })
    expect(r.status).toBe(201)
    expect(r.body.network).toBe('sandbox')
    expect(r.body.networkLabel).toBe('Sandbox')
    expect(r.body.isSandbox).toBe(true)
    expect(r.body.handle).toBe('acme.sandbox')
    expect(r.body.status).toBe('connected')
    expect(r.body.sandbox).toEqual({ seed: 42, ratePerMinute: 3, crisisUntil: null })
    const list = await viewer.get<ChannelDto[]>(`/api/workspaces/${ws}/channels`)
    expect(list.body.map((c) => c.id)).toEqual([r.body.id])
    expect(Object.keys(list.body[0]!)).not.toContain('credentials')
    expect(Object.keys(list.body[0]!)).not.toContain('settings')
  })

  test('a viewer may read but not manage channels', async () => {
    const r = await viewer.post(`/api/workspaces/${ws}/channels/sandbox`, {})
    expect(r.status).toBe(403)
  })

  test('crisis on and off, check now, and disconnect', async () => {
    const [ch] = (await owner.get<ChannelDto[]>(`/api/workspaces/${ws}/channels`)).body
    const on = await owner.post<ChannelDto>(`/api/workspaces/${ws}/channels/${ch!.id}/sandbox/crisis`, {
      on: true,
      durationMinutes: 15,
    })
    expect(on.status).toBe(200)
    expect(on.body.sandbox?.crisisUntil).toBe(t.clock.now() + 15 * 60_000)
    const off = await owner.post<ChannelDto>(`/api/workspaces/${ws}/channels/${ch!.id}/sandbox/crisis`, {
      on: false,
    })
    expect(off.body.sandbox?.crisisUntil).toBeNull()
    t.clock.advance(60_000)
    const checked = await owner.post<ChannelDto>(`/api/workspaces/${ws}/channels/${ch!.id}/check`)
    expect(checked.body.status).toBe('connected')
    expect(checked.body.lastSyncAt).toBe(t.clock.now())
    const del = await owner.delete(`/api/workspaces/${ws}/channels/${ch!.id}`)
    expect(del.status).toBe(204)
    expect((await owner.get<ChannelDto[]>(`/api/workspaces/${ws}/channels`)).body).toEqual([])
  })

  test('Bluesky connect validates its input', async () => {
    const presence = (await owner.get<Array<{ id: string }>>(`/api/workspaces/${ws}/presences`)).body[0]!
    const missing = await owner.post<{ errors: Array<{ field: string }> }>(
      `/api/workspaces/${ws}/channels/bluesky`,
      { presenceId: presence.id, handle: 'acme.test' },
    )
    expect(missing.status).toBe(400)
    expect(missing.body.errors.map((e) => e.field)).toContain('appPassword')
    const badUrl = await owner.post<{ errors: Array<{ field: string; reason: string }> }>(
      `/api/workspaces/${ws}/channels/bluesky`,
      {
        presenceId: presence.id,
        serviceUrl: 'ftp://example.com',
        handle: 'acme.test',
        appPassword: 'abcd-efgh-ijkl-mnop',
      },
    )
    expect(badUrl.status).toBe(400)
    expect(badUrl.body.errors[0]).toEqual({
      field: 'serviceUrl',
      reason: 'must be an http(s) URL such as https://bsky.social',
    })
  })
})

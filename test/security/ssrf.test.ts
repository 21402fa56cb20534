import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOutboundClient, type OutboundClient } from '../../src/core/outbound/outbound.client.js'
import { registerPublishingJobs } from '../../src/publishing/publishing.module.js'
import { drain } from '../publishing/support.js'
import { createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'
import { INTERNAL_TARGETS } from './internal-targets.js'

/**
 * Issue #18 defect 1: every outbound feature refuses internal targets in every spelling, at input
 * time (400 naming the field) and at connect time (a name that rebinds to loopback after the check).
 */
describe('server-side request forgery', () => {
  let t: TestApp
  let owner: TestClient
  let base: string
  let presenceId: string
  let receiver: Server
  let port: number
  let hits = 0
  let rebindToLoopback = false
  let outbound: OutboundClient

  beforeAll(async () => {
    receiver = createServer((_req, res) => {
      hits++
      res.writeHead(204).end()
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()))
    port = (receiver.address() as AddressInfo).port
    // @NOTE a resolver that answers a public address until the test flips it: DNS rebinding.
    outbound = createOutboundClient({
      allow: [],
      resolver: async (host) => {
        if (host === 'hooks.rebind.example') return [rebindToLoopback ? '127.0.0.1' : '93.184.215.14']
        throw new Error(`no such host ${host}`)
      },
    })
    t = await createTestApp('sqlite', { outbound })
    registerPublishingJobs(t.ctx.queue, t.ctx.publishing)
    const s = await setupOwner(t.app)
    owner = s.owner
    base = `/api/workspaces/${s.workspaceId}`
    const presences = await owner.get<Array<{ id: string }>>(`${base}/presences`)
    presenceId = presences.body[0]!.id
  })

  afterAll(async () => {
    await t.close()
    await new Promise<void>((r) => receiver.close(() => r()))
  })

  it('refuses every internal webhook target on create and on update', async () => {
    const ok = await owner.post<{ webhook: { id: string } }>(`${base}/webhooks`, {
      url: 'https://hooks.example.com/townhall',
      events: ['post.published'],
    })
    expect(ok.status).toBe(201)
    for (const url of INTERNAL_TARGETS(port)) {
      const created = await owner.post<{ errors: Array<{ field: string; reason: string }> }>(
        `${base}/webhooks`,
        {
          url,
          events: ['post.published'],
        },
      )
      expect(created.status, url).toBe(400)
      expect(created.body.errors[0]?.field, url).toBe('url')
      expect(created.body.errors[0]?.reason, url).toMatch(/internal address/)
      const patched = await owner.request<{ errors: Array<{ field: string }> }>(
        'PATCH',
        `${base}/webhooks/${ok.body.webhook.id}`,
        { url },
      )
      expect(patched.status, url).toBe(400)
      expect(patched.body.errors[0]?.field).toBe('url')
    }
    const hooks = await owner.get<Array<{ url: string }>>(`${base}/webhooks`)
    expect(hooks.body.map((h) => h.url)).toEqual(['https://hooks.example.com/townhall'])
  })

  it('refuses an internal Bluesky service URL before sending the handle and app password', async () => {
    for (const serviceUrl of INTERNAL_TARGETS(port)) {
      const res = await owner.post<{ errors: Array<{ field: string; reason: string }> }>(
        `${base}/channels/bluesky`,
        {
          presenceId,
          serviceUrl,
          handle: 'brand.example',
          appPassword: 'abcd-efgh-ijkl-mnop',
        },
      )
      expect(res.status, serviceUrl).toBe(400)
      expect(res.body.errors[0]?.field, serviceUrl).toBe('serviceUrl')
    }
    expect(hits).toBe(0)
  })

  it('refuses a delivery whose name rebinds to loopback after the check, and does not retry it', async () => {
    rebindToLoopback = false
    const created = await owner.post<{ webhook: { id: string } }>(`${base}/webhooks`, {
      url: `http://hooks.rebind.example:${port}/hook`,
      events: ['post.published'],
    })
    expect(created.status).toBe(201)
    rebindToLoopback = true
    await t.ctx.publishing.webhooks.emit(base.split('/').at(-1)!, 'post.published', { postId: 'p1' })
    await drain(t)
    const log = await owner.get<
      Array<{ state: string; lastStatus: number | null; lastError: string | null }>
    >(`${base}/webhooks/${created.body.webhook.id}/deliveries`)
    expect(log.body).toHaveLength(1)
    expect(log.body[0]).toMatchObject({ state: 'failed', lastStatus: null })
    expect(log.body[0]?.lastError).toMatch(/^refused: hooks\.rebind\.example resolves to 127\.0\.0\.1/)
    expect(hits).toBe(0)
  })
})

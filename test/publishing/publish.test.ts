import { createHmac } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { type Network, NetworkError, type OutgoingPost } from '../../src/networks/network.port.js'
import type { Channel } from '../../src/presence/channel.service.js'
import { IN_FLIGHT_GRACE_MS } from '../../src/publishing/publish.job.js'
import { describeEachEngine } from '../support/db.js'
import { drain, type PublishingWorld, sandboxPublished, setupPublishing } from './support.js'

type Post = {
  id: string
  state: string
  deliveries: Array<{
    id: string
    state: string
    url: string | null
    error: string | null
    errorKind: string | null
  }>
}

/** Fails the next publish in the given way, optionally after really publishing (a lost answer). */
type Trap = {
  kind: 'unknown-after-publish' | 'unknown-before-publish' | 'rate-limited' | 'invalid-content'
  idempotency?: 'none'
}

describeEachEngine('publishing exactly once', (engine: Engine) => {
  let w: PublishingWorld
  let base: string
  let trap: Trap | undefined
  let hook: Server
  let received: Array<{ headers: Record<string, string | string[] | undefined>; body: string }>

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => {
        body += c
      })
      req.on('end', () => {
        received.push({ headers: req.headers, body })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()))
    // @NOTE the receiver listens first, so the app's outbound allow-list names exactly its port.
    w = await setupPublishing(engine, { outboundAllow: `127.0.0.1:${(hook.address() as AddressInfo).port}` })
    base = `/api/workspaces/${w.ws}`
    w.t.ctx.publishing.networks.use('sandbox', async (ch: Channel) => {
      const real = await w.t.ctx.networks.connect.open(ch)
      return wrap(real)
    })
    received = []
  })
  afterAll(async () => {
    await new Promise<void>((r) => hook.close(() => r()))
    await w.t.close()
  })

  function wrap(real: Network): Network {
    const caps = trap?.idempotency
      ? { ...real.capabilities, idempotency: trap.idempotency }
      : real.capabilities
    return {
      capabilities: caps,
      verify: () => real.verify(),
      fetchProfile: () => real.fetchProfile(),
      reply: (a, b, c) => real.reply(a, b, c),
      delete: (id) => real.delete(id),
      fetchActivity: (c) => real.fetchActivity(c),
      fetchMetrics: (ids) => real.fetchMetrics(ids),
      findPublished: (q) => real.findPublished(q),
      async publish(post: OutgoingPost) {
        const t = trap
        trap = undefined
        if (t?.kind === 'unknown-after-publish') {
          await real.publish(post)
          throw new NetworkError(
            { kind: 'unknown-outcome' },
            'The Sandbox (publish) did not answer within 20 s',
          )
        }
        if (t?.kind === 'unknown-before-publish')
          throw new NetworkError(
            { kind: 'unknown-outcome' },
            'The Sandbox (publish) did not answer within 20 s',
          )
        if (t?.kind === 'rate-limited')
          throw new NetworkError({ kind: 'rate-limited', retryAfterMs: 30_000 }, 'slow down')
        if (t?.kind === 'invalid-content')
          throw new NetworkError({ kind: 'invalid-content', reason: 'the link is on a blocklist' }, 'refused')
        return real.publish(post)
      },
    }
  }

  async function publishNow(text: string): Promise<string> {
    const p = await w.owner.post<{ id: string }>(`${base}/posts`, {
      kind: 'free',
      parts: [{ text }],
      channelIds: [w.brandChannel],
    })
    await w.owner.post(`${base}/posts/${p.body.id}/submit`)
    const r = await w.owner.post(`${base}/posts/${p.body.id}/publish-now`)
    expect(r.status).toBe(200)
    return p.body.id
  }

  const get = async (id: string) => (await w.owner.get<Post>(`${base}/posts/${id}`)).body
  const count = async (text: string) => (await sandboxPublished(w.t)).filter((i) => i.text === text).length

  it('publishes once and signs the webhook with the documented scheme', async () => {
    const created = await w.owner.post<{ webhook: { id: string }; secret: string }>(`${base}/webhooks`, {
      url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
      events: ['post.published', 'post.failed', 'post.unknown'],
    })
    expect(created.status).toBe(201)
    const id = await publishNow('hello world')
    await drain(w.t)
    const post = await get(id)
    expect(post.state).toBe('published')
    expect(await count('hello world')).toBe(1)
    expect(received).toHaveLength(1)
    const r = received[0]!
    const sig = String(r.headers['townhall-signature'])
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(sig)!
    expect(createHmac('sha256', created.body.secret).update(`${t}.${r.body}`).digest('hex')).toBe(v1)
    expect(r.headers['townhall-event']).toBe('post.published')
    const payload = JSON.parse(r.body) as { type: string; data: { postId: string; url: string } }
    expect(payload.data.postId).toBe(id)
    expect(payload.data.url).toBe(post.deliveries[0]!.url)
    const log = await w.owner.get<Array<{ state: string; lastStatus: number }>>(
      `${base}/webhooks/${created.body.webhook.id}/deliveries`,
    )
    expect(log.body.map((d) => [d.state, d.lastStatus])).toEqual([['delivered', 204]])
    const hooks = await w.owner.get<Array<Record<string, unknown>>>(`${base}/webhooks`)
    expect(Object.keys(hooks.body[0]!)).not.toContain('secret')
  })

  it('reconciles an unknown outcome through findPublished instead of sending again', async () => {
    trap = { kind: 'unknown-after-publish' }
    const id = await publishNow('lost answer')
    await drain(w.t)
    const mid = await get(id)
    expect(mid.deliveries[0]!.state).toBe('publishing')
    expect(mid.deliveries[0]!.error).toBe('The Sandbox (publish) did not answer within 20 s')
    // Within the in-flight grace the sender may still be mid-call elsewhere: nothing is decided yet.
    w.t.clock.advance(5_000)
    await drain(w.t)
    expect((await get(id)).deliveries[0]!.state).toBe('publishing')
    w.t.clock.advance(IN_FLIGHT_GRACE_MS)
    await drain(w.t)
    const post = await get(id)
    expect(post.state).toBe('published')
    expect(await count('lost answer')).toBe(1)
    const history = await w.owner.get<Array<{ action: string }>>(`${base}/posts/${id}/history`)
    expect(history.body.map((h) => h.action)).not.toContain('resending')
  })

  it('sends again with the same key when the network proves it absent', async () => {
    trap = { kind: 'unknown-before-publish' }
    const id = await publishNow('never landed')
    await drain(w.t)
    w.t.clock.advance(IN_FLIGHT_GRACE_MS)
    await drain(w.t)
    expect((await get(id)).state).toBe('published')
    expect(await count('never landed')).toBe(1)
    const history = await w.owner.get<Array<{ action: string }>>(`${base}/posts/${id}/history`)
    expect(history.body.map((h) => h.action)).toContain('resending')
  })

  it('marks unknown and asks a person when the network cannot be asked by key', async () => {
    trap = { kind: 'unknown-before-publish', idempotency: 'none' }
    const id = await publishNow('cannot tell')
    await drain(w.t)
    trap = { kind: 'unknown-before-publish', idempotency: 'none' }
    w.t.clock.advance(IN_FLIGHT_GRACE_MS)
    await drain(w.t)
    trap = undefined
    const post = await get(id)
    expect(post.state).toBe('unknown')
    expect(await count('cannot tell')).toBe(0)
    const ownerId = (await w.owner.get<{ user: { id: string } }>('/api/session')).body.user.id
    const notes = await w.t.ctx.notifications.list(w.ws, ownerId)
    expect(notes.find((n) => n.subjectId === id)?.kind).toBe('post.unknown')
    const resolved = await w.owner.post<Post>(
      `${base}/posts/${id}/deliveries/${post.deliveries[0]!.id}/resolve`,
      {
        outcome: 'published',
        url: 'https://sandbox.townhall.invalid/acme.sandbox/checked-by-hand',
      },
    )
    expect(resolved.body.state).toBe('published')
    expect(resolved.body.deliveries[0]!.url).toBe(
      'https://sandbox.townhall.invalid/acme.sandbox/checked-by-hand',
    )
    expect(received.map((r) => r.headers['townhall-event'])).toContain('post.unknown')
  })

  it('waits out a rate limit, then publishes', async () => {
    trap = { kind: 'rate-limited' }
    const id = await publishNow('rate limited')
    await drain(w.t)
    expect((await get(id)).deliveries[0]!.state).toBe('queued')
    w.t.clock.advance(31_000)
    await drain(w.t)
    expect((await get(id)).state).toBe('published')
    expect(await count('rate limited')).toBe(1)
  })

  it('says why a post failed, notifies, and can be retried by hand', async () => {
    trap = { kind: 'invalid-content' }
    const id = await publishNow('refused once')
    await drain(w.t)
    const failed = await get(id)
    expect(failed.state).toBe('failed')
    expect(failed.deliveries[0]!.error).toBe('The network refused the post: the link is on a blocklist')
    const retried = await w.owner.post<Post>(
      `${base}/posts/${id}/deliveries/${failed.deliveries[0]!.id}/retry`,
    )
    expect(retried.body.state).toBe('scheduled')
    await drain(w.t)
    expect((await get(id)).state).toBe('published')
    expect(await count('refused once')).toBe(1)
  })
})

describe('zoned time', () => {
  it('converts wall-clock times across DST gaps and overlaps', async () => {
    const { zonedToUtc, formatLocal } = await import('../../src/core/zoned-time.js')
    expect(zonedToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, 'Europe/Berlin')).toBe(
      Date.UTC(2026, 2, 29, 1, 30),
    )
    expect(formatLocal(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin')).toBe('2026-03-29T03:30')
    expect(zonedToUtc({ year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, 'America/New_York')).toBe(
      Date.UTC(2026, 10, 1, 5, 30),
    )
    expect(zonedToUtc({ year: 2026, month: 11, day: 1, hour: 3, minute: 0 }, 'America/New_York')).toBe(
      Date.UTC(2026, 10, 1, 8, 0),
    )
    expect(zonedToUtc({ year: 2026, month: 6, day: 1, hour: 9, minute: 0 }, 'Asia/Kolkata')).toBe(
      Date.UTC(2026, 5, 1, 3, 30),
    )
  })
})

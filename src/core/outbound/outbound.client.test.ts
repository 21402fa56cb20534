import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INTERNAL_TARGETS } from '../../../test/security/internal-targets.js'
import { AllowListError, blockedReason, parseAllowList } from './address-policy.js'
import {
  createOutboundClient,
  OutboundBlockedError,
  type OutboundClient,
  OutboundTooLargeError,
} from './outbound.client.js'

interface Hit {
  path: string
  headers: IncomingHttpHeaders
}

async function listen(
  handler: Parameters<typeof createServer>[1],
): Promise<{ server: Server; port: number }> {
  const server = createServer(handler)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return { server, port: (server.address() as AddressInfo).port }
}

describe('address policy', () => {
  it('lets only global unicast addresses through', () => {
    expect(blockedReason('93.184.215.14')).toBeNull()
    expect(blockedReason('2606:4700::1111')).toBeNull()
    expect(blockedReason('127.0.0.1')).toBe('is a loopback address')
    expect(blockedReason('::ffff:10.1.2.3')).toBe('is a private address')
    expect(blockedReason('100.100.1.1')).toBe('is a carrierGradeNat address')
    expect(blockedReason('fd00::1')).toBe('is a uniqueLocal address')
    expect(blockedReason('not an ip')).toBe('is not an IP address')
  })

  it('parses the allow-list and refuses entries it cannot read', () => {
    const list = parseAllowList(' pds.lan, 10.0.0.0/8:3000 ,[::1]:2583,127.0.0.1 ')
    expect(list.map((e) => [e.host ?? e.range?.[1], e.port])).toEqual([
      ['pds.lan', undefined],
      [8, 3000],
      [128, 2583],
      [32, undefined],
    ])
    expect(() => parseAllowList('10.0.0.0/99')).toThrow(AllowListError)
    expect(() => parseAllowList('host:port')).toThrow(AllowListError)
    expect(() => parseAllowList('a b')).toThrow(AllowListError)
    expect(parseAllowList('')).toEqual([])
  })
})

describe('the guarded outbound client', () => {
  let target: { server: Server; port: number }
  let other: { server: Server; port: number }
  const hits: Hit[] = []
  const otherHits: Hit[] = []
  let client: OutboundClient

  beforeAll(async () => {
    target = await listen((req, res) => {
      hits.push({ path: req.url ?? '', headers: req.headers })
      if (req.url === '/to-other')
        res.writeHead(302, { location: `http://127.0.0.1:${other.port}/landed` }).end()
      else if (req.url === '/to-blocked') res.writeHead(307, { location: 'http://127.0.0.2:40001/' }).end()
      else if (req.url === '/big') {
        // @NOTE written in chunks with no content-length, so only the stream cap can catch it.
        for (let i = 0; i < 30; i++) res.write(Buffer.alloc(10_000, 97))
        res.end()
      } else if (req.url === '/declared-big') res.writeHead(200, { 'content-length': '999999' }).end()
      else if (req.url === '/hang') setTimeout(() => res.end('late'), 5_000).unref()
      else res.end('ok')
    })
    other = await listen((req, res) => {
      otherHits.push({ path: req.url ?? '', headers: req.headers })
      res.end('other')
    })
    client = createOutboundClient({
      allow: parseAllowList(`127.0.0.1:${target.port},127.0.0.1:${other.port}`),
      maxResponseBytes: 100_000,
      timeoutMs: 1_000,
    })
  })

  afterAll(async () => {
    await client.close()
    await new Promise<void>((r) => target.server.close(() => r()))
    await new Promise<void>((r) => other.server.close(() => r()))
  })

  it('refuses every internal spelling at input time and at connect time', async () => {
    const strict = createOutboundClient({ allow: [] })
    const before = hits.length
    for (const url of INTERNAL_TARGETS(target.port)) {
      expect(await strict.refusal(url), url).toMatch(/internal address/)
      await expect(strict.fetch(url, { method: 'POST', body: '{}' }), url).rejects.toBeInstanceOf(
        OutboundBlockedError,
      )
    }
    expect(hits.length).toBe(before)
    expect(await strict.refusal('ftp://example.com/')).toBe('must be an http(s) URL')
    expect(await strict.refusal('not a url')).toBe('must be an http(s) URL')
    await strict.close()
  })

  it('reaches an allow-listed target, and only on the listed port', async () => {
    const res = await client.fetch(`http://127.0.0.1:${target.port}/hello`)
    expect(await res.text()).toBe('ok')
    expect(hits.at(-1)?.path).toBe('/hello')
    expect(await client.refusal(`http://127.0.0.1:${target.port}/`)).toBeNull()
    expect(await client.refusal('http://127.0.0.1:40001/')).toMatch(/internal address/)
    await expect(client.fetch('http://127.0.0.1:40001/')).rejects.toBeInstanceOf(OutboundBlockedError)
  })

  it('checks the address again when it connects, so a rebinding name is refused', async () => {
    let calls = 0
    const rebinding = createOutboundClient({
      allow: [],
      resolver: async () => (calls++ === 0 ? ['93.184.215.14'] : ['127.0.0.1']),
    })
    expect(await rebinding.refusal(`http://rebind.example:${target.port}/`)).toBeNull()
    const before = hits.length
    await expect(rebinding.fetch(`http://rebind.example:${target.port}/`)).rejects.toThrow(
      /rebind\.example resolves to 127\.0\.0\.1, which is a loopback address/,
    )
    expect(hits.length).toBe(before)
    await rebinding.close()
  })

  it('follows redirects through the same check and drops credentials across origins', async () => {
    const res = await client.fetch(`http://127.0.0.1:${target.port}/to-other`, {
      headers: { authorization: 'Bearer secret-token', 'x-kept': 'yes' },
    })
    expect(await res.text()).toBe('other')
    expect(otherHits.at(-1)?.path).toBe('/landed')
    expect(otherHits.at(-1)?.headers.authorization).toBeUndefined()
    expect(otherHits.at(-1)?.headers['x-kept']).toBe('yes')
    await expect(client.fetch(`http://127.0.0.1:${target.port}/to-blocked`)).rejects.toBeInstanceOf(
      OutboundBlockedError,
    )
    const manual = await client.fetch(`http://127.0.0.1:${target.port}/to-other`, { redirect: 'manual' })
    expect(manual.status).toBe(302)
  })

  it('caps the response size and the time a request may take', async () => {
    const big = await client.fetch(`http://127.0.0.1:${target.port}/big`)
    await expect(big.text()).rejects.toBeInstanceOf(OutboundTooLargeError)
    await expect(client.fetch(`http://127.0.0.1:${target.port}/declared-big`)).rejects.toBeInstanceOf(
      OutboundTooLargeError,
    )
    await expect(client.fetch(`http://127.0.0.1:${target.port}/hang`)).rejects.toThrow(/timeout|aborted/i)
  })
})

/**
 * `npm run bench -- public-page [--readers=200] [--seconds=8]`: the public site under many readers on
 * loopback. A SQLite workspace with the giveaway scenario (status, news, an event, a drawn giveaway)
 * is served by the real HTTP stack; `--readers` clients loop over the home, status and giveaway pages
 * for `--seconds` (bounded), each waiting for its answer before asking again.
 *
 * Figures: page_p95_ms (as served: the 5 s render cache in play, its clock moving 1 s every 200 ms so
 * pages are rendered again every second), page_uncached_p95_ms (a query string per request forces a
 * render each time), page_bytes (the largest HTML page, no images), requests per second.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { Agent, request } from 'undici'
import { migrateToLatest, openDatabase } from '../src/db/database.js'
import { runScenario } from '../test/campaigns/scenario.js'
import { rigOn } from '../test/campaigns/support.js'
import { arg } from './support.js'

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0
}

export default async function run(args: string[]): Promise<void> {
  const readers = arg(args, 'readers', 200)
  const seconds = Math.min(arg(args, 'seconds', 8), 30)
  const dir = mkdtempSync(join(tmpdir(), 'townhall-bench-public-'))
  const base = openDatabase({ engine: 'sqlite', file: join(dir, 'bench.sqlite') })
  const db = {
    ...base,
    async destroy() {
      await base.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  await migrateToLatest(db)
  const rig = await rigOn(db)
  const s = await runScenario(rig)
  const server = serve({ fetch: rig.app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((ok) => server.once('listening', () => ok()))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const paths = [
    '/p/acme',
    '/p/acme/status',
    `/p/acme/giveaways/${s.campaignId}`,
    '/p/acme/news',
    '/p/acme/events',
  ]
  const agent = new Agent({ connections: readers, pipelining: 1 })
  let bytes = 0
  for (const p of paths) {
    const r = await request(origin + p, { dispatcher: agent })
    const body = await r.body.text()
    bytes = Math.max(bytes, Buffer.byteLength(body))
    console.log(`${p}: ${r.statusCode}, ${Buffer.byteLength(body)} bytes`)
  }
  const tick = setInterval(() => rig.clock.advance(1000), 200)

  async function load(label: string, bust: boolean): Promise<{ p95: number; rps: number; n: number }> {
    const times: number[] = []
    const until = performance.now() + seconds * 1000
    let n = 0
    let failed = 0
    await Promise.all(
      Array.from({ length: readers }, async (_, reader) => {
        let i = reader
        while (performance.now() < until) {
          const path = paths[i++ % 3]!
          const t0 = performance.now()
          const r = await request(`${origin}${path}${bust ? `?n=${n++}` : ''}`, { dispatcher: agent })
          await r.body.dump()
          times.push(performance.now() - t0)
          if (r.statusCode !== 200) failed++
        }
      }),
    )
    if (failed) throw new Error(`${failed} requests failed`)
    const out = { p95: p95(times), rps: times.length / seconds, n: times.length }
    console.log(`${label}: ${out.n} requests, p95 ${out.p95.toFixed(1)} ms, ${out.rps.toFixed(0)} req/s`)
    return out
  }

  try {
    const cached = await load('as served', false)
    const uncached = await load('rendered every time', true)
    console.log(`readers: ${readers}`)
    console.log(`page_p95_ms: ${cached.p95.toFixed(1)}`)
    console.log(`page_rps: ${cached.rps.toFixed(0)}`)
    console.log(`page_uncached_p95_ms: ${uncached.p95.toFixed(1)}`)
    console.log(`page_uncached_rps: ${uncached.rps.toFixed(0)}`)
    console.log(`page_bytes: ${bytes}`)
  } finally {
    clearInterval(tick)
    await agent.close()
    await new Promise((ok) => server.close(ok))
    await rig.close()
  }
}

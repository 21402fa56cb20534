/**
 * `townhall giveaway verify URL`: recomputes a giveaway's winners from its public page alone (the
 * draw record published beside it) and checks the drand beacon's BLS signature offline. Fetches
 * through the same guarded outbound client as the server (TOWNHALL_OUTBOUND_ALLOW applies).
 */
import type { Beacon } from '../campaigns/beacon.js'
import { type DrawRecord, verifyDraw } from '../campaigns/verify.js'
import type { Config } from '../config/config.js'
import { createOutboundClient } from '../core/outbound/outbound.client.js'
import type { CliIo } from './io.js'

/** The draw record's address: the page's URL with /draw.json, or the JSON's own URL. */
export function recordUrl(pageUrl: string): string {
  const u = new URL(pageUrl)
  if (!u.pathname.endsWith('.json')) u.pathname = `${u.pathname.replace(/\/+$/, '')}/draw.json`
  return u.toString()
}

function isRecord(v: unknown): v is DrawRecord {
  const r = v as Partial<DrawRecord> | null
  return (
    !!r &&
    r.version === 1 &&
    typeof r.commitment === 'string' &&
    (r.mode === 'beacon' || r.mode === 'seed-only') &&
    Array.isArray(r.picked) &&
    Array.isArray(r.forfeited) &&
    (r.entries === null || Array.isArray(r.entries)) &&
    (r.beacon === null || typeof (r.beacon as Beacon | undefined)?.signature === 'string')
  )
}

export async function giveawayCommand(
  config: Config,
  sub: string | undefined,
  url: string | undefined,
  io: CliIo,
): Promise<number> {
  if (sub !== 'verify' || !url) {
    io.err('usage: townhall giveaway verify URL   (the giveaway’s public page)')
    return 2
  }
  let target: string
  try {
    target = recordUrl(url)
  } catch {
    io.err(`error: ${url} is not a URL`)
    return 2
  }
  const client = createOutboundClient({ allow: config.outboundAllow, maxResponseBytes: 64 * 1024 * 1024 })
  try {
    let body: unknown
    try {
      const res = await client.fetch(target, { headers: { accept: 'application/json' } })
      if (!res.ok) {
        io.err(`error: ${target} answered ${res.status}`)
        return 1
      }
      body = await res.json()
    } catch (err) {
      io.err(`error: could not fetch ${target}: ${(err as Error).message}`)
      return 1
    }
    if (!isRecord(body)) {
      io.err(`error: ${target} is not a Townhall draw record`)
      return 1
    }
    const result = await verifyDraw(body)
    io.out(`Giveaway: ${body.title}`)
    for (const s of result.steps) io.out(`${s.ok ? 'ok  ' : 'FAIL'} ${s.check}: ${s.detail}`)
    const handles = new Map((body.entries ?? []).map((e) => [e.id, `@${e.handle} (${e.network})`]))
    if (result.ok) {
      io.out(
        `Verified: the winners are ${result.winners.map((w) => handles.get(w) ?? w).join(', ') || 'nobody (no entries)'}.`,
      )
      return 0
    }
    io.err('NOT VERIFIED: the published draw does not hold (see the failed checks above).')
    return 1
  } finally {
    await client.close()
  }
}

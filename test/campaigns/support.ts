/**
 * A giveaway rig: an in-process app whose clock stands in August 2023, so the committed drand round
 * is quicknet round 123, whose real signature a local beacon server (loopback, allow-listed) serves.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Beacon } from '../../src/campaigns/beacon.js'
import { QUICKNET, roundTime } from '../../src/campaigns/draw.js'
import { buildConfig } from '../../src/config/config.js'
import { type AppContext, createContext } from '../../src/context.js'
import { ManualClock } from '../../src/core/clock.js'
import { createLogger } from '../../src/core/logger.js'
import type { Engine } from '../../src/db/database.js'
import { createApp } from '../../src/http/app.js'
import type { App } from '../../src/http/env.js'
import { setupOwner, type TestClient } from '../support/app.js'
import { openTestDb, type TestDb } from '../support/db.js'

/** quicknet round 123 as drand published it (noislabs/drand-verify records it); randomness = SHA-256(signature). */
export const ROUND_123: Beacon = {
  round: 123,
  signature:
    'b75c69d0b72a5d906e854e808ba7e2accb1542ac355ae486d591aa9d43765482e26cd02df835d3546d23c4b13e0dfc92',
  randomness: 'fb8f7bc29bf24db51871ec8c79f3a1e4bd0557bc0dfcee9ed1d924e69d1c60dc',
}

/** Round 123 is published at 15:15:33 UTC on 23 August 2023; a close at 15:14 with a 90 s margin commits to it. */
export const CLOSE_UTC = Date.UTC(2023, 7, 23, 15, 14)
export const MARGIN_MS = 90_000
export const ROUND_123_AT = roundTime(123)

export interface CampaignRig {
  app: App
  ctx: AppContext
  db: TestDb
  clock: ManualClock
  owner: TestClient
  workspaceId: string
  /** The beacon server's base URL (the chain's URL) and how many rounds it was asked for. */
  beaconUrl: string
  beaconRequests: string[]
  /** Until set, the beacon answers 425 Too Early. */
  publish(): void
  close(): Promise<void>
}

async function beaconServer(): Promise<{ server: Server; url: string; requests: string[]; publish(): void }> {
  const requests: string[] = []
  let published = false
  const server = createServer((req, res) => {
    requests.push(req.url ?? '')
    if (req.url === `/${QUICKNET.hash}/public/123` && published) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(ROUND_123))
      return
    }
    res.writeHead(req.url?.includes('/public/') ? 425 : 404)
    res.end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    server,
    url: `http://127.0.0.1:${port}/${QUICKNET.hash}`,
    requests,
    publish: () => {
      published = true
    },
  }
}

export async function campaignRig(engine: Engine, opts: { beacon?: boolean } = {}): Promise<CampaignRig> {
  return rigOn(await openTestDb(engine), opts)
}

/** The rig on a database of the caller's (the bench opens its own, outside vitest). */
export async function rigOn(
  db: TestDb,
  opts: { beacon?: boolean; logger?: ReturnType<typeof createLogger> } = {},
): Promise<CampaignRig> {
  const beacon = await beaconServer()
  const dataDir = mkdtempSync(join(tmpdir(), 'townhall-campaign-'))
  const port = new URL(beacon.url).port
  const config = buildConfig({
    dataDir,
    logLevel: 'silent',
    port: '0',
    outboundAllow: `127.0.0.1:${port}`,
    beaconUrl: opts.beacon === false ? 'off' : beacon.url,
    beaconMarginMs: String(MARGIN_MS),
    publicUrl: 'https://acme.example',
  })
  const clock = new ManualClock(Date.UTC(2023, 7, 23, 13, 50))
  const ctx = createContext(config, { db, clock, logger: opts.logger ?? createLogger('silent') })
  const app = createApp(ctx, { webDir: join(dataDir, 'no-web') })
  const { owner, workspaceId } = await setupOwner(app)
  return {
    app,
    ctx,
    db,
    clock,
    owner,
    workspaceId,
    beaconUrl: beacon.url,
    beaconRequests: beacon.requests,
    publish: beacon.publish,
    async close() {
      await ctx.close()
      await db.destroy()
      await new Promise((r) => beacon.server.close(r))
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

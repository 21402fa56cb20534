/**
 * A real local AT Protocol network (PLC + PDS + AppView from @atproto/dev-env) for tests, on the
 * test PostgreSQL server. One per test file: start-up takes a few seconds.
 */

import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname } from 'node:path'
import { AtpAgent, RichText } from '@atproto/api'
import { TestNetwork } from '@atproto/dev-env'
import pg from 'pg'

export interface TestAccount {
  did: string
  handle: string
  password: string
  appPassword: string
  /** Logged in with the account password, to act as this person. */
  agent: AtpAgent
}

export interface LocalBluesky {
  network: TestNetwork
  /** The PDS URL, what a channel's service URL would be. */
  serviceUrl: string
  createAccount(name: string): Promise<TestAccount>
  /** Posts as `by`, with mentions, links and tags detected; returns the post's URI and CID. */
  post(
    by: TestAccount,
    text: string,
    reply?: { root: { uri: string; cid: string }; parent: { uri: string; cid: string } },
  ): Promise<{ uri: string; cid: string }>
  /** Lets the AppView index everything written so far (replies before parents lose notifications). */
  settle(): Promise<void>
  close(): Promise<void>
}

/** Starts the network; `schema` (letters and underscores) names this file's PostgreSQL schemas. */
export async function startLocalBluesky(postgresUrl: string, schema: string): Promise<LocalBluesky> {
  if (!/^[a-z_]+$/.test(schema)) throw new Error('schema must be letters and underscores')
  if (!postgresUrl) throw new Error('the Bluesky tests need PostgreSQL (inject("postgresUrl") is empty)')
  // @NOTE dev-env insists on REDIS_HOST being set, but with these options nothing connects to it.
  process.env.REDIS_HOST ??= 'localhost'
  const network = await TestNetwork.create({ dbPostgresUrl: postgresUrl, dbPostgresSchema: schema })
  const serviceUrl = network.pds.url
  return {
    network,
    serviceUrl,
    async createAccount(name) {
      const agent = new AtpAgent({ service: serviceUrl })
      const handle = `${name}.test`
      const password = `${name}-password-123`
      const { data } = await agent.createAccount({ handle, email: `${name}@example.test`, password })
      await agent.app.bsky.actor.profile.create(
        { repo: data.did },
        { displayName: name[0]!.toUpperCase() + name.slice(1) },
      )
      const ap = await agent.com.atproto.server.createAppPassword({ name: 'townhall' })
      return { did: data.did, handle, password, appPassword: ap.data.password, agent }
    },
    async post(by, text, reply) {
      const rt = new RichText({ text })
      await rt.detectFacets(by.agent)
      const record = {
        text: rt.text,
        facets: rt.facets,
        createdAt: new Date().toISOString(),
        ...(reply ? { reply } : {}),
      }
      const res = await by.agent.post(record)
      return { uri: res.uri, cid: res.cid }
    },
    settle: () => network.processAll(),
    async close() {
      // @NOTE dev-env puts the PDS's SQLite files and blobs in fresh temp folders and leaves them behind.
      const cfg = network.pds.ctx.cfg as { db?: { accountDbLoc?: string }; blobstore?: { location?: string } }
      const dirs = [cfg.db?.accountDbLoc && dirname(cfg.db.accountDbLoc), cfg.blobstore?.location]
      letRunnerFinishOnDestroy(network)
      await network.close()
      for (const d of dirs)
        if (d?.startsWith(tmpdir()) && d !== tmpdir()) rmSync(d, { recursive: true, force: true })
      const c = new pg.Client({ connectionString: postgresUrl })
      await c.connect()
      try {
        await c.query(`DROP SCHEMA IF EXISTS appview_${schema} CASCADE`)
        await c.query(`DROP SCHEMA IF EXISTS ozone_${schema} CASCADE`)
      } finally {
        await c.end()
      }
    },
  }
}

/**
 * @NOTE The AppView's firehose runner (`MemoryRunner` in @atproto/sync) can hang forever on destroy: it
 * clears the per-repo partition queues, but each running main-queue task awaits its partition's
 * promise, which a cleared task never settles, and destroy then awaits the main queue's idle. This
 * happened whenever the AppView still had a backlog for one repository at close (the crash test
 * writes many records to one repo): the afterAll hook waited out its 120 s. Here destroy still drops
 * the events not yet started, but lets the partitions finish what the running tasks wait on (short
 * indexing work; the AppView's database closes only after this).
 */
function letRunnerFinishOnDestroy(network: TestNetwork): void {
  const runner = network.bsky.sub.runner as unknown as {
    mainQueue: { pause(): void; clear(): void; onIdle(): Promise<void> }
    destroy(): Promise<void>
  }
  runner.destroy = async () => {
    runner.mainQueue.pause()
    runner.mainQueue.clear()
    await runner.mainQueue.onIdle()
  }
}

/** A valid 1×1 PNG (70 bytes), so image tests need no image library. */
export const TINY_PNG = Uint8Array.from(
  Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
    'base64',
  ),
)

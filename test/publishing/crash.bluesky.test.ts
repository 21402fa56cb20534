/**
 * The crash test against a real local AT Protocol network (PLC + PDS + AppView from @atproto/dev-env):
 * a smaller N of two-part posts published through a worker process that is SIGKILLed at random
 * moments; afterwards the brand's repository on the PDS holds each part exactly once.
 */
import { afterAll, beforeAll, expect, inject, it } from 'vitest'
import { IDEMPOTENCY_FIELD } from '../../src/networks/bluesky/bluesky.network.js'
import {
  type LocalBluesky,
  startLocalBluesky,
  type TestAccount,
} from '../../src/networks/bluesky/bluesky.testing.js'
import { describeNeedsPostgres } from '../support/db.js'
import { type CrashRig, startCrashRig } from './support/crash-harness.js'

const N = 8

describeNeedsPostgres('crash test on a local Bluesky network', { timeout: 300_000 }, () => {
  let local: LocalBluesky
  let brand: TestAccount
  let rig: CrashRig

  beforeAll(async () => {
    local = await startLocalBluesky(inject('postgresUrl'), 'crash_bluesky')
    brand = await local.createAccount('brand')
    rig = await startCrashRig('sqlite', { outboundAllow: new URL(local.serviceUrl).host })
  }, 120_000)

  afterAll(async () => {
    await rig?.close()
    await local?.close()
  }, 120_000)

  it(`publishes ${N} two-part posts exactly once across random kills`, async () => {
    const presence = await rig.ctx.db.kysely
      .selectFrom('presences')
      .select('id')
      .where('workspace_id', '=', rig.workspaceId)
      .executeTakeFirstOrThrow()
    const channel = await rig.ctx.networks.connect.connectBluesky(
      rig.workspaceId,
      {
        presenceId: presence.id,
        serviceUrl: local.serviceUrl,
        handle: brand.handle,
        appPassword: brand.appPassword,
      },
      { userId: null },
    )
    const postIds: string[] = []
    for (let i = 0; i < N; i++) postIds.push(await rig.publishNow(`bluesky crash post ${i}`, [channel.id]))

    const kills = await rig.runWithKills({ maxKills: 3, settleMs: 150_000 })
    expect(kills).toBeGreaterThan(0)

    const ds = await rig.ctx.db.kysely
      .selectFrom('post_deliveries')
      .select(['post_id', 'state', 'remote_id', 'url'])
      .execute()
    expect(ds).toHaveLength(N)
    expect(ds.map((d) => d.state)).toEqual(Array(N).fill('published'))

    // Counted on the network side: every post record in the brand's repository.
    const records: Array<{ uri: string; value: Record<string, unknown> }> = []
    let cursor: string | undefined
    do {
      const { data } = await brand.agent.com.atproto.repo.listRecords({
        repo: brand.did,
        collection: 'app.bsky.feed.post',
        limit: 100,
        cursor,
      })
      records.push(...(data.records as typeof records))
      cursor = data.records.length === 100 ? data.cursor : undefined
    } while (cursor)
    expect(records.map((r) => String(r.value.text)).sort()).toHaveLength(2 * N)
    const texts = records.map((r) => String(r.value.text)).sort()
    const expected = Array.from({ length: N }, (_, i) => [
      `bluesky crash post ${i}`,
      `second part of bluesky crash post ${i}`,
    ])
      .flat()
      .sort()
    expect(texts).toEqual(expected)
    // Each part carries its own key hash, once.
    const hashes = records.map((r) => r.value[IDEMPOTENCY_FIELD])
    expect(new Set(hashes).size).toBe(2 * N)
    // Each delivery points at the first part's record, and the second part replies to it.
    const byUri = new Map(records.map((r) => [r.uri, r]))
    for (const d of ds) {
      const first = byUri.get(d.remote_id!)
      expect(first, `delivery of ${d.post_id} points at a record`).toBeDefined()
      expect(String(first!.value.text)).toMatch(/^bluesky crash post \d+$/)
      const second = records.find(
        (r) => (r.value.reply as { parent?: { uri?: string } } | undefined)?.parent?.uri === d.remote_id,
      )
      expect(String(second?.value.text)).toBe(`second part of ${first!.value.text}`)
    }
  })
})

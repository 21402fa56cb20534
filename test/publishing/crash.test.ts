import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { describeEachEngine } from '../support/db.js'
import { type CrashRig, startCrashRig } from './support/crash-harness.js'

const N = 40

/**
 * Publishes N posts to the Sandbox through a real worker process that is killed with SIGKILL at
 * random moments and restarted, until every post is done; then counts on the network side that
 * each went out exactly once.
 */
describeEachEngine('crash test: SIGKILL the worker while publishing', (engine: Engine) => {
  let rig: CrashRig

  beforeAll(async () => {
    rig = await startCrashRig(engine)
  })

  afterAll(async () => {
    await rig?.close()
  })

  it(`publishes ${N} posts exactly once across random kills`, { timeout: 240_000 }, async () => {
    const channel = await rig.ctx.networks.connect.connectSandbox(
      rig.workspaceId,
      { ratePerMinute: 0 },
      { userId: null },
    )
    for (let i = 0; i < N; i++) await rig.publishNow(`crash post ${i}`, [channel.id])

    const kills = await rig.runWithKills({ maxKills: 4, settleMs: 120_000 })

    const ds = await rig.ctx.db.kysely
      .selectFrom('post_deliveries')
      .select(['state', 'idempotency_key', 'remote_id'])
      .execute()
    expect(ds.map((d) => d.state)).toEqual(Array(N).fill('published'))
    const items = await rig.ctx.db.kysely
      .selectFrom('sandbox_items')
      .select(['id', 'idempotency_key'])
      .where('from_brand', '=', 1)
      .execute()
    // Two parts per post: N first parts and N second parts, each key once.
    expect(items).toHaveLength(2 * N)
    const keys = new Map<string, number>()
    for (const it of items) keys.set(it.idempotency_key!, (keys.get(it.idempotency_key!) ?? 0) + 1)
    expect([...keys.values()].every((n) => n === 1)).toBe(true)
    for (const d of ds) {
      expect(keys.get(d.idempotency_key!)).toBe(1)
      expect(items.find((i) => i.idempotency_key === d.idempotency_key)?.id).toBe(d.remote_id)
    }
    expect(kills).toBeGreaterThan(0)
  })
})

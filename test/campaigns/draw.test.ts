import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { type Beacon, beaconRefusal, fetchRound } from '../../src/campaigns/beacon.js'
import {
  canonicalJson,
  commitmentOf,
  type DrawEntry,
  drawRoundFor,
  listHashOf,
  pickWinners,
  rankEntries,
  roundAt,
  roundTime,
} from '../../src/campaigns/draw.js'
import { type DrawRecord, verifyDraw } from '../../src/campaigns/verify.js'

/**
 * quicknet round 123, as published at
 * https://api.drand.sh/52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971/public/123
 * (recorded in noislabs/drand-verify's documentation); randomness = SHA-256(signature).
 */
const ROUND_123: Beacon = {
  round: 123,
  signature:
    'b75c69d0b72a5d906e854e808ba7e2accb1542ac355ae486d591aa9d43765482e26cd02df835d3546d23c4b13e0dfc92',
  randomness: 'fb8f7bc29bf24db51871ec8c79f3a1e4bd0557bc0dfcee9ed1d924e69d1c60dc',
}

const seedN = (n: number) => createHash('sha256').update(`seed-${n}`).digest('hex')
const entriesOf = (n: number): DrawEntry[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `e${String(i).padStart(5, '0')}`,
    network: i % 2 ? 'sandbox' : 'bluesky',
    handle: `user${i}`,
  }))

describe('draw core', () => {
  it('the commitment is SHA-256 of the seed bytes', () => {
    const seed = seedN(1)
    expect(commitmentOf(seed)).toBe(createHash('sha256').update(Buffer.from(seed, 'hex')).digest('hex'))
    expect(() => commitmentOf('zz')).toThrow(/hex/)
  })

  it('turns quicknet times into rounds and back (genesis 1692803367, period 3 s)', () => {
    expect(roundAt(1692803367_000)).toBe(1)
    expect(roundAt(1692803369_999)).toBe(1)
    expect(roundAt(1692803370_000)).toBe(2)
    expect(roundTime(123)).toBe((1692803367 + 122 * 3) * 1000)
    const close = Date.UTC(2026, 11, 24, 12, 0, 0)
    const round = drawRoundFor(close, 60_000)
    expect(roundTime(round)).toBeGreaterThanOrEqual(close + 60_000)
    expect(roundTime(round - 1)).toBeLessThan(close + 60_000 + 3000)
  })

  it('hashes the list in one canonical spelling, whatever the order or key order', () => {
    const a = entriesOf(5)
    const shuffled = [a[3], a[0], a[4], a[2], a[1]].map((e) => ({
      handle: e!.handle,
      network: e!.network,
      id: e!.id,
    }))
    expect(listHashOf(shuffled)).toBe(listHashOf(a))
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 'x' }] })).toBe('{"a":[{"c":"x","d":2}],"b":1}')
    expect(() => listHashOf([a[0]!, a[0]!])).toThrow(/twice/)
  })

  it('is deterministic for a given seed, beacon value and list', () => {
    const list = entriesOf(200)
    const one = rankEntries(list, seedN(7), ROUND_123.randomness)
    const two = rankEntries([...list].reverse(), seedN(7), ROUND_123.randomness)
    expect(two).toEqual(one)
    expect(one).toHaveLength(200)
    // the beacon matters: same seed, offline vs. with the beacon, different rankings
    const offline = rankEntries(list, seedN(7), null)
    expect(offline.map((r) => r.id)).not.toEqual(one.map((r) => r.id))
  })

  it('is uniform over many seeds (chi-square on 10,000 draws, 20 entries)', () => {
    const list = entriesOf(20)
    const counts = new Map<string, number>()
    const draws = 10_000
    for (let i = 0; i < draws; i++) {
      const top = rankEntries(list, seedN(i), ROUND_123.randomness)[0]!.id
      counts.set(top, (counts.get(top) ?? 0) + 1)
    }
    const expected = draws / list.length
    let chi = 0
    for (const e of list) chi += ((counts.get(e.id) ?? 0) - expected) ** 2 / expected
    // 19 degrees of freedom: the 0.1% critical value is 43.82 (the seeds are fixed, so this is not flaky)
    expect(counts.size).toBe(20)
    expect(chi).toBeLessThan(43.82)
  })

  it('changes completely when one entry changes', () => {
    const list = entriesOf(1000)
    const before = rankEntries(list, seedN(3), ROUND_123.randomness).map((r) => r.id)
    const changed = list.map((e, i) => (i === 500 ? { ...e, handle: 'someone-else' } : e))
    const after = rankEntries(changed, seedN(3), ROUND_123.randomness).map((r) => r.id)
    const samePlace = before.filter((id, i) => after[i] === id).length
    // a random reshuffle of 1000 keeps about one entry in place
    expect(samePlace).toBeLessThan(10)
    const top10 = new Set(before.slice(0, 10))
    expect(after.slice(0, 10).filter((id) => top10.has(id)).length).toBeLessThan(3)
  })

  it('redraws take the next entries of the same ranking', () => {
    const ranking = rankEntries(entriesOf(10), seedN(1), null)
    const ids = ranking.map((r) => r.id)
    expect(pickWinners(ranking, 3)).toEqual(ids.slice(0, 3))
    expect(pickWinners(ranking, 3, new Set([ids[1]!]))).toEqual([ids[0], ids[2], ids[3]])
    expect(pickWinners(ranking.slice(0, 2), 3)).toEqual(ids.slice(0, 2))
  })
})

describe('drand beacon', () => {
  it('a recorded quicknet round verifies offline', async () => {
    expect(await beaconRefusal(ROUND_123, 123)).toBeNull()
  })

  it('a forged signature, a wrong randomness or another round is refused', async () => {
    // another valid-looking G1 point: round 123's signature is not round 124's
    expect(await beaconRefusal({ ...ROUND_123, round: 124 }, 124)).toMatch(/does not verify/)
    const flipped = `${ROUND_123.signature.slice(0, 10)}${ROUND_123.signature[10] === 'a' ? 'b' : 'a'}${ROUND_123.signature.slice(11)}`
    const randomness = createHash('sha256').update(Buffer.from(flipped, 'hex')).digest('hex')
    expect(await beaconRefusal({ round: 123, signature: flipped, randomness }, 123)).toMatch(
      /does not verify/,
    )
    expect(await beaconRefusal({ ...ROUND_123, randomness: seedN(1) }, 123)).toMatch(/does not verify/)
    expect(await beaconRefusal(ROUND_123, 124)).toMatch(/not the committed round 124/)
  })

  it('fetchRound verifies what the endpoint answers and tells "not yet" apart', async () => {
    const served: Record<string, Response> = {}
    const fake = async (url: string) => served[url] ?? new Response('nope', { status: 500 })
    served['https://b.example/c/public/123'] = Response.json(ROUND_123)
    served['https://b.example/c/public/125'] = Response.json({ ...ROUND_123, round: 125 })
    served['https://b.example/c/public/999999999'] = new Response('{}', { status: 425 })
    expect(await fetchRound(fake, 'https://b.example/c/', 123)).toEqual({ kind: 'ok', beacon: ROUND_123 })
    expect(await fetchRound(fake, 'https://b.example/c', 999999999)).toEqual({ kind: 'not-yet' })
    const forged = await fetchRound(fake, 'https://b.example/c', 125)
    expect(forged.kind).toBe('unreachable')
    expect((await fetchRound(fake, 'https://b.example/c', 7)).kind).toBe('unreachable')
  })
})

describe('verifyDraw', () => {
  const seed = seedN(42)
  const entries = entriesOf(30)
  const ranking = rankEntries(entries, seed, ROUND_123.randomness)
  const base: DrawRecord = {
    version: 1,
    campaignId: 'c1',
    title: 'Mug',
    winnerCount: 2,
    commitment: commitmentOf(seed),
    mode: 'beacon',
    beaconChain: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
    beaconRound: 123,
    frozenAt: roundTime(123) - 60_000,
    listHash: listHashOf(entries),
    entries,
    seed,
    beacon: ROUND_123,
    picked: [ranking[0]!.id, ranking[1]!.id, ranking[2]!.id],
    forfeited: [ranking[1]!.id],
  }

  it('confirms an honest draw with one redraw', async () => {
    const r = await verifyDraw(base)
    expect(r.steps.filter((s) => !s.ok)).toEqual([])
    expect(r.ok).toBe(true)
    expect(r.winners).toEqual([ranking[0]!.id, ranking[2]!.id])
  })

  it('fails with a clear message on a tampered list, seed, beacon, order or winners', async () => {
    const fail = async (rec: DrawRecord) =>
      (await verifyDraw(rec)).steps.filter((s) => !s.ok).map((s) => s.detail)
    expect(await fail({ ...base, entries: entries.slice(1) })).toEqual([
      expect.stringMatching(/entry list does not match the hash published at the close/),
      expect.stringMatching(/not the top of the ranking/),
    ])
    expect((await fail({ ...base, seed: seedN(43) }))[0]).toMatch(/seed does not match the commitment/)
    expect(
      await fail({ ...base, beacon: { ...ROUND_123, round: 124 }, beaconRound: 124, frozenAt: 0 }),
    ).toEqual([expect.stringMatching(/BLS signature does not verify/)])
    expect(await fail({ ...base, frozenAt: roundTime(123) + 1 })).toEqual([
      expect.stringMatching(/frozen after the beacon round was published/),
    ])
    expect(await fail({ ...base, picked: [ranking[3]!.id, ranking[0]!.id] })).toEqual([
      expect.stringMatching(/not the top of the ranking/),
    ])
    expect(await fail({ ...base, picked: [ranking[0]!.id, ranking[1]!.id] })).toEqual([
      expect.stringMatching(/a forfeited prize was not redrawn/),
    ])
  })

  it('an offline draw uses the seed alone and says so', async () => {
    const off = rankEntries(entries, seed, null)
    const r = await verifyDraw({
      ...base,
      mode: 'seed-only',
      beacon: null,
      beaconRound: null,
      picked: [off[0]!.id, off[1]!.id],
      forfeited: [],
    })
    expect(r.ok).toBe(true)
    expect(r.steps.find((s) => s.check === 'beacon')?.detail).toMatch(/offline draw/)
  })
})

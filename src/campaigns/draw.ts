/**
 * The verifiable draw, as pure functions anyone can run again (docs/adr/0030-verifiable-draw.md).
 *
 *   commitment = SHA-256(seed)                         published at the start, with a beacon round
 *   listHash   = SHA-256(canonical JSON of the list)   published when the list is frozen at the close
 *   key        = seed ‖ beacon randomness              (seed alone when no beacon could be reached)
 *   score(e)   = HMAC-SHA256(key, listHash ":" e.id)  the ranking is the entries by ascending score
 *
 * The winners are the first N of the ranking; a redraw takes the next entry of the same ranking.
 * @NOTE the list hash is in the HMAC message so that changing any one entry reshuffles the whole
 * ranking (issue #23's property), instead of moving only the changed entry.
 * Nothing here reads the clock, the network or the database, so the server, the CLI and a browser
 * compute the same thing from the same published values.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto'

/** One frozen entry: who entered, as published. `id` is what the HMAC ranks. */
export interface DrawEntry {
  id: string
  /** The network the person entered on (the first one, when they entered on several). */
  network: string
  /** Public handle of the account that entered (shown so entrants can find themselves). */
  handle: string
}

/** The chain a beacon round belongs to: enough to turn a time into a round and back. */
export interface BeaconChain {
  hash: string
  genesisTime: number
  period: number
}

/** drand's quicknet chain (unchained BLS12-381, signatures on G1, a round every 3 s). */
export const QUICKNET: BeaconChain = {
  hash: '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971',
  genesisTime: 1692803367,
  period: 3,
}

/** A fresh secret seed: 32 random bytes, hex. */
export function newSeed(): string {
  return randomBytes(32).toString('hex')
}

const HEX = /^[0-9a-f]+$/

function hexBytes(field: string, hex: string, length?: number): Buffer {
  if (!HEX.test(hex) || hex.length % 2 !== 0) throw new Error(`${field} must be lower-case hex`)
  if (length !== undefined && hex.length !== length * 2) throw new Error(`${field} must be ${length} bytes`)
  return Buffer.from(hex, 'hex')
}

/** The public commitment to a seed: SHA-256 of its bytes, hex. */
export function commitmentOf(seedHex: string): string {
  return createHash('sha256')
    .update(hexBytes('seed', seedHex, 32))
    .digest('hex')
}

/** The round a chain emits at `timeMs` (the latest round published by then; 1 at genesis). */
export function roundAt(timeMs: number, chain: BeaconChain = QUICKNET): number {
  const elapsed = Math.floor(timeMs / 1000) - chain.genesisTime
  return elapsed < 0 ? 0 : Math.floor(elapsed / chain.period) + 1
}

/** When a round is published, epoch ms. */
export function roundTime(round: number, chain: BeaconChain = QUICKNET): number {
  return (chain.genesisTime + (round - 1) * chain.period) * 1000
}

/**
 * The beacon round committed to for a campaign closing at `closesAtMs`: the first round published
 * at least `marginMs` after the close, so the list is frozen before anyone can know the randomness.
 */
export function drawRoundFor(closesAtMs: number, marginMs = 60_000, chain: BeaconChain = QUICKNET): number {
  return roundAt(closesAtMs + marginMs, chain) + 1
}

/** JSON with object keys sorted at every level and no spaces: one spelling per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
}

/** The list in its one published order (by id), only the published fields. */
export function canonicalEntries(entries: readonly DrawEntry[]): DrawEntry[] {
  const ids = new Set<string>()
  for (const e of entries) {
    if (ids.has(e.id)) throw new Error(`entry ${e.id} is listed twice`)
    ids.add(e.id)
  }
  return entries
    .map((e) => ({ id: e.id, network: e.network, handle: e.handle }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** SHA-256 of the canonical JSON of the sorted list, hex: what is published at the freeze. */
export function listHashOf(entries: readonly DrawEntry[]): string {
  return createHash('sha256')
    .update(canonicalJson(canonicalEntries(entries)))
    .digest('hex')
}

/** The HMAC key: seed ‖ beacon randomness, or the seed alone in offline mode (randomness null). */
export function drawKey(seedHex: string, randomnessHex: string | null): Buffer {
  const seed = hexBytes('seed', seedHex, 32)
  return randomnessHex === null
    ? seed
    : Buffer.concat([seed, hexBytes('beacon randomness', randomnessHex, 32)])
}

/** One place in the ranking. */
export interface Ranked {
  id: string
  score: string
}

/**
 * Every entry ranked by HMAC-SHA256(key, listHash ":" id), lowest score first (ties, impossible in
 * practice, by id).
 */
export function rankEntries(
  entries: readonly DrawEntry[],
  seedHex: string,
  randomnessHex: string | null,
): Ranked[] {
  const key = drawKey(seedHex, randomnessHex)
  const list = canonicalEntries(entries)
  const prefix = `${createHash('sha256').update(canonicalJson(list)).digest('hex')}:`
  return list
    .map((e) => ({
      id: e.id,
      score: createHmac('sha256', key)
        .update(prefix + e.id, 'utf8')
        .digest('hex'),
    }))
    .sort((a, b) => (a.score < b.score ? -1 : a.score > b.score ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** The person a ticket belongs to: a person with several entries has tickets `<person>#2`, `#3`… */
export function personOf(id: string): string {
  const hash = id.indexOf('#')
  return hash < 0 ? id : id.slice(0, hash)
}

/** The ranking with each person's later tickets left out: no one wins twice. */
export function drawOrder(ranking: readonly Ranked[]): Ranked[] {
  const seen = new Set<string>()
  return ranking.filter((r) => {
    const person = personOf(r.id)
    if (seen.has(person)) return false
    seen.add(person)
    return true
  })
}

/**
 * Winners for `winnerCount` prizes, walking the draw order: an entry in `skip` (a winner who did not
 * claim, or was found ineligible after the draw) gives its place to the next entry in the ranking.
 */
export function pickWinners(
  ranking: readonly Ranked[],
  winnerCount: number,
  skip: ReadonlySet<string> = new Set(),
): string[] {
  const out: string[] = []
  for (const r of drawOrder(ranking)) {
    if (out.length >= winnerCount) break
    if (!skip.has(r.id)) out.push(r.id)
  }
  return out
}

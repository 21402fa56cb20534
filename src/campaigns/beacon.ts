/**
 * drand beacons: fetched through an injected fetch (the server passes the guarded outbound client)
 * and checked with the maintained `drand-client`, which verifies the BLS signature offline against
 * the chain's pinned public key. No library type leaves this file.
 */
import { type ChainClient, type ChainInfo, fetchBeacon } from 'drand-client'
import { QUICKNET } from './draw.js'

/** One beacon round as published by drand. */
export interface Beacon {
  round: number
  randomness: string
  signature: string
}

/** quicknet's chain info (https://api.drand.sh/52db9b…/info), pinned so verification needs no network. */
export const QUICKNET_INFO: ChainInfo = {
  public_key:
    '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
  period: QUICKNET.period,
  genesis_time: QUICKNET.genesisTime,
  hash: QUICKNET.hash,
  groupHash: 'f477d5c89f21a17c863a7f937c6a6d15859414d2be09cd448d4279af331c5d3e',
  schemeID: 'bls-unchained-g1-rfc9380',
  metadata: { beaconID: 'quicknet' },
}

/** The default quicknet endpoint (TOWNHALL_BEACON_URL overrides it; `off` means no beacon). */
export const QUICKNET_URL = `https://api.drand.sh/${QUICKNET.hash}`

/** A ChainClient over one beacon we already hold: drand-client then only verifies. */
function heldClient(beacon: Beacon, info: ChainInfo): ChainClient {
  return {
    options: { disableBeaconVerification: false, noCache: false },
    get: async () => ({ ...beacon }),
    latest: async () => ({ ...beacon }),
    chain: () => ({ baseUrl: 'held:', info: async () => info }),
  }
}

/** Why `beacon` is not round `round` of quicknet signed by its group key, or null when it is. */
export async function beaconRefusal(
  beacon: Beacon,
  round: number,
  info: ChainInfo = QUICKNET_INFO,
): Promise<string | null> {
  if (beacon.round !== round) return `the beacon is round ${beacon.round}, not the committed round ${round}`
  const previous = console.error
  try {
    // @NOTE drand-client reports its reasons on console.error; ours is the thrown message.
    console.error = () => {}
    await fetchBeacon(heldClient(beacon, info), round)
    return null
  } catch (err) {
    return `the beacon's BLS signature does not verify against quicknet's public key (${(err as Error).message})`
  } finally {
    console.error = previous
  }
}

export type BeaconFetch = (input: string, init?: RequestInit) => Promise<Response>

/** What fetching a round gave: the verified beacon, not yet published, or unreachable. */
export type BeaconResult =
  | { kind: 'ok'; beacon: Beacon }
  | { kind: 'not-yet' }
  | { kind: 'unreachable'; reason: string }

/**
 * Round `round` from the chain at `baseUrl`, verified. A round not yet published is `not-yet`
 * (drand answers 425 or 404); a bad signature is refused like an unreachable beacon, never used.
 */
export async function fetchRound(fetch: BeaconFetch, baseUrl: string, round: number): Promise<BeaconResult> {
  let res: Response
  try {
    res = await fetch(`${baseUrl.replace(/\/+$/, '')}/public/${round}`, {
      headers: { accept: 'application/json' },
    })
  } catch (err) {
    return { kind: 'unreachable', reason: (err as Error).message }
  }
  if (res.status === 425 || res.status === 404) {
    await res.body?.cancel()
    return { kind: 'not-yet' }
  }
  if (!res.ok) {
    await res.body?.cancel()
    return { kind: 'unreachable', reason: `the beacon answered ${res.status}` }
  }
  const body = (await res.json().catch(() => null)) as Partial<Beacon> | null
  if (
    !body ||
    typeof body.round !== 'number' ||
    typeof body.randomness !== 'string' ||
    typeof body.signature !== 'string'
  )
    return { kind: 'unreachable', reason: 'the beacon answered something that is not a round' }
  const beacon = { round: body.round, randomness: body.randomness, signature: body.signature }
  const refusal = await beaconRefusal(beacon, round)
  return refusal ? { kind: 'unreachable', reason: refusal } : { kind: 'ok', beacon }
}

/**
 * Checking a published draw from its public record alone: what `townhall giveaway verify URL` and
 * the verification section of the public page run. Pure apart from the BLS check (drand-client).
 */
import { type Beacon, beaconRefusal } from './beacon.js'
import {
  commitmentOf,
  type DrawEntry,
  drawOrder,
  listHashOf,
  pickWinners,
  QUICKNET,
  rankEntries,
  roundTime,
} from './draw.js'

/** Everything a campaign publishes about its draw (served as JSON beside its public page). */
export interface DrawRecord {
  version: 1
  campaignId: string
  title: string
  winnerCount: number
  /** SHA-256 of the seed, published at the start. */
  commitment: string
  /** 'beacon': seed ‖ drand randomness; 'seed-only': no beacon could be reached (stated on the page). */
  mode: 'beacon' | 'seed-only'
  beaconChain: string
  /** The committed future round (null for a campaign committed without a beacon). */
  beaconRound: number | null
  /** Epoch ms of the freeze, and the hash published then. */
  frozenAt: number | null
  listHash: string | null
  entries: DrawEntry[] | null
  /** Published after the draw. */
  seed: string | null
  beacon: Beacon | null
  /** Every entry given a prize, in draw order (first the winners, then each redraw). */
  picked: string[]
  /** Picked entries that lost their prize (unclaimed by the deadline, or found ineligible). */
  forfeited: string[]
}

/** One check and its outcome. */
export interface VerifyStep {
  check: string
  ok: boolean
  detail: string
}

export interface VerifyResult {
  ok: boolean
  steps: VerifyStep[]
  /** The winners recomputed from the record (empty when the record cannot be recomputed). */
  winners: string[]
}

/** Recomputes the draw from `record` and says, check by check, whether it holds. */
export async function verifyDraw(record: DrawRecord): Promise<VerifyResult> {
  const steps: VerifyStep[] = []
  const step = (check: string, ok: boolean, detail: string) => steps.push({ check, ok, detail })
  const done = (winners: string[] = []): VerifyResult => ({ ok: steps.every((s) => s.ok), steps, winners })

  if (record.seed === null || record.entries === null || record.listHash === null) {
    step('published', false, 'the draw has not been made yet: the seed and the frozen list are not published')
    return done()
  }
  let seedOk = false
  try {
    seedOk = commitmentOf(record.seed) === record.commitment
  } catch (err) {
    step('seed', false, `the published seed is malformed: ${(err as Error).message}`)
    return done()
  }
  step(
    'seed',
    seedOk,
    seedOk
      ? `SHA-256 of the seed is the commitment published at the start (${record.commitment.slice(0, 16)}…)`
      : 'the seed does not match the commitment published at the start: the seed was changed',
  )
  let hash: string
  try {
    hash = listHashOf(record.entries)
  } catch (err) {
    step('list', false, `the entry list is malformed: ${(err as Error).message}`)
    return done()
  }
  const listOk = hash === record.listHash
  step(
    'list',
    listOk,
    listOk
      ? `the ${record.entries.length} entries hash to the list hash published at the close`
      : `the entry list does not match the hash published at the close (${record.listHash.slice(0, 16)}… published, ${hash.slice(0, 16)}… computed): the list was changed`,
  )

  let randomness: string | null = null
  if (record.mode === 'beacon') {
    if (!record.beacon || record.beaconRound === null) {
      step('beacon', false, 'the record says a beacon was used but publishes none')
      return done()
    }
    const chainOk = record.beaconChain === QUICKNET.hash
    const refusal = chainOk
      ? await beaconRefusal(record.beacon, record.beaconRound)
      : `the beacon chain ${record.beaconChain} is not drand quicknet`
    step(
      'beacon',
      refusal === null,
      refusal ??
        `drand quicknet round ${record.beaconRound}: BLS signature verified against the chain's public key`,
    )
    randomness = record.beacon.randomness
    const published = roundTime(record.beaconRound)
    const frozenFirst = record.frozenAt !== null && record.frozenAt < published
    step(
      'order',
      frozenFirst,
      frozenFirst
        ? `the list was frozen ${Math.round((published - (record.frozenAt ?? 0)) / 1000)} s before the beacon round was published`
        : 'the list was frozen after the beacon round was published, so it could have been chosen knowing the randomness',
    )
  } else {
    step('beacon', true, 'offline draw: no beacon was reachable, the seed alone decided (stated on the page)')
  }

  const ranking = drawOrder(rankEntries(record.entries, record.seed, randomness))
  const expectedPicked = ranking.slice(0, record.picked.length).map((r) => r.id)
  const pickedOk = expectedPicked.every((id, i) => id === record.picked[i])
  const minimum = Math.min(record.winnerCount, ranking.length)
  const forfeitedOk = record.forfeited.every((id) => record.picked.includes(id))
  const winners = pickWinners(ranking, record.winnerCount, new Set(record.forfeited))
  const countOk =
    record.picked.length - record.forfeited.length >= minimum || record.picked.length === ranking.length
  step(
    'winners',
    pickedOk && forfeitedOk && countOk,
    !pickedOk
      ? `the published winners are not the top of the ranking: expected ${expectedPicked.join(', ')}, published ${record.picked.join(', ')}`
      : !forfeitedOk
        ? 'a forfeited prize names an entry that was never picked'
        : !countOk
          ? `only ${record.picked.length - record.forfeited.length} of ${minimum} prizes are held: a forfeited prize was not redrawn`
          : `the winners are the first ${record.picked.length} of the ranking (${record.forfeited.length} redrawn)`,
  )
  return done(winners)
}

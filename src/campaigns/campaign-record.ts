/**
 * What a campaign publishes beyond the draw service's steps: its draw record (what the page and
 * `townhall giveaway verify` read), its results, and the periodic step that moves campaigns along.
 */
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Database } from '../db/schema.js'
import type { Beacon } from './beacon.js'
import type { ClaimState } from './campaign.types.js'
import type { CampaignCollector } from './campaign-collect.js'
import type { CampaignsTable } from './campaigns.tables.js'
import { type DrawEntry, QUICKNET, roundTime } from './draw.js'
import type { DrawRecord } from './verify.js'

type Row = Selectable<CampaignsTable>

/** The public record of the draw. */
export function drawRecord(row: Row): DrawRecord {
  const frozen = row.frozen_list ? (JSON.parse(row.frozen_list) as DrawEntry[]) : null
  return {
    version: 1,
    campaignId: row.id,
    title: row.title,
    winnerCount: row.winner_count,
    commitment: row.commitment ?? '',
    mode: (row.mode ?? 'beacon') as DrawRecord['mode'],
    beaconChain: QUICKNET.hash,
    beaconRound: row.beacon_round === null ? null : Number(row.beacon_round),
    frozenAt: row.frozen_at === null ? null : Number(row.frozen_at),
    listHash: row.list_hash,
    entries: frozen,
    seed: row.seed,
    beacon: row.beacon ? (JSON.parse(row.beacon) as Beacon) : null,
    picked: JSON.parse(row.picked) as string[],
    forfeited: JSON.parse(row.forfeited) as string[],
  }
}

/** Results for the page: entries per network, and entries set aside per reason (flags and disqualifications). */
export async function campaignStatistics(
  db: Kysely<Database>,
  id: string,
): Promise<{ perNetwork: Record<string, number>; setAside: Record<string, number> }> {
  const rows = await db
    .selectFrom('campaign_entries')
    .select(['network', 'status', 'flags'])
    .where('campaign_id', '=', id)
    .execute()
  const perNetwork: Record<string, number> = {}
  const setAside: Record<string, number> = {}
  for (const r of rows) {
    perNetwork[r.network] = (perNetwork[r.network] ?? 0) + 1
    if (r.status === 'disqualified') setAside.disqualified = (setAside.disqualified ?? 0) + 1
    if (r.status === 'flagged')
      for (const f of JSON.parse(r.flags) as string[]) setAside[f] = (setAside[f] ?? 0) + 1
  }
  return { perNetwork, setAside }
}

/**
 * The periodic step: collect open campaigns, freeze closed ones, draw frozen ones whose beacon round
 * is out, forfeit prizes unclaimed past their deadline. Each campaign's failure is its own.
 */
/**
 * The draw service's steps the periodic tick drives (campaign-draw.service.ts implements them);
 * named here so this module and the service do not import each other.
 */
export interface DrawSteps {
  freeze(workspaceId: string, campaignId: string): Promise<unknown>
  draw(workspaceId: string, campaignId: string, actor: null): Promise<unknown>
  forfeit(
    workspaceId: string,
    campaignId: string,
    ticket: string,
    reason: string,
    actor: null,
  ): Promise<unknown>
}

export async function tickCampaigns(
  deps: { db: Kysely<Database>; clock: Clock; draw: DrawSteps; collector: CampaignCollector },
  onError: (err: unknown, campaignId: string) => void,
): Promise<void> {
  const now = deps.clock.now()
  const rows = await deps.db
    .selectFrom('campaigns')
    .selectAll()
    .where('state', 'in', ['open', 'frozen', 'drawn'])
    .execute()
  for (const row of rows) {
    try {
      if (row.state === 'open' && Number(row.starts_at) <= now) {
        if (now >= Number(row.ends_at)) await deps.draw.freeze(row.workspace_id, row.id)
        else await deps.collector.collect(row)
      } else if (row.state === 'frozen') {
        const due = row.mode !== 'beacon' || now >= roundTime(Number(row.beacon_round))
        if (due) await deps.draw.draw(row.workspace_id, row.id, null)
      } else if (row.state === 'drawn') {
        const claims = JSON.parse(row.claims) as Record<string, ClaimState>
        const forfeited = new Set(JSON.parse(row.forfeited) as string[])
        for (const [ticket, c] of Object.entries(claims))
          if (!c.claimedAt && !forfeited.has(ticket) && c.deadline <= now)
            await deps.draw.forfeit(row.workspace_id, row.id, ticket, 'not claimed by the deadline', null)
      }
    } catch (err) {
      onError(err, row.id)
    }
  }
}

/** Builds the campaigns domain for the composition root (src/context.ts), and its periodic job. */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { Sealer } from '../core/seal.js'
import type { Database } from '../db/schema.js'
import { runEverySlot, slotJob } from '../jobs/periodic.js'
import type { JobQueue } from '../jobs/queue.port.js'
import type { BeaconFetch } from './beacon.js'
import { CampaignService } from './campaign.service.js'
import { CampaignCollector, type ChannelRunner } from './campaign-collect.js'
import { CampaignDrawService } from './campaign-draw.service.js'

export interface Campaigns {
  campaigns: CampaignService
  draw: CampaignDrawService
  collector: CampaignCollector
}

export interface CampaignsDeps {
  db: Kysely<Database>
  clock: Clock
  sealer: Sealer
  runner: () => ChannelRunner
  /** The quicknet endpoint, or null for draws without a beacon. */
  beaconUrl: string | null
  /** The guarded outbound client's fetch (src/core/outbound). */
  fetch: BeaconFetch
  /** How long after the close the committed beacon round comes. */
  beaconMarginMs?: number
  publicUrl: string
}

/** The public page of a workspace: /p/<slug> when it chose one, /p/<workspace id> otherwise. */
export async function publicBase(
  db: Kysely<Database>,
  publicUrl: string,
  workspaceId: string,
): Promise<string> {
  const page = await db
    .selectFrom('public_pages')
    .select('slug')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst()
  return `${publicUrl}/p/${encodeURIComponent(page?.slug ?? workspaceId)}`
}

export function createCampaigns(deps: CampaignsDeps): Campaigns {
  const campaigns = new CampaignService(deps.db, deps.clock, deps.publicUrl)
  const runner: ChannelRunner = { run: (ws, ch, work) => deps.runner().run(ws, ch, work) }
  const collector = new CampaignCollector(deps.db, deps.clock, runner, (id, kind, note, entryId) =>
    campaigns.log(id, kind, note, { entryId }),
  )
  const draw = new CampaignDrawService({
    db: deps.db,
    clock: deps.clock,
    sealer: deps.sealer,
    campaigns,
    collector,
    runner,
    beaconUrl: deps.beaconUrl,
    fetch: deps.fetch,
    beaconMarginMs: deps.beaconMarginMs,
    pageUrl: async (ws, id) => `${await publicBase(deps.db, deps.publicUrl, ws)}/giveaways/${id}`,
  })
  return { campaigns, draw, collector }
}

const tickJob = slotJob('campaigns.tick')
// @NOTE 15 s: the list must be frozen before the committed beacon round, which comes 60 s after the close.
const TICK_MS = 15_000

/** Collect, freeze, draw and expire claims on a schedule (the worker runner calls this). */
export function registerCampaignJobs(
  queue: JobQueue,
  c: () => Campaigns,
  clock: Clock,
  logger: Logger,
): void {
  runEverySlot(queue, tickJob, TICK_MS, clock, () =>
    c().draw.tick((err, campaignId) =>
      logger.warn(
        { err: err instanceof Error ? err.message : String(err), campaignId },
        'campaign step failed',
      ),
    ),
  )
}

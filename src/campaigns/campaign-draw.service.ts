/**
 * The life of a giveaway after its draft: open (commit and announce), collect, disqualify/restore,
 * freeze at the close, draw with the beacon, tell the winners, claims and redraws. Every step that
 * the public should be able to check writes the public log (docs/adr/0030-verifiable-draw.md).
 */
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, DomainError, invalid, notFound } from '../core/errors.js'
import type { Sealer } from '../core/seal.js'
import { formatLocal } from '../core/zoned-time.js'
import type { Database } from '../db/schema.js'
import { type Beacon, type BeaconFetch, fetchRound } from './beacon.js'
import type { CampaignService } from './campaign.service.js'
import type { Campaign, CampaignEntry, ClaimState, EntryMethod } from './campaign.types.js'
import type { CampaignCollector, ChannelRunner } from './campaign-collect.js'
import { campaignStatistics, drawRecord, tickCampaigns } from './campaign-record.js'
import type { CampaignsTable } from './campaigns.tables.js'
import {
  commitmentOf,
  type DrawEntry,
  drawOrder,
  drawRoundFor,
  listHashOf,
  newSeed,
  personOf,
  rankEntries,
  roundTime,
} from './draw.js'
import type { DrawRecord } from './verify.js'

type Row = Selectable<CampaignsTable>

export interface DrawDeps {
  db: Kysely<Database>
  clock: Clock
  sealer: Sealer
  campaigns: CampaignService
  collector: CampaignCollector
  runner: ChannelRunner
  /** The quicknet endpoint, or null when this install draws without a beacon (TOWNHALL_BEACON_URL=off). */
  beaconUrl: string | null
  /** The guarded outbound client's fetch. */
  fetch: BeaconFetch
  /** How long after the close the committed round comes: the freeze must happen before it. */
  beaconMarginMs?: number
  /** The public giveaway page of a campaign, for the announcement and the winners' notices. */
  pageUrl: (workspaceId: string, campaignId: string) => Promise<string>
}

const METHOD_WORDS: Record<string, string> = {
  reply: 'reply',
  repost: 'repost',
  quote: 'quote this',
  mention: 'mention us',
  follow: 'follow us',
}

export class CampaignDrawService {
  constructor(private readonly d: DrawDeps) {}

  private async set(id: string, values: Partial<Row>): Promise<void> {
    await this.d.db
      .updateTable('campaigns')
      .set({ ...values, updated_at: this.d.clock.now() })
      .where('id', '=', id)
      .execute()
  }

  /**
   * Opens a draft: draws the secret seed (sealed until the draw), commits to it and to a future beacon
   * round, and publishes the announcement with the commitment on every entry channel. Safe to retry:
   * the commitment is made once, and each announcement carries an idempotency key.
   */
  async open(workspaceId: string, id: string, actorMemberId: string | null): Promise<Campaign> {
    let row = await this.d.campaigns.row(workspaceId, id)
    if (row.state !== 'draft') throw conflict('the campaign is already open')
    const now = this.d.clock.now()
    if (Number(row.ends_at) <= now) throw invalid('endsAt', 'is in the past: the campaign could not run')
    if (row.commitment === null) {
      const seed = newSeed()
      const mode = this.d.beaconUrl ? 'beacon' : 'seed-only'
      const round = mode === 'beacon' ? drawRoundFor(Number(row.ends_at), this.d.beaconMarginMs) : null
      await this.set(id, {
        seed_sealed: this.d.sealer.seal(seed, `campaign:${id}`),
        commitment: commitmentOf(seed),
        mode,
        beacon_round: round,
        committed_at: now,
      })
      await this.d.campaigns.log(
        id,
        'committed',
        mode === 'beacon'
          ? `Commitment ${commitmentOf(seed)} published; the draw uses drand quicknet round ${round} (published ${new Date(roundTime(round!)).toISOString()})`
          : `Commitment ${commitmentOf(seed)} published; no beacon is reachable from this install, so the seed alone will decide`,
        { actorMemberId },
      )
      row = await this.d.campaigns.row(workspaceId, id)
    }
    const url = await this.d.pageUrl(workspaceId, id)
    const announcements = JSON.parse(row.announcements) as Record<string, string>
    const methods = JSON.parse(row.entry_methods) as EntryMethod[]
    for (const channelId of new Set(methods.map((m) => m.channelId))) {
      if (announcements[channelId]) continue
      const how = methods
        .filter((m) => m.channelId === channelId)
        .map((m) => `${METHOD_WORDS[m.kind] ?? m.kind}${m.keyword ? ` with ${m.keyword}` : ''}`)
        .join(' or ')
      const ends = `${formatLocal(Number(row.ends_at), row.time_zone).replace('T', ' ')} ${row.time_zone}`
      const draw = row.mode === 'beacon' ? ` + drand round ${row.beacon_round}` : ''
      const text = `🎁 ${row.title.slice(0, 60)}: ${how} to enter, until ${ends}. Rules and draw check: ${url} · commitment ${row.commitment!.slice(0, 16)}…${draw}`
      const published = await this.d.runner.run(workspaceId, channelId, (n) =>
        n.publish({ text, idempotencyKey: `campaign:${id}:${channelId}` }),
      )
      announcements[channelId] = published.remoteId
      await this.set(id, { announcements: JSON.stringify(announcements) })
    }
    await this.set(id, { state: 'open' })
    await this.d.campaigns.log(
      id,
      'opened',
      'Announced on every entry channel; entries are collected until the close',
      {
        actorMemberId,
      },
    )
    return this.d.campaigns.get(workspaceId, id)
  }

  /** Collects entries now (the periodic job does this during the window too). */
  async collect(workspaceId: string, id: string): Promise<{ stored: number }> {
    const row = await this.d.campaigns.row(workspaceId, id)
    if (row.state !== 'open') throw conflict('entries are collected only while the campaign is open')
    return this.d.collector.collect(row)
  }

  async entries(workspaceId: string, id: string): Promise<CampaignEntry[]> {
    await this.d.campaigns.row(workspaceId, id)
    const rows = await this.d.db
      .selectFrom('campaign_entries')
      .selectAll()
      .where('campaign_id', '=', id)
      .orderBy('entered_at')
      .orderBy('id')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      channelId: r.channel_id,
      network: r.network,
      method: r.method,
      handle: r.handle,
      displayName: r.display_name,
      text: r.text,
      personKey: r.person_key,
      status: r.status as CampaignEntry['status'],
      flags: JSON.parse(r.flags) as string[],
      note: r.note,
      enteredAt: Number(r.entered_at),
    }))
  }

  /** Disqualifies or restores one entry before the freeze; the note goes to the public log. */
  async decide(
    workspaceId: string,
    id: string,
    entryId: string,
    decision: 'disqualify' | 'restore',
    note: string,
    actorMemberId: string | null,
  ): Promise<CampaignEntry> {
    const row = await this.d.campaigns.row(workspaceId, id)
    if (row.state !== 'open' && row.state !== 'draft')
      throw conflict('the entry list is frozen: a winner found ineligible is forfeited instead')
    if (note.trim().length === 0) throw invalid('note', 'say why; the note is public')
    const entry = await this.d.db
      .selectFrom('campaign_entries')
      .select(['id', 'handle', 'network'])
      .where('campaign_id', '=', id)
      .where('id', '=', entryId)
      .executeTakeFirst()
    if (!entry) throw notFound('Entry')
    await this.d.db
      .updateTable('campaign_entries')
      .set({ status: decision === 'disqualify' ? 'disqualified' : 'valid', note })
      .where('id', '=', entryId)
      .execute()
    await this.d.campaigns.log(
      id,
      decision === 'disqualify' ? 'disqualified' : 'restored',
      `@${entry.handle} on ${entry.network} ${decision === 'disqualify' ? 'disqualified' : 'restored'}: ${note}`,
      { entryId, actorMemberId },
    )
    await this.d.collector.screen(await this.d.campaigns.row(workspaceId, id))
    const out = (await this.entries(workspaceId, id)).find((e) => e.id === entryId)
    return out!
  }

  /**
   * Freezes the list at the close: a last collection, screening, then one ticket per eligible person
   * (more when the rules allow several entries), hashed and published.
   */
  async freeze(workspaceId: string, id: string): Promise<Campaign> {
    let row = await this.d.campaigns.row(workspaceId, id)
    if (row.state !== 'open') throw conflict('only an open campaign can be frozen')
    const now = this.d.clock.now()
    if (now < Number(row.ends_at)) throw conflict('the campaign has not closed yet')
    await this.d.collector.collect(row)
    row = await this.d.campaigns.row(workspaceId, id)
    const valid = await this.d.db
      .selectFrom('campaign_entries')
      .select(['id', 'network', 'handle', 'person_key'])
      .where('campaign_id', '=', id)
      .where('status', '=', 'valid')
      .orderBy('entered_at')
      .orderBy('id')
      .execute()
    const first = new Map<string, { id: string; n: number }>()
    const list: DrawEntry[] = []
    for (const e of valid) {
      const seen = first.get(e.person_key)
      if (!seen) {
        first.set(e.person_key, { id: e.id, n: 1 })
        list.push({ id: e.id, network: e.network, handle: e.handle })
      } else if (seen.n < row.entries_per_person) {
        seen.n++
        list.push({ id: `${seen.id}#${seen.n}`, network: e.network, handle: e.handle })
      }
    }
    const hash = listHashOf(list)
    await this.set(id, {
      state: 'frozen',
      frozen_at: now,
      list_hash: hash,
      frozen_list: JSON.stringify(list),
    })
    const late =
      row.mode === 'beacon' && row.beacon_round !== null && now >= roundTime(Number(row.beacon_round))
        ? ' (after the committed beacon round: verification will say so)'
        : ''
    await this.d.campaigns.log(
      id,
      'frozen',
      `Entry list frozen: ${list.length} entries, SHA-256 ${hash}${late}`,
    )
    return this.d.campaigns.get(workspaceId, id)
  }

  private rankingOf(row: Row, beacon: Beacon | null, seed: string) {
    const list = JSON.parse(row.frozen_list ?? '[]') as DrawEntry[]
    return drawOrder(rankEntries(list, seed, beacon ? beacon.randomness : null))
  }

  /** Draws: fetches and verifies the committed beacon round, ranks, reveals the seed, tells the winners. */
  async draw(workspaceId: string, id: string, actorMemberId: string | null): Promise<Campaign> {
    const row = await this.d.campaigns.row(workspaceId, id)
    if (row.state !== 'frozen') throw conflict('the entry list must be frozen before the draw')
    let beacon: Beacon | null = null
    if (row.mode === 'beacon') {
      const round = Number(row.beacon_round)
      if (!this.d.beaconUrl)
        throw new DomainError('unavailable', 'this install has no beacon configured (TOWNHALL_BEACON_URL)')
      const got = await fetchRound(this.d.fetch, this.d.beaconUrl, round)
      if (got.kind === 'not-yet')
        throw conflict(
          `drand round ${round} is published at ${new Date(roundTime(round)).toISOString()}; draw after it`,
        )
      if (got.kind === 'unreachable')
        throw new DomainError('unavailable', `the beacon could not be used: ${got.reason}`, {
          retryAfterSeconds: 30,
        })
      beacon = got.beacon
    }
    const seed = this.d.sealer.open(row.seed_sealed!, `campaign:${id}`)
    const ranking = this.rankingOf(row, beacon, seed)
    const picked = ranking.slice(0, row.winner_count).map((r) => r.id)
    const now = this.d.clock.now()
    await this.set(id, {
      state: 'drawn',
      drawn_at: now,
      seed,
      beacon: beacon ? JSON.stringify(beacon) : null,
      picked: JSON.stringify(picked),
    })
    await this.d.campaigns.log(
      id,
      'drawn',
      `Drawn${beacon ? ` with drand quicknet round ${beacon.round} (randomness ${beacon.randomness.slice(0, 16)}…)` : ' with the seed alone (offline)'}; seed ${seed} revealed; ${picked.length} winners`,
      { actorMemberId },
    )
    for (const entryId of picked) await this.notify(workspaceId, id, entryId)
    return this.d.campaigns.get(workspaceId, id)
  }

  /** Tells one winner, by a reply under their entry or a direct message, with the claim deadline. */
  private async notify(workspaceId: string, id: string, ticketId: string): Promise<void> {
    const row = await this.d.campaigns.row(workspaceId, id)
    const entry = await this.d.db
      .selectFrom('campaign_entries')
      .selectAll()
      .where('id', '=', personOf(ticketId))
      .executeTakeFirst()
    const now = this.d.clock.now()
    const deadline = now + row.claim_days * 86_400_000
    const url = await this.d.pageUrl(workspaceId, id)
    const text = `🎉 @${entry?.handle ?? 'winner'} you won in "${row.title.slice(0, 60)}"! Claim by ${formatLocal(deadline, row.time_zone).replace('T', ' ')} ${row.time_zone}: answer this message. Draw: ${url}`
    let via: ClaimState['via'] = 'none'
    if (entry) {
      const key = `campaign:${id}:win:${ticketId}`
      try {
        if (entry.method === 'reply' || entry.method === 'quote' || entry.method === 'mention') {
          await this.d.runner.run(workspaceId, entry.channel_id, (n) =>
            n.reply(entry.remote_id, text, { idempotencyKey: key }),
          )
          via = 'reply'
        } else {
          await this.d.runner.run(workspaceId, entry.channel_id, async (n) => {
            if (!n.capabilities.directMessages || !n.sendDirectMessage) return
            await n.sendDirectMessage(entry.author_remote_id, text, { idempotencyKey: key })
            via = 'direct-message'
          })
        }
      } catch {
        via = 'none'
      }
    }
    const claims = JSON.parse(row.claims) as Record<string, ClaimState>
    claims[ticketId] = { notifiedAt: via === 'none' ? null : now, deadline, claimedAt: null, via }
    await this.set(id, { claims: JSON.stringify(claims) })
    await this.d.campaigns.log(
      id,
      'notified',
      via === 'none'
        ? `@${entry?.handle} could not be told on the network; the sponsor contacts them by the free method's address`
        : `@${entry?.handle} told by ${via === 'reply' ? 'a reply' : 'a direct message'}; claim by ${new Date(deadline).toISOString()}`,
      { entryId: ticketId },
    )
  }

  /** Marks a winner's prize claimed. */
  async claim(
    workspaceId: string,
    id: string,
    ticketId: string,
    actorMemberId: string | null,
  ): Promise<Campaign> {
    const row = await this.d.campaigns.row(workspaceId, id)
    const claims = JSON.parse(row.claims) as Record<string, ClaimState>
    const forfeited = JSON.parse(row.forfeited) as string[]
    if (row.state !== 'drawn' || !claims[ticketId] || forfeited.includes(ticketId))
      throw invalid('entryId', 'is not a winner holding a prize')
    claims[ticketId] = { ...claims[ticketId]!, claimedAt: this.d.clock.now() }
    await this.set(id, { claims: JSON.stringify(claims) })
    await this.d.campaigns.log(id, 'claimed', 'Prize claimed', { entryId: ticketId, actorMemberId })
    return this.d.campaigns.get(workspaceId, id)
  }

  /** A winner loses the prize (unclaimed, or ineligible); it goes to the next entry of the published ranking. */
  async forfeit(
    workspaceId: string,
    id: string,
    ticketId: string,
    note: string,
    actorMemberId: string | null,
  ): Promise<Campaign> {
    const row = await this.d.campaigns.row(workspaceId, id)
    const picked = JSON.parse(row.picked) as string[]
    const forfeited = JSON.parse(row.forfeited) as string[]
    const claims = JSON.parse(row.claims) as Record<string, ClaimState>
    if (row.state !== 'drawn' || !picked.includes(ticketId) || forfeited.includes(ticketId))
      throw invalid('entryId', 'is not a winner holding a prize')
    if (claims[ticketId]?.claimedAt) throw conflict('this prize was claimed')
    if (note.trim().length === 0) throw invalid('note', 'say why; the note is public')
    forfeited.push(ticketId)
    const beacon = row.beacon ? (JSON.parse(row.beacon) as Beacon) : null
    const next = this.rankingOf(row, beacon, row.seed!)[picked.length]
    if (next) picked.push(next.id)
    await this.set(id, { picked: JSON.stringify(picked), forfeited: JSON.stringify(forfeited) })
    await this.d.campaigns.log(id, 'forfeited', `Prize forfeited: ${note}`, {
      entryId: ticketId,
      actorMemberId,
    })
    if (next) {
      await this.d.campaigns.log(
        id,
        'redrawn',
        `Redraw: the next entry in the published ranking (place ${picked.length})`,
        {
          entryId: next.id,
        },
      )
      await this.notify(workspaceId, id, next.id)
    }
    return this.d.campaigns.get(workspaceId, id)
  }

  /** Entries per network and set aside per reason (campaign-record.ts). */
  statistics(id: string) {
    return campaignStatistics(this.d.db, id)
  }

  /** The public record of the draw (campaign-record.ts). */
  record(row: Row): DrawRecord {
    return drawRecord(row)
  }

  /** The periodic step (campaign-record.ts). */
  tick(onError: (err: unknown, campaignId: string) => void): Promise<void> {
    return tickCampaigns(
      { db: this.d.db, clock: this.d.clock, draw: this, collector: this.d.collector },
      onError,
    )
  }
}

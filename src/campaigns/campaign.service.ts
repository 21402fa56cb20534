/**
 * Campaigns: create and edit while a draft, with the checks issue #23 asks (a real time zone, start
 * before end, entry methods each network allows), the generated official rules, and the public log.
 * The draw's lifecycle (open, collect, freeze, draw, claims) is in campaign-draw.service.ts.
 */
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { isTimeZone } from '../core/time-zone.js'
import { formatLocal, parseLocal, zonedToUtc } from '../core/zoned-time.js'
import type { Database } from '../db/schema.js'
import type {
  Campaign,
  CampaignInput,
  CampaignLogItem,
  CampaignState,
  Eligibility,
  EntryMethod,
} from './campaign.types.js'
import { checkEntryMethods, officialRules } from './campaign-policy.js'
import type { CampaignsTable } from './campaigns.tables.js'

type Row = Selectable<CampaignsTable>

const DEFAULT_ELIGIBILITY: Eligibility = {
  minAccountAgeDays: 0,
  minFollowers: 0,
  excludedHandles: [],
  countries: [],
  minAge: 18,
}

const json = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback)

export interface ChannelInfo {
  id: string
  network: string
  handle: string
}

export class CampaignService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** Base of the public pages, for the rules' link to the verification. */
    private readonly publicUrl: string,
  ) {}

  /** The workspace's channels by id (network and handle), for entry method checks and the rules. */
  async channels(workspaceId: string): Promise<Map<string, ChannelInfo>> {
    const rows = await this.db
      .selectFrom('channels')
      .select(['id', 'network', 'handle'])
      .where('workspace_id', '=', workspaceId)
      .execute()
    return new Map(rows.map((r) => [r.id, r]))
  }

  private async validated(workspaceId: string, input: CampaignInput) {
    if (!isTimeZone(input.timeZone))
      throw invalid('timeZone', 'is not an IANA time zone such as Europe/Paris')
    const startsAt = zonedToUtc(parseLocal(input.startsAt, 'startsAt'), input.timeZone)
    const endsAt = zonedToUtc(parseLocal(input.endsAt, 'endsAt'), input.timeZone)
    if (endsAt <= startsAt) throw invalid('endsAt', 'must be after startsAt')
    const quantity = input.prizes.reduce((s, p) => s + p.quantity, 0)
    if (input.prizes.length === 0) throw invalid('prizes', 'name at least one prize')
    if (input.winnerCount > quantity)
      throw invalid('winnerCount', `is more than the ${quantity} prizes listed`)
    const channels = await this.channels(workspaceId)
    checkEntryMethods(input, (id) => channels.get(id)?.network)
    const keys = new Set<string>()
    input.entryMethods.forEach((m, i) => {
      const key = `${m.channelId}:${m.kind}`
      if (keys.has(key)) throw invalid(`entryMethods.${i}`, 'this channel already has this entry method')
      keys.add(key)
    })
    return { startsAt, endsAt, channels }
  }

  private rules(row: Omit<Row, 'id' | 'workspace_id'>, channels: Map<string, ChannelInfo>): string {
    const methods = json<EntryMethod[]>(row.entry_methods, [])
    return officialRules({
      title: row.title,
      sponsor: json(row.sponsor, { name: '', address: '' }),
      prizes: json(row.prizes, []),
      winnerCount: row.winner_count,
      timeZone: row.time_zone,
      startsLocal: formatLocal(row.starts_at, row.time_zone),
      endsLocal: formatLocal(row.ends_at, row.time_zone),
      entryMethods: methods.map((m) => ({
        ...m,
        network: channels.get(m.channelId)?.network ?? 'unknown',
        handle: channels.get(m.channelId)?.handle ?? 'unknown',
      })),
      entriesPerPerson: row.entries_per_person,
      eligibility: json(row.eligibility, DEFAULT_ELIGIBILITY),
      freeMethod: row.free_method,
      claimDays: row.claim_days,
      publicUrl: `${this.publicUrl}/giveaways`,
    })
  }

  /** A row as the API shows it, with the rules text in force. */
  async toCampaign(row: Row, channels?: Map<string, ChannelInfo>): Promise<Campaign> {
    const ch = channels ?? (await this.channels(row.workspace_id))
    return {
      id: row.id,
      workspaceId: row.workspace_id,
      title: row.title,
      description: row.description,
      prizes: json(row.prizes, []),
      winnerCount: row.winner_count,
      timeZone: row.time_zone,
      startsAt: Number(row.starts_at),
      endsAt: Number(row.ends_at),
      startsLocal: formatLocal(Number(row.starts_at), row.time_zone),
      endsLocal: formatLocal(Number(row.ends_at), row.time_zone),
      entryMethods: json(row.entry_methods, []),
      entriesPerPerson: row.entries_per_person,
      eligibility: json(row.eligibility, DEFAULT_ELIGIBILITY),
      sponsor: json(row.sponsor, { name: '', address: '' }),
      freeMethod: row.free_method,
      claimDays: row.claim_days,
      rulesText: row.rules_text ?? this.rules(row, ch),
      rulesEdited: row.rules_text !== null,
      state: row.state as CampaignState,
      announcements: json(row.announcements, {}),
      commitment: row.commitment,
      mode: row.mode as Campaign['mode'],
      beaconRound: row.beacon_round === null ? null : Number(row.beacon_round),
      committedAt: row.committed_at === null ? null : Number(row.committed_at),
      frozenAt: row.frozen_at === null ? null : Number(row.frozen_at),
      listHash: row.list_hash,
      drawnAt: row.drawn_at === null ? null : Number(row.drawn_at),
      picked: json(row.picked, []),
      forfeited: json(row.forfeited, []),
      claims: json(row.claims, {}),
      createdAt: Number(row.created_at),
      updatedAt: Number(row.updated_at),
    }
  }

  async row(workspaceId: string, id: string): Promise<Row> {
    const row = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw notFound('Campaign')
    return row
  }

  async get(workspaceId: string, id: string): Promise<Campaign> {
    return this.toCampaign(await this.row(workspaceId, id))
  }

  async list(workspaceId: string): Promise<Campaign[]> {
    const rows = await this.db
      .selectFrom('campaigns')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('starts_at', 'desc')
      .execute()
    const channels = await this.channels(workspaceId)
    return Promise.all(rows.map((r) => this.toCampaign(r, channels)))
  }

  private columns(input: CampaignInput, startsAt: number, endsAt: number) {
    return {
      title: input.title,
      description: input.description ?? '',
      prizes: JSON.stringify(input.prizes),
      winner_count: input.winnerCount,
      time_zone: input.timeZone,
      starts_at: startsAt,
      ends_at: endsAt,
      entry_methods: JSON.stringify(
        input.entryMethods.map((m) => ({ channelId: m.channelId, kind: m.kind, keyword: m.keyword ?? null })),
      ),
      entries_per_person: input.entriesPerPerson ?? 1,
      eligibility: JSON.stringify({ ...DEFAULT_ELIGIBILITY, ...input.eligibility }),
      sponsor: JSON.stringify(input.sponsor),
      free_method: input.freeMethod,
      claim_days: input.claimDays ?? 7,
      rules_text: input.rulesText ?? null,
    }
  }

  async create(workspaceId: string, input: CampaignInput, actorMemberId: string | null): Promise<Campaign> {
    const { startsAt, endsAt, channels } = await this.validated(workspaceId, input)
    const now = this.clock.now()
    const row: Row = {
      id: newId(now),
      workspace_id: workspaceId,
      ...this.columns(input, startsAt, endsAt),
      state: 'draft',
      announcements: '{}',
      seed_sealed: null,
      commitment: null,
      mode: null,
      beacon_round: null,
      committed_at: null,
      frozen_at: null,
      list_hash: null,
      frozen_list: null,
      drawn_at: null,
      seed: null,
      beacon: null,
      picked: '[]',
      forfeited: '[]',
      claims: '{}',
      created_at: now,
      updated_at: now,
    }
    await this.db.insertInto('campaigns').values(row).execute()
    await this.log(row.id, 'created', `Campaign "${input.title}" drafted`, { actorMemberId })
    return this.toCampaign(row, channels)
  }

  /** Replaces a draft's settings; once open the rules are public and only the draw's steps move it. */
  async update(workspaceId: string, id: string, input: CampaignInput): Promise<Campaign> {
    const current = await this.row(workspaceId, id)
    if (current.state !== 'draft') throw conflict('an open campaign cannot be edited: its rules are public')
    const { startsAt, endsAt } = await this.validated(workspaceId, input)
    await this.db
      .updateTable('campaigns')
      .set({ ...this.columns(input, startsAt, endsAt), updated_at: this.clock.now() })
      .where('id', '=', id)
      .execute()
    return this.get(workspaceId, id)
  }

  /** Appends one public decision to the campaign's log. */
  async log(
    campaignId: string,
    kind: string,
    note: string,
    opts: { entryId?: string; actorMemberId?: string | null; db?: Kysely<Database> } = {},
  ): Promise<void> {
    const at = this.clock.now()
    await (opts.db ?? this.db)
      .insertInto('campaign_log')
      .values({
        id: newId(at),
        campaign_id: campaignId,
        kind,
        entry_id: opts.entryId ?? null,
        note,
        actor_member_id: opts.actorMemberId ?? null,
        at,
      })
      .execute()
  }

  /** The public log, oldest first (who decided is kept but not shown). */
  async logOf(campaignId: string): Promise<CampaignLogItem[]> {
    const rows = await this.db
      .selectFrom('campaign_log')
      .select(['id', 'kind', 'entry_id', 'note', 'at'])
      .where('campaign_id', '=', campaignId)
      .orderBy('at')
      .orderBy('id')
      .execute()
    return rows.map((r) => ({ id: r.id, kind: r.kind, entryId: r.entry_id, note: r.note, at: Number(r.at) }))
  }
}

import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Sealer } from '../core/seal.js'
import type { ChannelsTable, Database } from '../db/schema.js'
import { audit } from '../workspace/audit.js'

export type ChannelStatus = 'connected' | 'syncing' | 'needs-reconnect' | 'failing' | 'disconnected'

/** A channel as every API and screen sees it: credentials never leave the service. */
export interface Channel {
  id: string
  presenceId: string
  network: string
  handle: string
  displayName: string | null
  avatarUrl: string | null
  remoteAccountId: string | null
  followerCount: number | null
  status: ChannelStatus
  statusReason: string | null
  lastSyncAt: number | null
  rateLimitedUntil: number | null
  settings: Record<string, unknown>
  createdAt: number
}

export function toChannel(r: Selectable<ChannelsTable>): Channel {
  return {
    id: r.id,
    presenceId: r.presence_id,
    network: r.network,
    handle: r.handle,
    displayName: r.display_name,
    avatarUrl: r.avatar_url,
    remoteAccountId: r.remote_account_id,
    followerCount: r.follower_count,
    status: r.status as ChannelStatus,
    statusReason: r.status_reason,
    lastSyncAt: r.last_sync_at,
    rateLimitedUntil: r.rate_limited_until,
    settings: JSON.parse(r.settings) as Record<string, unknown>,
    createdAt: r.created_at,
  }
}

export interface NewChannel {
  presenceId: string
  network: string
  handle: string
  displayName?: string | null
  avatarUrl?: string | null
  remoteAccountId?: string | null
  followerCount?: number | null
  settings?: Record<string, unknown>
  /** Secret material; sealed with AES-256-GCM bound to the channel id. */
  credentials?: Record<string, unknown>
}

/** Stores channels and their sealed credentials. Connecting to a network happens in networks/. */
export class ChannelService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
    private readonly clock: Clock,
  ) {}

  async list(
    workspaceId: string,
    opts: { presenceId?: string; includeDisconnected?: boolean } = {},
  ): Promise<Channel[]> {
    let q = this.db.selectFrom('channels').selectAll().where('workspace_id', '=', workspaceId)
    if (opts.presenceId) q = q.where('presence_id', '=', opts.presenceId)
    if (!opts.includeDisconnected) q = q.where('status', '!=', 'disconnected')
    const rows = await q.orderBy('created_at').execute()
    return rows.map(toChannel)
  }

  async get(workspaceId: string, id: string): Promise<Channel> {
    const row = await this.db
      .selectFrom('channels')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!row) throw notFound('channel')
    return toChannel(row)
  }

  async create(workspaceId: string, input: NewChannel, actorUserId: string | null): Promise<Channel> {
    const presence = await this.db
      .selectFrom('presences')
      .select('id')
      .where('id', '=', input.presenceId)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!presence) throw notFound('presence')
    const now = this.clock.now()
    const id = newId(now)
    const row = {
      id,
      workspace_id: workspaceId,
      presence_id: input.presenceId,
      network: input.network,
      handle: input.handle,
      display_name: input.displayName ?? null,
      avatar_url: input.avatarUrl ?? null,
      remote_account_id: input.remoteAccountId ?? null,
      follower_count: input.followerCount ?? null,
      credentials_sealed: input.credentials ? this.sealer.seal(JSON.stringify(input.credentials), id) : null,
      status: 'connected',
      status_reason: null,
      last_sync_at: null,
      rate_limited_until: null,
      settings: JSON.stringify(input.settings ?? {}),
      created_at: now,
      updated_at: now,
    }
    await this.db.insertInto('channels').values(row).execute()
    await audit(
      this.db,
      {
        workspaceId,
        actorUserId,
        action: 'channel.connected',
        subjectId: id,
        data: { network: input.network, handle: input.handle },
      },
      now,
    )
    return toChannel(row)
  }

  /** Opens the sealed credentials of a channel, for a network adapter only. */
  async credentials(channelId: string): Promise<Record<string, unknown> | undefined> {
    const row = await this.db
      .selectFrom('channels')
      .select(['credentials_sealed'])
      .where('id', '=', channelId)
      .executeTakeFirst()
    if (!row?.credentials_sealed) return undefined
    return JSON.parse(this.sealer.open(row.credentials_sealed, channelId)) as Record<string, unknown>
  }

  async replaceCredentials(channelId: string, credentials: Record<string, unknown>): Promise<void> {
    await this.db
      .updateTable('channels')
      .set({
        credentials_sealed: this.sealer.seal(JSON.stringify(credentials), channelId),
        updated_at: this.clock.now(),
      })
      .where('id', '=', channelId)
      .execute()
  }

  async update(
    channelId: string,
    patch: Partial<
      Pick<
        Channel,
        | 'status'
        | 'statusReason'
        | 'lastSyncAt'
        | 'rateLimitedUntil'
        | 'followerCount'
        | 'displayName'
        | 'avatarUrl'
        | 'handle'
      >
    > & {
      settings?: Record<string, unknown>
    },
  ): Promise<void> {
    const set: Partial<Selectable<ChannelsTable>> = { updated_at: this.clock.now() }
    if (patch.status !== undefined) set.status = patch.status
    if (patch.statusReason !== undefined) set.status_reason = patch.statusReason
    if (patch.lastSyncAt !== undefined) set.last_sync_at = patch.lastSyncAt
    if (patch.rateLimitedUntil !== undefined) set.rate_limited_until = patch.rateLimitedUntil
    if (patch.followerCount !== undefined) set.follower_count = patch.followerCount
    if (patch.displayName !== undefined) set.display_name = patch.displayName
    if (patch.avatarUrl !== undefined) set.avatar_url = patch.avatarUrl
    if (patch.handle !== undefined) set.handle = patch.handle
    if (patch.settings !== undefined) set.settings = JSON.stringify(patch.settings)
    await this.db.updateTable('channels').set(set).where('id', '=', channelId).execute()
  }

  /** Disconnects a channel and wipes its credentials; its history stays. */
  async disconnect(workspaceId: string, id: string, actorUserId: string | null): Promise<void> {
    const ch = await this.get(workspaceId, id)
    await this.db
      .updateTable('channels')
      .set({
        status: 'disconnected',
        credentials_sealed: null,
        status_reason: null,
        updated_at: this.clock.now(),
      })
      .where('id', '=', ch.id)
      .execute()
    await audit(
      this.db,
      {
        workspaceId,
        actorUserId,
        action: 'channel.disconnected',
        subjectId: id,
        data: { network: ch.network },
      },
      this.clock.now(),
    )
  }
}

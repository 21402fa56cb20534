/**
 * Connects channels through their network adapter (credentials are verified before anything is
 * stored), opens adapters for other services, and keeps channel health up to date.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, DomainError, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { OutboundClient } from '../core/outbound/outbound.client.js'
import type { Database } from '../db/schema.js'
import type { Channel, ChannelService, NewChannel } from '../presence/channel.service.js'
import { ChannelHealth, type ChannelNotifier } from './channel-health.js'
import type { Network, NetworkAccount } from './network.port.js'
import { NetworkError } from './network.port.js'
import type { NetworkRegistry } from './network.registry.js'
import type { SandboxWorlds } from './sandbox/sandbox.world.js'

export interface ConnectActor {
  userId: string | null
}

export interface BlueskyConnectInput {
  presenceId: string
  serviceUrl?: string
  handle: string
  appPassword: string
}

export interface SandboxConnectInput {
  /** Default: the workspace's brand presence. */
  presenceId?: string
  seed?: number
  ratePerMinute?: number
}

/** Turns a failed verification into an answer for the person connecting. */
function connectError(label: string, err: unknown): Error {
  if (!(err instanceof NetworkError)) return err instanceof Error ? err : new Error(String(err))
  switch (err.failure.kind) {
    case 'auth-expired':
      return invalid('appPassword', `${label} did not accept this handle and app password`)
    case 'rate-limited':
      return new DomainError('rate-limited', `${label} asks us to slow down; try again shortly`, {
        retryAfterSeconds: Math.ceil(err.failure.retryAfterMs / 1000),
      })
    case 'not-found':
      return invalid('handle', `${label} does not know this account`)
    case 'invalid-content':
      return invalid('handle', err.failure.reason)
    default:
      // @NOTE the adapter's message names the call ("profile"), which means nothing to the person connecting.
      return new DomainError(
        'unavailable',
        `${label} could not be reached. Check the service URL and try again.`,
      )
  }
}

function slug(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'brand'
  )
}

export class ChannelConnectService {
  readonly health: ChannelHealth

  constructor(
    private readonly db: Kysely<Database>,
    private readonly channels: ChannelService,
    private readonly registry: NetworkRegistry,
    private readonly worlds: SandboxWorlds,
    private readonly clock: Clock,
    private readonly outbound: Pick<OutboundClient, 'refusal'>,
    notifier?: ChannelNotifier,
  ) {
    this.health = new ChannelHealth(db, channels, clock, notifier, (n) =>
      registry.has(n) ? registry.get(n).label : n,
    )
  }

  /** Opens the adapter of an existing channel (credentials unsealed for it only). */
  async open(channel: Channel): Promise<Network> {
    const credentials = (await this.channels.credentials(channel.id)) ?? {}
    return this.registry.create(channel.network, {
      channelId: channel.id,
      handle: channel.handle,
      displayName: channel.displayName,
      credentials,
      settings: channel.settings,
      saveCredentials: (c) => this.channels.replaceCredentials(channel.id, c),
      reloadCredentials: () => this.channels.credentials(channel.id),
    })
  }

  /**
   * Runs `work` against a channel's network and records the outcome in the channel's health.
   * Other services (inbox sync, publishing) call the network through this.
   */
  async run<T>(workspaceId: string, channelId: string, work: (network: Network) => Promise<T>): Promise<T> {
    const channel = await this.channels.get(workspaceId, channelId)
    if (channel.status === 'disconnected') throw conflict('the channel is disconnected')
    const wait = (channel.rateLimitedUntil ?? 0) - this.clock.now()
    // @NOTE honour the network's request to slow down without spending a request on it.
    if (wait > 0)
      throw new NetworkError(
        { kind: 'rate-limited', retryAfterMs: wait },
        `Waiting ${Math.ceil(wait / 1000)} s before calling the network again, as it asked`,
      )
    let network: Network | undefined
    try {
      network = await this.open(channel)
      const out = await work(network)
      await this.health.succeeded(channel)
      return out
    } catch (err) {
      await this.health.failed(channel, err)
      throw err
    } finally {
      await network?.close?.()
    }
  }

  private async uniqueAccount(
    workspaceId: string,
    network: string,
    remoteId: string,
    except?: string,
  ): Promise<void> {
    let q = this.db
      .selectFrom('channels')
      .select(['id', 'handle'])
      .where('workspace_id', '=', workspaceId)
      .where('network', '=', network)
      .where('remote_account_id', '=', remoteId)
      .where('status', '!=', 'disconnected')
    if (except) q = q.where('id', '!=', except)
    const dup = await q.executeTakeFirst()
    if (dup) throw conflict(`@${dup.handle} is already connected in this workspace`)
  }

  private async verifyNew(
    network: string,
    input: { handle: string; credentials: Record<string, unknown>; settings: Record<string, unknown> },
  ): Promise<{ account: NetworkAccount; credentials: Record<string, unknown> }> {
    let credentials = input.credentials
    const adapter = await this.registry.create(network, {
      channelId: null,
      handle: input.handle,
      displayName: null,
      credentials,
      settings: input.settings,
      saveCredentials: async (c) => {
        credentials = c
      },
    })
    try {
      const account = await adapter.verify()
      // @NOTE let a refreshed session reach `credentials` before it is sealed.
      await (adapter as { flush?: () => Promise<void> }).flush?.()
      return { account, credentials }
    } catch (err) {
      throw connectError(this.registry.get(network).label, err)
    } finally {
      await adapter.close?.()
    }
  }

  /** Connects a Bluesky account with its handle and an app password. */
  async connectBluesky(
    workspaceId: string,
    input: BlueskyConnectInput,
    actor: ConnectActor,
  ): Promise<Channel> {
    const serviceUrl = (input.serviceUrl?.trim() || 'https://bsky.social').replace(/\/+$/, '')
    try {
      const u = new URL(serviceUrl)
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error()
    } catch {
      throw invalid('serviceUrl', 'must be an http(s) URL such as https://bsky.social')
    }
    // @NOTE the handle and app password would be sent there: refuse internal targets before connecting.
    const refusal = await this.outbound.refusal(serviceUrl)
    if (refusal) throw invalid('serviceUrl', refusal)
    const handle = input.handle.trim().replace(/^@/, '')
    if (!handle) throw invalid('handle', 'is required')
    if (!input.appPassword.trim()) throw invalid('appPassword', 'is required')
    const presence = await this.db
      .selectFrom('presences')
      .select('id')
      .where('id', '=', input.presenceId)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!presence) throw notFound('presence')
    const settings = { serviceUrl }
    const { account, credentials } = await this.verifyNew('bluesky', {
      handle,
      credentials: { identifier: handle, appPassword: input.appPassword.trim() },
      settings,
    })
    await this.uniqueAccount(workspaceId, 'bluesky', account.remoteId)
    const channel = await this.channels.create(
      workspaceId,
      {
        presenceId: input.presenceId,
        network: 'bluesky',
        handle: account.handle,
        displayName: account.displayName,
        avatarUrl: account.avatarUrl,
        remoteAccountId: account.remoteId,
        followerCount: account.followerCount,
        settings,
        credentials,
      },
      actor.userId,
    )
    await this.health.succeeded(channel)
    return this.channels.get(workspaceId, channel.id)
  }

  /**
   * Creates the channel for an account an OAuth grant reached (oauth/oauth-connect.service.ts). When
   * the account is already connected in this workspace the grant replaces its credentials instead:
   * that is how an OAuth channel in Needs reconnect is reconnected.
   */
  async connectAuthorized(
    workspaceId: string,
    input: NewChannel & { remoteAccountId: string },
    actor: ConnectActor,
  ): Promise<Channel> {
    const existing = await this.db
      .selectFrom('channels')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('network', '=', input.network)
      .where('remote_account_id', '=', input.remoteAccountId)
      .where('status', '!=', 'disconnected')
      .executeTakeFirst()
    if (existing) {
      await this.channels.replaceCredentials(existing.id, input.credentials ?? {})
      await this.channels.update(existing.id, {
        status: 'connected',
        statusReason: null,
        handle: input.handle,
        displayName: input.displayName ?? null,
        avatarUrl: input.avatarUrl ?? null,
        followerCount: input.followerCount ?? null,
        lastSyncAt: this.clock.now(),
        rateLimitedUntil: null,
      })
      return this.channels.get(workspaceId, existing.id)
    }
    const channel = await this.channels.create(workspaceId, input, actor.userId)
    await this.health.succeeded(channel)
    return this.channels.get(workspaceId, channel.id)
  }

  /** Connects a Sandbox channel to a presence (the brand by default); returns the existing one if there is one. */
  async connectSandbox(
    workspaceId: string,
    input: SandboxConnectInput,
    actor: ConnectActor,
  ): Promise<Channel> {
    const presence = await this.db
      .selectFrom('presences')
      .select(['id', 'display_name'])
      .where('workspace_id', '=', workspaceId)
      .$if(input.presenceId !== undefined, (q) => q.where('id', '=', input.presenceId!))
      .$if(input.presenceId === undefined, (q) => q.where('kind', '=', 'brand'))
      .orderBy('created_at')
      .executeTakeFirst()
    if (!presence) throw notFound('presence')
    const existing = (await this.channels.list(workspaceId, { presenceId: presence.id })).find(
      (c) => c.network === 'sandbox',
    )
    if (existing) return existing
    if (input.ratePerMinute !== undefined && !(input.ratePerMinute >= 0 && input.ratePerMinute <= 60_000)) {
      throw invalid('ratePerMinute', 'must be from 0 to 60000')
    }
    const worldId = newId(this.clock.now())
    const handle = `${slug(presence.display_name)}.sandbox`
    const world = await this.worlds.ensure({
      id: worldId,
      handle,
      displayName: presence.display_name,
      seed: input.seed,
      ratePerMinute: input.ratePerMinute,
    })
    const settings = { worldId, seed: Number(world.seed), ratePerMinute: world.rate_per_minute }
    const { account } = await this.verifyNew('sandbox', { handle, credentials: {}, settings })
    const channel = await this.channels.create(
      workspaceId,
      {
        presenceId: presence.id,
        network: 'sandbox',
        handle: account.handle,
        displayName: account.displayName,
        avatarUrl: account.avatarUrl,
        remoteAccountId: account.remoteId,
        followerCount: account.followerCount,
        settings,
      },
      actor.userId,
    )
    await this.health.succeeded(channel)
    return this.channels.get(workspaceId, channel.id)
  }

  /** New credentials for the same account (e.g. a new app password after the old one was revoked). */
  async reconnect(
    workspaceId: string,
    channelId: string,
    input: { appPassword?: string; handle?: string },
  ): Promise<Channel> {
    const channel = await this.channels.get(workspaceId, channelId)
    let credentials = (await this.channels.credentials(channel.id)) ?? {}
    if (channel.network === 'bluesky') {
      if (!input.appPassword?.trim()) throw invalid('appPassword', 'is required')
      const identifier = input.handle?.trim().replace(/^@/, '') || channel.remoteAccountId || channel.handle
      const verified = await this.verifyNew('bluesky', {
        handle: identifier,
        credentials: { identifier, appPassword: input.appPassword.trim() },
        settings: channel.settings,
      })
      if (channel.remoteAccountId && verified.account.remoteId !== channel.remoteAccountId) {
        throw invalid(
          'appPassword',
          `this app password belongs to @${verified.account.handle}, not @${channel.handle}`,
        )
      }
      credentials = verified.credentials
      await this.channels.replaceCredentials(channel.id, credentials)
    } else {
      await this.verifyNew(channel.network, {
        handle: channel.handle,
        credentials,
        settings: channel.settings,
      })
    }
    await this.channels.update(channel.id, {
      status: 'connected',
      statusReason: null,
      lastSyncAt: this.clock.now(),
      rateLimitedUntil: null,
    })
    return this.check(workspaceId, channelId)
  }

  /** Verifies the channel now and refreshes its profile (name, avatar, followers). */
  async check(workspaceId: string, channelId: string): Promise<Channel> {
    const profile = await this.run(workspaceId, channelId, (n) => n.fetchProfile()).catch((err: unknown) => {
      if (err instanceof NetworkError || err instanceof DomainError) return undefined
      throw err
    })
    if (profile) {
      await this.channels.update(channelId, {
        handle: profile.handle,
        displayName: profile.displayName,
        avatarUrl: profile.avatarUrl,
        followerCount: profile.followerCount,
      })
    }
    return this.channels.get(workspaceId, channelId)
  }

  /** Disconnects the channel and wipes its credentials; a Sandbox keeps its history. */
  async disconnect(workspaceId: string, channelId: string, actor: ConnectActor): Promise<void> {
    await this.channels.disconnect(workspaceId, channelId, actor.userId)
  }

  /** Starts or ends a crisis on a Sandbox channel (an outage going viral: 100× the mentions). */
  async setSandboxCrisis(
    workspaceId: string,
    channelId: string,
    on: boolean,
    durationMinutes = 30,
  ): Promise<Channel> {
    const channel = await this.channels.get(workspaceId, channelId)
    if (channel.network !== 'sandbox')
      throw invalid('channelId', 'a crisis can only be simulated on a Sandbox channel')
    const worldId = typeof channel.settings.worldId === 'string' ? channel.settings.worldId : channel.id
    if (!(durationMinutes >= 1 && durationMinutes <= 24 * 60))
      throw invalid('durationMinutes', 'must be from 1 to 1440')
    await this.worlds.setCrisis(worldId, on, durationMinutes * 60_000)
    const until = on ? this.clock.now() + durationMinutes * 60_000 : null
    await this.channels.update(channel.id, { settings: { ...channel.settings, crisisUntil: until } })
    return this.channels.get(workspaceId, channelId)
  }
}

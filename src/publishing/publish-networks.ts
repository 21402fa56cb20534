/**
 * Opens the Network for a channel, for publishing. Sandbox and Bluesky are built in; tests and
 * later networks register a factory with `use`.
 * @NOTE a small resolver of our own until the networks domain exposes its registry; swapping it
 * for that registry is a change in this file only.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Database } from '../db/schema.js'
import type { Network, NetworkCapabilities } from '../networks/network.port.js'
import { SANDBOX_CAPABILITIES, SandboxNetwork } from '../networks/sandbox/sandbox.network.js'
import { SandboxWorlds } from '../networks/sandbox/sandbox.world.js'
import type { Channel, ChannelService } from '../presence/channel.service.js'

export type NetworkFactory = (channel: Channel) => Promise<Network>

export class PublishNetworks {
  private readonly factories = new Map<string, NetworkFactory>()
  private readonly caps = new Map<string, NetworkCapabilities>([['sandbox', SANDBOX_CAPABILITIES]])
  private readonly worlds: SandboxWorlds

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly channels: ChannelService,
  ) {
    this.worlds = new SandboxWorlds(db, clock)
  }

  /** Registers (or replaces) how channels of `network` are opened. */
  use(network: string, factory: NetworkFactory, capabilities?: NetworkCapabilities): void {
    this.factories.set(network, factory)
    if (capabilities) this.caps.set(network, capabilities)
  }

  /** What `network` accepts, for validation at compose time. */
  async capabilities(network: string): Promise<NetworkCapabilities | undefined> {
    const known = this.caps.get(network)
    if (known) return known
    if (network === 'bluesky') {
      const { BLUESKY_CAPABILITIES } = await import('../networks/bluesky/bluesky.network.js')
      this.caps.set(network, BLUESKY_CAPABILITIES)
      return BLUESKY_CAPABILITIES
    }
    return undefined
  }

  async open(channel: Channel): Promise<Network> {
    const factory = this.factories.get(channel.network)
    if (factory) return factory(channel)
    if (channel.network === 'sandbox') {
      // @NOTE a Sandbox channel's world id is in its settings; older rows use the channel id.
      const worldId = typeof channel.settings.worldId === 'string' ? channel.settings.worldId : channel.id
      await this.worlds.ensure({
        id: worldId,
        handle: channel.handle,
        displayName: channel.displayName ?? channel.handle,
      })
      return new SandboxNetwork(this.db, this.worlds, this.clock, worldId)
    }
    if (channel.network === 'bluesky') {
      const { BlueskyNetwork } = await import('../networks/bluesky/bluesky.network.js')
      const creds = await this.channels.credentials(channel.id)
      const serviceUrl =
        typeof channel.settings.serviceUrl === 'string' ? channel.settings.serviceUrl : 'https://bsky.social'
      return new BlueskyNetwork({
        serviceUrl,
        credentials: creds as unknown as ConstructorParameters<typeof BlueskyNetwork>[0]['credentials'],
        saveCredentials: (c) => this.channels.replaceCredentials(channel.id, { ...c }),
      })
    }
    throw new Error(`No publisher for the ${channel.network} network`)
  }
}

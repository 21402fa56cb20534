/**
 * Opens the Network of a channel for publishing, through the networks domain's registry and
 * connect service. Tests register a replacement factory for a network with `use`.
 */
import type { Network, NetworkCapabilities } from '../networks/network.port.js'
import type { Networks } from '../networks/networks.module.js'
import type { Channel } from '../presence/channel.service.js'

export type NetworkFactory = (channel: Channel) => Promise<Network>

export class PublishNetworks {
  private readonly factories = new Map<string, NetworkFactory>()

  /** `networks` is read when first needed, so the composition root may build it lazily. */
  constructor(private readonly networks: () => Networks) {}

  /** Replaces how channels of `network` are opened (tests wrap the Sandbox this way). */
  use(network: string, factory: NetworkFactory): void {
    this.factories.set(network, factory)
  }

  /** What `network` accepts, for validation at compose time; undefined for a network we cannot publish to. */
  async capabilities(network: string): Promise<NetworkCapabilities | undefined> {
    const { registry } = this.networks()
    return registry.has(network) ? registry.get(network).capabilities : undefined
  }

  /** Ids of every network that can be published to (one publish job name each). */
  ids(): string[] {
    return this.networks()
      .registry.list()
      .map((d) => d.id)
  }

  async open(channel: Channel): Promise<Network> {
    const factory = this.factories.get(channel.network)
    if (factory) return factory(channel)
    return this.networks().connect.open(channel)
  }
}

/** Builds the networks domain for the composition root (src/context.ts). */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { OutboundClient } from '../core/outbound/outbound.client.js'
import type { Database } from '../db/schema.js'
import type { ChannelService } from '../presence/channel.service.js'
import { ChannelConnectService } from './channel-connect.service.js'
import type { ChannelNotifier } from './channel-health.js'
import { createNetworkRegistry, type NetworkRegistry } from './network.registry.js'
import { SandboxWorlds } from './sandbox/sandbox.world.js'

export interface Networks {
  /** Network id → adapter factory ('sandbox', 'bluesky'). */
  registry: NetworkRegistry
  /** The Sandbox's simulated publics. */
  worlds: SandboxWorlds
  /** Connect, reconnect, check, disconnect; open a channel's network with health tracking. */
  connect: ChannelConnectService
}

export interface NetworksDeps {
  db: Kysely<Database>
  clock: Clock
  channels: ChannelService
  notifier?: ChannelNotifier
  /** Deadline of one network call; 20 s by default. */
  timeoutMs?: number
  /** The guarded outbound client (src/core/outbound): network APIs and user-given service URLs. */
  outbound: Pick<OutboundClient, 'fetch' | 'refusal'>
}

export function createNetworks(deps: NetworksDeps): Networks {
  const worlds = new SandboxWorlds(deps.db, deps.clock)
  const registry = createNetworkRegistry({
    db: deps.db,
    clock: deps.clock,
    worlds,
    timeoutMs: deps.timeoutMs,
    fetch: deps.outbound.fetch,
  })
  const connect = new ChannelConnectService(
    deps.db,
    deps.channels,
    registry,
    worlds,
    deps.clock,
    deps.outbound,
    deps.notifier,
  )
  return { registry, worlds, connect }
}

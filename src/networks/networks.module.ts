/** Builds the networks domain for the composition root (src/context.ts). */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { OutboundClient } from '../core/outbound/outbound.client.js'
import type { Sealer } from '../core/seal.js'
import type { Database } from '../db/schema.js'
import type { ChannelService } from '../presence/channel.service.js'
import { ChannelConnectService } from './channel-connect.service.js'
import type { ChannelNotifier } from './channel-health.js'
import { createNetworkRegistry, createOAuthProviders, type NetworkRegistry } from './network.registry.js'
import type { OAuthProviders } from './oauth/oauth.provider.js'
import { OAuthAppStore } from './oauth/oauth-app.store.js'
import { OAuthConnectService } from './oauth/oauth-connect.service.js'
import { SandboxView } from './sandbox/sandbox.view.js'
import { SandboxWorlds } from './sandbox/sandbox.world.js'

export interface Networks {
  /** Network id → adapter factory ('sandbox', 'bluesky'). */
  registry: NetworkRegistry
  /** The Sandbox's simulated publics. */
  worlds: SandboxWorlds
  /** Connect, reconnect, check, disconnect; open a channel's network with health tracking. */
  connect: ChannelConnectService
  /** OAuth connect: providers per network, the workspace/install apps, the authorization flow. */
  oauth: { providers: OAuthProviders; apps: OAuthAppStore; flow: OAuthConnectService }
  /** The Sandbox's own view of a post (what its links open). */
  sandboxView: SandboxView
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
  /** Seals OAuth app secrets, authorization state and pending choices. */
  sealer: Sealer
  /** TOWNHALL_PUBLIC_URL: OAuth callback and webhook URLs are built on it. */
  publicUrl: string
  /** Install-wide OAuth apps from the environment (config.oauthApps). */
  oauthApps?: Record<string, { clientId: string; clientSecret: string }>
}

export function createNetworks(deps: NetworksDeps): Networks {
  const worlds = new SandboxWorlds(deps.db, deps.clock)
  const providers = createOAuthProviders()
  const apps = new OAuthAppStore(deps.db, deps.sealer, providers, deps.oauthApps ?? {}, deps.clock, (u) =>
    deps.outbound.refusal(u),
  )
  const registry = createNetworkRegistry({
    db: deps.db,
    clock: deps.clock,
    worlds,
    timeoutMs: deps.timeoutMs,
    fetch: deps.outbound.fetch,
    oauthApps: apps,
    publicUrl: deps.publicUrl,
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
  const flow = new OAuthConnectService({
    db: deps.db,
    sealer: deps.sealer,
    clock: deps.clock,
    apps,
    providers,
    connect,
    fetch: deps.outbound.fetch,
    publicUrl: deps.publicUrl,
  })
  return {
    registry,
    worlds,
    connect,
    oauth: { providers, apps, flow },
    sandboxView: new SandboxView(deps.db),
  }
}

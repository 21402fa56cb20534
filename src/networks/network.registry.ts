/**
 * Which adapter implements which network. Built once in the composition root; the rest of the app
 * asks for a network by id ('sandbox', 'bluesky') and never imports an adapter.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid } from '../core/errors.js'
import type { OutboundFetch } from '../core/outbound/outbound.client.js'
import type { Database } from '../db/schema.js'
import { BLUESKY_CAPABILITIES } from './bluesky/bluesky.capabilities.js'
import type { BlueskyCredentials } from './bluesky/bluesky.network.js'
import type { Network, NetworkCapabilities } from './network.port.js'
import { SANDBOX_CAPABILITIES, SandboxNetwork } from './sandbox/sandbox.network.js'
import type { SandboxWorlds } from './sandbox/sandbox.world.js'

/** What an adapter is built from: the channel (or the one being connected) and its opened credentials. */
export interface NetworkOpenInput {
  /** Null while connecting, before the channel exists. */
  channelId: string | null
  handle: string
  displayName: string | null
  /** Opened (unsealed) credentials; only adapters see them. */
  credentials: Record<string, unknown>
  /** Non-secret, network-specific settings (service URL, Sandbox world…). */
  settings: Record<string, unknown>
  /** Seals changed credentials again (a refreshed session). */
  saveCredentials(credentials: Record<string, unknown>): Promise<void>
}

export interface NetworkDefinition {
  id: string
  /** Shown to people: "Bluesky", "Sandbox". */
  label: string
  capabilities: NetworkCapabilities
  create(input: NetworkOpenInput): Promise<Network>
}

export class NetworkRegistry {
  private readonly defs = new Map<string, NetworkDefinition>()

  /** Adds (or replaces, in tests) a network. */
  register(def: NetworkDefinition): this {
    this.defs.set(def.id, def)
    return this
  }

  has(id: string): boolean {
    return this.defs.has(id)
  }

  /** The definition of `id`; a validation error naming the known networks otherwise. */
  get(id: string): NetworkDefinition {
    const def = this.defs.get(id)
    if (!def) throw invalid('network', `must be one of ${[...this.defs.keys()].join(', ')}`)
    return def
  }

  list(): NetworkDefinition[] {
    return [...this.defs.values()]
  }

  create(id: string, input: NetworkOpenInput): Promise<Network> {
    return this.get(id).create(input)
  }
}

export interface BuiltInNetworkDeps {
  db: Kysely<Database>
  clock: Clock
  worlds: SandboxWorlds
  /** Deadline of one network call. */
  timeoutMs?: number
  /** The guarded outbound client's fetch: every network API request goes through it. */
  fetch: OutboundFetch
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined
}

/** The registry with the built-in networks: the Sandbox and Bluesky. */
export function createNetworkRegistry(deps: BuiltInNetworkDeps): NetworkRegistry {
  return new NetworkRegistry()
    .register({
      id: 'sandbox',
      label: 'Sandbox',
      capabilities: SANDBOX_CAPABILITIES,
      async create(input) {
        // @NOTE a channel's world id is in its settings; the channel id is the fallback for rows without one.
        const worldId = str(input.settings.worldId) ?? input.channelId
        if (!worldId) throw invalid('settings.worldId', 'is required for a Sandbox channel')
        return new SandboxNetwork(deps.db, deps.worlds, deps.clock, worldId, deps.timeoutMs)
      },
    })
    .register({
      id: 'bluesky',
      label: 'Bluesky',
      capabilities: BLUESKY_CAPABILITIES,
      async create(input) {
        const identifier = str(input.credentials.identifier) ?? input.handle
        const appPassword = str(input.credentials.appPassword) ?? ''
        const session = input.credentials.session as BlueskyCredentials['session']
        // @NOTE loaded on first use: @atproto/api is a large module graph that would slow every start.
        const { BlueskyNetwork } = await import('./bluesky/bluesky.network.js')
        return new BlueskyNetwork({
          serviceUrl: str(input.settings.serviceUrl) ?? 'https://bsky.social',
          webUrl: str(input.settings.webUrl),
          credentials: { identifier, appPassword, ...(session ? { session } : {}) },
          saveCredentials: (c) => input.saveCredentials({ ...c }),
          timeoutMs: deps.timeoutMs,
          fetch: deps.fetch,
        })
      },
    })
}

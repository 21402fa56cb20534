/**
 * Builds the leader domain's services (strategy, guardrails, crisis freeze; digest, nudges, practice
 * and scorecard join here) from what the composition root has. `context.ts` calls `createLeader`
 * once. Adding a service: one line in `Leader` and one in the object `createLeader` returns.
 */
import type { Kysely } from 'kysely'
import type { AppContext } from '../context.js'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { Database } from '../db/schema.js'
import type { JobQueue } from '../jobs/queue.port.js'
import type { LeaderHooks } from '../publishing/leader.port.js'
import type { Publishing } from '../publishing/publishing.module.js'
import { createLeaderRhythm, type LeaderRhythm } from './digest.module.js'
import { FreezeService } from './freeze.service.js'
import { GuardrailService } from './guardrail.service.js'
import { StrategyService } from './strategy.service.js'

export interface LeaderDeps {
  db: Kysely<Database>
  engine: 'sqlite' | 'postgres'
  clock: Clock
  logger: Logger
  queue: JobQueue
  /** The publishing domain (built lazily: it calls back into `hooks`). */
  publishing: () => Publishing
  /** Everything else (inbox, networks, notifications…), resolved when a service first needs it. */
  app: () => AppContext
}

export interface Leader {
  /** Plans: versioned strategy, suggestions, pillar usage (StrategyReader.getStrategy). */
  strategies: StrategyService
  /** Flagged terms, topics to avoid and quiet periods, checked before approval. */
  guardrails: GuardrailService
  /** Crisis freeze: holds publishing for a presence (FreezeReader.isFrozen). */
  freezes: FreezeService
  /** What publishing calls (approval requirements, holds, pillar checks). */
  hooks: LeaderHooks
  /** The weekly rhythm: scorecards, nudges, the digest, practice on the Sandbox (digest.module.ts). */
  rhythm: LeaderRhythm
}

export function createLeader(d: LeaderDeps): Leader {
  const strategies = new StrategyService(d.db, d.clock)
  const guardrails = new GuardrailService(d.db, d.clock, strategies)
  const freezes = new FreezeService(d.db, d.clock, d.queue, d.publishing)
  return {
    strategies,
    guardrails,
    freezes,
    rhythm: createLeaderRhythm(d, { strategies, freezes }),
    hooks: {
      extraRequirements: (post, presenceIds) => guardrails.requirements(post, presenceIds),
      holdReason: (workspaceId, channelId) => freezes.holdReason(workspaceId, channelId),
      checkPillar: (workspaceId, presenceIds, pillar) =>
        strategies.checkPillar(workspaceId, presenceIds, pillar),
    },
  }
}

/**
 * Builds the leader domain's services (strategy, guardrails, crisis freeze; digest, nudges, practice
 * and scorecard join here) from what the composition root has. `context.ts` calls `createLeader`
 * once. Adding a service: one line in `Leader` and one in the object `createLeader` returns.
 */
import type { LeaderHooks } from '../publishing/leader.port.js'
import { createLeaderRhythm, type LeaderRhythm } from './digest.module.js'
import { FreezeService } from './freeze.service.js'
import { GuardrailService } from './guardrail.service.js'
import type { LeaderDeps } from './leader.types.js'
import { StrategyService } from './strategy.service.js'

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

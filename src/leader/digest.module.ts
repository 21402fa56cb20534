/**
 * The leader's weekly rhythm (issue 7, second half): scorecards, nudges, the weekly digest and
 * practice on the Sandbox, built from the leader domain's dependencies, and their background jobs:
 * `leader.rhythm` every five minutes (nudges, the Monday digest) and `leader.practice` (a practice
 * session's next scripted message).
 */
import type { Clock } from '../core/clock.js'
import { runEverySlot, slotJob } from '../jobs/periodic.js'
import type { JobDefinition, JobQueue } from '../jobs/queue.port.js'
import type { Actor } from '../workspace/member.service.js'
import { DigestService } from './digest.service.js'
import type { FreezeService } from './freeze.service.js'
import type { LeaderDeps } from './leader.types.js'
import { NudgeService } from './nudge.service.js'
import { PracticeService } from './practice.service.js'
import { ScorecardService } from './scorecard.service.js'
import type { StrategyReader } from './strategy.types.js'

export const RHYTHM_EVERY_MS = 5 * 60_000

export interface LeaderRhythm {
  scorecards: ScorecardService
  nudges: NudgeService
  digests: DigestService
  practice: PracticeService
  /** One run of the periodic work: nudges for every leader, then Monday digests that are due. */
  tick(): Promise<{ nudgesOpened: number; digestsSent: number }>
}

export const rhythmJob = slotJob('leader.rhythm')

export const practiceJob: JobDefinition<{ workspaceId: string; sessionId: string }> = {
  name: 'leader.practice',
  concurrency: 2,
  schema: {
    parse(p: unknown) {
      const o = p as { workspaceId?: unknown; sessionId?: unknown } | null
      if (!o || typeof o.workspaceId !== 'string' || !o.workspaceId || o.workspaceId.length > 64)
        throw new Error('workspaceId must be an id')
      if (typeof o.sessionId !== 'string' || !o.sessionId || o.sessionId.length > 64)
        throw new Error('sessionId must be an id')
      return { workspaceId: o.workspaceId, sessionId: o.sessionId }
    },
  },
}

export function createLeaderRhythm(
  d: LeaderDeps,
  leader: { strategies: StrategyReader; freezes: Pick<FreezeService, 'freeze'> },
): LeaderRhythm {
  const practice = new PracticeService(d.db, d.clock, {
    ...d.practice,
    scheduleTick: async (sessionId, at) => {
      const s = await d.db
        .selectFrom('practice_sessions')
        .select('workspace_id')
        .where('id', '=', sessionId)
        .executeTakeFirst()
      if (!s) return
      await d.queue.enqueue(
        practiceJob,
        { workspaceId: s.workspace_id, sessionId },
        { runAt: at, dedupeKey: `${sessionId}:${at}`, maxAttempts: 3 },
      )
    },
  })
  const scorecards = new ScorecardService(d.db, d.clock, {
    workspaces: d.workspaces,
    strategies: () => leader.strategies,
    practicePresenceIds: (ws) => practice.practicePresenceIds(ws),
  })
  const notify = d.notify
  const nudges = new NudgeService(d.db, d.clock, {
    workspaces: d.workspaces,
    scorecards,
    notify,
    freeze: async (ws, presenceId, reason, actor) => {
      await leader.freezes.freeze(ws, presenceId, reason, actor)
    },
    draftStatement: (ws, presenceId, text, actor) => draftStatement(d, ws, presenceId, text, actor),
  })
  const digests = new DigestService(d.db, d.clock, {
    workspaces: d.workspaces,
    scorecards,
    nudges,
    links: () => d.publishing().links,
    notify,
    mailerEnabled: d.mailerEnabled,
    publicUrl: d.publicUrl,
    strategies: () => leader.strategies,
    onError: (err, presenceId) =>
      d.logger.warn(
        { err: err instanceof Error ? err.message : String(err), presenceId },
        'weekly digest failed',
      ),
  })
  return {
    scorecards,
    nudges,
    digests,
    practice,
    async tick() {
      let nudgesOpened = 0
      const workspaces = await d.db.selectFrom('workspaces').select('id').execute()
      for (const w of workspaces) {
        try {
          nudgesOpened += await nudges.evaluateWorkspace(w.id)
        } catch (err) {
          d.logger.warn(
            { err: err instanceof Error ? err.message : String(err), workspaceId: w.id },
            'nudges failed',
          )
        }
      }
      return { nudgesOpened, digestsSent: await digests.sendWeekly() }
    },
  }
}

async function draftStatement(
  d: LeaderDeps,
  workspaceId: string,
  presenceId: string,
  text: string,
  actor: Actor,
) {
  const channels = await d.practice.channels.list(workspaceId, { presenceId })
  const post = await d.publishing().posts.create(
    workspaceId,
    {
      kind: 'free',
      title: 'Statement (drafted from a negative-surge nudge)',
      parts: [{ text }],
      channelIds: channels.map((c) => c.id),
    },
    { userId: actor.userId, memberId: actor.memberId, role: actor.role },
  )
  return post.id
}

/** Registers the rhythm's job handlers and starts the five-minute chain (src/jobs/worker.ts). */
export function registerLeaderRhythmJobs(queue: JobQueue, rhythm: () => LeaderRhythm, clock: Clock): void {
  queue.work(practiceJob, async (p) => {
    await rhythm().practice.deliverDue(p.workspaceId, p.sessionId)
  })
  runEverySlot(queue, rhythmJob, RHYTHM_EVERY_MS, clock, () => rhythm().tick())
}

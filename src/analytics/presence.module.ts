/**
 * Builds presence metrics, the presence report and the weekly digest for the composition root
 * (src/context.ts: `ctx.presenceMetrics`); `registerPresenceMetricsJobs` is the worker's one line.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { Database } from '../db/schema.js'
import type { JobQueue } from '../jobs/queue.port.js'
import type { StrategyReader } from '../leader/strategy.types.js'
import type { Mailer } from '../notify/mailer.port.js'
import { type CareReader, DigestService, registerDigestJob } from './digest.service.js'
import { type MetricsRunner, PresenceCollector, registerPresenceCollectJob } from './presence-collect.js'
import { PresenceReportService } from './presence-report.js'

export interface PresenceMetrics {
  collector: PresenceCollector
  report: PresenceReportService
  /** The weekly email digest of care and presence figures. */
  digest: DigestService
}

export interface PresenceMetricsDeps {
  db: Kysely<Database>
  clock: Clock
  runner: MetricsRunner
  mailer: Mailer
  publicUrl: string
  /** The care report (src/analytics/analytics.module.ts), for the digest. */
  care: () => CareReader | undefined
  logger?: Logger
  /** The leaders' strategies, when that domain is built (their cadence target wins). */
  strategies?: () => StrategyReader | undefined
}

export function createPresenceMetrics(d: PresenceMetricsDeps): PresenceMetrics {
  const report = new PresenceReportService(d.db, d.clock, d.strategies)
  return {
    collector: new PresenceCollector(d.db, d.clock, d.runner, d.logger),
    report,
    digest: new DigestService(d.db, d.clock, d.mailer, report, d.care, d.publicUrl, d.logger),
  }
}

/** Registers the periodic metrics collection and the digest check on `queue`. */
export function registerPresenceMetricsJobs(queue: JobQueue, m: PresenceMetrics, clock: Clock): void {
  registerPresenceCollectJob(queue, m.collector, clock)
  registerDigestJob(queue, m.digest, clock)
}

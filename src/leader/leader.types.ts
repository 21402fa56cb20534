/** What the leader domain is built from; `context.ts` (the composition root) provides each piece. */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { Database } from '../db/schema.js'
import type { JobQueue } from '../jobs/queue.port.js'
import type { NotifyInput } from '../notify/notification.service.js'
import type { Publishing } from '../publishing/publishing.module.js'
import type { WorkspaceService } from '../workspace/workspace.service.js'
import type { PracticeDeps } from './practice.service.js'

export interface LeaderDeps {
  db: Kysely<Database>
  engine: 'sqlite' | 'postgres'
  clock: Clock
  logger: Logger
  queue: JobQueue
  /** The publishing domain (built lazily: it calls back into `hooks`). */
  publishing: () => Publishing
  workspaces: WorkspaceService
  /** Tells members (in the app, and by email when SMTP is set up). */
  notify: (input: NotifyInput) => Promise<void>
  /** Whether email can be sent at all (the digest says so instead of pretending). */
  mailerEnabled: boolean
  publicUrl: string
  /** What practice sessions use: presences, channels, the Sandbox, ingest and replies (lazy where built later). */
  practice: Omit<PracticeDeps, 'scheduleTick'>
}

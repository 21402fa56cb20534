/** Builds the inbox domain for the composition root (src/context.ts). */
import type { Kysely } from 'kysely'
import type Pg from 'pg'
import type { Clock } from '../core/clock.js'
import type { EventBus } from '../core/event-bus.js'
import type { Logger } from '../core/logger.js'
import type { Database } from '../db/schema.js'
import type { JobQueue } from '../jobs/queue.port.js'
import { LearnerStore } from '../triage/learner.store.js'
import type { RawSqlite } from './bulk.js'
import { CollisionService } from './collision.service.js'
import { ContactService } from './contact.service.js'
import { ConversationService, type InboxNotifier } from './conversation.service.js'
import { DirectMessageService } from './direct-message.service.js'
import { InboxView } from './inbox.view.js'
import { IngestService } from './ingest.service.js'
import { PollService, registerInboxJobs } from './poll.job.js'
import { PresenceScopes } from './presence-scope.js'
import { type CapabilitiesOf, type ChannelRunner, ReplyService } from './reply.service.js'
import { RuleService } from './rule.service.js'
import { SavedReplyService } from './saved-reply.service.js'
import { SlaService } from './sla.service.js'
import { SlaMonitor, type WebhookEmitter } from './sla-monitor.js'
import { TeamService } from './team.service.js'
import { TriageCorrectionService } from './triage-correction.service.js'
import { ViewService } from './view.service.js'

export interface Inbox {
  ingest: IngestService
  poll: PollService
  view: InboxView
  conversations: ConversationService
  replies: ReplyService
  contacts: ContactService
  rules: RuleService
  teams: TeamService
  savedReplies: SavedReplyService
  views: ViewService
  sla: SlaService
  slaMonitor: SlaMonitor
  collision: CollisionService
  /** Per-workspace triage learners, trained on agents' corrections. */
  learners: LearnerStore
  corrections: TriageCorrectionService
  /** Continue a public conversation in a direct message. */
  directMessages: DirectMessageService
  /** Which presence a conversation belongs to (executives work their own presence's inbox only). */
  scopes: PresenceScopes
  events: EventBus
  /** The periodic work (SLA, snoozes, heartbeats, poll chains). */
  maintenance(now: number): Promise<void>
}

export interface InboxDeps {
  db: Kysely<Database>
  engine: 'sqlite' | 'postgres'
  clock: Clock
  queue: JobQueue
  events: EventBus
  /** Network calls with channel health (networks' ChannelConnectService). */
  runner: ChannelRunner
  capabilities: CapabilitiesOf
  notifier?: InboxNotifier
  webhooks?: WebhookEmitter
  logger?: Logger
  /** The SQLite connection (SQLite only), for prepared bulk inserts during ingest. */
  sqlite?: RawSqlite
  /** The PostgreSQL pool (PostgreSQL only), for ingest's bulk loads with COPY. */
  pgPool?: Pg.Pool
}

export function createInbox(d: InboxDeps): Inbox {
  const sla = new SlaService(d.db, d.clock)
  const view = new InboxView(d.db, d.clock, sla, d.engine)
  const learners = new LearnerStore(d.db, d.clock, d.engine)
  const ingest = new IngestService(d.db, d.clock, sla, d.engine, d.events, d.sqlite, learners, d.pgPool)
  const conversations = new ConversationService(d.db, d.clock, sla, d.notifier, d.events)
  const poll = new PollService(d.db, d.clock, d.queue, d.runner, ingest, d.logger)
  const slaMonitor = new SlaMonitor(d.db, d.clock, sla, d.notifier, d.webhooks)
  const collision = new CollisionService(d.db, d.clock, d.events)
  const corrections = new TriageCorrectionService(d.db, d.clock, learners, conversations)
  conversations.learnSpamWith(async (ws, id, actor, spam) => {
    await corrections.learnConversationSpam(ws, id, actor, spam)
  })
  return {
    ingest,
    poll,
    view,
    conversations,
    replies: new ReplyService(d.db, d.clock, conversations, d.runner, d.capabilities, d.events),
    contacts: new ContactService(d.db, d.clock),
    rules: new RuleService(d.db, d.clock),
    teams: new TeamService(d.db, d.clock),
    savedReplies: new SavedReplyService(d.db, d.clock),
    views: new ViewService(d.db, d.clock, view),
    sla,
    slaMonitor,
    collision,
    learners,
    corrections,
    directMessages: new DirectMessageService(
      d.db,
      d.clock,
      conversations,
      d.runner,
      d.capabilities,
      d.events,
    ),
    scopes: new PresenceScopes(d.db),
    events: d.events,
    async maintenance(now) {
      await slaMonitor.check(now)
      await conversations.wakeSnoozed(now)
      await collision.prune()
      await poll.ensurePolling()
    },
  }
}

/** Registers the inbox's job handlers (src/jobs/worker.ts). */
export function startInboxJobs(queue: JobQueue, inbox: Inbox, clock: Clock): void {
  registerInboxJobs(queue, { poll: inbox.poll, maintenance: (now) => inbox.maintenance(now), clock })
}

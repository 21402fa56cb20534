import { type Analytics, createAnalytics } from './analytics/analytics.module.js'
import { createPresenceMetrics, type PresenceMetrics } from './analytics/presence.module.js'
import { type Campaigns, createCampaigns } from './campaigns/campaigns.module.js'
import type { Config } from './config/config.js'
import { type Clock, systemClock } from './core/clock.js'
import { type EventBus, InMemoryEventBus } from './core/event-bus.js'
import { PgEventBus } from './core/event-bus.pg.js'
import { createLogger, type Logger } from './core/logger.js'
import { createOutboundClient, type OutboundClient } from './core/outbound/outbound.client.js'
import { Sealer } from './core/seal.js'
import { loadSecretKey } from './core/secret-key.js'
import { type Db, openDatabase } from './db/database.js'
import { Metrics } from './http/metrics.js'
import { AuthService } from './identity/auth.service.js'
import { TokenService } from './identity/token.service.js'
import { UserRepository } from './identity/user.repository.js'
import { UserService } from './identity/user.service.js'
import { createInbox, type Inbox } from './inbox/inbox.module.js'
import { InstanceService } from './instance/instance.service.js'
import { EmbeddedJobQueue } from './jobs/queue.embedded.js'
import type { JobQueue } from './jobs/queue.port.js'
import { PgJobWakeups } from './jobs/queue-wakeups.pg.js'
import { createLeader, type Leader } from './leader/leader.module.js'
import type { StrategyReader } from './leader/strategy.types.js'
import { createNetworks, type Networks } from './networks/networks.module.js'
import { disabledMailer, type Mailer } from './notify/mailer.port.js'
import { SmtpMailer } from './notify/mailer.smtp.js'
import { NotificationService } from './notify/notification.service.js'
import { ChannelService } from './presence/channel.service.js'
import { PresenceService } from './presence/presence.service.js'
import { createPublicSite, type PublicSite } from './public/public.module.js'
import { lazyLeaderHooks } from './publishing/leader.port.js'
import { createPublishing, type Publishing } from './publishing/publishing.module.js'
import { InvitationService } from './workspace/invitation.service.js'
import { MemberService } from './workspace/member.service.js'
import { WorkspaceService } from './workspace/workspace.service.js'

/** Everything the app is built from. Only this file decides which adapter implements a port. */
export interface AppContext {
  config: Config
  db: Db
  clock: Clock
  logger: Logger
  sealer: Sealer
  /** The one guarded client for server-side requests to URLs from users or networks (src/core/outbound). */
  outbound: OutboundClient
  queue: JobQueue
  metrics: Metrics
  users: UserService
  auth: AuthService
  tokens: TokenService
  /** Instance-wide settings and owners: who may create workspaces, paused after a restore (src/instance/). */
  instance: InstanceService
  workspaces: WorkspaceService
  members: MemberService
  invitations: InvitationService
  presences: PresenceService
  channels: ChannelService
  mailer: Mailer
  notifications: NotificationService
  /** Posts, approval, scheduling, exactly-once publishing, webhooks (src/publishing/). */
  publishing: Publishing
  /** Network registry, Sandbox worlds, channel connect and health (src/networks/). */
  networks: Networks
  /** Live events for browsers (in-memory; across processes via LISTEN/NOTIFY on PostgreSQL). */
  events: EventBus
  /** The customer-care inbox: ingest, conversations, replies, rules, SLA (src/inbox/). */
  inbox: Inbox
  /** Reports: care metrics and drill-down (src/analytics/); built on first use. */
  analytics: Analytics
  /** Presence metrics kept as history, the presence report, exports and the weekly digest (src/analytics/presence*). */
  presenceMetrics: PresenceMetrics
  /** Leader presence: strategy, guardrails, crisis freeze (src/leader/leader.module.ts). */
  leader: Leader
  /** Giveaways with a verifiable draw (src/campaigns/). */
  campaigns: Campaigns
  /** Each workspace's public page: settings, status page, news and events (src/public/). */
  publicSite: PublicSite
  /** Stops workers and closes the database. */
  close(): Promise<void>
}

export interface ContextOverrides {
  clock?: Clock
  logger?: Logger
  db?: Db
  mailer?: Mailer
  /** The outbound client (the SSRF tests pass one with a rebinding resolver); built from config otherwise. */
  outbound?: OutboundClient
  /** Lease of a claimed job (crash tests shorten it so a killed worker's jobs return quickly). */
  jobLeaseMs?: number
  /** The job loop's poll interval (the wake-up test lengthens it to show NOTIFY wakes a worker). */
  jobPollMs?: number
}

export function createContext(config: Config, overrides: ContextOverrides = {}): AppContext {
  const clock = overrides.clock ?? systemClock
  const logger = overrides.logger ?? createLogger(config.logLevel)
  const db =
    overrides.db ??
    openDatabase(
      config.database.engine === 'sqlite'
        ? {
            ...config.database,
            onCheckpointerError: (err) =>
              logger.warn({ err }, 'sqlite checkpointer failed; checkpoints return to commits'),
          }
        : config.database,
    )
  const { key } = loadSecretKey(config.dataDir, config.secretKey)
  const sealer = new Sealer(key)
  const outbound = overrides.outbound ?? createOutboundClient({ allow: config.outboundAllow })
  const k = db.kysely
  const userRepo = new UserRepository(k)
  const mailer =
    overrides.mailer ?? (config.smtp ? new SmtpMailer(config.smtp.url, config.smtp.from) : disabledMailer)
  // @NOTE the LISTEN connections need the database URL: the config's, or a test database's own.
  const pgUrl =
    db.engine === 'postgres'
      ? ((db as { url?: string }).url ??
        (config.database.engine === 'postgres' ? config.database.url : undefined))
      : undefined
  const queue = new EmbeddedJobQueue(k, clock, {
    engine: db.engine,
    leaseMs: overrides.jobLeaseMs,
    pollMs: overrides.jobPollMs,
    idlePollMs: overrides.jobPollMs,
    retentionMs: config.jobRetentionDays * 24 * 3600_000,
    // @NOTE workers in other processes learn of jobs due soon through NOTIFY (ADR 0031); SQLite runs
    // API and workers in one process, where an enqueue wakes the loop directly.
    wakeups: pgUrl
      ? new PgJobWakeups({ url: pgUrl, onError: (err) => logger.warn({ err }, 'job wake-ups') })
      : undefined,
    onError: (err, job) => logger.error({ err, job }, 'job failed'),
  })
  let publishing: Publishing | undefined
  let networks: Networks | undefined
  let inbox: Inbox | undefined
  let analytics: Analytics | undefined
  let presenceMetrics: PresenceMetrics | undefined
  let leader: Leader | undefined
  let campaigns: Campaigns | undefined
  let publicSite: PublicSite | undefined
  const events: EventBus = pgUrl
    ? new PgEventBus({ url: pgUrl, onError: (err) => logger.warn({ err }, 'event bus') })
    : new InMemoryEventBus()
  return {
    config,
    db,
    clock,
    logger,
    sealer,
    outbound,
    queue,
    metrics: new Metrics(),
    users: new UserService(userRepo, clock),
    auth: new AuthService(k, userRepo, clock),
    tokens: new TokenService(k, clock),
    instance: new InstanceService(k, clock),
    workspaces: new WorkspaceService(k, clock),
    members: new MemberService(k, clock),
    invitations: new InvitationService(k, clock),
    presences: new PresenceService(k, clock),
    channels: new ChannelService(k, sealer, clock),
    mailer,
    notifications: new NotificationService(k, mailer, clock, logger),
    // @NOTE built on first use from the services above, so the object literal stays one expression.
    get publishing(): Publishing {
      publishing ??= createPublishing({
        db,
        queue,
        clock,
        logger,
        sealer,
        channels: this.channels,
        networks: () => this.networks,
        notifier: this.notifications,
        publicUrl: config.publicUrl,
        outbound,
        leader: lazyLeaderHooks(() => this.leader.hooks),
      })
      return publishing
    },
    get networks(): Networks {
      networks ??= createNetworks({
        db: k,
        clock,
        channels: this.channels,
        notifier: this.notifications,
        outbound,
        sealer,
        publicUrl: config.publicUrl,
        oauthApps: config.oauthApps,
      })
      return networks
    },
    events,
    get inbox(): Inbox {
      inbox ??= createInbox({
        db: k,
        engine: db.engine,
        clock,
        queue,
        events,
        runner: this.networks.connect,
        capabilities: (n) =>
          this.networks.registry.has(n) ? this.networks.registry.get(n).capabilities : undefined,
        notifier: this.notifications,
        webhooks: {
          emit: (ws, event, data) =>
            this.publishing.webhooks.emit(ws, event as Parameters<Publishing['webhooks']['emit']>[1], data),
        },
        logger,
        sqlite: db.sqlite,
        pgPool: db.pgPool,
      })
      return inbox
    },
    get analytics(): Analytics {
      analytics ??= createAnalytics({ db: k, clock })
      return analytics
    },
    get presenceMetrics(): PresenceMetrics {
      presenceMetrics ??= createPresenceMetrics({
        db: k,
        clock,
        runner: this.networks.connect,
        mailer,
        publicUrl: config.publicUrl,
        care: () => this.analytics.care,
        logger,
        // @NOTE the leader domain may not be built in every composition; its strategy's cadence wins when it is.
        strategies: () =>
          'leader' in this
            ? (this as unknown as { leader: { strategies: StrategyReader } }).leader.strategies
            : undefined,
      })
      return presenceMetrics
    },
    get leader(): Leader {
      leader ??= createLeader({
        db: k,
        engine: db.engine,
        clock,
        logger,
        queue,
        publishing: () => this.publishing,
        workspaces: this.workspaces,
        notify: (input) => this.notifications.notify(input),
        mailerEnabled: mailer.enabled,
        publicUrl: config.publicUrl,
        practice: {
          presences: this.presences,
          channels: this.channels,
          connect: () => this.networks.connect,
          worlds: () => this.networks.worlds,
          ingest: () => this.inbox.ingest,
          replies: () => this.inbox.replies,
        },
      })
      return leader
    },
    get campaigns(): Campaigns {
      campaigns ??= createCampaigns({
        db: k,
        clock,
        sealer,
        runner: () => this.networks.connect,
        beaconUrl: config.beacon.url,
        beaconMarginMs: config.beacon.marginMs,
        fetch: outbound.fetch,
        publicUrl: config.publicUrl,
      })
      return campaigns
    },
    get publicSite(): PublicSite {
      publicSite ??= createPublicSite({ db: k, clock })
      return publicSite
    },
    async close() {
      await queue.stop(5000)
      await events.close()
      await outbound.close()
      if (!overrides.db) await db.close()
    },
  }
}

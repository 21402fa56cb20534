/**
 * Builds the publishing domain's services from what the composition root has. `context.ts` calls
 * `createPublishing` once; `registerPublishingJobs` is the worker's one line.
 */
import type { Clock } from '../core/clock.js'
import type { Logger } from '../core/logger.js'
import type { OutboundClient } from '../core/outbound/outbound.client.js'
import type { Sealer } from '../core/seal.js'
import type { Db } from '../db/database.js'
import type { JobQueue } from '../jobs/queue.port.js'
import type { Networks } from '../networks/networks.module.js'
import type { ChannelService } from '../presence/channel.service.js'
import { ApprovalService, type Notifier } from './approval.service.js'
import { ApprovalLinks } from './approval-link.service.js'
import { DbBlobStore } from './blob.db.js'
import type { BlobStore } from './blob.port.js'
import type { LeaderHooks } from './leader.port.js'
import { PostRepository } from './post.repository.js'
import { PostService } from './post.service.js'
import { PostCommentService } from './post-comment.service.js'
import { PostValidator } from './post-validation.js'
import { Publisher } from './publish.job.js'
import { PUBLISH_NETWORKS, publishJob, webhookJob } from './publish.jobs.js'
import { PublishNetworks } from './publish-networks.js'
import { ScheduleService } from './schedule.service.js'
import { WebhookService } from './webhook.service.js'

export interface Publishing {
  repo: PostRepository
  posts: PostService
  comments: PostCommentService
  approvals: ApprovalService
  links: ApprovalLinks
  schedule: ScheduleService
  publisher: Publisher
  webhooks: WebhookService
  networks: PublishNetworks
  blobs: BlobStore
  validator: PostValidator
}

export interface PublishingDeps {
  db: Db
  queue: JobQueue
  clock: Clock
  logger: Logger
  sealer: Sealer
  channels: ChannelService
  /** The networks domain (registry + connect); a function so it may be built lazily. */
  networks: () => Networks
  notifier: Notifier
  publicUrl: string
  /** The guarded outbound client (src/core/outbound): webhook targets are checked and sent through it. */
  outbound: Pick<OutboundClient, 'fetch' | 'refusal'>
  /** Guardrails, freezes and pillars of the leader domain. */
  leader?: LeaderHooks
}

export function createPublishing(d: PublishingDeps): Publishing {
  const k = d.db.kysely
  const repo = new PostRepository(k, d.db.engine)
  const networks = new PublishNetworks(d.networks)
  const blobs = new DbBlobStore(k, d.clock)
  const validator = new PostValidator(networks, blobs)
  const links = new ApprovalLinks(k, d.clock)
  const approvals = new ApprovalService(k, repo, links, d.notifier, d.clock, d.publicUrl, d.leader)
  const schedule = new ScheduleService(k, repo, d.queue, d.clock)
  approvals.onApproved = (workspaceId, postId) => schedule.activate(workspaceId, postId)
  const webhooks = new WebhookService(k, d.queue, d.sealer, d.clock, d.outbound)
  const posts = new PostService(repo, validator, approvals, schedule, d.clock, d.leader)
  const comments = new PostCommentService(k, repo, d.notifier, d.clock)
  const publisher = new Publisher(
    repo,
    networks,
    d.channels,
    blobs,
    d.notifier,
    webhooks,
    d.clock,
    d.logger,
    d.leader,
  )
  return {
    repo,
    posts,
    comments,
    approvals,
    links,
    schedule,
    publisher,
    webhooks,
    networks,
    blobs,
    validator,
  }
}

/** Registers the publish job of every network and the webhook job on `queue`. */
export function registerPublishingJobs(queue: JobQueue, p: Publishing): void {
  const networks = new Set<string>([...PUBLISH_NETWORKS, ...p.networks.ids()])
  for (const network of networks)
    queue.work(publishJob(network), (payload, job) => p.publisher.run(payload, job))
  queue.work(webhookJob, (payload, job) => p.webhooks.deliver(payload, job))
}

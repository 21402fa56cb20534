/** Job definitions of publishing: one publish job name per network (so each has its own concurrency). */
import type { JobDefinition, JobSchema } from '../jobs/queue.port.js'

export interface PublishPayload {
  deliveryId: string
  revision: number
}

const publishSchema: JobSchema<PublishPayload> = {
  parse(p: unknown): PublishPayload {
    const o = p as Partial<PublishPayload> | null
    if (!o || typeof o !== 'object') throw new Error('payload must be an object')
    if (typeof o.deliveryId !== 'string' || o.deliveryId.length === 0 || o.deliveryId.length > 64)
      throw new Error('deliveryId must be an id')
    if (typeof o.revision !== 'number' || !Number.isInteger(o.revision) || o.revision < 1)
      throw new Error('revision must be a positive whole number')
    return { deliveryId: o.deliveryId, revision: o.revision }
  },
}

/** Most sends at once per network in one process; networks not listed get the default. */
export const NETWORK_CONCURRENCY: Record<string, number> = { sandbox: 32, bluesky: 4 }
const DEFAULT_CONCURRENCY = 2

const defs = new Map<string, JobDefinition<PublishPayload>>()

/** The publish job of `network` (publish.sandbox, publish.bluesky, …). */
export function publishJob(network: string): JobDefinition<PublishPayload> {
  let d = defs.get(network)
  if (!d) {
    d = {
      name: `publish.${network}`,
      schema: publishSchema,
      concurrency: NETWORK_CONCURRENCY[network] ?? DEFAULT_CONCURRENCY,
    }
    defs.set(network, d)
  }
  return d
}

/** Networks the worker registers publish handlers for. */
export const PUBLISH_NETWORKS = ['sandbox', 'bluesky'] as const

/** Attempts of one publish job (transient failures); rate limits do not count. */
export const PUBLISH_MAX_ATTEMPTS = 6

export interface WebhookPayload {
  deliveryId: string
}

export const webhookJob: JobDefinition<WebhookPayload> = {
  name: 'webhook.deliver',
  concurrency: 8,
  schema: {
    parse(p: unknown): WebhookPayload {
      const o = p as Partial<WebhookPayload> | null
      if (!o || typeof o.deliveryId !== 'string' || o.deliveryId.length === 0 || o.deliveryId.length > 64)
        throw new Error('deliveryId must be an id')
      return { deliveryId: o.deliveryId }
    },
  },
}

export const WEBHOOK_MAX_ATTEMPTS = 8

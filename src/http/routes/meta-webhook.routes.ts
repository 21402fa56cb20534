/**
 * Meta webhooks: GET answers the subscription handshake, POST takes deliveries (Page feed and
 * messages, Instagram comments and messages) signed with X-Hub-Signature-256. No session: Meta calls
 * it, and the signature is the authentication. The body is read raw (the signature covers its exact
 * bytes), so the routes are documented in the OpenAPI registry and handled as plain Hono routes.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { META_WEBHOOK_PATH } from '../../networks/meta/meta.oauth.js'
import { MetaWebhookService } from '../../networks/meta/meta-webhook.service.js'
import type { App } from '../env.js'
import { problem } from '../problem.js'
import { jsonResponse } from '../schemas.js'

export { META_WEBHOOK_PATH }

const problemOf = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: z.object({ title: z.string(), detail: z.string() }) } },
})

const Delivery = z
  .object({
    object: z.string().openapi({ description: '`page` or `instagram`; anything else is refused with 400' }),
    entry: z.array(
      z
        .object({
          id: z.string().openapi({ description: 'The Page id or the Instagram professional account id' }),
          time: z.number().optional(),
          changes: z
            .array(z.object({ field: z.string(), value: z.record(z.string(), z.unknown()) }))
            .optional(),
          messaging: z.array(z.record(z.string(), z.unknown())).optional(),
        })
        .passthrough(),
    ),
  })
  .openapi('MetaWebhookDelivery')

const Accepted = z
  .object({
    stored: z.number().int().openapi({ description: 'Messages new to the inbox' }),
    duplicates: z.number().int().openapi({ description: 'Already there (polled or delivered before)' }),
    ignored: z
      .number()
      .int()
      .openapi({ description: 'Changes of a kind Townhall does not take (reactions, edits, echoes)' }),
  })
  .openapi('MetaWebhookAccepted')

const handshake = createRoute({
  method: 'get',
  path: META_WEBHOOK_PATH,
  tags: ['Network webhooks'],
  summary:
    "Meta's subscription handshake: echoes hub.challenge when hub.verify_token is one of our Meta apps' verify tokens",
  request: {
    query: z.object({
      'hub.mode': z.string().openapi({ example: 'subscribe' }),
      'hub.verify_token': z.string(),
      'hub.challenge': z.string(),
    }),
  },
  responses: {
    200: { description: 'The challenge, as text', content: { 'text/plain': { schema: z.string() } } },
    403: problemOf('The verify token is not one of ours'),
  },
})

const delivery = createRoute({
  method: 'post',
  path: META_WEBHOOK_PATH,
  tags: ['Network webhooks'],
  summary:
    'A Meta webhook delivery. X-Hub-Signature-256 (sha256=HMAC-SHA256 of the raw body with the Meta app secret) is checked before anything in it is used; items go into the inbox like polled ones',
  request: {
    headers: z.object({ 'x-hub-signature-256': z.string().openapi({ example: 'sha256=3f…' }) }),
    body: { content: { 'application/json': { schema: Delivery } }, required: true },
  },
  responses: {
    200: jsonResponse(Accepted, 'Accepted'),
    400: problemOf('Not JSON, no entry list, or an object type Townhall does not subscribe to'),
    401: problemOf('Signature missing or not matching any Meta app'),
    413: problemOf('Body too large'),
  },
})

export function registerMetaWebhookRoutes(app: App, ctx: AppContext): void {
  app.openAPIRegistry.registerPath(handshake)
  app.openAPIRegistry.registerPath(delivery)
  const apps = () => ctx.networks.oauth.apps
  const service = new MetaWebhookService({
    db: ctx.db.kysely,
    resolveApp: (ws) => apps().resolve(ws, 'meta'),
    async workspacesWithApp() {
      const rows = await ctx.db.kysely
        .selectFrom('oauth_apps')
        .select('workspace_id')
        .where('app', '=', 'meta')
        .execute()
      return rows.map((r) => r.workspace_id)
    },
    // @NOTE a workspace id that has no row resolves to the install's app from the environment, if any.
    installApp: () => apps().resolve('', 'meta'),
    ingest: (channel, messages) => ctx.inbox.ingest.ingest(channel, messages),
  })
  const log = ctx.logger

  app.get(META_WEBHOOK_PATH, async (c) => {
    const challenge = await service.challenge(
      c.req.query('hub.mode'),
      c.req.query('hub.verify_token'),
      c.req.query('hub.challenge'),
    )
    if (challenge === null) {
      log.warn({ route: META_WEBHOOK_PATH }, 'meta webhook handshake refused: verify token unknown')
      return problem(c, 'forbidden', 403, 'The verify token is not one of this install’s Meta apps.')
    }
    return c.text(challenge, 200)
  })

  app.post(META_WEBHOOK_PATH, async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer())
    const out = await service.deliver(raw, c.req.header('x-hub-signature-256'))
    if (out.status !== 200) {
      // @NOTE never the body: it holds what customers wrote; the reason, the size and the object type suffice.
      log.warn(
        {
          route: META_WEBHOOK_PATH,
          status: out.status,
          reason: out.reason,
          object: out.object,
          bytes: out.bytes,
        },
        'meta webhook refused',
      )
      const code =
        out.status === 401 ? 'unauthenticated' : out.status === 413 ? 'payload-too-large' : 'bad-request'
      const field = out.status === 401 ? 'x-hub-signature-256' : 'body'
      return problem(c, code, out.status, `Meta webhook refused: ${out.reason}.`, {
        errors: [{ field, reason: out.reason }],
      })
    }
    log.info(
      {
        route: META_WEBHOOK_PATH,
        object: out.object,
        stored: out.stored,
        duplicates: out.duplicates,
        ignored: out.ignored,
        channels: out.channels,
      },
      'meta webhook',
    )
    return c.json({ stored: out.stored, duplicates: out.duplicates, ignored: out.ignored }, 200)
  })
}

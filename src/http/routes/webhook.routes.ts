/** Outgoing webhooks (post.published / post.failed / post.unknown): CRUD and the delivery log. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse, OK_EMPTY } from '../schemas.js'
import { WebhookDeliverySchema, WebhookInput, WebhookPatch, WebhookSchema, wsParams } from './post.schemas.js'

const tags = ['Webhooks']
const hookParams = wsParams.extend({ webhookId: IdParam('webhookId') })

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/webhooks',
    tags,
    summary: 'Webhooks of the workspace',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(WebhookSchema), 'Webhooks'), ...ERRORS },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/webhooks',
    tags,
    summary:
      'Create a webhook. The secret is shown once; each request is signed `townhall-signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, t + "." + body)>`',
    request: { params: wsParams, body: jsonBody(WebhookInput) },
    responses: {
      201: jsonResponse(z.object({ webhook: WebhookSchema, secret: z.string() }), 'Created'),
      ...ERRORS,
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/webhooks/{webhookId}',
    tags,
    summary: 'One webhook',
    request: { params: hookParams },
    responses: { 200: jsonResponse(WebhookSchema, 'Webhook'), ...ERRORS },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/workspaces/{workspaceId}/webhooks/{webhookId}',
    tags,
    summary: 'Change the URL, events or pause it',
    request: { params: hookParams, body: jsonBody(WebhookPatch) },
    responses: { 200: jsonResponse(WebhookSchema, 'Updated'), ...ERRORS },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/api/workspaces/{workspaceId}/webhooks/{webhookId}',
    tags,
    summary: 'Delete a webhook and its log',
    request: { params: hookParams },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  deliveries: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/webhooks/{webhookId}/deliveries',
    tags,
    summary: 'Delivery log, newest first: attempts, last status and error',
    request: { params: hookParams },
    responses: { 200: jsonResponse(z.array(WebhookDeliverySchema), 'Deliveries'), ...ERRORS },
  }),
}

export function registerWebhookRoutes(app: App, ctx: AppContext): void {
  const w = () => ctx.publishing.webhooks
  app.openapi(routes.list, async (c) =>
    c.json(await w().list(authorize(c, 'workspace.settings').workspaceId), 200),
  )
  app.openapi(routes.create, async (c) => {
    const a = authorize(c, 'workspace.settings')
    return c.json(await w().create(a.workspaceId, c.req.valid('json')), 201)
  })
  app.openapi(routes.get, async (c) => {
    const a = authorize(c, 'workspace.settings')
    return c.json(await w().get(a.workspaceId, c.req.valid('param').webhookId), 200)
  })
  app.openapi(routes.update, async (c) => {
    const a = authorize(c, 'workspace.settings')
    return c.json(await w().update(a.workspaceId, c.req.valid('param').webhookId, c.req.valid('json')), 200)
  })
  app.openapi(routes.remove, async (c) => {
    const a = authorize(c, 'workspace.settings')
    await w().remove(a.workspaceId, c.req.valid('param').webhookId)
    return c.body(null, 204)
  })
  app.openapi(routes.deliveries, async (c) => {
    const a = authorize(c, 'workspace.settings')
    return c.json(await w().deliveries(a.workspaceId, c.req.valid('param').webhookId), 200)
  })
}

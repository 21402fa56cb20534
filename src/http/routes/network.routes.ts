/** Full capabilities of every network, so the composer validates in the browser with the server's code. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonResponse } from '../schemas.js'

const CapabilitiesSchema = z
  .object({
    network: z.string(),
    label: z.string(),
    text: z.object({
      maxLength: z.number(),
      unit: z.enum(['graphemes', 'characters', 'utf8-bytes', 'weighted']),
      linkLength: z.number().optional(),
    }),
    media: z.object({
      maxImages: z.number(),
      maxImageBytes: z.number(),
      mimeTypes: z.array(z.string()),
      altText: z.boolean(),
      maxAltTextLength: z.number(),
      altTextRequired: z.boolean(),
    }),
    threads: z.boolean(),
    replies: z.boolean(),
    quotes: z.boolean(),
    edit: z.boolean(),
    delete: z.boolean(),
    directMessages: z.boolean(),
    idempotency: z.enum(['native', 'lookup', 'none']),
  })
  .openapi('NetworkCapabilities')

const route = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/networks/capabilities',
  tags: ['Channels'],
  summary: 'Every network’s full capabilities (text units and limits, media, threads) for validatePost',
  request: { params: z.object({ workspaceId: IdParam('workspaceId') }) },
  responses: { 200: jsonResponse(z.array(CapabilitiesSchema), 'Capabilities'), ...ERRORS },
})

export function registerNetworkRoutes(app: App, ctx: AppContext): void {
  app.openapi(route, async (c) => {
    authorize(c, 'post.read')
    return c.json(
      ctx.networks.registry.list().map((n) => n.capabilities),
      200,
    )
  })
}

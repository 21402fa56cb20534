/** The Sandbox's own view of a post: what the "open" link of a Sandbox message shows. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonResponse } from '../schemas.js'

const Item = z.object({
  id: z.string(),
  kind: z.string(),
  text: z.string().nullable(),
  createdAt: z.number(),
  deleted: z.boolean(),
  author: z.object({
    handle: z.string(),
    displayName: z.string(),
    avatarUrl: z.string().nullable(),
    brand: z.boolean(),
  }),
})

const SandboxPost = z
  .object({
    channelId: z.string(),
    world: z.object({ handle: z.string(), displayName: z.string() }),
    item: Item,
    parent: Item.nullable(),
    replies: z.array(Item),
  })
  .openapi('SandboxPost')

const route = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/sandbox/posts/{itemId}',
  tags: ['Channels'],
  summary: "One Sandbox post as the Sandbox's public sees it: author, text, what it answers, replies",
  request: {
    params: z.object({ workspaceId: IdParam('workspaceId'), itemId: z.string().min(1).max(120) }),
  },
  responses: { 200: jsonResponse(SandboxPost, 'The post'), ...ERRORS },
})

export function registerSandboxViewRoutes(app: App, ctx: AppContext): void {
  app.openapi(route, async (c) => {
    const a = authorize(c, 'channel.read')
    return c.json(await ctx.networks.sandboxView.post(a.workspaceId, c.req.valid('param').itemId), 200)
  })
}

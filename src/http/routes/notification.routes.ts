import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse } from '../schemas.js'

const tags = ['Notifications']
const wsParams = z.object({ workspaceId: IdParam('workspaceId') })

const NotificationSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    subjectId: z.string().nullable(),
    link: z.string().nullable(),
    createdAt: z.number(),
    readAt: z.number().nullable(),
  })
  .openapi('Notification')

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/notifications',
    tags,
    summary: 'Your latest notifications in this workspace, with the unread count',
    request: { params: wsParams, query: z.object({ unread: z.enum(['true', 'false']).optional() }) },
    responses: {
      200: jsonResponse(
        z.object({ unread: z.number(), items: z.array(NotificationSchema) }),
        'Notifications',
      ),
      ...ERRORS,
    },
  }),
  read: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/notifications/read',
    tags,
    summary: 'Mark notifications read (all of them when ids is omitted)',
    request: {
      params: wsParams,
      body: jsonBody(z.strictObject({ ids: z.array(z.string().max(64)).max(500).optional() })),
    },
    responses: { 200: jsonResponse(z.object({ marked: z.number() }), 'Marked'), ...ERRORS },
  }),
}

export function registerNotificationRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.list, async (c) => {
    const a = authorize(c, 'workspace.read')
    const unreadOnly = c.req.valid('query').unread === 'true'
    const [items, unread] = await Promise.all([
      ctx.notifications.list(a.workspaceId, a.userId, { unreadOnly }),
      ctx.notifications.unreadCount(a.workspaceId, a.userId),
    ])
    return c.json({ unread, items }, 200)
  })
  app.openapi(routes.read, async (c) => {
    const a = authorize(c, 'workspace.read')
    return c.json(
      { marked: await ctx.notifications.markRead(a.workspaceId, a.userId, c.req.valid('json').ids) },
      200,
    )
  })
}

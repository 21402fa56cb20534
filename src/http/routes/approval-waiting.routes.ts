/** What waits for the signed-in member's approval: the count the navigation shows, and the posts. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, jsonResponse } from '../schemas.js'
import { wsParams } from './post.schemas.js'

const Waiting = z
  .object({
    count: z.number().int(),
    postIds: z.array(z.string()),
  })
  .openapi('ApprovalsWaiting')

const route = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/approvals/waiting',
  tags: ['Posts'],
  summary: 'Posts in review that still need an approval the signed-in member may give (newest first)',
  request: { params: wsParams },
  responses: { 200: jsonResponse(Waiting, 'Waiting for you'), ...ERRORS },
})

export function registerApprovalWaitingRoutes(app: App, ctx: AppContext): void {
  app.openapi(route, async (c) => {
    const a = authorize(c, 'post.read')
    const postIds = await ctx.publishing.approvals.waitingFor(a.workspaceId, a.memberId)
    return c.json({ count: postIds.length, postIds }, 200)
  })
}

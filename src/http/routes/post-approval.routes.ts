/**
 * One-tap approval links: `GET/POST /api/approvals/{token}` work without signing in (the token is
 * the credential: single use, expires after 72 h, bound to one revision of the post).
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { approvalLinkView } from '../approval-link.view.js'
import { registerApprovePage } from '../approve-page.js'
import type { App } from '../env.js'
import { ERRORS, jsonBody, jsonResponse } from '../schemas.js'
import { ApprovalDecisionInput, ApprovalLinkSchema } from './post.schemas.js'

const tags = ['Approval links']
const tokenParams = z.object({
  token: z
    .string()
    .min(1)
    .max(200)
    .openapi({ param: { name: 'token', in: 'path' } }),
})

const routes = {
  view: createRoute({
    method: 'get',
    path: '/api/approvals/{token}',
    tags,
    summary: 'What an approval link is for (no sign-in needed)',
    request: { params: tokenParams },
    responses: { 200: jsonResponse(ApprovalLinkSchema, 'The post to decide on'), ...ERRORS },
  }),
  decide: createRoute({
    method: 'post',
    path: '/api/approvals/{token}',
    tags,
    summary: 'Approve or request changes through the link (uses it up)',
    request: { params: tokenParams, body: jsonBody(ApprovalDecisionInput) },
    responses: {
      200: jsonResponse(
        z.object({ approvalState: z.enum(['in-review', 'approved', 'changes-requested']) }),
        'Decided',
      ),
      ...ERRORS,
    },
  }),
}

export function registerPostApprovalRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.view, async (c) => c.json(await approvalLinkView(ctx, c.req.valid('param').token), 200))

  app.openapi(routes.decide, async (c) => {
    const body = c.req.valid('json')
    const state = await ctx.publishing.approvals.decideByLink(
      c.req.valid('param').token,
      body.decision,
      body.comment,
    )
    return c.json({ approvalState: state as 'in-review' | 'approved' | 'changes-requested' }, 200)
  })

  registerApprovePage(app, ctx)
}

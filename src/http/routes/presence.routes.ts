import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse, OK_EMPTY, PresenceSchema } from '../schemas.js'

const tags = ['Presences']
const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
const presenceParams = wsParams.extend({ presenceId: IdParam('presenceId') })

const PresenceInput = z.strictObject({
  kind: z.enum(['brand', 'person']),
  displayName: z.string().min(1).max(100),
  title: z.string().max(100).nullable().optional(),
  avatarUrl: z.string().max(2000).nullable().optional(),
  memberId: z.string().max(64).nullable().optional(),
})

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/presences',
    tags,
    summary: 'The brand and the people who speak for it',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(PresenceSchema), 'Presences'), ...ERRORS },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/presences',
    tags,
    summary: 'Create a presence (brand, or a person such as the CEO)',
    request: { params: wsParams, body: jsonBody(PresenceInput.openapi('PresenceInput')) },
    responses: { 201: jsonResponse(PresenceSchema, 'Created'), ...ERRORS },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/presences/{presenceId}',
    tags,
    summary: 'One presence',
    request: { params: presenceParams },
    responses: { 200: jsonResponse(PresenceSchema, 'Presence'), ...ERRORS },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/workspaces/{workspaceId}/presences/{presenceId}',
    tags,
    summary: 'Edit a presence (an executive may edit their own)',
    request: {
      params: presenceParams,
      body: jsonBody(PresenceInput.omit({ kind: true }).partial().openapi('PresencePatch')),
    },
    responses: { 200: jsonResponse(PresenceSchema, 'Updated'), ...ERRORS },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/api/workspaces/{workspaceId}/presences/{presenceId}',
    tags,
    summary: 'Delete a presence and its channels',
    request: { params: presenceParams },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
}

export function registerPresenceRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.list, async (c) =>
    c.json(await ctx.presences.list(authorize(c, 'presence.read').workspaceId), 200),
  )

  app.openapi(routes.create, async (c) => {
    const a = authorize(c, 'presence.manage')
    return c.json(await ctx.presences.create(a.workspaceId, c.req.valid('json'), a), 201)
  })

  app.openapi(routes.get, async (c) => {
    const a = authorize(c, 'presence.read')
    return c.json(await ctx.presences.get(a.workspaceId, c.req.valid('param').presenceId), 200)
  })

  app.openapi(routes.update, async (c) => {
    const { workspaceId, presenceId } = c.req.valid('param')
    authorize(c, 'presence.read')
    const current = await ctx.presences.get(workspaceId, presenceId)
    const a = authorize(c, 'presence.manage', { presenceOwnerMemberId: current.memberId })
    const body = c.req.valid('json')
    // @NOTE an executive editing their own presence may not hand it to someone else.
    if (body.memberId !== undefined && body.memberId !== current.memberId) authorize(c, 'presence.manage')
    return c.json(await ctx.presences.update(a.workspaceId, presenceId, body, a), 200)
  })

  app.openapi(routes.remove, async (c) => {
    const a = authorize(c, 'presence.manage')
    await ctx.presences.remove(a.workspaceId, c.req.valid('param').presenceId, a)
    return c.body(null, 204)
  })
}

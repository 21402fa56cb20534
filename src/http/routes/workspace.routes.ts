import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { ACTIONS, type Action, can } from '../../workspace/permissions.js'
import { authorize, requireUser } from '../auth.js'
import type { App } from '../env.js'
import {
  BusinessHoursSchema,
  ERRORS,
  IdParam,
  jsonBody,
  jsonResponse,
  RoleSchema,
  WorkspaceSchema,
} from '../schemas.js'

const tags = ['Workspaces']
const wsParams = z.object({ workspaceId: IdParam('workspaceId') })

const WorkspaceWithRole = WorkspaceSchema.extend({ role: RoleSchema, memberId: z.string() }).openapi(
  'WorkspaceWithRole',
)

const PatchBody = z
  .strictObject({
    name: z.string().min(1).max(100).optional(),
    timeZone: z.string().min(1).max(64).optional(),
    businessHours: BusinessHoursSchema.optional(),
    holidays: z.array(z.string().max(10)).max(366).optional(),
    settings: z
      .strictObject({
        scorecardsVisibleToMembers: z.boolean().optional(),
        firstResponseTargetMinutes: z.number().int().min(1).max(10080).optional(),
      })
      .optional(),
  })
  .openapi('WorkspacePatch')

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/workspaces',
    tags,
    summary: 'Workspaces you belong to',
    responses: { 200: jsonResponse(z.array(WorkspaceWithRole), 'Workspaces'), ...ERRORS },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/workspaces',
    tags,
    summary:
      'Create a workspace (you become its owner). Instance owners only, unless the instance setting workspaceCreation is everyone',
    request: {
      body: jsonBody(
        z.strictObject({ name: z.string().min(1).max(100), timeZone: z.string().min(1).max(64) }),
      ),
    },
    responses: { 201: jsonResponse(WorkspaceWithRole, 'Created'), ...ERRORS },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}',
    tags,
    summary: 'A workspace and its settings',
    request: { params: wsParams },
    responses: { 200: jsonResponse(WorkspaceSchema, 'Workspace'), ...ERRORS },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/workspaces/{workspaceId}',
    tags,
    summary: 'Edit name, time zone, business hours, holidays and settings',
    request: { params: wsParams, body: jsonBody(PatchBody) },
    responses: { 200: jsonResponse(WorkspaceSchema, 'Updated'), ...ERRORS },
  }),
  permissions: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/permissions',
    tags,
    summary: 'Your role and the actions it allows (for showing controls)',
    request: { params: wsParams },
    responses: {
      200: jsonResponse(
        z.object({ role: RoleSchema, memberId: z.string(), allowed: z.array(z.string()) }),
        'Permissions',
      ),
      ...ERRORS,
    },
  }),
  audit: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/audit',
    tags,
    summary: 'The latest 200 audit entries',
    request: { params: wsParams },
    responses: {
      200: jsonResponse(
        z.array(
          z.object({
            id: z.string(),
            action: z.string(),
            actorUserId: z.string().nullable(),
            subjectId: z.string().nullable(),
            data: z.record(z.string(), z.unknown()),
            createdAt: z.number(),
          }),
        ),
        'Audit log',
      ),
      ...ERRORS,
    },
  }),
}

export function registerWorkspaceRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.list, async (c) => c.json(await ctx.workspaces.listForUser(requireUser(c).user.id), 200))

  app.openapi(routes.create, async (c) => {
    const p = requireUser(c)
    await ctx.instance.assertMayCreateWorkspace(p.user.id)
    const ws = await ctx.workspaces.create(c.req.valid('json'), p.user.id)
    if (p.kind === 'session') await ctx.auth.setCurrentWorkspace(p.sessionId, ws.id)
    return c.json(ws, 201)
  })

  app.openapi(routes.get, async (c) => {
    const a = authorize(c, 'workspace.read')
    return c.json(await ctx.workspaces.get(a.workspaceId), 200)
  })

  app.openapi(routes.update, async (c) => {
    const a = authorize(c, 'workspace.settings')
    return c.json(await ctx.workspaces.update(a.workspaceId, c.req.valid('json'), a.userId), 200)
  })

  app.openapi(routes.permissions, async (c) => {
    const a = authorize(c, 'workspace.read')
    const allowed = (Object.keys(ACTIONS) as Action[]).filter((act) => can(a.role, act))
    return c.json({ role: a.role, memberId: a.memberId, allowed }, 200)
  })

  app.openapi(routes.audit, async (c) => {
    const a = authorize(c, 'audit.read')
    const rows = await ctx.db.kysely
      .selectFrom('audit_log')
      .selectAll()
      .where('workspace_id', '=', a.workspaceId)
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute()
    return c.json(
      rows.map((r) => ({
        id: r.id,
        action: r.action,
        actorUserId: r.actor_user_id,
        subjectId: r.subject_id,
        data: JSON.parse(r.data) as Record<string, unknown>,
        createdAt: r.created_at,
      })),
      200,
    )
  })
}

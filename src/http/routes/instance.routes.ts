/**
 * Instance-wide settings of this Townhall install (who may create workspaces), and the pause a
 * restore sets (`townhall restore`) until an instance owner resumes the copy.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { WORKSPACE_CREATION } from '../../instance/instance.service.js'
import { requireUser } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, jsonBody, jsonResponse } from '../schemas.js'

const tags = ['Instance']

const WorkspaceCreationSchema = z.enum(WORKSPACE_CREATION).openapi({
  description: "Who may create workspaces: 'owners' (instance owners only, the default) or 'everyone'",
})

const InstanceSchema = z
  .object({
    workspaceCreation: WorkspaceCreationSchema,
    paused: z.object({ since: z.number().int(), reason: z.string() }).nullable().openapi({
      description:
        'Set after a restore: no workers run (no publishing, webhooks or polling) until an instance owner resumes',
    }),
    you: z.object({
      instanceOwner: z.boolean(),
      canCreateWorkspaces: z.boolean(),
    }),
  })
  .openapi('Instance')

const routes = {
  get: createRoute({
    method: 'get',
    path: '/api/instance',
    tags,
    summary: 'Instance settings, and whether you are an instance owner and may create workspaces',
    responses: { 200: jsonResponse(InstanceSchema, 'Instance'), ...ERRORS },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/instance',
    tags,
    summary: 'Change instance settings (instance owners only; 403 for everyone else)',
    request: {
      body: jsonBody(
        z.strictObject({ workspaceCreation: WorkspaceCreationSchema.optional() }).openapi('InstancePatch'),
      ),
    },
    responses: { 200: jsonResponse(InstanceSchema, 'Updated'), ...ERRORS },
  }),
  resume: createRoute({
    method: 'post',
    path: '/api/instance/resume',
    tags,
    summary:
      'Resume a copy paused after a restore: workers start (publishing, webhooks, polling). Instance owners only',
    responses: { 200: jsonResponse(InstanceSchema, 'Resumed'), ...ERRORS },
  }),
}

async function view(ctx: AppContext, userId: string) {
  const settings = await ctx.instance.settings()
  return {
    ...settings,
    paused: await ctx.instance.paused(),
    you: {
      instanceOwner: await ctx.instance.isOwner(userId),
      canCreateWorkspaces: await ctx.instance.mayCreateWorkspace(userId),
    },
  }
}

export function registerInstanceRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.get, async (c) => c.json(await view(ctx, requireUser(c).user.id), 200))
  app.openapi(routes.update, async (c) => {
    const userId = requireUser(c).user.id
    await ctx.instance.update(userId, c.req.valid('json'))
    return c.json(await view(ctx, userId), 200)
  })
  app.openapi(routes.resume, async (c) => {
    const userId = requireUser(c).user.id
    await ctx.instance.resume(userId)
    ctx.logger.info({ userId }, 'paused copy resumed')
    return c.json(await view(ctx, userId), 200)
  })
}

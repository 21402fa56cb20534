import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { requireUser } from '../auth.js'
import type { App } from '../env.js'
import { ApiTokenSchema, ERRORS, IdParam, jsonBody, jsonResponse } from '../schemas.js'

const tags = ['Personal API tokens']

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/me/tokens',
    tags,
    summary: 'Your personal API tokens (never the secret)',
    responses: { 200: jsonResponse(z.array(ApiTokenSchema), 'Tokens'), ...ERRORS },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/me/tokens',
    tags,
    summary: 'Create a token; the secret is shown once',
    request: {
      body: jsonBody(
        z.strictObject({
          name: z.string().min(1).max(100),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
      ),
    },
    responses: {
      201: jsonResponse(z.object({ token: z.string(), info: ApiTokenSchema }), 'Created'),
      ...ERRORS,
    },
  }),
  revoke: createRoute({
    method: 'delete',
    path: '/api/me/tokens/{id}',
    tags,
    summary: 'Revoke a token',
    request: { params: z.object({ id: IdParam('id') }) },
    responses: { 200: jsonResponse(ApiTokenSchema, 'Revoked'), ...ERRORS },
  }),
}

export function registerTokenRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.list, async (c) => c.json(await ctx.tokens.list(requireUser(c).user.id), 200))
  app.openapi(routes.create, async (c) => {
    const { name, expiresInDays } = c.req.valid('json')
    return c.json(await ctx.tokens.create(requireUser(c).user.id, name, expiresInDays), 201)
  })
  app.openapi(routes.revoke, async (c) =>
    c.json(await ctx.tokens.revoke(requireUser(c).user.id, c.req.valid('param').id), 200),
  )
}

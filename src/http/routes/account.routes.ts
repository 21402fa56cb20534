/** The signed-in user's own account: signing out everywhere (sessions and personal API tokens). */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { requireUser } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, jsonBody, jsonResponse } from '../schemas.js'

const tags = ['Account']

const SignOutEverywhereInput = z
  .strictObject({
    keepTokens: z
      .array(z.string().min(1).max(64))
      .max(200)
      .optional()
      .openapi({ description: 'Ids of your active personal API tokens to keep; every other one is revoked' }),
  })
  .openapi('SignOutEverywhereInput')

const routes = {
  signOutEverywhere: createRoute({
    method: 'post',
    path: '/api/me/sign-out-everywhere',
    tags,
    summary:
      'Sign out everywhere: ends every other session of yours and revokes your personal API tokens (except those listed in keepTokens)',
    request: { body: jsonBody(SignOutEverywhereInput) },
    responses: {
      200: jsonResponse(
        z
          .object({ sessionsEnded: z.number().int(), tokensRevoked: z.number().int() })
          .openapi('SignOutEverywhereResult'),
        'What was ended',
      ),
      ...ERRORS,
    },
  }),
}

export function registerAccountRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.signOutEverywhere, async (c) => {
    const p = requireUser(c)
    const { keepTokens = [] } = c.req.valid('json')
    // @NOTE tokens first: a bad keepTokens id is a 400 before anything has been ended.
    const tokensRevoked = await ctx.tokens.revokeAll(p.user.id, keepTokens)
    // The browser that asks stays signed in; a script calling with a token has no session to keep.
    const sessionsEnded = await ctx.auth.logoutEverywhere(
      p.user.id,
      p.kind === 'session' ? p.sessionId : undefined,
    )
    return c.json({ sessionsEnded, tokensRevoked }, 200)
  })
}

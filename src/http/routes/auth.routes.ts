import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { conflict, DomainError, notFound } from '../../core/errors.js'
import { clearSessionCookie, clientIp, requireUser, sessionView, setSessionCookie } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, jsonBody, jsonResponse, OK_EMPTY, SessionSchema } from '../schemas.js'

const tags = ['Auth']

const SetupBody = z
  .strictObject({
    name: z.string().min(1).max(100),
    email: z.string().min(3).max(254),
    password: z.string().min(1).max(256),
    workspaceName: z.string().min(1).max(100),
    timeZone: z.string().min(1).max(64),
  })
  .openapi('SetupInput')

const LoginBody = z
  .strictObject({ email: z.string().min(1).max(254), password: z.string().min(1).max(256) })
  .openapi('LoginInput')

const routes = {
  setupStatus: createRoute({
    method: 'get',
    path: '/api/setup',
    tags,
    summary: 'Whether first-run setup is needed',
    responses: { 200: jsonResponse(z.object({ needed: z.boolean() }), 'Setup state') },
  }),
  setup: createRoute({
    method: 'post',
    path: '/api/setup',
    tags,
    summary: 'First run: create the owner account and the first workspace, and sign in',
    request: { body: jsonBody(SetupBody) },
    responses: { 201: jsonResponse(SessionSchema, 'Signed in as the new owner'), ...ERRORS },
  }),
  login: createRoute({
    method: 'post',
    path: '/api/auth/login',
    tags,
    summary: 'Sign in (throttled per account and per IP)',
    request: { body: jsonBody(LoginBody) },
    responses: { 200: jsonResponse(SessionSchema, 'Signed in'), ...ERRORS },
  }),
  logout: createRoute({
    method: 'post',
    path: '/api/auth/logout',
    tags,
    summary: 'Sign out',
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  session: createRoute({
    method: 'get',
    path: '/api/session',
    tags,
    summary: 'The signed-in user, CSRF token and workspaces',
    responses: { 200: jsonResponse(SessionSchema, 'Current session'), ...ERRORS },
  }),
  switchWorkspace: createRoute({
    method: 'put',
    path: '/api/session/workspace',
    tags,
    summary: 'Switch the current workspace',
    request: { body: jsonBody(z.strictObject({ workspaceId: z.string().min(1).max(64) })) },
    responses: { 200: jsonResponse(SessionSchema, 'Switched'), ...ERRORS },
  }),
}

// @NOTE setup runs at most once; a mutex in the process plus the user count check covers the race of
// two browsers submitting the setup form at the same time on one server.
let setupInFlight = false

export function registerAuthRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.setupStatus, async (c) => c.json({ needed: (await ctx.users.count()) === 0 }, 200))

  app.openapi(routes.setup, async (c) => {
    const body = c.req.valid('json')
    if (setupInFlight || (await ctx.users.count()) > 0)
      throw conflict('Townhall is already set up; sign in instead.')
    setupInFlight = true
    try {
      const user = await ctx.users.create({ email: body.email, name: body.name, password: body.password })
      const ws = await ctx.workspaces.create({ name: body.workspaceName, timeZone: body.timeZone }, user.id)
      const { token, session } = await ctx.auth.openSession(user, {
        ip: clientIp(c, ctx),
        userAgent: c.req.header('user-agent'),
      })
      await ctx.auth.setCurrentWorkspace(session.sessionId, ws.id)
      setSessionCookie(c, ctx, token)
      ctx.logger.info({ userId: user.id, workspaceId: ws.id }, 'first-run setup completed')
      return c.json(await sessionView(ctx, { ...session, currentWorkspaceId: ws.id }), 201)
    } finally {
      setupInFlight = false
    }
  })

  app.openapi(routes.login, async (c) => {
    const { email, password } = c.req.valid('json')
    const { token, session } = await ctx.auth.login(email, password, {
      ip: clientIp(c, ctx),
      userAgent: c.req.header('user-agent'),
    })
    setSessionCookie(c, ctx, token)
    return c.json(await sessionView(ctx, session), 200)
  })

  app.openapi(routes.logout, async (c) => {
    const p = c.get('principal')
    if (p?.kind === 'session') await ctx.auth.logout(p.sessionId)
    clearSessionCookie(c)
    return c.body(null, 204)
  })

  app.openapi(routes.session, async (c) => {
    const p = requireUser(c)
    if (p.kind !== 'session')
      throw new DomainError('validation', 'API tokens have no browser session; use GET /api/workspaces')
    return c.json(await sessionView(ctx, p), 200)
  })

  app.openapi(routes.switchWorkspace, async (c) => {
    const p = requireUser(c)
    if (p.kind !== 'session') throw new DomainError('validation', 'API tokens have no browser session')
    const { workspaceId } = c.req.valid('json')
    if (!(await ctx.members.forUser(workspaceId, p.user.id))) throw notFound('workspace')
    await ctx.auth.setCurrentWorkspace(p.sessionId, workspaceId)
    return c.json(await sessionView(ctx, { ...p, currentWorkspaceId: workspaceId }), 200)
  })
}

import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { DomainError } from '../../core/errors.js'
import { authorize, clientIp, sessionView, setSessionCookie } from '../auth.js'
import type { App } from '../env.js'
import {
  ERRORS,
  IdParam,
  InvitationSchema,
  jsonBody,
  jsonResponse,
  MemberSchema,
  OK_EMPTY,
  RoleSchema,
  SessionSchema,
} from '../schemas.js'

const tags = ['Members']
const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
const memberParams = wsParams.extend({ memberId: IdParam('memberId') })
const inviteParams = wsParams.extend({ id: IdParam('id') })
const tokenParams = z.object({
  token: z
    .string()
    .min(10)
    .max(100)
    .openapi({ param: { name: 'token', in: 'path' } }),
})

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/members',
    tags,
    summary: 'Members of the workspace',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(MemberSchema), 'Members'), ...ERRORS },
  }),
  changeRole: createRoute({
    method: 'patch',
    path: '/api/workspaces/{workspaceId}/members/{memberId}',
    tags,
    summary: "Change a member's role",
    request: { params: memberParams, body: jsonBody(z.strictObject({ role: RoleSchema })) },
    responses: { 200: jsonResponse(MemberSchema, 'Updated'), ...ERRORS },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/api/workspaces/{workspaceId}/members/{memberId}',
    tags,
    summary: 'Remove a member',
    request: { params: memberParams },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  availability: createRoute({
    method: 'put',
    path: '/api/workspaces/{workspaceId}/members/me/availability',
    tags,
    summary: 'Set yourself available or away',
    request: {
      params: wsParams,
      body: jsonBody(z.strictObject({ availability: z.enum(['available', 'away']) })),
    },
    responses: { 200: jsonResponse(MemberSchema, 'Updated'), ...ERRORS },
  }),
  listInvites: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/invitations',
    tags,
    summary: 'Invitations',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(InvitationSchema), 'Invitations'), ...ERRORS },
  }),
  invite: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/invitations',
    tags,
    summary: 'Invite by link (valid 7 days, single use); the link is shown once',
    request: {
      params: wsParams,
      body: jsonBody(z.strictObject({ role: RoleSchema, email: z.string().max(254).optional() })),
    },
    responses: {
      201: jsonResponse(
        z.object({ invitation: InvitationSchema, url: z.string(), token: z.string() }),
        'Created',
      ),
      ...ERRORS,
    },
  }),
  revokeInvite: createRoute({
    method: 'delete',
    path: '/api/workspaces/{workspaceId}/invitations/{id}',
    tags,
    summary: 'Revoke an invitation',
    request: { params: inviteParams },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  preview: createRoute({
    method: 'get',
    path: '/api/invitations/{token}',
    tags,
    summary: 'What an invitation link is for (no sign-in needed)',
    request: { params: tokenParams },
    responses: {
      200: jsonResponse(
        z.object({
          workspaceName: z.string(),
          role: RoleSchema,
          email: z.string().nullable(),
          invitedBy: z.string(),
        }),
        'Invitation',
      ),
      ...ERRORS,
    },
  }),
  accept: createRoute({
    method: 'post',
    path: '/api/invitations/{token}/accept',
    tags,
    summary: 'Accept: signed in with an empty body, or sign up with name, email and password',
    request: {
      params: tokenParams,
      body: jsonBody(
        z.strictObject({
          name: z.string().min(1).max(100).optional(),
          email: z.string().max(254).optional(),
          password: z.string().max(256).optional(),
        }),
      ),
    },
    responses: { 200: jsonResponse(SessionSchema, 'Joined and signed in'), ...ERRORS },
  }),
}

export function registerMemberRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.list, async (c) =>
    c.json(await ctx.members.list(authorize(c, 'members.read').workspaceId), 200),
  )

  app.openapi(routes.changeRole, async (c) => {
    const a = authorize(c, 'members.manage')
    const { memberId } = c.req.valid('param')
    return c.json(await ctx.members.changeRole(a.workspaceId, memberId, c.req.valid('json').role, a), 200)
  })

  app.openapi(routes.remove, async (c) => {
    const a = authorize(c, 'members.manage')
    await ctx.members.remove(a.workspaceId, c.req.valid('param').memberId, a)
    return c.body(null, 204)
  })

  app.openapi(routes.availability, async (c) => {
    const a = authorize(c, 'workspace.read')
    return c.json(
      await ctx.members.setAvailability(a.workspaceId, a.memberId, c.req.valid('json').availability),
      200,
    )
  })

  app.openapi(routes.listInvites, async (c) =>
    c.json(await ctx.invitations.list(authorize(c, 'members.invite').workspaceId), 200),
  )

  app.openapi(routes.invite, async (c) => {
    const a = authorize(c, 'members.invite')
    const { token, invitation } = await ctx.invitations.create(a.workspaceId, c.req.valid('json'), a)
    return c.json({ invitation, token, url: `${ctx.config.publicUrl}/invite/${token}` }, 201)
  })

  app.openapi(routes.revokeInvite, async (c) => {
    const a = authorize(c, 'members.invite')
    await ctx.invitations.revoke(a.workspaceId, c.req.valid('param').id, a)
    return c.body(null, 204)
  })

  app.openapi(routes.preview, async (c) =>
    c.json(await ctx.invitations.preview(c.req.valid('param').token), 200),
  )

  app.openapi(routes.accept, async (c) => {
    const { token } = c.req.valid('param')
    const body = c.req.valid('json')
    const meta = { ip: clientIp(c, ctx), userAgent: c.req.header('user-agent') }
    const p = c.get('principal')
    let session: {
      token: string | undefined
      user: { id: string; email: string; name: string }
      sessionId: string
      csrfToken: string
    }
    if (p) {
      if (p.kind !== 'session') throw new DomainError('validation', 'accept invitations in the browser')
      session = { token: undefined, user: p.user, sessionId: p.sessionId, csrfToken: p.csrfToken }
    } else {
      if (!body.name || !body.email || !body.password) {
        const fields = (['name', 'email', 'password'] as const)
          .filter((f) => !body[f])
          .map((f) => ({ field: f, reason: 'is required to create your account' }))
        throw new DomainError('validation', 'sign in first, or give name, email and password', { fields })
      }
      // Validate the invitation before creating an account for it.
      await ctx.invitations.preview(token)
      const user = await ctx.users.create({ name: body.name, email: body.email, password: body.password })
      const opened = await ctx.auth.openSession(user, meta)
      session = {
        token: opened.token,
        user,
        sessionId: opened.session.sessionId,
        csrfToken: opened.session.csrfToken,
      }
    }
    const { workspaceId } = await ctx.invitations.accept(token, session.user)
    await ctx.auth.setCurrentWorkspace(session.sessionId, workspaceId)
    if (session.token) setSessionCookie(c, ctx, session.token)
    const user = await ctx.users.get(session.user.id)
    return c.json(
      await sessionView(ctx, { user, csrfToken: session.csrfToken, currentWorkspaceId: workspaceId }),
      200,
    )
  })
}

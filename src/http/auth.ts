import type { Context, MiddlewareHandler } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppContext } from '../context.js'
import { DomainError, notFound } from '../core/errors.js'
import { safeEqual } from '../core/seal.js'
import type { Principal, SessionInfo } from '../identity/auth.service.js'
import type { Actor } from '../workspace/member.service.js'
import { type Action, can, type PermissionSubject } from '../workspace/permissions.js'
import type { AppEnv } from './env.js'

export const SESSION_COOKIE = 'th_session'
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Resolves the caller from the session cookie or a bearer token, and enforces CSRF for cookie writes. */
export function principalMiddleware(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let principal: Principal | undefined
    const authz = c.req.header('authorization')
    if (authz) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz)
      const found = m ? await ctx.tokens.authenticate(m[1]!) : undefined
      if (!found)
        throw new DomainError('unauthenticated', 'The API token is missing, unknown, revoked or expired.')
      principal = { kind: 'token', user: found.user, tokenId: found.tokenId }
    } else {
      const cookie = getCookie(c, SESSION_COOKIE)
      const s = cookie ? await ctx.auth.sessionFromToken(cookie) : undefined
      if (s)
        principal = {
          kind: 'session',
          user: s.user,
          sessionId: s.sessionId,
          csrfToken: s.csrfToken,
          currentWorkspaceId: s.currentWorkspaceId,
        }
    }
    if (principal?.kind === 'session' && !SAFE_METHODS.has(c.req.method)) {
      const sent = c.req.header('x-csrf-token') ?? ''
      if (!safeEqual(sent, principal.csrfToken)) {
        throw new DomainError(
          'forbidden',
          'Missing or wrong x-csrf-token header (get it from GET /api/session).',
        )
      }
    }
    c.set('principal', principal)
    await next()
  }
}

/** The signed-in caller, or a 401. */
export function requireUser(c: Context<AppEnv>): Principal {
  const p = c.get('principal')
  if (!p)
    throw new DomainError('unauthenticated', 'Sign in first, or send a personal API token as a Bearer token.')
  return p
}

/** Loads the caller's membership for `:workspaceId`; a non-member gets 404, never a hint that it exists. */
export function workspaceScope(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = requireUser(c)
    const workspaceId = c.req.param('workspaceId')
    if (!workspaceId) throw notFound('workspace')
    const member = await ctx.members.forUser(workspaceId, principal.user.id)
    if (!member) throw notFound('workspace')
    c.set('actor', { userId: principal.user.id, memberId: member.id, role: member.role, workspaceId })
    await next()
  }
}

/** The acting member in the current workspace if allowed to take `action`, else a 403. */
export function authorize(
  c: Context<AppEnv>,
  action: Action,
  subject?: PermissionSubject,
): Actor & { workspaceId: string } {
  const actor = c.get('actor')
  if (!actor) throw notFound('workspace')
  if (!can(actor.role, action, actor.memberId, subject)) {
    throw new DomainError('forbidden', `Your role (${actor.role}) does not allow ${action}.`)
  }
  return actor
}

export function setSessionCookie(c: Context, ctx: AppContext, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: ctx.config.secureCookies,
    path: '/',
    maxAge: 30 * 24 * 3600,
  })
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' })
}

/** Client IP: the socket address, or X-Forwarded-For when a proxy is trusted. */
export function clientIp(c: Context, ctx: AppContext): string | undefined {
  if (ctx.config.trustProxy) {
    const xff = c.req.header('x-forwarded-for')
    if (xff) return xff.split(',')[0]!.trim()
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress
}

/** The session DTO returned after login/setup/accept and by GET /api/session. */
export async function sessionView(
  ctx: AppContext,
  s: Pick<SessionInfo, 'user' | 'csrfToken' | 'currentWorkspaceId'>,
) {
  const workspaces = await ctx.workspaces.listForUser(s.user.id)
  const current = workspaces.find((w) => w.id === s.currentWorkspaceId)?.id ?? workspaces[0]?.id ?? null
  return {
    user: { id: s.user.id, email: s.user.email, name: s.user.name },
    csrfToken: s.csrfToken,
    currentWorkspaceId: current,
    workspaces: workspaces.map((w) => ({
      id: w.id,
      name: w.name,
      timeZone: w.timeZone,
      role: w.role,
      memberId: w.memberId,
    })),
  }
}

/**
 * OAuth connect over HTTP (#20): the workspace's network apps in Settings (owner/admin), starting an
 * authorization for a presence, the callback the network redirects the browser to, and picking one
 * account when the grant reaches several. Logic: src/networks/oauth/.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppContext } from '../../context.js'
import { DomainError } from '../../core/errors.js'
import { stateCookieName } from '../../networks/oauth/oauth-connect.service.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse, OK_EMPTY } from '../schemas.js'
import { ChannelSchema, channelView } from './channel.routes.js'

const tags = ['Channels']
const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
const appParams = wsParams.extend({
  app: z
    .string()
    .regex(/^[a-z]{1,20}$/)
    .openapi({ example: 'x' }),
})
const networkParam = z
  .string()
  .regex(/^[a-z-]{1,30}$/)
  .openapi({ example: 'x' })
const pendingParams = wsParams.extend({ pendingId: IdParam('pendingId') })

const EndpointsSchema = z
  .object({
    authorizationUrl: z.string(),
    tokenUrl: z.string(),
    revocationUrl: z.string().optional(),
    apiBaseUrl: z.string(),
    issuer: z.string().optional(),
  })
  .openapi('OAuthEndpoints')

const OAuthAppSchema = z
  .object({
    app: z.string(),
    label: z.string(),
    source: z.enum(['workspace', 'environment']).nullable().openapi({ description: 'null: not set up' }),
    clientId: z.string().nullable(),
    secretSet: z.boolean(),
    endpoints: EndpointsSchema,
    overrides: EndpointsSchema.partial(),
    portalUrl: z.string(),
    networks: z.array(
      z.object({
        network: z.string(),
        label: z.string(),
        callbackUrl: z
          .string()
          .openapi({ description: 'Paste into the developer portal as the redirect/callback URL' }),
        webhookUrl: z.string().nullable(),
        scopes: z.array(z.object({ scope: z.string(), reason: z.string() })),
      }),
    ),
    updatedAt: z.number().nullable(),
  })
  .openapi('OAuthApp')

const OAuthAppInput = z
  .strictObject({
    clientId: z.string().min(1).max(200),
    clientSecret: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .openapi({ description: 'Omit to keep the stored one' }),
    endpoints: z
      .strictObject({
        authorizationUrl: z.string().max(500).optional(),
        tokenUrl: z.string().max(500).optional(),
        revocationUrl: z.string().max(500).optional(),
        apiBaseUrl: z.string().max(500).optional(),
        issuer: z.string().max(500).optional(),
      })
      .optional(),
  })
  .openapi('OAuthAppInput')

const ChoiceSchema = z.object({
  remoteId: z.string(),
  handle: z.string(),
  displayName: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  description: z.string().nullable(),
})

const routes = {
  apps: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/oauth-apps',
    tags,
    summary: 'Network apps (X, Meta) with the callback URLs, webhook URLs and scopes to register',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(OAuthAppSchema), 'Apps'), ...ERRORS },
  }),
  save: createRoute({
    method: 'put',
    path: '/api/workspaces/{workspaceId}/oauth-apps/{app}',
    tags,
    summary: 'Set the workspace’s own app credentials (the secret is sealed, never returned)',
    request: { params: appParams, body: jsonBody(OAuthAppInput) },
    responses: { 200: jsonResponse(OAuthAppSchema, 'Saved'), ...ERRORS },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/api/workspaces/{workspaceId}/oauth-apps/{app}',
    tags,
    summary: 'Forget the workspace’s own app (the install’s applies again, if any)',
    request: { params: appParams },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  start: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/channels/oauth/{network}/start',
    tags,
    summary: 'Start connecting a channel: returns the network’s consent URL to open',
    request: {
      params: wsParams.extend({ network: networkParam }),
      body: jsonBody(z.strictObject({ presenceId: z.string().min(1).max(64) })),
    },
    responses: {
      200: jsonResponse(z.object({ authorizationUrl: z.string() }).openapi('OAuthStart'), 'Go there'),
      ...ERRORS,
    },
  }),
  pending: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/oauth/pending/{pendingId}',
    tags,
    summary: 'The accounts an authorization reached, to pick the one to connect',
    request: { params: pendingParams },
    responses: {
      200: jsonResponse(
        z
          .object({ network: z.string(), presenceId: z.string(), choices: z.array(ChoiceSchema) })
          .openapi('OAuthPending'),
        'Choices',
      ),
      ...ERRORS,
    },
  }),
  choose: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/oauth/pending/{pendingId}',
    tags,
    summary: 'Connect the picked account',
    request: {
      params: pendingParams,
      body: jsonBody(z.strictObject({ remoteId: z.string().min(1).max(100) })),
    },
    responses: { 201: jsonResponse(ChannelSchema, 'Connected'), ...ERRORS },
  }),
}

const APP_LABELS: Record<string, string> = { x: 'X', meta: 'Meta (Facebook Pages, Instagram)' }

async function appView(ctx: AppContext, workspaceId: string, app: string) {
  const { apps, providers, flow } = ctx.networks.oauth
  const v = await apps.view(workspaceId, app)
  const ps = providers.ofApp(app)
  return {
    ...v,
    label: APP_LABELS[app] ?? app,
    portalUrl: ps[0]?.portalUrl ?? '',
    networks: ps.map((p) => ({
      network: p.network,
      label: p.label,
      callbackUrl: flow.callbackUrl(p.network),
      webhookUrl: flow.webhookUrl(p),
      scopes: p.scopes.map((scope) => ({ scope, reason: p.scopeReasons[scope] ?? '' })),
    })),
  }
}

export function registerOAuthRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.apps, async (c) => {
    const a = authorize(c, 'workspace.settings')
    const list = await Promise.all(
      ctx.networks.oauth.providers.apps().map((id) => appView(ctx, a.workspaceId, id)),
    )
    return c.json(list, 200)
  })

  app.openapi(routes.save, async (c) => {
    const a = authorize(c, 'workspace.settings')
    const { app: id } = c.req.valid('param')
    await ctx.networks.oauth.apps.save(a.workspaceId, id, c.req.valid('json'), a.userId)
    return c.json(await appView(ctx, a.workspaceId, id), 200)
  })

  app.openapi(routes.remove, async (c) => {
    const a = authorize(c, 'workspace.settings')
    await ctx.networks.oauth.apps.remove(a.workspaceId, c.req.valid('param').app, a.userId)
    return c.body(null, 204)
  })

  app.openapi(routes.start, async (c) => {
    const { network } = c.req.valid('param')
    const { presenceId } = c.req.valid('json')
    const r = authorize(c, 'channel.read')
    const presence = await ctx.presences.get(r.workspaceId, presenceId)
    const a = authorize(c, 'channel.manage', { presenceOwnerMemberId: presence.memberId })
    const out = await ctx.networks.oauth.flow.start(a.workspaceId, network, presenceId, a.userId)
    setCookie(c, stateCookieName(network), out.cookie, {
      httpOnly: true,
      // @NOTE Lax: the network's redirect back is a top-level GET navigation, which carries Lax cookies.
      sameSite: 'Lax',
      secure: ctx.config.secureCookies,
      path: '/api/oauth/callback',
      maxAge: out.maxAgeSeconds,
    })
    return c.json({ authorizationUrl: out.authorizationUrl }, 200)
  })

  // The browser comes back here from the network's consent page: answer with a redirect into the app.
  app.get('/api/oauth/callback/:network', async (c) => {
    const network = c.req.param('network')
    const back = (q: Record<string, string>) => c.redirect(`/channels?${new URLSearchParams(q)}`, 302)
    const principal = c.get('principal')
    if (principal?.kind !== 'session')
      return back({ 'oauth-error': 'Sign in to Townhall in this browser first, then connect again.' })
    const cookie = getCookie(c, stateCookieName(network))
    deleteCookie(c, stateCookieName(network), { path: '/api/oauth/callback' })
    try {
      const done = await ctx.networks.oauth.flow.complete(
        network,
        new URL(c.req.url),
        cookie,
        principal.user.id,
      )
      if (done.kind === 'connected') return back({ connected: done.channel.id })
      return back({ 'oauth-pending': done.pendingId })
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      ctx.logger.warn({ network, reason: err.message }, 'oauth callback refused')
      return back({ 'oauth-error': err.message })
    }
  })

  app.openapi(routes.pending, async (c) => {
    const a = authorize(c, 'channel.read')
    const { pendingId } = c.req.valid('param')
    return c.json(await ctx.networks.oauth.flow.pending(a.workspaceId, pendingId, a.userId), 200)
  })

  app.openapi(routes.choose, async (c) => {
    const r = authorize(c, 'channel.read')
    const { pendingId } = c.req.valid('param')
    const pending = await ctx.networks.oauth.flow.pending(r.workspaceId, pendingId, r.userId)
    const presence = await ctx.presences.get(r.workspaceId, pending.presenceId)
    const a = authorize(c, 'channel.manage', { presenceOwnerMemberId: presence.memberId })
    const ch = await ctx.networks.oauth.flow.choose(
      a.workspaceId,
      pendingId,
      c.req.valid('json').remoteId,
      a.userId,
    )
    return c.json(channelView(ctx, ch), 201)
  })
}

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import type { AppContext } from '../context.js'
import { DomainError } from '../core/errors.js'
import { newId } from '../core/ids.js'
import { clientIp, principalMiddleware, SESSION_COOKIE, workspaceScope } from './auth.js'
import type { App, AppEnv } from './env.js'
import { registerOpsRoutes } from './ops.routes.js'
import { problem, zodIssues } from './problem.js'
import { renderReference } from './reference-page.js'
import { redactedQuery, routeTemplate, securityEvent } from './request-log.js'
import { registerAccountRoutes } from './routes/account.routes.js'
import { registerApprovalWaitingRoutes } from './routes/approval-waiting.routes.js'
import { registerAuthRoutes } from './routes/auth.routes.js'
import { registerCampaignRoutes } from './routes/campaign.routes.js'
import { registerChannelRoutes } from './routes/channel.routes.js'
import { registerEventRoutes } from './routes/events.routes.js'
import { registerInboxRoutes } from './routes/inbox.routes.js'
import { registerInboxActionRoutes } from './routes/inbox-actions.routes.js'
import { registerInboxAdminRoutes } from './routes/inbox-admin.routes.js'
import { registerInboxContactRoutes } from './routes/inbox-contacts.routes.js'
import { registerInboxDmRoutes } from './routes/inbox-dm.routes.js'
import { registerInboxModerationRoutes } from './routes/inbox-moderation.routes.js'
import { registerInboxTriageRoutes } from './routes/inbox-triage.routes.js'
import { registerInstanceRoutes } from './routes/instance.routes.js'
import { registerLeaderRhythmRoutes } from './routes/leader-rhythm.routes.js'
import { registerLeaderStrategyRoutes } from './routes/leader-strategy.routes.js'
import { registerMemberRoutes } from './routes/member.routes.js'
import { registerMetaWebhookRoutes } from './routes/meta-webhook.routes.js'
import { registerNetworkRoutes } from './routes/network.routes.js'
import { registerNotificationRoutes } from './routes/notification.routes.js'
import { registerOAuthRoutes } from './routes/oauth.routes.js'
import { registerPostRoutes } from './routes/post.routes.js'
import { registerPresenceRoutes } from './routes/presence.routes.js'
import { registerPublicPageRoutes } from './routes/public-page.routes.js'
import { registerPublicSiteRoutes } from './routes/public-site.routes.js'
import { registerCareReportRoutes } from './routes/report-care.routes.js'
import { registerReportExportRoutes } from './routes/report-export.routes.js'
import { registerPresenceReportRoutes } from './routes/report-presence.routes.js'
import { registerSandboxViewRoutes } from './routes/sandbox-view.routes.js'
import { registerTokenRoutes } from './routes/token.routes.js'
import { registerWebhookRoutes } from './routes/webhook.routes.js'
import { registerWorkspaceRoutes } from './routes/workspace.routes.js'
import { registerSandboxAvatarRoutes } from './sandbox-avatar.routes.js'

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface AppOptions {
  /** Folder of the built web app; default `web/dist` next to the package. */
  webDir?: string
}

/** Builds the HTTP application: every route, validated, documented and guarded. */
export function createApp(ctx: AppContext, opts: AppOptions = {}): App {
  const app: App = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const errors = zodIssues(result.error.issues as Parameters<typeof zodIssues>[0])
        const detail = errors.map((e) => `${e.field}: ${e.reason}`).join('; ')
        return problem(c, 'validation', 400, detail, { errors })
      }
    },
  })

  app.use('*', async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const id = incoming && REQUEST_ID.test(incoming) ? incoming : newId()
    c.set('requestId', id)
    const started = performance.now()
    await next()
    c.header('x-request-id', id)
    // @NOTE API answers carry personal data and one-time secrets (a new token, a webhook secret):
    // no shared or browser cache keeps them, unless the route chose (media sets its own).
    if (c.req.path.startsWith('/api/') && !c.res.headers.has('cache-control'))
      c.header('cache-control', 'no-store')
    const seconds = (performance.now() - started) / 1000
    const route = routeTemplate(c)
    ctx.metrics.inc('townhall_http_requests_total', 'HTTP requests', {
      method: c.req.method,
      route,
      status: String(c.res.status),
    })
    ctx.metrics.observe(
      'townhall_http_request_duration_seconds',
      'HTTP request duration',
      { method: c.req.method, route },
      seconds,
    )
    if (c.req.path.startsWith('/api/')) {
      const presented =
        c.req.header('authorization') !== undefined ||
        (c.req.header('cookie') ?? '').includes(`${SESSION_COOKIE}=`)
      const security = securityEvent(c.req.method, route, c.res.status, presented)
      const entry = {
        requestId: id,
        method: c.req.method,
        // @NOTE the template, never c.req.path: paths carry invitation and approval tokens (issue #18).
        route,
        query: redactedQuery(c.req.url),
        status: c.res.status,
        ms: Math.round(seconds * 1000),
        ...(security && {
          security,
          userId: c.get('principal')?.user.id,
          ip: clientIp(c, ctx),
        }),
      }
      if (security && security !== 'auth.login') ctx.logger.warn(entry, 'request')
      else ctx.logger.info(entry, 'request')
    }
  })
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
      },
    }),
  )
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: ctx.config.maxBodyBytes,
      onError: (c) =>
        problem(c, 'payload-too-large', 413, `The body may be at most ${ctx.config.maxBodyBytes} bytes.`),
    }),
  )
  app.use('/api/*', async (c, next) => {
    if (WRITE_METHODS.has(c.req.method)) {
      const hasBody =
        Number(c.req.header('content-length') ?? 0) > 0 || c.req.header('transfer-encoding') !== undefined
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      if (hasBody && type !== 'application/json') {
        return problem(
          c,
          'unsupported-media-type',
          415,
          'Send the body as JSON with Content-Type: application/json.',
        )
      }
    }
    await next()
  })
  app.use('/api/*', principalMiddleware(ctx))
  app.use('/api/workspaces/:workspaceId', workspaceScope(ctx))
  app.use('/api/workspaces/:workspaceId/*', workspaceScope(ctx))

  registerAuthRoutes(app, ctx)
  registerTokenRoutes(app, ctx)
  registerAccountRoutes(app, ctx)
  registerInstanceRoutes(app, ctx)
  registerWorkspaceRoutes(app, ctx)
  registerMemberRoutes(app, ctx)
  registerPresenceRoutes(app, ctx)
  registerNotificationRoutes(app, ctx)
  registerPostRoutes(app, ctx)
  registerApprovalWaitingRoutes(app, ctx)
  registerSandboxViewRoutes(app, ctx)
  registerWebhookRoutes(app, ctx)
  registerChannelRoutes(app, ctx)
  registerNetworkRoutes(app, ctx)
  registerOAuthRoutes(app, ctx)
  registerMetaWebhookRoutes(app, ctx)
  // Domain route registrations go here (one line each).
  registerInboxRoutes(app, ctx)
  registerInboxActionRoutes(app, ctx)
  registerInboxModerationRoutes(app, ctx)
  registerInboxAdminRoutes(app, ctx)
  registerInboxContactRoutes(app, ctx)
  registerInboxTriageRoutes(app, ctx)
  registerInboxDmRoutes(app, ctx)
  registerLeaderStrategyRoutes(app, ctx)
  registerLeaderRhythmRoutes(app, ctx)
  registerCareReportRoutes(app, ctx)
  registerPresenceReportRoutes(app, ctx)
  registerReportExportRoutes(app, ctx)
  registerEventRoutes(app, ctx)
  registerCampaignRoutes(app, ctx)
  registerPublicPageRoutes(app, ctx)
  registerPublicSiteRoutes(app, ctx)
  registerOpsRoutes(app, ctx)
  registerSandboxAvatarRoutes(app)

  const openapiConfig = {
    openapi: '3.1.0',
    info: {
      title: 'Townhall API',
      version: '0.1.0',
      description:
        'Publish as the brand and its leaders, answer the public in one inbox. Authenticate with the session cookie (browser, send `x-csrf-token` on writes) or `Authorization: Bearer <personal API token>`. Errors are RFC 9457 problem+json with a stable `type`.',
    },
  }
  app.doc31('/api/openapi.json', openapiConfig)
  app.get('/api/docs', (c) =>
    c.html(renderReference(app.getOpenAPI31Document(openapiConfig) as unknown as Record<string, unknown>)),
  )

  app.notFound((c) => problem(c, 'not-found', 404, `No route for ${c.req.method} ${c.req.path}`))
  app.onError((err, c) => {
    if (err instanceof DomainError) {
      return problem(c, err.code, err.status, err.message, {
        errors: err.details.fields,
        retryAfterSeconds: err.details.retryAfterSeconds,
      })
    }
    if (err instanceof HTTPException) {
      const status = err.status >= 400 && err.status < 500 ? err.status : 400
      return problem(
        c,
        status === 413 ? 'payload-too-large' : 'bad-request',
        status,
        err.message || 'The request could not be read.',
      )
    }
    if (err instanceof SyntaxError || err instanceof URIError)
      return problem(c, 'bad-request', 400, 'The request could not be read.')
    ctx.logger.error({ err, requestId: c.get('requestId'), route: routeTemplate(c) }, 'unhandled error')
    return problem(
      c,
      'internal',
      500,
      'Something went wrong on our side. The request id helps us find it in the logs.',
    )
  })

  const webDir = opts.webDir ?? join(process.cwd(), 'web', 'dist')
  if (existsSync(join(webDir, 'index.html'))) {
    const indexHtml = readFileSync(join(webDir, 'index.html'), 'utf8')
    app.use('/assets/*', serveStatic({ root: webDir }))
    app.get('*', serveStatic({ root: webDir }))
    app.get('*', (c) =>
      c.req.path.startsWith('/api/') ? problem(c, 'not-found', 404, 'No such API route') : c.html(indexHtml),
    )
  }
  return app
}

import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { notFound } from '../../core/errors.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse } from '../schemas.js'

const tags = ['Public page']
const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
const base = '/api/workspaces/{workspaceId}/public-page'

const ContactSchema = z.strictObject({
  email: z.string().email().max(200).optional(),
  phone: z.string().max(50).optional(),
  address: z.string().max(500).optional(),
  website: z.string().url().max(500).optional(),
})

const SettingsInput = z
  .strictObject({
    slug: z.string().min(1).max(48),
    enabled: z.boolean(),
    about: z.string().max(5000),
    contact: ContactSchema,
  })
  .openapi('PublicPageInput')

const SettingsSchema = z
  .object({
    workspaceId: z.string(),
    slug: z.string(),
    enabled: z.boolean(),
    about: z.string(),
    contact: ContactSchema,
    updatedAt: z.number(),
    url: z.string(),
  })
  .openapi('PublicPage')

const UpdateSchema = z.object({ state: z.string(), message: z.string(), at: z.number() })
const IncidentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    impact: z.enum(['minor', 'major', 'critical', 'maintenance']),
    components: z.array(z.string()),
    startedAt: z.number(),
    resolvedAt: z.number().nullable(),
    updates: z.array(UpdateSchema),
    source: z.enum(['incident', 'support-notice']),
  })
  .openapi('StatusIncident')

const State = z.enum(['investigating', 'identified', 'monitoring', 'resolved'])

const routes = {
  get: createRoute({
    method: 'get',
    path: base,
    tags,
    summary: 'The public page’s settings (404 until it is set up)',
    request: { params: wsParams },
    responses: { 200: jsonResponse(SettingsSchema, 'Settings'), ...ERRORS },
  }),
  put: createRoute({
    method: 'put',
    path: base,
    tags,
    summary: 'Set up or change the public page (address, about, contact); enabled publishes it at /p/<slug>',
    request: { params: wsParams, body: jsonBody(SettingsInput) },
    responses: { 200: jsonResponse(SettingsSchema, 'Saved'), ...ERRORS },
  }),
  component: createRoute({
    method: 'post',
    path: `${base}/status/components`,
    tags,
    summary: 'Add a component to the status page',
    request: {
      params: wsParams,
      body: jsonBody(z.strictObject({ name: z.string().min(1).max(100) }).openapi('StatusComponentInput')),
    },
    responses: {
      201: jsonResponse(z.object({ id: z.string(), name: z.string() }).openapi('StatusComponent'), 'Added'),
      ...ERRORS,
    },
  }),
  incident: createRoute({
    method: 'post',
    path: `${base}/status/incidents`,
    tags,
    summary: 'Open an incident on the status page with its first update',
    request: {
      params: wsParams,
      body: jsonBody(
        z
          .strictObject({
            title: z.string().min(1).max(200),
            impact: z.enum(['minor', 'major', 'critical', 'maintenance']),
            components: z.array(z.string().max(64)).max(50),
            state: State,
            message: z.string().min(1).max(5000),
          })
          .openapi('StatusIncidentInput'),
      ),
    },
    responses: { 201: jsonResponse(IncidentSchema, 'Opened'), ...ERRORS },
  }),
  update: createRoute({
    method: 'post',
    path: `${base}/status/incidents/{incidentId}/updates`,
    tags,
    summary: 'A timed update; `resolved` closes the incident (409 on a resolved incident)',
    request: {
      params: wsParams.extend({ incidentId: IdParam('incidentId') }),
      body: jsonBody(
        z.strictObject({ state: State, message: z.string().min(1).max(5000) }).openapi('StatusUpdateInput'),
      ),
    },
    responses: { 200: jsonResponse(IncidentSchema, 'Updated'), ...ERRORS },
  }),
}

export function registerPublicPageRoutes(app: App, ctx: AppContext): void {
  const url = (slug: string) => `${ctx.config.publicUrl}/p/${encodeURIComponent(slug)}`
  app.openapi(routes.get, async (c) => {
    const a = authorize(c, 'workspace.read')
    const s = await ctx.publicSite.pages.settings(a.workspaceId)
    if (!s) throw notFound('Public page')
    return c.json({ ...s, url: url(s.slug) }, 200)
  })
  app.openapi(routes.put, async (c) => {
    const a = authorize(c, 'public-page.manage')
    const s = await ctx.publicSite.pages.save(a.workspaceId, c.req.valid('json'))
    return c.json({ ...s, url: url(s.slug) }, 200)
  })
  app.openapi(routes.component, async (c) => {
    const a = authorize(c, 'public-page.manage')
    return c.json(await ctx.publicSite.status.addComponent(a.workspaceId, c.req.valid('json').name), 201)
  })
  app.openapi(routes.incident, async (c) => {
    const a = authorize(c, 'public-page.manage')
    return c.json(await ctx.publicSite.status.openIncident(a.workspaceId, c.req.valid('json')), 201)
  })
  app.openapi(routes.update, async (c) => {
    const a = authorize(c, 'public-page.manage')
    return c.json(
      await ctx.publicSite.status.update(a.workspaceId, c.req.valid('param').incidentId, c.req.valid('json')),
      200,
    )
  })
}

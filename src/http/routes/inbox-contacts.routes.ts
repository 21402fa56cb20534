/** Contacts of the inbox: list and search, one with history, notes / block / mute, merge. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, jsonBody, jsonResponse } from '../schemas.js'
import {
  ContactDetailSchema,
  ContactPatch,
  ContactSchema,
  idParams,
  MergeInput,
  wsParams,
} from './inbox-schemas.js'

const tags = ['Inbox contacts']
const base = '/api/workspaces/{workspaceId}/inbox/contacts'

const routes = {
  list: createRoute({
    method: 'get',
    path: base,
    tags,
    summary: 'Contacts by recent activity; `q` matches name or handle',
    request: {
      params: wsParams,
      query: z.object({
        q: z.string().max(200).optional(),
        limit: z
          .string()
          .regex(/^\d{1,3}$/)
          .optional(),
      }),
    },
    responses: { 200: jsonResponse(z.array(ContactSchema), 'Contacts'), ...ERRORS },
  }),
  get: createRoute({
    method: 'get',
    path: `${base}/{id}`,
    tags,
    summary: 'One contact with accounts on every network and their conversations',
    request: { params: idParams },
    responses: { 200: jsonResponse(ContactDetailSchema, 'Contact'), ...ERRORS },
  }),
  update: createRoute({
    method: 'patch',
    path: `${base}/{id}`,
    tags,
    summary: 'Notes, name, block (new conversations go to spam) or mute (arrive resolved)',
    request: { params: idParams, body: jsonBody(ContactPatch) },
    responses: { 200: jsonResponse(ContactDetailSchema, 'Contact'), ...ERRORS },
  }),
  merge: createRoute({
    method: 'post',
    path: `${base}/{id}/merge`,
    tags,
    summary: 'Merge another contact (e.g. the same person on another network) into this one',
    request: { params: idParams, body: jsonBody(MergeInput) },
    responses: { 200: jsonResponse(ContactDetailSchema, 'The merged contact'), ...ERRORS },
  }),
}

export function registerInboxContactRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.list, async (c) => {
    const a = authorize(c, 'inbox.read')
    const q = c.req.valid('query')
    return c.json(
      await ctx.inbox.contacts.list(a.workspaceId, { q: q.q, limit: q.limit ? Number(q.limit) : undefined }),
      200,
    )
  })
  app.openapi(routes.get, async (c) => {
    const a = authorize(c, 'inbox.read')
    return c.json(await ctx.inbox.contacts.get(a.workspaceId, c.req.valid('param').id), 200)
  })
  app.openapi(routes.update, async (c) => {
    const a = authorize(c, 'inbox.reply')
    return c.json(
      await ctx.inbox.contacts.update(a.workspaceId, c.req.valid('param').id, c.req.valid('json')),
      200,
    )
  })
  app.openapi(routes.merge, async (c) => {
    const a = authorize(c, 'inbox.reply')
    return c.json(
      await ctx.inbox.contacts.merge(a.workspaceId, c.req.valid('param').id, c.req.valid('json').sourceId),
      200,
    )
  })
}

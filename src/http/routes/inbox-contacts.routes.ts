/** Contacts of the inbox: list and search, one with history, notes / block / mute, merge. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { notFound } from '../../core/errors.js'
import type { ContactDetail } from '../../inbox/contact.service.js'
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
import { inboxScope, type ScopedInboxActor } from './inbox-scope.js'

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

/**
 * An executive (inbox only on their own presences) sees a contact only when it wrote to one of
 * their presences, and only those conversations of it; 404 otherwise.
 */
async function scoped(ctx: AppContext, a: ScopedInboxActor, contact: ContactDetail): Promise<ContactDetail> {
  if (!a.presenceIds) return contact
  const ids = contact.conversations.map((v) => v.id)
  const mine = await ctx.inbox.scopes.conversationsIn(a.workspaceId, ids, a.presenceIds)
  if (mine.size === 0) throw notFound('contact')
  return { ...contact, conversations: contact.conversations.filter((v) => mine.has(v.id)) }
}

export function registerInboxContactRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.list, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    const q = c.req.valid('query')
    const list = await ctx.inbox.contacts.list(a.workspaceId, {
      q: q.q,
      limit: q.limit ? Number(q.limit) : undefined,
    })
    if (!a.presenceIds) return c.json(list, 200)
    const ids = list.map((x) => x.id)
    const mine = await ctx.inbox.scopes.contactsIn(a.workspaceId, ids, a.presenceIds)
    return c.json(
      list.filter((x) => mine.has(x.id)),
      200,
    )
  })
  app.openapi(routes.get, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    return c.json(
      await scoped(ctx, a, await ctx.inbox.contacts.get(a.workspaceId, c.req.valid('param').id)),
      200,
    )
  })
  app.openapi(routes.update, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.reply')
    const id = c.req.valid('param').id
    await scoped(ctx, a, await ctx.inbox.contacts.get(a.workspaceId, id))
    return c.json(
      await scoped(ctx, a, await ctx.inbox.contacts.update(a.workspaceId, id, c.req.valid('json'))),
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

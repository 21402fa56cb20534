/** Inbox settings: automation rules (ordered), SLA policies, teams, saved replies and saved views. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import type { Rule } from '../../inbox/inbox.types.js'
import { renderTemplate } from '../../inbox/reply.service.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, jsonBody, jsonResponse, OK_EMPTY } from '../schemas.js'
import {
  RenderInput,
  ReorderInput,
  RuleInput,
  RulePatch,
  RuleSchema,
  SavedReplyInput,
  SavedReplyPatch,
  SavedReplySchema,
  SlaParams,
  SlaPolicyInput,
  SlaPolicySchema,
  TeamInput,
  TeamPatch,
  TeamSchema,
} from './inbox-admin-schemas.js'
import { idParams, ViewInput, ViewPatch, ViewSchema, wsParams } from './inbox-schemas.js'
import { inboxConversationActor, inboxScope } from './inbox-scope.js'

const base = '/api/workspaces/{workspaceId}/inbox'

/** GET list, POST create, PATCH and DELETE one: the four routes of a settings collection. */
function crud<S extends z.ZodType, I extends z.ZodType, P extends z.ZodType>(
  path: string,
  tag: string,
  what: string,
  schema: S,
  input: I,
  patch: P,
) {
  const tags = [tag]
  return {
    list: createRoute({
      method: 'get',
      path: `${base}/${path}`,
      tags,
      summary: `${what}: all`,
      request: { params: wsParams },
      responses: { 200: jsonResponse(z.array(schema), 'All'), ...ERRORS },
    }),
    create: createRoute({
      method: 'post',
      path: `${base}/${path}`,
      tags,
      summary: `${what}: create`,
      request: { params: wsParams, body: jsonBody(input) },
      responses: { 201: jsonResponse(schema, 'Created'), ...ERRORS },
    }),
    update: createRoute({
      method: 'patch',
      path: `${base}/${path}/{id}`,
      tags,
      summary: `${what}: edit`,
      request: { params: idParams, body: jsonBody(patch) },
      responses: { 200: jsonResponse(schema, 'Updated'), ...ERRORS },
    }),
    remove: createRoute({
      method: 'delete',
      path: `${base}/${path}/{id}`,
      tags,
      summary: `${what}: delete`,
      request: { params: idParams },
      responses: { ...OK_EMPTY, ...ERRORS },
    }),
  }
}

const rules = crud(
  'rules',
  'Inbox rules',
  'Automation rules (evaluated in order)',
  RuleSchema,
  RuleInput,
  RulePatch,
)
const teams = crud('teams', 'Inbox teams', 'Teams', TeamSchema, TeamInput, TeamPatch)
const replies = crud(
  'saved-replies',
  'Inbox saved replies',
  'Saved replies',
  SavedReplySchema,
  SavedReplyInput,
  SavedReplyPatch,
)
const views = crud(
  'views',
  'Inbox views',
  'Saved views (personal, or shared)',
  ViewSchema,
  ViewInput,
  ViewPatch,
)

const extra = {
  reorder: createRoute({
    method: 'put',
    path: `${base}/rules/order`,
    tags: ['Inbox rules'],
    summary: 'Set the evaluation order (every rule id once)',
    request: { params: wsParams, body: jsonBody(ReorderInput) },
    responses: { 200: jsonResponse(z.array(RuleSchema), 'Rules in their new order'), ...ERRORS },
  }),
  slaList: createRoute({
    method: 'get',
    path: `${base}/sla-policies`,
    tags: ['Inbox SLA'],
    summary: 'SLA policy of every priority (defaults where none was set)',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(SlaPolicySchema), 'Policies'), ...ERRORS },
  }),
  slaSet: createRoute({
    method: 'put',
    path: `${base}/sla-policies/{priority}`,
    tags: ['Inbox SLA'],
    summary: 'Set the first- and next-response targets of a priority, in business hours or around the clock',
    request: { params: SlaParams, body: jsonBody(SlaPolicyInput) },
    responses: { 200: jsonResponse(SlaPolicySchema, 'Policy'), ...ERRORS },
  }),
  render: createRoute({
    method: 'post',
    path: `${base}/saved-replies/{id}/render`,
    tags: ['Inbox saved replies'],
    summary: 'The saved reply with its variables filled for a conversation (for the composer)',
    request: { params: idParams, body: jsonBody(RenderInput) },
    responses: { 200: jsonResponse(z.object({ text: z.string() }), 'Rendered text'), ...ERRORS },
  }),
}

// @NOTE conditions and actions are documented by RuleInput; the response keeps them as stored.
const toRuleDto = (r: Rule) => r as unknown as z.infer<typeof RuleSchema>

export function registerInboxAdminRoutes(app: App, ctx: AppContext): void {
  const i = () => ctx.inbox
  // Rules: managers and up.
  app.openapi(rules.list, async (c) =>
    c.json((await i().rules.list(authorize(c, 'inbox.read').workspaceId)).map(toRuleDto), 200),
  )
  app.openapi(rules.create, async (c) => {
    const a = authorize(c, 'inbox.rules')
    return c.json(toRuleDto(await i().rules.create(a.workspaceId, c.req.valid('json'))), 201)
  })
  app.openapi(rules.update, async (c) => {
    const a = authorize(c, 'inbox.rules')
    return c.json(
      toRuleDto(await i().rules.update(a.workspaceId, c.req.valid('param').id, c.req.valid('json'))),
      200,
    )
  })
  app.openapi(rules.remove, async (c) => {
    const a = authorize(c, 'inbox.rules')
    await i().rules.remove(a.workspaceId, c.req.valid('param').id)
    return c.body(null, 204)
  })
  app.openapi(extra.reorder, async (c) => {
    const a = authorize(c, 'inbox.rules')
    return c.json((await i().rules.reorder(a.workspaceId, c.req.valid('json').ids)).map(toRuleDto), 200)
  })

  app.openapi(extra.slaList, async (c) =>
    c.json(Object.values(await i().sla.policies((await inboxScope(c, ctx, 'inbox.read')).workspaceId)), 200),
  )
  app.openapi(extra.slaSet, async (c) => {
    const a = authorize(c, 'inbox.rules')
    return c.json(
      await i().sla.setPolicy(a.workspaceId, c.req.valid('param').priority, c.req.valid('json')),
      200,
    )
  })

  app.openapi(teams.list, async (c) =>
    c.json(await i().teams.list((await inboxScope(c, ctx, 'inbox.read')).workspaceId), 200),
  )
  app.openapi(teams.create, async (c) => {
    const a = authorize(c, 'inbox.rules')
    return c.json(await i().teams.create(a.workspaceId, c.req.valid('json')), 201)
  })
  app.openapi(teams.update, async (c) => {
    const a = authorize(c, 'inbox.rules')
    return c.json(await i().teams.update(a.workspaceId, c.req.valid('param').id, c.req.valid('json')), 200)
  })
  app.openapi(teams.remove, async (c) => {
    const a = authorize(c, 'inbox.rules')
    await i().teams.remove(a.workspaceId, c.req.valid('param').id)
    return c.body(null, 204)
  })

  // Saved replies: agents may write their own answers too.
  app.openapi(replies.list, async (c) =>
    c.json(await i().savedReplies.list((await inboxScope(c, ctx, 'inbox.read')).workspaceId), 200),
  )
  app.openapi(replies.create, async (c) => {
    const a = authorize(c, 'inbox.reply')
    return c.json(await i().savedReplies.create(a.workspaceId, c.req.valid('json')), 201)
  })
  app.openapi(replies.update, async (c) => {
    const a = authorize(c, 'inbox.reply')
    return c.json(
      await i().savedReplies.update(a.workspaceId, c.req.valid('param').id, c.req.valid('json')),
      200,
    )
  })
  app.openapi(replies.remove, async (c) => {
    const a = authorize(c, 'inbox.reply')
    await i().savedReplies.remove(a.workspaceId, c.req.valid('param').id)
    return c.body(null, 204)
  })
  app.openapi(extra.render, async (c) => {
    const conversationId = c.req.valid('json').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.reply', conversationId)
    const saved = await i().savedReplies.get(a.workspaceId, c.req.valid('param').id)
    const vars = await i().replies.variables(a.workspaceId, conversationId, a)
    return c.json({ text: renderTemplate(saved.body, vars) }, 200)
  })

  app.openapi(views.list, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    return c.json(await i().views.list(a.workspaceId, a.memberId), 200)
  })
  app.openapi(views.create, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    return c.json(await i().views.create(a.workspaceId, a.memberId, c.req.valid('json')), 201)
  })
  app.openapi(views.update, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    return c.json(
      await i().views.update(a.workspaceId, a.memberId, c.req.valid('param').id, c.req.valid('json')),
      200,
    )
  })
  app.openapi(views.remove, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    await i().views.remove(a.workspaceId, a.memberId, c.req.valid('param').id)
    return c.body(null, 204)
  })
}

/**
 * The inbox's actions: every change to a conversation is one small POST (reply, note, assign,
 * state, priority, labels, read, presence heartbeat), plus one action on a selection (bulk).
 * Replies carry `lastSeenMessageId`; a 409 `ReplyCollision` returns the messages the agent missed.
 * The reading side (list, detail, search, counts) is in inbox.routes.ts.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { invalid } from '../../core/errors.js'
import { ReplyCollision } from '../../inbox/reply.service.js'
import type { App } from '../env.js'
import { problemType } from '../problem.js'
import { ERRORS, jsonBody, jsonResponse, OK_EMPTY } from '../schemas.js'
import {
  AssignInput,
  BulkInput,
  CollisionSchema,
  convParams,
  HeartbeatInput,
  LabelInput,
  MessageSchema,
  NoteInput,
  PriorityInput,
  ReplyInput,
  StateInput,
  ViewerSchema,
  wsParams,
} from './inbox-schemas.js'
import { inboxConversationActor, inboxScope } from './inbox-scope.js'

const tags = ['Inbox']
const base = '/api/workspaces/{workspaceId}/inbox'

const routes = {
  reply: createRoute({
    method: 'post',
    path: `${base}/conversations/{conversationId}/reply`,
    tags,
    summary: 'Reply in public through the network, threaded under the message answered',
    description:
      "Blocked with 409 (`ReplyCollision`, with `newMessages`) when something arrived or someone replied after `lastSeenMessageId`. Text is checked against the network's limit in its own units.",
    request: { params: convParams, body: jsonBody(ReplyInput) },
    responses: {
      201: jsonResponse(MessageSchema, 'Sent; the stored message'),
      ...ERRORS,
      409: {
        description: 'Collision: read the new messages, then send again',
        content: { 'application/problem+json': { schema: CollisionSchema } },
      },
    },
  }),
  note: createRoute({
    method: 'post',
    path: `${base}/conversations/{conversationId}/notes`,
    tags,
    summary: 'Internal note; mentioned members are notified',
    request: { params: convParams, body: jsonBody(NoteInput) },
    responses: { 201: jsonResponse(z.object({ id: z.string() }), 'Note added'), ...ERRORS },
  }),
  assign: createRoute({
    method: 'post',
    path: `${base}/conversations/{conversationId}/assign`,
    tags,
    summary:
      'Assign to a member (null unassigns) or to a team (round robin among available agents under the cap)',
    request: { params: convParams, body: jsonBody(AssignInput) },
    responses: {
      200: jsonResponse(z.object({ assigneeMemberId: z.string().nullable() }), 'Assigned'),
      ...ERRORS,
    },
  }),
  state: createRoute({
    method: 'post',
    path: `${base}/conversations/{conversationId}/state`,
    tags,
    summary: 'Open, pending, snoozed (until), resolved or spam',
    request: { params: convParams, body: jsonBody(StateInput) },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  priority: createRoute({
    method: 'post',
    path: `${base}/conversations/{conversationId}/priority`,
    tags,
    summary: 'Set the priority (the SLA target follows)',
    request: { params: convParams, body: jsonBody(PriorityInput) },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  labels: createRoute({
    method: 'post',
    path: `${base}/conversations/{conversationId}/labels`,
    tags,
    summary: 'Add and remove labels',
    request: { params: convParams, body: jsonBody(LabelInput) },
    responses: { 200: jsonResponse(z.object({ labels: z.array(z.string()) }), 'Labels now'), ...ERRORS },
  }),
  read: createRoute({
    method: 'post',
    path: `${base}/conversations/{conversationId}/read`,
    tags,
    summary: 'Mark read for me (unread counts)',
    request: { params: convParams },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  heartbeat: createRoute({
    method: 'post',
    path: `${base}/conversations/{conversationId}/presence`,
    tags,
    summary: 'Heartbeat while viewing or typing (every ~5 s; valid 15 s); returns who else is here',
    request: { params: convParams, body: jsonBody(HeartbeatInput) },
    responses: {
      200: jsonResponse(z.object({ others: z.array(ViewerSchema) }), 'Others in this conversation'),
      ...ERRORS,
    },
  }),
  bulk: createRoute({
    method: 'post',
    path: `${base}/conversations/bulk`,
    tags,
    summary: 'One action on a selection (state, assign, team, priority, labels, read)',
    request: { params: wsParams, body: jsonBody(BulkInput) },
    responses: {
      200: jsonResponse(z.object({ updated: z.number(), notFound: z.array(z.string()) }), 'Result'),
      ...ERRORS,
    },
  }),
}

export function registerInboxActionRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.reply, async (c) => {
    const id = c.req.valid('param').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.reply', id)
    try {
      const m = await ctx.inbox.replies.reply(a.workspaceId, id, a, c.req.valid('json'))
      return c.json(m, 201)
    } catch (err) {
      if (!(err instanceof ReplyCollision)) throw err
      const body = {
        type: problemType('conflict'),
        title: 'Conflict',
        status: 409,
        detail: err.message,
        newMessages: err.newMessages,
      }
      return c.json(body, 409, { 'content-type': 'application/problem+json' })
    }
  })

  app.openapi(routes.note, async (c) => {
    const conversationId = c.req.valid('param').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.reply', conversationId)
    const body = c.req.valid('json')
    const id = await ctx.inbox.conversations.note(a.workspaceId, conversationId, a, body.text, body.mentions)
    return c.json({ id }, 201)
  })

  app.openapi(routes.assign, async (c) => {
    const id = c.req.valid('param').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.reply', id)
    const body = c.req.valid('json')
    if (body.teamId)
      return c.json(
        { assigneeMemberId: await ctx.inbox.conversations.assignTeam(a.workspaceId, id, a, body.teamId) },
        200,
      )
    if (body.memberId === undefined)
      throw invalid('memberId', 'give a memberId (null to unassign) or a teamId')
    await ctx.inbox.conversations.assign(a.workspaceId, id, a, body.memberId)
    return c.json({ assigneeMemberId: body.memberId }, 200)
  })

  app.openapi(routes.state, async (c) => {
    const id = c.req.valid('param').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.reply', id)
    const body = c.req.valid('json')
    await ctx.inbox.conversations.setState(a.workspaceId, id, a, body.state, body.snoozedUntil)
    return c.body(null, 204)
  })

  app.openapi(routes.priority, async (c) => {
    const id = c.req.valid('param').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.reply', id)
    await ctx.inbox.conversations.setPriority(a.workspaceId, id, a, c.req.valid('json').priority)
    return c.body(null, 204)
  })

  app.openapi(routes.labels, async (c) => {
    const id = c.req.valid('param').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.reply', id)
    const body = c.req.valid('json')
    const labels = await ctx.inbox.conversations.label(a.workspaceId, id, a, body.add, body.remove)
    return c.json({ labels }, 200)
  })

  app.openapi(routes.read, async (c) => {
    const id = c.req.valid('param').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.read', id)
    await ctx.inbox.conversations.markRead(a.workspaceId, id, a.memberId)
    return c.body(null, 204)
  })

  app.openapi(routes.heartbeat, async (c) => {
    const id = c.req.valid('param').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.read', id)
    await ctx.inbox.conversations.row(a.workspaceId, id)
    return c.json(
      { others: await ctx.inbox.collision.beat(a.workspaceId, id, a.memberId, c.req.valid('json').mode) },
      200,
    )
  })

  app.openapi(routes.bulk, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.reply')
    const body = c.req.valid('json')
    if (!a.presenceIds)
      return c.json(await ctx.inbox.conversations.bulk(a.workspaceId, a, body.ids, body.action), 200)
    // Conversations of presences the member does not own are "not found" to them.
    const mine = await ctx.inbox.scopes.conversationsIn(a.workspaceId, body.ids, a.presenceIds)
    const r = await ctx.inbox.conversations.bulk(
      a.workspaceId,
      a,
      body.ids.filter((id) => mine.has(id)),
      body.action,
    )
    const others = [...new Set(body.ids.filter((id) => !mine.has(id)))]
    return c.json({ updated: r.updated, notFound: [...r.notFound, ...others] }, 200)
  })
}

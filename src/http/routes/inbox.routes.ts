/**
 * The inbox API for a fast, keyboard-first client: one call lists a page of conversations with
 * everything a row shows (contact, state, priority, SLA time left, unread), one call opens a
 * conversation with its messages, timeline and viewers, and every action is one small POST.
 * Replies carry `lastSeenMessageId`; a 409 `ReplyCollision` returns the messages the agent missed.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { invalid } from '../../core/errors.js'
import type { InboxActor } from '../../inbox/conversation.service.js'
import type { ConversationFilters } from '../../inbox/inbox.types.js'
import { ReplyCollision } from '../../inbox/reply.service.js'
import { BUILT_IN_VIEWS } from '../../inbox/view.service.js'
import type { App } from '../env.js'
import { problemType } from '../problem.js'
import { ERRORS, jsonBody, jsonResponse, OK_EMPTY } from '../schemas.js'
import {
  ActivityCountSchema,
  AssignInput,
  BulkInput,
  CollisionSchema,
  ContactSchema,
  ConversationDetailSchema,
  convParams,
  HeartbeatInput,
  LabelInput,
  ListQuery,
  MessageSchema,
  NoteInput,
  PageSchema,
  PriorityInput,
  ReplyInput,
  StateInput,
  ViewCountSchema,
  ViewerSchema,
  wsParams,
} from './inbox-schemas.js'
import { inboxConversationActor, inboxScope } from './inbox-scope.js'

const tags = ['Inbox']
const base = '/api/workspaces/{workspaceId}/inbox'

const split = (s: string | undefined) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined

function check<T extends string>(
  field: string,
  values: string[] | undefined,
  allowed: readonly T[],
): T[] | undefined {
  if (!values) return undefined
  for (const v of values)
    if (!allowed.includes(v as T)) throw invalid(field, `must be among ${allowed.join(', ')}`)
  return values as T[]
}

const routes = {
  list: createRoute({
    method: 'get',
    path: `${base}/conversations`,
    tags,
    summary: 'Conversations, newest activity first, with filters and cursor pagination',
    description:
      'Filters combine with AND. `view` starts from a built-in or saved view. Every row carries what the list shows: contact, state, priority, SLA time left, unread.',
    request: { params: wsParams, query: ListQuery },
    responses: { 200: jsonResponse(PageSchema, 'A page of conversations'), ...ERRORS },
  }),
  detail: createRoute({
    method: 'get',
    path: `${base}/conversations/{conversationId}`,
    tags,
    summary: 'One conversation with its messages (oldest first), timeline and current viewers',
    request: { params: convParams },
    responses: { 200: jsonResponse(ConversationDetailSchema, 'The conversation'), ...ERRORS },
  }),
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
  search: createRoute({
    method: 'get',
    path: `${base}/search`,
    tags,
    summary: 'Full-text search over messages and contacts, with the list filters',
    request: { params: wsParams, query: ListQuery },
    responses: {
      200: jsonResponse(z.object({ conversations: PageSchema, contacts: z.array(ContactSchema) }), 'Matches'),
      ...ERRORS,
    },
  }),
  counts: createRoute({
    method: 'get',
    path: `${base}/views/counts`,
    tags,
    summary: 'Built-in and saved views with total and unread counts',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(ViewCountSchema), 'Views'), ...ERRORS },
  }),
  activity: createRoute({
    method: 'get',
    path: `${base}/activity-counts`,
    tags,
    summary: 'Likes, reposts and follows per channel and day (or per post)',
    request: {
      params: wsParams,
      query: z.object({
        channelId: z.string().max(64).optional(),
        subjectRemoteId: z.string().max(500).optional(),
        from: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
        to: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}$/)
          .optional(),
      }),
    },
    responses: { 200: jsonResponse(z.array(ActivityCountSchema), 'Counts'), ...ERRORS },
  }),
}

/** The filters of a list request: a view's, narrowed by the query string. */
async function filtersOf(
  ctx: AppContext,
  a: InboxActor & { workspaceId: string },
  q: z.infer<typeof ListQuery>,
): Promise<ConversationFilters> {
  let f: ConversationFilters = {}
  if (q.view) {
    const builtIn = BUILT_IN_VIEWS.find((v) => v.id === q.view)
    f = builtIn
      ? { ...builtIn.filters }
      : { ...(await ctx.inbox.views.get(a.workspaceId, a.memberId, q.view)).filters }
  }
  const states = check('states', split(q.states), ['open', 'pending', 'snoozed', 'resolved', 'spam'] as const)
  const priorities = check('priorities', split(q.priorities), ['low', 'normal', 'high', 'urgent'] as const)
  const intents = check('intents', split(q.intents), [
    'question',
    'complaint',
    'praise',
    'request',
    'spam',
    'other',
  ] as const)
  const sentiments = check('sentiments', split(q.sentiments), ['positive', 'neutral', 'negative'] as const)
  if (states) f.states = states
  if (priorities) f.priorities = priorities
  if (intents) f.intents = intents
  if (sentiments) f.sentiments = sentiments
  if (q.assignee) f.assignee = q.assignee
  if (q.teamId) f.teamId = q.teamId
  if (q.label) f.label = q.label
  if (q.channelIds) f.channelIds = split(q.channelIds)
  if (q.presenceIds) f.presenceIds = split(q.presenceIds)
  if (q.contactId) f.contactId = q.contactId
  if (q.from) f.from = Number(q.from)
  if (q.to) f.to = Number(q.to)
  if (q.q) f.q = q.q
  return f
}

export function registerInboxRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.list, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    const q = c.req.valid('query')
    const page = await ctx.inbox.view.list(a.workspaceId, a.memberId, await filtersOf(ctx, a, q), {
      cursor: q.cursor,
      limit: q.limit ? Number(q.limit) : undefined,
      scope: a.presenceIds,
    })
    return c.json(page, 200)
  })

  app.openapi(routes.detail, async (c) => {
    const id = c.req.valid('param').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.read', id)
    return c.json(await ctx.inbox.view.detail(a.workspaceId, a.memberId, id), 200)
  })

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

  app.openapi(routes.search, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    const q = c.req.valid('query')
    const filters = await filtersOf(ctx, a, q)
    const conversations = await ctx.inbox.view.list(a.workspaceId, a.memberId, filters, {
      cursor: q.cursor,
      limit: q.limit ? Number(q.limit) : undefined,
      scope: a.presenceIds,
    })
    let contacts = q.q ? await ctx.inbox.contacts.list(a.workspaceId, { q: q.q, limit: 20 }) : []
    if (a.presenceIds) {
      const mine = await ctx.inbox.scopes.contactsIn(
        a.workspaceId,
        contacts.map((x) => x.id),
        a.presenceIds,
      )
      contacts = contacts.filter((x) => mine.has(x.id))
    }
    return c.json({ conversations, contacts }, 200)
  })

  app.openapi(routes.counts, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    return c.json(await ctx.inbox.views.counts(a.workspaceId, a.memberId, a.presenceIds), 200)
  })

  app.openapi(routes.activity, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    const rows = await ctx.inbox.view.activityCounts(a.workspaceId, c.req.valid('query'))
    if (!a.presenceIds) return c.json(rows, 200)
    const channels = await ctx.inbox.scopes.channelsOf(a.workspaceId, a.presenceIds)
    return c.json(
      rows.filter((r) => channels.has(r.channelId)),
      200,
    )
  })
}

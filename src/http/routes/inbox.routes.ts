/**
 * The inbox API for a fast, keyboard-first client, reading side: one call lists a page of
 * conversations with everything a row shows (contact, state, priority, SLA time left, unread), one
 * call opens a conversation with its messages, timeline and viewers; search and view counts.
 * Every action is one small POST, in inbox-actions.routes.ts.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { invalid } from '../../core/errors.js'
import type { InboxActor } from '../../inbox/conversation.service.js'
import type { ConversationFilters } from '../../inbox/inbox.types.js'
import { BUILT_IN_VIEWS } from '../../inbox/view.service.js'
import type { App } from '../env.js'
import { ERRORS, jsonResponse } from '../schemas.js'
import {
  ActivityCountSchema,
  ContactSchema,
  ConversationDetailSchema,
  convParams,
  ListQuery,
  PageSchema,
  ViewCountSchema,
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

/** Posts: compose, list, calendar, edit, duplicate, delete, comments, history, .ics, media. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { invalid, notFound } from '../../core/errors.js'
import { eventIcs } from '../../publishing/ics.js'
import type { PostKind, PostState } from '../../publishing/post.types.js'
import { calendar } from '../../publishing/post-calendar.view.js'
import { renderTemplate } from '../../publishing/post-templates.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse, OK_EMPTY } from '../schemas.js'
import {
  CalendarEntrySchema,
  ChannelIssueSchema,
  CommentInput,
  CommentSchema,
  HistoryEntrySchema,
  MediaInput,
  MediaSchema,
  PostInputSchema,
  PostKindSchema,
  PostPatchSchema,
  PostSchema,
  postParams,
  wsParams,
} from './post.schemas.js'
import { registerPostApprovalRoutes } from './post-approval.routes.js'
import { authorizePost } from './post-authorize.js'
import { registerPostWorkflowRoutes } from './post-workflow.routes.js'

const tags = ['Posts']
const csv = (s: string | undefined) =>
  s
    ? s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : undefined

const ListQuery = z.object({
  state: z.string().max(200).optional().openapi({ description: 'Comma-separated states' }),
  kind: z.string().max(200).optional(),
  presenceId: z.string().max(2000).optional().openapi({ description: 'Comma-separated presence ids' }),
  channelId: z.string().max(2000).optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})

const CalendarQuery = ListQuery.omit({ limit: true }).extend({
  from: z.coerce
    .number()
    .int()
    .openapi({ description: 'Range start, epoch ms (e.g. the first day of the month shown)' }),
  to: z.coerce
    .number()
    .int()
    .openapi({ description: 'Range end (exclusive), epoch ms; at most 62 days after from' }),
})

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/posts',
    tags,
    summary: 'Posts, newest change first, filterable by state, kind, presence, channel and time',
    request: { params: wsParams, query: ListQuery },
    responses: { 200: jsonResponse(z.array(PostSchema), 'Posts'), ...ERRORS },
  }),
  create: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/posts',
    tags,
    summary: 'Compose a post for one or more channels (validated per channel; 400 names the channel)',
    request: { params: wsParams, body: jsonBody(PostInputSchema) },
    responses: { 201: jsonResponse(PostSchema, 'Draft created'), ...ERRORS },
  }),
  validate: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/posts/validate',
    tags,
    summary: 'Dry run: every issue of a would-be post on each channel, in the network’s own units',
    request: { params: wsParams, body: jsonBody(PostInputSchema) },
    responses: {
      200: jsonResponse(z.object({ issues: z.array(ChannelIssueSchema) }), 'Issues (empty when fine)'),
      ...ERRORS,
    },
  }),
  template: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/posts/template',
    tags,
    summary: 'The text a kind’s template writes from its fields (for the composer to fill in)',
    request: {
      params: wsParams,
      body: jsonBody(
        z
          .strictObject({ kind: PostKindSchema, fields: z.record(z.string(), z.string().max(5000)) })
          .openapi('TemplateInput'),
      ),
    },
    responses: { 200: jsonResponse(z.object({ text: z.string() }), 'Text'), ...ERRORS },
  }),
  calendar: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/posts/calendar',
    tags,
    summary: 'Calendar (month or week): one entry per post and channel, scheduled or published in [from, to)',
    request: { params: wsParams, query: CalendarQuery },
    responses: { 200: jsonResponse(z.array(CalendarEntrySchema), 'Entries'), ...ERRORS },
  }),
  get: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/posts/{postId}',
    tags,
    summary: 'One post with its deliveries, approvals and what it still needs',
    request: { params: postParams },
    responses: { 200: jsonResponse(PostSchema, 'Post'), ...ERRORS },
  }),
  update: createRoute({
    method: 'patch',
    path: '/api/workspaces/{workspaceId}/posts/{postId}',
    tags,
    summary: 'Edit a post that has not gone out (cancels its queued jobs; may need approval again)',
    request: { params: postParams, body: jsonBody(PostPatchSchema) },
    responses: { 200: jsonResponse(PostSchema, 'Updated'), ...ERRORS },
  }),
  remove: createRoute({
    method: 'delete',
    path: '/api/workspaces/{workspaceId}/posts/{postId}',
    tags,
    summary:
      'Delete a post; anything queued is cancelled first, so it never goes out. Another member’s post needs post.delete-others',
    request: { params: postParams },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  duplicate: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/duplicate',
    tags,
    summary: 'A new draft with the same content and channels',
    request: { params: postParams },
    responses: { 201: jsonResponse(PostSchema, 'The copy'), ...ERRORS },
  }),
  history: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/history',
    tags,
    summary: 'Every change and state of the post, oldest first',
    request: { params: postParams },
    responses: { 200: jsonResponse(z.array(HistoryEntrySchema), 'History'), ...ERRORS },
  }),
  comments: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/comments',
    tags,
    summary: 'Comments on the post',
    request: { params: postParams },
    responses: { 200: jsonResponse(z.array(CommentSchema), 'Comments'), ...ERRORS },
  }),
  comment: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/comments',
    tags,
    summary: 'Comment; mentioned members are notified',
    request: { params: postParams, body: jsonBody(CommentInput) },
    responses: { 201: jsonResponse(CommentSchema, 'Comment'), ...ERRORS },
  }),
  ics: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/event.ics',
    tags,
    summary: 'The event of an event post as an iCalendar file',
    request: { params: postParams },
    responses: {
      200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } },
      ...ERRORS,
    },
  }),
  upload: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/media',
    tags,
    summary: 'Upload an image (base64 JSON) for a post; alt text is given where it is used',
    request: { params: wsParams, body: jsonBody(MediaInput) },
    responses: { 201: jsonResponse(MediaSchema, 'Stored'), ...ERRORS },
  }),
  media: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/media/{mediaId}',
    tags,
    summary: 'The bytes of an uploaded image',
    request: { params: wsParams.extend({ mediaId: IdParam('mediaId') }) },
    responses: {
      200: { description: 'The image', content: { 'image/*': { schema: z.string() } } },
      ...ERRORS,
    },
  }),
}

const MEDIA_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])

export function registerPostRoutes(app: App, ctx: AppContext): void {
  const p = () => ctx.publishing

  app.openapi(routes.list, async (c) => {
    const a = authorize(c, 'post.read')
    const q = c.req.valid('query')
    const posts = await p().posts.list(a.workspaceId, {
      states: csv(q.state) as PostState[] | undefined,
      kinds: csv(q.kind) as PostKind[] | undefined,
      presenceIds: csv(q.presenceId),
      channelIds: csv(q.channelId),
      from: q.from,
      to: q.to,
      limit: q.limit,
    })
    return c.json(posts, 200)
  })

  app.openapi(routes.create, async (c) => {
    const body = c.req.valid('json')
    const a = await authorizePost(c, ctx, 'post.draft', null, body.channelIds)
    return c.json(await p().posts.create(a.workspaceId, body, a), 201)
  })

  app.openapi(routes.validate, async (c) => {
    const a = authorize(c, 'post.read')
    return c.json({ issues: await p().posts.validate(a.workspaceId, c.req.valid('json')) }, 200)
  })

  app.openapi(routes.template, async (c) => {
    authorize(c, 'post.read')
    const { kind, fields } = c.req.valid('json')
    return c.json({ text: renderTemplate(kind, fields) }, 200)
  })

  app.openapi(routes.calendar, async (c) => {
    const a = authorize(c, 'post.read')
    const q = c.req.valid('query')
    if (q.to <= q.from) throw invalid('to', 'must be after from')
    if (q.to - q.from > 62 * 86_400_000) throw invalid('to', 'the range may be at most 62 days')
    return c.json(
      await calendar(ctx.db.kysely, a.workspaceId, {
        from: q.from,
        to: q.to,
        presenceIds: csv(q.presenceId),
        channelIds: csv(q.channelId),
        states: csv(q.state),
        kinds: csv(q.kind),
      }),
      200,
    )
  })

  app.openapi(routes.get, async (c) => {
    const a = authorize(c, 'post.read')
    return c.json(await p().posts.get(a.workspaceId, c.req.valid('param').postId), 200)
  })

  app.openapi(routes.update, async (c) => {
    const { postId } = c.req.valid('param')
    const body = c.req.valid('json')
    const a = await authorizePost(c, ctx, 'post.draft', postId, body.channelIds ?? [])
    return c.json(await p().posts.update(a.workspaceId, postId, body, a), 200)
  })

  app.openapi(routes.remove, async (c) => {
    const { postId } = c.req.valid('param')
    let a = await authorizePost(c, ctx, 'post.draft', postId)
    const post = await p().posts.get(a.workspaceId, postId)
    if (post.draftedBy.memberId !== a.memberId) a = await authorizePost(c, ctx, 'post.delete-others', postId)
    await p().posts.remove(a.workspaceId, postId, a)
    return c.body(null, 204)
  })

  app.openapi(routes.duplicate, async (c) => {
    const { postId } = c.req.valid('param')
    const a = await authorizePost(c, ctx, 'post.draft', postId)
    return c.json(await p().posts.duplicate(a.workspaceId, postId, a), 201)
  })

  app.openapi(routes.history, async (c) => {
    const a = authorize(c, 'post.read')
    return c.json(await p().posts.history(a.workspaceId, c.req.valid('param').postId), 200)
  })

  app.openapi(routes.comments, async (c) => {
    const a = authorize(c, 'post.read')
    return c.json(await p().comments.comments(a.workspaceId, c.req.valid('param').postId), 200)
  })

  app.openapi(routes.comment, async (c) => {
    const a = authorize(c, 'post.read')
    const body = c.req.valid('json')
    const actor = { userId: a.userId, memberId: a.memberId, role: a.role }
    return c.json(
      await p().comments.comment(
        a.workspaceId,
        c.req.valid('param').postId,
        body.body,
        body.mentions ?? [],
        actor,
      ),
      201,
    )
  })

  app.openapi(routes.ics, async (c) => {
    const a = authorize(c, 'post.read')
    const post = await p().posts.get(a.workspaceId, c.req.valid('param').postId)
    if (post.kind !== 'event') throw notFound('event (this post is not an event)')
    const f = post.fields as Record<string, string>
    const ics = eventIcs({
      uid: `${post.id}@townhall`,
      title: f.title ?? post.title,
      startsAt: f.startsAt!,
      endsAt: f.endsAt!,
      timeZone: f.timeZone!,
      place: f.place,
      link: f.link,
      description: f.description,
      now: ctx.clock.now(),
    })
    return c.body(ics, 200, {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="event-${post.id}.ics"`,
    })
  })

  app.openapi(routes.upload, async (c) => {
    const a = authorize(c, 'post.draft')
    const { mimeType, dataBase64 } = c.req.valid('json')
    if (!MEDIA_TYPES.has(mimeType))
      throw invalid('mimeType', `${mimeType} is not accepted; use ${[...MEDIA_TYPES].join(', ')}`)
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(dataBase64)) throw invalid('dataBase64', 'is not base64')
    const data = new Uint8Array(Buffer.from(dataBase64, 'base64'))
    return c.json(await p().blobs.put(a.workspaceId, data, mimeType, a.userId), 201)
  })

  app.openapi(routes.media, async (c) => {
    const a = authorize(c, 'post.read')
    const blob = await p().blobs.read(a.workspaceId, c.req.valid('param').mediaId)
    if (!blob) throw notFound('media')
    return c.body(Buffer.from(blob.data), 200, {
      'content-type': blob.mimeType,
      'cache-control': 'private, max-age=86400',
    }) as never
  })

  registerPostWorkflowRoutes(app, ctx)
  registerPostApprovalRoutes(app, ctx)
}

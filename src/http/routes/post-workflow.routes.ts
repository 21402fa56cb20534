/** Post workflow: submit, approve, request changes, schedule, publish now, retry, resolve; slots; policies. */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { conflict, invalid } from '../../core/errors.js'
import { formatLocal } from '../../core/zoned-time.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse } from '../schemas.js'
import {
  deliveryParams,
  PolicyInput,
  PolicySchema,
  PostSchema,
  postParams,
  QueueSlotsInput,
  QueueSlotsSchema,
  ResolveInput,
  ScheduleInputSchema,
  wsParams,
} from './post.schemas.js'
import { authorizePost } from './post-authorize.js'

const tags = ['Posts']
const channelParams = wsParams.extend({ channelId: IdParam('channelId') })
const presenceParams = wsParams.extend({ presenceId: IdParam('presenceId') })
const post = (path: string, summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/workspaces/{workspaceId}/posts/{postId}${path}`,
    tags,
    summary,
    request: { params: postParams },
    responses: { 200: jsonResponse(PostSchema, 'The post after the change'), ...ERRORS },
  })

const routes = {
  submit: post('/submit', 'Send for review (approved at once when nobody else must approve)'),
  approve: post(
    '/approve',
    'Approve the current revision (as the person, a manager or a reviewer it waits for)',
  ),
  requestChanges: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/request-changes',
    tags,
    summary: 'Send back to the drafter with a comment',
    request: {
      params: postParams,
      body: jsonBody(z.strictObject({ comment: z.string().min(1).max(5000) }).openapi('RequestChangesInput')),
    },
    responses: { 200: jsonResponse(PostSchema, 'The post after the change'), ...ERRORS },
  }),
  schedule: createRoute({
    method: 'put',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/schedule',
    tags,
    summary:
      'Schedule or reschedule (calendar drag-and-drop): now, at a local time in an IANA zone, or the next free queue slot',
    request: { params: postParams, body: jsonBody(ScheduleInputSchema) },
    responses: { 200: jsonResponse(PostSchema, 'Scheduled (or kept until approved)'), ...ERRORS },
  }),
  unschedule: createRoute({
    method: 'delete',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/schedule',
    tags,
    summary: 'Take the post off the schedule (it stays approved)',
    request: { params: postParams },
    responses: { 200: jsonResponse(PostSchema, 'Unscheduled'), ...ERRORS },
  }),
  publishNow: post('/publish-now', 'Publish now (the post must be approved)'),
  retry: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/deliveries/{deliveryId}/retry',
    tags,
    summary: 'Send a failed delivery again',
    request: { params: deliveryParams },
    responses: { 200: jsonResponse(PostSchema, 'Queued again'), ...ERRORS },
  }),
  resolve: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/posts/{postId}/deliveries/{deliveryId}/resolve',
    tags,
    summary:
      'Decide an unknown outcome: it was published (give its link), it was not, or send it again explicitly',
    request: { params: deliveryParams, body: jsonBody(ResolveInput) },
    responses: { 200: jsonResponse(PostSchema, 'Resolved'), ...ERRORS },
  }),
  slots: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/channels/{channelId}/queue-slots',
    tags,
    summary: 'Queue slots of a channel (default weekdays 09:00 and 15:00 in the workspace zone)',
    request: { params: channelParams },
    responses: { 200: jsonResponse(QueueSlotsSchema, 'Slots'), ...ERRORS },
  }),
  setSlots: createRoute({
    method: 'put',
    path: '/api/workspaces/{workspaceId}/channels/{channelId}/queue-slots',
    tags,
    summary: 'Set the queue slots of a channel (weekday 0 = Sunday, time HH:MM)',
    request: { params: channelParams, body: jsonBody(QueueSlotsInput) },
    responses: { 200: jsonResponse(QueueSlotsSchema, 'Slots'), ...ERRORS },
  }),
  nextSlot: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/channels/{channelId}/next-slot',
    tags,
    summary: 'The next free queue slot of a channel',
    request: { params: channelParams },
    responses: {
      200: jsonResponse(z.object({ at: z.number(), local: z.string(), timeZone: z.string() }), 'Slot'),
      ...ERRORS,
    },
  }),
  policy: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/presences/{presenceId}/approval-policy',
    tags,
    summary: 'Who must approve posts for this presence',
    request: { params: presenceParams },
    responses: { 200: jsonResponse(PolicySchema, 'Policy'), ...ERRORS },
  }),
  setPolicy: createRoute({
    method: 'put',
    path: '/api/workspaces/{workspaceId}/presences/{presenceId}/approval-policy',
    tags,
    summary: 'Set who must approve posts for this presence',
    request: { params: presenceParams, body: jsonBody(PolicyInput) },
    responses: { 200: jsonResponse(PolicySchema, 'Policy'), ...ERRORS },
  }),
}

export function registerPostWorkflowRoutes(app: App, ctx: AppContext): void {
  const p = () => ctx.publishing
  const view = (workspaceId: string, postId: string) => p().posts.get(workspaceId, postId)

  app.openapi(routes.submit, async (c) => {
    const { postId } = c.req.valid('param')
    const a = await authorizePost(c, ctx, 'post.draft', postId)
    await p().approvals.submit(a.workspaceId, postId, a)
    return c.json(await view(a.workspaceId, postId), 200)
  })

  app.openapi(routes.approve, async (c) => {
    const { postId } = c.req.valid('param')
    // @NOTE who may approve is the post's own question (its person, a manager…), answered by the service.
    const a = await authorizePost(c, ctx, 'post.read', postId)
    await p().approvals.approve(a.workspaceId, postId, a)
    return c.json(await view(a.workspaceId, postId), 200)
  })

  app.openapi(routes.requestChanges, async (c) => {
    const { postId } = c.req.valid('param')
    const a = await authorizePost(c, ctx, 'post.read', postId)
    await p().approvals.requestChanges(a.workspaceId, postId, a, c.req.valid('json').comment)
    return c.json(await view(a.workspaceId, postId), 200)
  })

  app.openapi(routes.schedule, async (c) => {
    const { postId } = c.req.valid('param')
    const a = await authorizePost(c, ctx, 'post.publish', postId)
    await p().schedule.schedule(a.workspaceId, postId, c.req.valid('json'), a)
    return c.json(await view(a.workspaceId, postId), 200)
  })

  app.openapi(routes.unschedule, async (c) => {
    const { postId } = c.req.valid('param')
    const a = await authorizePost(c, ctx, 'post.publish', postId)
    await p().schedule.unschedule(a.workspaceId, postId, a)
    return c.json(await view(a.workspaceId, postId), 200)
  })

  app.openapi(routes.publishNow, async (c) => {
    const { postId } = c.req.valid('param')
    const a = await authorizePost(c, ctx, 'post.publish', postId)
    const before = await view(a.workspaceId, postId)
    if (before.approvalState !== 'approved')
      throw conflict(`The post is ${before.approvalState}; it must be approved before it is published`)
    await p().schedule.schedule(a.workspaceId, postId, { mode: 'now' }, a)
    return c.json(await view(a.workspaceId, postId), 200)
  })

  app.openapi(routes.retry, async (c) => {
    const { postId, deliveryId } = c.req.valid('param')
    const a = await authorizePost(c, ctx, 'post.publish', postId)
    await p().schedule.retry(a.workspaceId, postId, deliveryId, a)
    return c.json(await view(a.workspaceId, postId), 200)
  })

  app.openapi(routes.resolve, async (c) => {
    const { postId, deliveryId } = c.req.valid('param')
    const a = await authorizePost(c, ctx, 'post.publish', postId)
    const body = c.req.valid('json')
    if (body.outcome === 'published') {
      if (!body.url) throw invalid('url', 'give the link of the published post')
      await p().schedule.resolveUnknown(
        a.workspaceId,
        postId,
        deliveryId,
        { outcome: 'published', url: body.url, remoteId: body.remoteId },
        a,
      )
    } else {
      await p().schedule.resolveUnknown(a.workspaceId, postId, deliveryId, { outcome: body.outcome }, a)
    }
    return c.json(await view(a.workspaceId, postId), 200)
  })

  app.openapi(routes.slots, async (c) => {
    const a = authorize(c, 'channel.read')
    return c.json(await p().schedule.getSlots(a.workspaceId, c.req.valid('param').channelId), 200)
  })

  app.openapi(routes.setSlots, async (c) => {
    const { workspaceId, channelId } = c.req.valid('param')
    authorize(c, 'channel.read')
    const channel = await ctx.channels.get(workspaceId, channelId)
    const presence = await ctx.presences.get(workspaceId, channel.presenceId)
    authorize(c, 'channel.manage', { presenceOwnerMemberId: presence.memberId })
    const body = c.req.valid('json')
    return c.json(await p().schedule.setSlots(workspaceId, channelId, body.slots, body.timeZone ?? null), 200)
  })

  app.openapi(routes.nextSlot, async (c) => {
    const a = authorize(c, 'channel.read')
    const { channelId } = c.req.valid('param')
    const at = await p().schedule.nextFreeSlot(a.workspaceId, channelId, ctx.clock.now())
    const { timeZone } = await p().schedule.getSlots(a.workspaceId, channelId)
    return c.json({ at, local: formatLocal(at, timeZone), timeZone }, 200)
  })

  app.openapi(routes.policy, async (c) => {
    const a = authorize(c, 'presence.read')
    return c.json(await p().approvals.getPolicy(a.workspaceId, c.req.valid('param').presenceId), 200)
  })

  app.openapi(routes.setPolicy, async (c) => {
    const { workspaceId, presenceId } = c.req.valid('param')
    authorize(c, 'presence.read')
    await ctx.presences.get(workspaceId, presenceId)
    // @NOTE only managers and above set policies; an executive may not waive their own approval.
    authorize(c, 'presence.manage')
    return c.json(await p().approvals.setPolicy(workspaceId, presenceId, c.req.valid('json')), 200)
  })
}

import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppContext } from '../../context.js'
import type { Channel } from '../../presence/channel.service.js'
import { authorize } from '../auth.js'
import type { App, AppEnv } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse, OK_EMPTY } from '../schemas.js'

const tags = ['Channels']
const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
const channelParams = wsParams.extend({ channelId: IdParam('channelId') })

export const ChannelSchema = z
  .object({
    id: z.string(),
    presenceId: z.string(),
    network: z.string(),
    networkLabel: z.string().openapi({ description: 'Name to show, e.g. "Bluesky" or "Sandbox"' }),
    isSandbox: z.boolean(),
    handle: z.string(),
    displayName: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    followerCount: z.number().nullable(),
    status: z.enum(['connected', 'syncing', 'needs-reconnect', 'failing', 'disconnected']),
    statusReason: z.string().nullable().openapi({ description: 'What is wrong, in plain words' }),
    lastSyncAt: z.number().nullable(),
    rateLimitedUntil: z.number().nullable(),
    rateLimited: z.boolean(),
    serviceUrl: z.string().nullable().openapi({ description: 'Bluesky: the PDS the account lives on' }),
    sandbox: z
      .object({ seed: z.number(), ratePerMinute: z.number(), crisisUntil: z.number().nullable() })
      .nullable(),
    createdAt: z.number(),
  })
  .openapi('Channel')

const NetworkSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    textMaxLength: z.number(),
    textUnit: z.string(),
    maxImages: z.number(),
    threads: z.boolean(),
    directMessages: z.boolean(),
  })
  .openapi('Network')

const BlueskyConnectInput = z
  .strictObject({
    presenceId: z.string().min(1).max(64),
    serviceUrl: z.string().max(500).optional().openapi({ example: 'https://bsky.social' }),
    handle: z.string().min(1).max(253).openapi({ example: 'acme.bsky.social' }),
    appPassword: z
      .string()
      .min(1)
      .max(100)
      .openapi({ description: 'Settings → Privacy and security → App passwords' }),
  })
  .openapi('BlueskyConnectInput')

const SandboxConnectInput = z
  .strictObject({
    presenceId: z.string().min(1).max(64).optional(),
    seed: z.number().int().min(0).max(2_147_483_647).optional(),
    ratePerMinute: z.number().min(0).max(60_000).optional(),
  })
  .openapi('SandboxConnectInput')

const routes = {
  list: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/channels',
    tags,
    summary: 'Connected channels with their health (never credentials)',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(ChannelSchema), 'Channels'), ...ERRORS },
  }),
  networks: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/networks',
    tags,
    summary: 'Networks a channel can be connected to, with what they accept',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(NetworkSchema), 'Networks'), ...ERRORS },
  }),
  bluesky: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/channels/bluesky',
    tags,
    summary: 'Connect a Bluesky account with its handle and an app password',
    request: { params: wsParams, body: jsonBody(BlueskyConnectInput) },
    responses: { 201: jsonResponse(ChannelSchema, 'Connected'), ...ERRORS },
  }),
  sandbox: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/channels/sandbox',
    tags,
    summary: 'Connect a Sandbox channel (a simulated public) to a presence, the brand by default',
    request: { params: wsParams, body: jsonBody(SandboxConnectInput) },
    responses: { 201: jsonResponse(ChannelSchema, 'Connected (or the existing one)'), ...ERRORS },
  }),
  reconnect: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/channels/{channelId}/reconnect',
    tags,
    summary: 'Give a channel new credentials (e.g. a new Bluesky app password)',
    request: {
      params: channelParams,
      body: jsonBody(
        z.strictObject({
          appPassword: z.string().min(1).max(100).optional(),
          handle: z.string().max(253).optional(),
        }),
      ),
    },
    responses: { 200: jsonResponse(ChannelSchema, 'Reconnected'), ...ERRORS },
  }),
  check: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/channels/{channelId}/check',
    tags,
    summary: 'Check the channel now and refresh its profile',
    request: { params: channelParams },
    responses: { 200: jsonResponse(ChannelSchema, 'Checked'), ...ERRORS },
  }),
  disconnect: createRoute({
    method: 'delete',
    path: '/api/workspaces/{workspaceId}/channels/{channelId}',
    tags,
    summary: 'Disconnect a channel; its credentials are wiped, its history stays',
    request: { params: channelParams },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  crisis: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/channels/{channelId}/sandbox/crisis',
    tags,
    summary: 'Sandbox only: start or end a crisis (an outage going viral, 100× the mentions)',
    request: {
      params: channelParams,
      body: jsonBody(
        z.strictObject({ on: z.boolean(), durationMinutes: z.number().int().min(1).max(1440).optional() }),
      ),
    },
    responses: { 200: jsonResponse(ChannelSchema, 'Updated'), ...ERRORS },
  }),
}

/** The API view of a channel: health in plain words, network settings without secrets. */
export function channelView(ctx: AppContext, ch: Channel): z.infer<typeof ChannelSchema> {
  const s = ch.settings
  const num = (v: unknown) => (typeof v === 'number' ? v : null)
  const now = ctx.clock.now()
  return {
    id: ch.id,
    presenceId: ch.presenceId,
    network: ch.network,
    networkLabel: ctx.networks.registry.has(ch.network)
      ? ctx.networks.registry.get(ch.network).label
      : ch.network,
    isSandbox: ch.network === 'sandbox',
    handle: ch.handle,
    displayName: ch.displayName,
    avatarUrl: ch.avatarUrl,
    followerCount: ch.followerCount,
    status: ch.status,
    statusReason: ch.statusReason,
    lastSyncAt: ch.lastSyncAt,
    rateLimitedUntil: ch.rateLimitedUntil,
    rateLimited: ch.rateLimitedUntil !== null && ch.rateLimitedUntil > now,
    serviceUrl: ch.network === 'bluesky' && typeof s.serviceUrl === 'string' ? s.serviceUrl : null,
    sandbox:
      ch.network === 'sandbox'
        ? {
            seed: num(s.seed) ?? 0,
            ratePerMinute: num(s.ratePerMinute) ?? 0,
            crisisUntil: num(s.crisisUntil),
          }
        : null,
    createdAt: ch.createdAt,
  }
}

/** channel.manage on the channel's presence (an executive may manage their own presence's channels). */
async function manage(c: Context<AppEnv>, ctx: AppContext, presenceId: string) {
  const r = authorize(c, 'channel.read')
  const presence = await ctx.presences.get(r.workspaceId, presenceId)
  return authorize(c, 'channel.manage', { presenceOwnerMemberId: presence.memberId })
}

async function manageChannel(c: Context<AppEnv>, ctx: AppContext, channelId: string) {
  const r = authorize(c, 'channel.read')
  const ch = await ctx.channels.get(r.workspaceId, channelId)
  return manage(c, ctx, ch.presenceId)
}

export function registerChannelRoutes(app: App, ctx: AppContext): void {
  app.openapi(routes.list, async (c) => {
    const a = authorize(c, 'channel.read')
    const list = await ctx.channels.list(a.workspaceId)
    return c.json(
      list.map((ch) => channelView(ctx, ch)),
      200,
    )
  })

  app.openapi(routes.networks, async (c) => {
    authorize(c, 'channel.read')
    const list = ctx.networks.registry.list().map((n) => ({
      id: n.id,
      label: n.label,
      textMaxLength: n.capabilities.text.maxLength,
      textUnit: n.capabilities.text.unit,
      maxImages: n.capabilities.media.maxImages,
      threads: n.capabilities.threads,
      directMessages: n.capabilities.directMessages,
    }))
    return c.json(list, 200)
  })

  app.openapi(routes.bluesky, async (c) => {
    const body = c.req.valid('json')
    const a = await manage(c, ctx, body.presenceId)
    const ch = await ctx.networks.connect.connectBluesky(a.workspaceId, body, a)
    return c.json(channelView(ctx, ch), 201)
  })

  app.openapi(routes.sandbox, async (c) => {
    const body = c.req.valid('json')
    const r = authorize(c, 'channel.read')
    const presenceId =
      body.presenceId ?? (await ctx.presences.list(r.workspaceId)).find((p) => p.kind === 'brand')?.id ?? ''
    const a = await manage(c, ctx, presenceId)
    const ch = await ctx.networks.connect.connectSandbox(a.workspaceId, { ...body, presenceId }, a)
    return c.json(channelView(ctx, ch), 201)
  })

  app.openapi(routes.reconnect, async (c) => {
    const { channelId } = c.req.valid('param')
    const a = await manageChannel(c, ctx, channelId)
    const ch = await ctx.networks.connect.reconnect(a.workspaceId, channelId, c.req.valid('json'))
    return c.json(channelView(ctx, ch), 200)
  })

  app.openapi(routes.check, async (c) => {
    const { channelId } = c.req.valid('param')
    const a = await manageChannel(c, ctx, channelId)
    return c.json(channelView(ctx, await ctx.networks.connect.check(a.workspaceId, channelId)), 200)
  })

  app.openapi(routes.disconnect, async (c) => {
    const { channelId } = c.req.valid('param')
    const a = await manageChannel(c, ctx, channelId)
    await ctx.networks.connect.disconnect(a.workspaceId, channelId, a)
    return c.body(null, 204)
  })

  app.openapi(routes.crisis, async (c) => {
    const { channelId } = c.req.valid('param')
    const a = await manageChannel(c, ctx, channelId)
    const { on, durationMinutes } = c.req.valid('json')
    const ch = await ctx.networks.connect.setSandboxCrisis(a.workspaceId, channelId, on, durationMinutes)
    return c.json(channelView(ctx, ch), 200)
  })
}

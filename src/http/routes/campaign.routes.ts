import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { authorize } from '../auth.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse } from '../schemas.js'
import {
  CampaignEntrySchema,
  CampaignInputSchema,
  CampaignLogSchema,
  CampaignSchema,
  DecisionSchema,
  ForfeitSchema,
} from './campaign.schemas.js'

const tags = ['Campaigns']
const wsParams = z.object({ workspaceId: IdParam('workspaceId') })
const campaignParams = wsParams.extend({ campaignId: IdParam('campaignId') })
const entryParams = campaignParams.extend({ entryId: IdParam('entryId') })
const base = '/api/workspaces/{workspaceId}/campaigns'

const step = (path: string, summary: string, extra: Record<string, unknown> = {}) =>
  createRoute({
    method: 'post',
    path: `${base}/{campaignId}/${path}`,
    tags,
    summary,
    request: { params: campaignParams },
    responses: { 200: jsonResponse(CampaignSchema, 'The campaign after the step'), ...ERRORS, ...extra },
  })

const routes = {
  list: createRoute({
    method: 'get',
    path: base,
    tags,
    summary: 'Giveaways of the workspace, newest first',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(CampaignSchema), 'Campaigns'), ...ERRORS },
  }),
  create: createRoute({
    method: 'post',
    path: base,
    tags,
    summary: 'Draft a giveaway (entry methods are checked against each network’s rules)',
    request: { params: wsParams, body: jsonBody(CampaignInputSchema) },
    responses: { 201: jsonResponse(CampaignSchema, 'Drafted'), ...ERRORS },
  }),
  get: createRoute({
    method: 'get',
    path: `${base}/{campaignId}`,
    tags,
    summary: 'One giveaway, with its official rules in force',
    request: { params: campaignParams },
    responses: { 200: jsonResponse(CampaignSchema, 'Campaign'), ...ERRORS },
  }),
  update: createRoute({
    method: 'put',
    path: `${base}/{campaignId}`,
    tags,
    summary: 'Replace a draft’s settings and rules text (409 once open)',
    request: { params: campaignParams, body: jsonBody(CampaignInputSchema) },
    responses: { 200: jsonResponse(CampaignSchema, 'Updated'), ...ERRORS },
  }),
  open: step(
    'open',
    'Open: commit to a secret seed and a future drand round, announce on every entry channel',
  ),
  collect: createRoute({
    method: 'post',
    path: `${base}/{campaignId}/collect`,
    tags,
    summary: 'Collect entries from the networks now (the worker does it every 15 s while open)',
    request: { params: campaignParams },
    responses: { 200: jsonResponse(z.object({ stored: z.number().int() }), 'New entries stored'), ...ERRORS },
  }),
  entries: createRoute({
    method: 'get',
    path: `${base}/{campaignId}/entries`,
    tags,
    summary: 'Collected entries with their screening flags',
    request: { params: campaignParams },
    responses: { 200: jsonResponse(z.array(CampaignEntrySchema), 'Entries'), ...ERRORS },
  }),
  decide: createRoute({
    method: 'post',
    path: `${base}/{campaignId}/entries/{entryId}/decision`,
    tags,
    summary: 'Disqualify or restore an entry before the freeze; the note is public',
    request: { params: entryParams, body: jsonBody(DecisionSchema) },
    responses: { 200: jsonResponse(CampaignEntrySchema, 'The entry'), ...ERRORS },
  }),
  freeze: step('freeze', 'Freeze the entry list after the close and publish its hash'),
  draw: step('draw', 'Draw with the committed beacon round (409 before it is out) and tell the winners', {
    503: { description: 'The beacon could not be reached or did not verify' },
  }),
  claim: createRoute({
    method: 'post',
    path: `${base}/{campaignId}/winners/{entryId}/claim`,
    tags,
    summary: 'Mark a winner’s prize claimed',
    request: { params: entryParams },
    responses: { 200: jsonResponse(CampaignSchema, 'Campaign'), ...ERRORS },
  }),
  forfeit: createRoute({
    method: 'post',
    path: `${base}/{campaignId}/winners/{entryId}/forfeit`,
    tags,
    summary: 'A winner loses the prize; it goes to the next entry of the published ranking',
    request: { params: entryParams, body: jsonBody(ForfeitSchema) },
    responses: { 200: jsonResponse(CampaignSchema, 'Campaign'), ...ERRORS },
  }),
  log: createRoute({
    method: 'get',
    path: `${base}/{campaignId}/log`,
    tags,
    summary: 'The campaign’s public log (commitment, flags, decisions, freeze, draw, claims, redraws)',
    request: { params: campaignParams },
    responses: { 200: jsonResponse(z.array(CampaignLogSchema), 'Log'), ...ERRORS },
  }),
}

export function registerCampaignRoutes(app: App, ctx: AppContext): void {
  const c = () => ctx.campaigns
  app.openapi(routes.list, async (h) =>
    h.json(await c().campaigns.list(authorize(h, 'campaign.read').workspaceId), 200),
  )
  app.openapi(routes.create, async (h) => {
    const a = authorize(h, 'campaign.manage')
    return h.json(await c().campaigns.create(a.workspaceId, h.req.valid('json'), a.memberId), 201)
  })
  app.openapi(routes.get, async (h) => {
    const a = authorize(h, 'campaign.read')
    return h.json(await c().campaigns.get(a.workspaceId, h.req.valid('param').campaignId), 200)
  })
  app.openapi(routes.update, async (h) => {
    const a = authorize(h, 'campaign.manage')
    return h.json(
      await c().campaigns.update(a.workspaceId, h.req.valid('param').campaignId, h.req.valid('json')),
      200,
    )
  })
  app.openapi(routes.open, async (h) => {
    const a = authorize(h, 'campaign.manage')
    return h.json(await c().draw.open(a.workspaceId, h.req.valid('param').campaignId, a.memberId), 200)
  })
  app.openapi(routes.collect, async (h) => {
    const a = authorize(h, 'campaign.manage')
    return h.json(await c().draw.collect(a.workspaceId, h.req.valid('param').campaignId), 200)
  })
  app.openapi(routes.entries, async (h) => {
    const a = authorize(h, 'campaign.read')
    return h.json(await c().draw.entries(a.workspaceId, h.req.valid('param').campaignId), 200)
  })
  app.openapi(routes.decide, async (h) => {
    const a = authorize(h, 'campaign.manage')
    const { campaignId, entryId } = h.req.valid('param')
    const body = h.req.valid('json')
    return h.json(
      await c().draw.decide(a.workspaceId, campaignId, entryId, body.decision, body.note, a.memberId),
      200,
    )
  })
  app.openapi(routes.freeze, async (h) => {
    const a = authorize(h, 'campaign.manage')
    return h.json(await c().draw.freeze(a.workspaceId, h.req.valid('param').campaignId), 200)
  })
  app.openapi(routes.draw, async (h) => {
    const a = authorize(h, 'campaign.manage')
    return h.json(await c().draw.draw(a.workspaceId, h.req.valid('param').campaignId, a.memberId), 200)
  })
  app.openapi(routes.claim, async (h) => {
    const a = authorize(h, 'campaign.manage')
    const { campaignId, entryId } = h.req.valid('param')
    return h.json(await c().draw.claim(a.workspaceId, campaignId, entryId, a.memberId), 200)
  })
  app.openapi(routes.forfeit, async (h) => {
    const a = authorize(h, 'campaign.manage')
    const { campaignId, entryId } = h.req.valid('param')
    return h.json(
      await c().draw.forfeit(a.workspaceId, campaignId, entryId, h.req.valid('json').note, a.memberId),
      200,
    )
  })
  app.openapi(routes.log, async (h) => {
    const a = authorize(h, 'campaign.read')
    const { campaignId } = h.req.valid('param')
    await c().campaigns.row(a.workspaceId, campaignId)
    return h.json(await c().campaigns.logOf(campaignId), 200)
  })
}

/**
 * The leader's weekly rhythm: digest (and "send now"), nudges with mutes and actions, scorecards
 * (one leader, and the team view), and practice sessions on the Sandbox.
 * Who may see what is enforced here and in the services: the digest and nudges belong to the
 * leader (and the people who manage presences); scorecards follow the workspace setting.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppContext } from '../../context.js'
import { forbidden } from '../../core/errors.js'
import type { Action } from '../../workspace/permissions.js'
import { authorize } from '../auth.js'
import type { App, AppEnv } from '../env.js'
import { ERRORS, jsonBody, jsonResponse, OK_EMPTY } from '../schemas.js'
import {
  ActInput,
  DigestSchema,
  draftParams,
  kindParams,
  LeaderRefSchema,
  leaderParams,
  MuteInput,
  MuteSchema,
  NudgeSchema,
  nudgeParams,
  PracticeInput,
  PracticeReplyInput,
  PracticeSessionSchema,
  practiceMessageParams,
  ScorecardSchema,
  sessionParams,
  wsParams,
} from './leader-rhythm.schemas.js'

const tags = ['Leader rhythm']
const routes = {
  digest: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/digest',
    tags,
    summary:
      "The leader's weekly digest (drafts to approve, people waiting, the public's week, scorecard, nudges)",
    request: { params: leaderParams },
    responses: { 200: jsonResponse(DigestSchema, 'Digest'), ...ERRORS },
  }),
  send: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/digest/send',
    tags,
    summary: 'Send the digest now (in-app, and by email when SMTP is configured); admins only',
    request: { params: leaderParams },
    responses: {
      200: jsonResponse(z.object({ runId: z.string(), emailed: z.boolean() }), 'Sent'),
      ...ERRORS,
    },
  }),
  approveLink: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/digest/drafts/{postId}/approve-link',
    tags,
    summary: 'A fresh one-tap approval link for a draft waiting for the leader (the leader only)',
    request: { params: draftParams },
    responses: { 200: jsonResponse(z.object({ url: z.string() }), 'Link'), ...ERRORS },
  }),
  nudges: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/nudges',
    tags,
    summary: 'Nudges of the leader (open first) and the active mutes',
    request: { params: leaderParams },
    responses: {
      200: jsonResponse(z.object({ nudges: z.array(NudgeSchema), mutes: z.array(MuteSchema) }), 'Nudges'),
      ...ERRORS,
    },
  }),
  dismiss: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/nudges/{nudgeId}/dismiss',
    tags,
    summary: 'Dismiss a nudge (it stays away for 24 hours)',
    request: { params: nudgeParams },
    responses: { 200: jsonResponse(NudgeSchema, 'Dismissed'), ...ERRORS },
  }),
  act: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/nudges/{nudgeId}/act',
    tags,
    summary: 'Take what a negative-surge nudge offers: freeze scheduled posts, or draft a statement',
    request: { params: nudgeParams, body: jsonBody(ActInput) },
    responses: {
      200: jsonResponse(z.object({ nudge: NudgeSchema, postId: z.string().nullable() }), 'Done'),
      ...ERRORS,
    },
  }),
  mute: createRoute({
    method: 'put',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/nudge-mutes',
    tags,
    summary: 'Mute one kind of nudge for this leader (until a time, or until unmuted)',
    request: { params: leaderParams, body: jsonBody(MuteInput) },
    responses: { 200: jsonResponse(MuteSchema, 'Muted'), ...ERRORS },
  }),
  unmute: createRoute({
    method: 'delete',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/nudge-mutes/{kind}',
    tags,
    summary: 'Unmute one kind of nudge',
    request: { params: kindParams },
    responses: { ...OK_EMPTY, ...ERRORS },
  }),
  evaluate: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/leaders/nudges/evaluate',
    tags,
    summary: 'Evaluate every leader’s nudges now (the job does it every five minutes); admins only',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.object({ opened: z.number() }), 'Evaluated'), ...ERRORS },
  }),
  scorecard: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/scorecard',
    tags,
    summary: 'Scorecard over 12 weeks with the trend',
    request: { params: leaderParams },
    responses: { 200: jsonResponse(ScorecardSchema, 'Scorecard'), ...ERRORS },
  }),
  team: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/scorecards',
    tags,
    summary: 'The team view: every presence whose scorecard the caller may see',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(ScorecardSchema), 'Scorecards'), ...ERRORS },
  }),
  leaders: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/leaders',
    tags,
    summary: 'The leaders: person presences that belong to a member (practice presences left out)',
    request: { params: wsParams },
    responses: { 200: jsonResponse(z.array(LeaderRefSchema), 'Leaders'), ...ERRORS },
  }),
  practiceStart: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/practice',
    tags,
    summary: 'Start a PRACTICE session on the Sandbox (never a real network)',
    request: { params: leaderParams, body: jsonBody(PracticeInput) },
    responses: { 201: jsonResponse(PracticeSessionSchema, 'Started'), ...ERRORS },
  }),
  practiceList: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/practice',
    tags,
    summary: 'Practice sessions of the leader, newest first',
    request: { params: leaderParams },
    responses: { 200: jsonResponse(z.array(PracticeSessionSchema), 'Sessions'), ...ERRORS },
  }),
  practiceGet: createRoute({
    method: 'get',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/practice/{sessionId}',
    tags,
    summary: 'One practice session (delivers the messages that are due)',
    request: { params: sessionParams },
    responses: { 200: jsonResponse(PracticeSessionSchema, 'Session'), ...ERRORS },
  }),
  practiceReply: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/practice/{sessionId}/messages/{position}/reply',
    tags,
    summary: 'Answer one PRACTICE message from the practice page (through the inbox reply path)',
    request: { params: practiceMessageParams, body: jsonBody(PracticeReplyInput) },
    responses: { 200: jsonResponse(PracticeSessionSchema, 'The session after the reply'), ...ERRORS },
  }),
  practiceFinish: createRoute({
    method: 'post',
    path: '/api/workspaces/{workspaceId}/leaders/{presenceId}/practice/{sessionId}/finish',
    tags,
    summary: 'Finish a practice session and store its results',
    request: { params: sessionParams },
    responses: { 200: jsonResponse(PracticeSessionSchema, 'Finished'), ...ERRORS },
  }),
}

/** The presence (never a practice one) and the caller, authorized for `action` on it. */
async function forLeader(c: Context<AppEnv>, ctx: AppContext, action: Action, presenceId: string) {
  const actor = c.get('actor')
  if (!actor) return authorize(c, action) // no workspace: authorize throws the right problem
  const presence = await ctx.leader.rhythm.scorecards.presence(actor.workspaceId, presenceId)
  const a = authorize(c, action, { presenceOwnerMemberId: presence.memberId })
  return { ...a, presence }
}

export function registerLeaderRhythmRoutes(app: App, ctx: AppContext): void {
  const r = () => ctx.leader.rhythm

  app.openapi(routes.leaders, async (c) => {
    const a = authorize(c, 'presence.read')
    return c.json(await r().scorecards.leaders(a.workspaceId), 200)
  })

  app.openapi(routes.digest, async (c) => {
    const { presenceId } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'presence.manage', presenceId)
    const digest = await r().digests.compose(a.workspaceId, presenceId)
    return c.json(
      {
        ...digest,
        mutes: await r().nudges.mutes(a.workspaceId, presenceId),
        lastSent: await r().digests.lastSent(a.workspaceId, presenceId),
      },
      200,
    )
  })

  app.openapi(routes.send, async (c) => {
    const { presenceId } = c.req.valid('param')
    const a = authorize(c, 'workspace.settings')
    const s = await r().digests.send(a.workspaceId, presenceId, 'manual')
    return c.json({ runId: s.runId, emailed: s.emailed }, 200)
  })

  app.openapi(routes.approveLink, async (c) => {
    const { presenceId, postId } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'post.approve', presenceId)
    return c.json({ url: await r().digests.approveLink(a.workspaceId, presenceId, postId, a) }, 200)
  })

  app.openapi(routes.nudges, async (c) => {
    const { presenceId } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'presence.manage', presenceId)
    const nudges = await r().nudges.list(a.workspaceId, presenceId)
    nudges.sort((x, y) => Number(y.state === 'open') - Number(x.state === 'open'))
    return c.json({ nudges, mutes: await r().nudges.mutes(a.workspaceId, presenceId) }, 200)
  })

  app.openapi(routes.dismiss, async (c) => {
    const { presenceId, nudgeId } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'presence.manage', presenceId)
    return c.json(await r().nudges.dismiss(a.workspaceId, presenceId, nudgeId, a), 200)
  })

  app.openapi(routes.act, async (c) => {
    const { presenceId, nudgeId } = c.req.valid('param')
    const { action } = c.req.valid('json')
    const a = await forLeader(c, ctx, action === 'freeze' ? 'presence.freeze' : 'post.draft', presenceId)
    return c.json(await r().nudges.act(a.workspaceId, presenceId, nudgeId, action, a), 200)
  })

  app.openapi(routes.mute, async (c) => {
    const { presenceId } = c.req.valid('param')
    const body = c.req.valid('json')
    const a = await forLeader(c, ctx, 'presence.manage', presenceId)
    return c.json(await r().nudges.mute(a.workspaceId, presenceId, body.kind, body.until ?? null, a), 200)
  })

  app.openapi(routes.unmute, async (c) => {
    const { presenceId, kind } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'presence.manage', presenceId)
    await r().nudges.unmute(a.workspaceId, presenceId, kind)
    return c.body(null, 204)
  })

  app.openapi(routes.evaluate, async (c) => {
    const a = authorize(c, 'workspace.settings')
    return c.json({ opened: await r().nudges.evaluateWorkspace(a.workspaceId) }, 200)
  })

  app.openapi(routes.scorecard, async (c) => {
    const { presenceId } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'reports.read', presenceId)
    return c.json(await r().scorecards.forPresence(a.workspaceId, presenceId, a), 200)
  })

  app.openapi(routes.team, async (c) => {
    const a = authorize(c, 'workspace.read')
    const cards = await r().scorecards.team(a.workspaceId, a)
    if (cards.length === 0 && a.role !== 'owner' && a.role !== 'admin') {
      const mine = (await r().scorecards.leaders(a.workspaceId)).some((l) => l.memberId === a.memberId)
      if (!mine) throw forbidden("Members see each other's scorecards only when the workspace allows it")
    }
    return c.json(cards, 200)
  })

  app.openapi(routes.practiceStart, async (c) => {
    const { presenceId } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'presence.manage', presenceId)
    return c.json(await r().practice.start(a.workspaceId, presenceId, a, c.req.valid('json')), 201)
  })

  app.openapi(routes.practiceList, async (c) => {
    const { presenceId } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'presence.manage', presenceId)
    return c.json(await r().practice.list(a.workspaceId, presenceId), 200)
  })

  app.openapi(routes.practiceGet, async (c) => {
    const { presenceId, sessionId } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'presence.manage', presenceId)
    const s = await r().practice.refresh(a.workspaceId, sessionId)
    if (s.leaderPresenceId !== presenceId) throw forbidden('This session belongs to another leader')
    return c.json(s, 200)
  })

  app.openapi(routes.practiceReply, async (c) => {
    const { presenceId, sessionId, position } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'presence.manage', presenceId)
    const s = await r().practice.get(a.workspaceId, sessionId)
    if (s.leaderPresenceId !== presenceId) throw forbidden('This session belongs to another leader')
    await r().practice.reply(a.workspaceId, sessionId, position, a, c.req.valid('json').text)
    return c.json(await r().practice.get(a.workspaceId, sessionId), 200)
  })

  app.openapi(routes.practiceFinish, async (c) => {
    const { presenceId, sessionId } = c.req.valid('param')
    const a = await forLeader(c, ctx, 'presence.manage', presenceId)
    const s = await r().practice.get(a.workspaceId, sessionId)
    if (s.leaderPresenceId !== presenceId) throw forbidden('This session belongs to another leader')
    return c.json(await r().practice.finish(a.workspaceId, sessionId), 200)
  })
}

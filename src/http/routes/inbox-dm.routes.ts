/**
 * Continue a public conversation in a direct message, where the channel's network supports DMs
 * (its capabilities say `directMessages`): the DM is sent through the network and its conversation
 * linked with the public one (both timelines record the move).
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import type { App } from '../env.js'
import { ERRORS, jsonBody, jsonResponse } from '../schemas.js'
import { convParams, MessageSchema } from './inbox-schemas.js'
import { inboxConversationActor } from './inbox-scope.js'

const MoveToDmInput = z.strictObject({ text: z.string().min(1).max(10_000) }).openapi('MoveToDmInput')

const MoveToDmSchema = z
  .object({
    conversationId: z.string().openapi({ description: 'The direct conversation' }),
    message: MessageSchema,
  })
  .openapi('MoveToDm')

const moveToDm = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/inbox/conversations/{conversationId}/move-to-dm',
  tags: ['Inbox'],
  summary: 'Continue in a direct message: send the customer a DM and link its conversation to this one',
  description:
    "409 when the channel's network does not support direct messages (see the network's capabilities).",
  request: { params: convParams, body: jsonBody(MoveToDmInput) },
  responses: {
    201: jsonResponse(MoveToDmSchema, 'Sent; the direct conversation and the message'),
    ...ERRORS,
  },
})

export function registerInboxDmRoutes(app: App, ctx: AppContext): void {
  app.openapi(moveToDm, async (c) => {
    const id = c.req.valid('param').conversationId
    const a = await inboxConversationActor(c, ctx, 'inbox.reply', id)
    const r = await ctx.inbox.directMessages.moveToDm(a.workspaceId, id, a, c.req.valid('json').text)
    return c.json(r, 201)
  })
}

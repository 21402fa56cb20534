/** Moderation from the inbox: hide/unhide, delete, like, hide the author from the Page (#20). */
import { createRoute, z } from '@hono/zod-openapi'
import type { AppContext } from '../../context.js'
import { ModerationService } from '../../inbox/moderation.service.js'
import { MODERATION_ACTIONS } from '../../networks/moderation.port.js'
import type { App } from '../env.js'
import { ERRORS, IdParam, jsonBody, jsonResponse } from '../schemas.js'
import { inboxConversationActor } from './inbox-scope.js'

const ActionEnum = z.enum(MODERATION_ACTIONS as [string, ...string[]])

const route = createRoute({
  method: 'post',
  path: '/api/workspaces/{workspaceId}/inbox/conversations/{conversationId}/messages/{messageId}/moderate',
  tags: ['Inbox'],
  summary:
    "Moderate a customer's comment on the network: hide, unhide, delete, like, unlike, or ban-author (hide it and block its author from the Page)",
  description:
    "Networks differ: Facebook takes every action, Instagram hide/unhide/delete; elsewhere the answer is 400 on `action` naming what the network does not offer. The network's refusal reasons come back in words.",
  request: {
    params: z.object({
      workspaceId: IdParam('workspaceId'),
      conversationId: IdParam('conversationId'),
      messageId: IdParam('messageId'),
    }),
    body: jsonBody(z.object({ action: ActionEnum }).openapi('ModerationInput')),
  },
  responses: {
    200: jsonResponse(
      z.object({ messageId: z.string(), action: ActionEnum }).openapi('ModerationDone'),
      'Done',
    ),
    ...ERRORS,
  },
})

export function registerInboxModerationRoutes(app: App, ctx: AppContext): void {
  let service: ModerationService | undefined
  app.openapi(route, async (c) => {
    const { conversationId, messageId } = c.req.valid('param')
    const a = await inboxConversationActor(c, ctx, 'inbox.reply', conversationId)
    const { action } = c.req.valid('json')
    service ??= new ModerationService(ctx.db.kysely, ctx.networks.connect)
    await service.moderate(
      a.workspaceId,
      conversationId,
      messageId,
      action as (typeof MODERATION_ACTIONS)[number],
    )
    return c.json({ messageId, action }, 200)
  })
}

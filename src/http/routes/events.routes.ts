/**
 * Live updates: a Server-Sent Events stream of the workspace's inbox events (new messages,
 * assignments, conversation changes, who is viewing or typing). The browser reconnects by itself;
 * a `ping` comment every 20 s keeps proxies from closing an idle stream.
 */
import { createRoute, z } from '@hono/zod-openapi'
import { streamSSE } from 'hono/streaming'
import type { AppContext } from '../../context.js'
import type { LiveEvent } from '../../shared/live-event.types.js'
import type { App } from '../env.js'
import { ERRORS } from '../schemas.js'
import { wsParams } from './inbox-schemas.js'
import { inboxScope } from './inbox-scope.js'

const PING_MS = 20_000

const route = createRoute({
  method: 'get',
  path: '/api/workspaces/{workspaceId}/events',
  tags: ['Inbox'],
  summary:
    'Server-Sent Events: message.created, conversation.updated, conversation.assigned, presence, inbox.ingested',
  description:
    'Each event has `event: <type>` and `data: <JSON of the event>`. After `inbox.ingested` (a burst) reload the list.',
  request: { params: wsParams },
  responses: {
    200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...ERRORS,
  },
})

export function registerEventRoutes(app: App, ctx: AppContext): void {
  app.openapi(route, async (c) => {
    const a = await inboxScope(c, ctx, 'inbox.read')
    // An executive hears only about the conversations of their own presences.
    const scope = a.presenceIds
    const visible = new Map<string, Promise<boolean>>()
    const allowed = (e: LiveEvent): Promise<boolean> => {
      if (!scope || !('conversationId' in e)) return Promise.resolve(true)
      let v = visible.get(e.conversationId)
      if (!v) {
        v = ctx.inbox.scopes
          .ofConversation(a.workspaceId, e.conversationId)
          .then((o) => o !== undefined && scope.includes(o.presenceId))
        visible.set(e.conversationId, v)
      }
      return v
    }
    return streamSSE(c, async (stream) => {
      const queue: LiveEvent[] = []
      let wake: (() => void) | undefined
      const unsubscribe = ctx.events.subscribe(a.workspaceId, (e) => {
        queue.push(e)
        wake?.()
      })
      let open = true
      stream.onAbort(() => {
        open = false
        wake?.()
      })
      try {
        await stream.writeSSE({ event: 'ready', data: JSON.stringify({ workspaceId: a.workspaceId }) })
        while (open) {
          while (queue.length) {
            const e = queue.shift()!
            if (await allowed(e)) await stream.writeSSE({ event: e.type, data: JSON.stringify(e) })
          }
          await new Promise<void>((resolve) => {
            wake = resolve
            setTimeout(resolve, PING_MS).unref?.()
          })
          wake = undefined
          if (open && queue.length === 0) await stream.write(': ping\n\n')
        }
      } finally {
        unsubscribe()
      }
    }) as never
  })
}

/**
 * The live events browsers receive over Server-Sent Events (GET /api/workspaces/{id}/events). Not in the
 * OpenAPI document (a stream, not JSON), so the type itself is shared by the server's EventBus and the web.
 */

/** What the inbox tells browsers about. Every event is scoped to one workspace. */
export type LiveEvent =
  | {
      type: 'message.created'
      workspaceId: string
      conversationId: string
      messageId: string
      direction: 'in' | 'out'
    }
  | { type: 'conversation.updated'; workspaceId: string; conversationId: string; fields: string[] }
  | {
      type: 'conversation.assigned'
      workspaceId: string
      conversationId: string
      assigneeMemberId: string | null
    }
  | {
      type: 'presence'
      workspaceId: string
      conversationId: string
      memberId: string
      mode: 'viewing' | 'typing' | 'left'
    }
  | { type: 'inbox.ingested'; workspaceId: string; count: number }

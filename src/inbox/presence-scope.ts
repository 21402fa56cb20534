/**
 * Which presence a conversation, message or contact belongs to, for members who may work only the
 * inbox of their own person presence (executives, docs/permissions.md). Members whose role covers
 * the whole inbox never need these lookups.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

export interface PresenceOwner {
  presenceId: string
  /** The member the presence belongs to (person presences), null for brand presences. */
  memberId: string | null
}

export class PresenceScopes {
  constructor(private readonly db: Kysely<Database>) {}

  /** The presences of the workspace that belong to `memberId`. */
  async owned(workspaceId: string, memberId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('presences')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('member_id', '=', memberId)
      .orderBy('id')
      .execute()
    return rows.map((r) => r.id)
  }

  /** The presence of a conversation of the workspace, or undefined when there is no such conversation. */
  async ofConversation(workspaceId: string, conversationId: string): Promise<PresenceOwner | undefined> {
    const r = await this.db
      .selectFrom('inbox_conversations as v')
      .innerJoin('presences as p', 'p.id', 'v.presence_id')
      .select(['p.id', 'p.member_id'])
      .where('v.workspace_id', '=', workspaceId)
      .where('v.id', '=', conversationId)
      .executeTakeFirst()
    return r ? { presenceId: r.id, memberId: r.member_id } : undefined
  }

  /** The presence of a message's conversation, or undefined when there is no such message. */
  async ofMessage(workspaceId: string, messageId: string): Promise<PresenceOwner | undefined> {
    const r = await this.db
      .selectFrom('inbox_messages as m')
      .innerJoin('inbox_conversations as v', 'v.id', 'm.conversation_id')
      .innerJoin('presences as p', 'p.id', 'v.presence_id')
      .select(['p.id', 'p.member_id'])
      .where('m.workspace_id', '=', workspaceId)
      .where('m.id', '=', messageId)
      .executeTakeFirst()
    return r ? { presenceId: r.id, memberId: r.member_id } : undefined
  }

  /** The ids among `conversationIds` whose conversation belongs to one of `presenceIds`. */
  async conversationsIn(
    workspaceId: string,
    conversationIds: readonly string[],
    presenceIds: readonly string[],
  ): Promise<Set<string>> {
    if (conversationIds.length === 0 || presenceIds.length === 0) return new Set()
    const rows = await this.db
      .selectFrom('inbox_conversations')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', [...conversationIds])
      .where('presence_id', 'in', [...presenceIds])
      .execute()
    return new Set(rows.map((r) => r.id))
  }

  /** The ids among `contactIds` that have a conversation with one of `presenceIds`. */
  async contactsIn(
    workspaceId: string,
    contactIds: readonly string[],
    presenceIds: readonly string[],
  ): Promise<Set<string>> {
    if (contactIds.length === 0 || presenceIds.length === 0) return new Set()
    const rows = await this.db
      .selectFrom('inbox_conversations')
      .select('contact_id')
      .distinct()
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', 'in', [...contactIds])
      .where('presence_id', 'in', [...presenceIds])
      .execute()
    return new Set(rows.map((r) => r.contact_id))
  }

  /** The channels of `presenceIds` (for activity counts). */
  async channelsOf(workspaceId: string, presenceIds: readonly string[]): Promise<Set<string>> {
    if (presenceIds.length === 0) return new Set()
    const rows = await this.db
      .selectFrom('channels')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('presence_id', 'in', [...presenceIds])
      .execute()
    return new Set(rows.map((r) => r.id))
  }
}

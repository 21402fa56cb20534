/**
 * Who is viewing or typing in a conversation. Browsers send a heartbeat every few seconds; it is
 * kept in memory for this process and in the database (with an expiry) so other processes see it
 * too, and announced on the event bus so everyone's screen updates without a reload.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { EventBus } from '../core/event-bus.js'
import type { Database } from '../db/schema.js'

/** A heartbeat is valid this long; browsers beat about every 5 s. */
export const PRESENCE_TTL_MS = 15_000

export type PresenceMode = 'viewing' | 'typing' | 'left'

export class CollisionService {
  private readonly local = new Map<string, { mode: string; expiresAt: number }>()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly events?: EventBus,
  ) {}

  /** Records that `memberId` views, types in, or left the conversation; returns who else is there. */
  async beat(
    workspaceId: string,
    conversationId: string,
    memberId: string,
    mode: PresenceMode,
  ): Promise<Array<{ memberId: string; mode: 'viewing' | 'typing' }>> {
    const now = this.clock.now()
    const key = `${conversationId}:${memberId}`
    const prev = this.local.get(key)
    if (mode === 'left') {
      this.local.delete(key)
      await this.db
        .deleteFrom('inbox_presence')
        .where('conversation_id', '=', conversationId)
        .where('member_id', '=', memberId)
        .execute()
    } else {
      const expiresAt = now + PRESENCE_TTL_MS
      this.local.set(key, { mode, expiresAt })
      await this.db
        .insertInto('inbox_presence')
        .values({
          conversation_id: conversationId,
          member_id: memberId,
          workspace_id: workspaceId,
          mode,
          expires_at: expiresAt,
        })
        .onConflict((oc) =>
          oc.columns(['conversation_id', 'member_id']).doUpdateSet({ mode, expires_at: expiresAt }),
        )
        .execute()
    }
    // @NOTE announce changes only, not every heartbeat: typing → viewing → left.
    if (!prev || prev.mode !== mode || prev.expiresAt < now) {
      this.events?.publish({ type: 'presence', workspaceId, conversationId, memberId, mode })
    }
    const rows = await this.db
      .selectFrom('inbox_presence')
      .select(['member_id', 'mode'])
      .where('conversation_id', '=', conversationId)
      .where('expires_at', '>', now)
      .where('member_id', '!=', memberId)
      .execute()
    return rows.map((r) => ({ memberId: r.member_id, mode: r.mode as 'viewing' | 'typing' }))
  }

  /** Drops expired heartbeats (the periodic job). */
  async prune(): Promise<void> {
    const now = this.clock.now()
    for (const [k, v] of this.local) if (v.expiresAt < now) this.local.delete(k)
    await this.db
      .deleteFrom('inbox_presence')
      .where('expires_at', '<', now - PRESENCE_TTL_MS)
      .execute()
  }
}

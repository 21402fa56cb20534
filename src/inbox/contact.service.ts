/**
 * Contacts: one per network account, grouped across networks by merging (a merged contact points at
 * its group's); notes, block, mute, history.
 */
import { type Kysely, type Selectable, sql } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import type { Database } from '../db/schema.js'
import type { InboxContactsTable } from './inbox.tables.js'
import { hourOf } from './ingest-steps.js'

export interface ContactDto {
  id: string
  name: string
  handle: string
  avatarUrl: string | null
  followerCount: number | null
  notes: string
  blocked: boolean
  muted: boolean
  messageCount: number
  firstSeenAt: number
  lastSeenAt: number
  accounts: Array<{
    network: string
    remoteId: string
    handle: string
    displayName: string | null
    followerCount: number | null
  }>
}

export interface ContactDetail extends ContactDto {
  /** Conversations with this contact, newest first. */
  conversations: Array<{
    id: string
    state: string
    priority: string
    preview: string
    lastMessageAt: number
  }>
}

export class ContactService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  private async rows(workspaceId: string, ids: string[]): Promise<ContactDto[]> {
    if (ids.length === 0) return []
    const contacts = await this.db
      .selectFrom('inbox_contacts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', ids)
      .execute()
    // A group's accounts: the contact's own and those of the contacts merged into it.
    const accounts = await this.db
      .selectFrom('inbox_contacts')
      .select(['id', 'merged_into', 'network', 'remote_id', 'handle', 'remote_name', 'follower_count'])
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('id', 'in', ids), eb('merged_into', 'in', ids)]))
      .where('remote_id', 'is not', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    const byId = new Map(contacts.map((c) => [c.id, c]))
    return ids
      .map((id) => byId.get(id))
      .filter((c): c is Selectable<InboxContactsTable> => c !== undefined)
      .map((c) => ({
        id: c.id,
        name: c.display_name,
        handle: c.handle,
        avatarUrl: c.avatar_url,
        followerCount: c.follower_count,
        notes: c.notes,
        blocked: c.blocked === 1,
        muted: c.muted === 1,
        messageCount: Number(c.message_count),
        firstSeenAt: c.first_seen_at,
        lastSeenAt: c.last_seen_at,
        accounts: accounts
          .filter((a) => (a.merged_into ?? a.id) === c.id)
          .map((a) => ({
            network: a.network!,
            remoteId: a.remote_id!,
            handle: a.handle,
            displayName: a.remote_name,
            followerCount: a.follower_count,
          })),
      }))
  }

  /**
   * Contacts by recent activity, optionally matching `q` in the name or handle of any of their
   * accounts (a group is found by the accounts merged into it too).
   */
  async list(workspaceId: string, opts: { q?: string; limit?: number } = {}): Promise<ContactDto[]> {
    let q = this.db
      .selectFrom('inbox_contacts')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('merged_into', 'is', null)
    if (opts.q?.trim()) q = q.where('id', 'in', contactGroupsMatching(this.db, workspaceId, opts.q))
    // @NOTE by the hour of last activity (indexed, moves at most hourly), then exactly within it.
    const ids = await q
      .orderBy('seen_hour', 'desc')
      .orderBy('last_seen_at', 'desc')
      .limit(Math.min(opts.limit ?? 50, 200))
      .execute()
    return this.rows(
      workspaceId,
      ids.map((r) => r.id),
    )
  }

  async get(workspaceId: string, id: string): Promise<ContactDetail> {
    const [c] = await this.rows(workspaceId, [id])
    if (!c) throw notFound('contact')
    const convs = await this.db
      .selectFrom('inbox_conversations')
      .select(['id', 'state', 'priority', 'preview', 'last_message_at'])
      .where('workspace_id', '=', workspaceId)
      .where('contact_id', '=', id)
      .orderBy('last_message_at', 'desc')
      .limit(100)
      .execute()
    return {
      ...c,
      conversations: convs.map((v) => ({
        id: v.id,
        state: v.state,
        priority: v.priority,
        preview: v.preview,
        lastMessageAt: v.last_message_at,
      })),
    }
  }

  /** Notes, name, block and mute. */
  async update(
    workspaceId: string,
    id: string,
    patch: { notes?: string; name?: string; blocked?: boolean; muted?: boolean },
  ): Promise<ContactDetail> {
    await this.get(workspaceId, id)
    await this.db
      .updateTable('inbox_contacts')
      .set({
        ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
        ...(patch.name !== undefined ? { display_name: patch.name } : {}),
        ...(patch.blocked !== undefined ? { blocked: patch.blocked ? 1 : 0 } : {}),
        ...(patch.muted !== undefined ? { muted: patch.muted ? 1 : 0 } : {}),
        updated_at: this.clock.now(),
      })
      .where('id', '=', id)
      .execute()
    return this.get(workspaceId, id)
  }

  /**
   * Merges `sourceId` into `targetId`: the source and the contacts merged into it point at the target
   * (so messages from their accounts now count for it), conversations and messages move to the
   * target, and notes are appended. Nothing is deleted, so nothing dangles.
   */
  async merge(workspaceId: string, targetId: string, sourceId: string): Promise<ContactDetail> {
    if (targetId === sourceId) throw invalid('sourceId', 'must be another contact')
    const target = await this.get(workspaceId, targetId)
    const source = await this.get(workspaceId, sourceId)
    // @NOTE a group is one level deep: merging into a contact that is itself merged would make a chain.
    const pointers = await this.db
      .selectFrom('inbox_contacts')
      .select(['id', 'merged_into'])
      .where('id', 'in', [targetId, sourceId])
      .execute()
    for (const p of pointers)
      if (p.merged_into !== null)
        throw invalid(p.id === targetId ? 'targetId' : 'sourceId', 'was merged into another contact already')
    const now = this.clock.now()
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('inbox_contacts')
        .set({ merged_into: targetId, updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('merged_into', '=', sourceId)
        .execute()
      await trx
        .updateTable('inbox_conversations')
        .set({ contact_id: targetId, updated_at: now })
        .where('contact_id', '=', sourceId)
        .execute()
      await trx
        .updateTable('inbox_messages')
        .set({ contact_id: targetId })
        .where('contact_id', '=', sourceId)
        .where('workspace_id', '=', workspaceId)
        .execute()
      await trx
        .updateTable('inbox_contacts')
        .set({
          notes: [target.notes, source.notes].filter((n) => n.trim()).join('\n\n'),
          message_count: target.messageCount + source.messageCount,
          follower_count: Math.max(target.followerCount ?? 0, source.followerCount ?? 0) || null,
          first_seen_at: Math.min(target.firstSeenAt, source.firstSeenAt),
          last_seen_at: Math.max(target.lastSeenAt, source.lastSeenAt),
          seen_hour: hourOf(Math.max(target.lastSeenAt, source.lastSeenAt)),
          blocked: target.blocked || source.blocked ? 1 : 0,
          updated_at: now,
        })
        .where('id', '=', targetId)
        .execute()
      await trx
        .updateTable('inbox_contacts')
        .set({ merged_into: targetId, message_count: 0, updated_at: now })
        .where('id', '=', sourceId)
        .execute()
    })
    return this.get(workspaceId, targetId)
  }
}

/**
 * The ids of the contacts (groups) with an account whose name or handle contains `q`, ignoring case:
 * a merged account stands for the contact it was merged into. Used by the contact list and by inbox
 * search.
 */
export function contactGroupsMatching(db: Kysely<Database>, workspaceId: string, q: string) {
  const like = `%${q.trim().toLowerCase().replace(/[%_]/g, '')}%`
  return db
    .selectFrom('inbox_contacts')
    .select(sql<string>`COALESCE(merged_into, id)`.as('id'))
    .where('workspace_id', '=', workspaceId)
    .where((e) => e.or([e(sql`lower(display_name)`, 'like', like), e(sql`lower(handle)`, 'like', like)]))
}

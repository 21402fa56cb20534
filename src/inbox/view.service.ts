/** Saved views: named filters of the conversation list, personal or shared, with unread counts. */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { ConversationFilters } from './inbox.types.js'
import type { InboxView, PresenceScope } from './inbox.view.js'
import { assertInWorkspace } from './workspace-ids.js'

export interface SavedView {
  id: string
  name: string
  /** Null when shared with the workspace. */
  memberId: string | null
  filters: ConversationFilters
  position: number
  createdAt: number
}

export interface SavedViewInput {
  name: string
  shared?: boolean
  filters: ConversationFilters
}

/** Views every workspace has, before any are saved. */
export const BUILT_IN_VIEWS: Array<{ id: string; name: string; filters: ConversationFilters }> = [
  { id: 'mine', name: 'Assigned to me', filters: { states: ['open', 'pending'], assignee: 'me' } },
  { id: 'unassigned', name: 'Unassigned', filters: { states: ['open'], assignee: 'none' } },
  { id: 'urgent', name: 'Urgent', filters: { states: ['open'], priorities: ['urgent', 'high'] } },
  { id: 'all-open', name: 'All open', filters: { states: ['open'] } },
]

export class ViewService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly view: InboxView,
  ) {}

  /** Shared views and the member's own, in order. */
  async list(workspaceId: string, memberId: string): Promise<SavedView[]> {
    const rows = await this.db
      .selectFrom('inbox_views')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('member_id', 'is', null), eb('member_id', '=', memberId)]))
      .orderBy('position')
      .orderBy('id')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      memberId: r.member_id,
      filters: JSON.parse(r.filters) as ConversationFilters,
      position: r.position,
      createdAt: r.created_at,
    }))
  }

  async get(workspaceId: string, memberId: string, id: string): Promise<SavedView> {
    const v = (await this.list(workspaceId, memberId)).find((x) => x.id === id)
    if (!v) throw notFound('view')
    return v
  }

  /** Rejects filters that point outside the workspace (team, assignee, channels, presences, contact). */
  private async check(workspaceId: string, filters: ConversationFilters | undefined): Promise<void> {
    if (!filters) return
    const assignee = filters.assignee === 'me' || filters.assignee === 'none' ? undefined : filters.assignee
    await assertInWorkspace(this.db, workspaceId, 'inbox_teams', 'filters.teamId', filters.teamId)
    await assertInWorkspace(this.db, workspaceId, 'members', 'filters.assignee', assignee)
    await assertInWorkspace(this.db, workspaceId, 'channels', 'filters.channelIds', filters.channelIds)
    await assertInWorkspace(this.db, workspaceId, 'presences', 'filters.presenceIds', filters.presenceIds)
    await assertInWorkspace(this.db, workspaceId, 'inbox_contacts', 'filters.contactId', filters.contactId)
  }

  async create(workspaceId: string, memberId: string, input: SavedViewInput): Promise<SavedView> {
    await this.check(workspaceId, input.filters)
    const now = this.clock.now()
    const id = newId(now)
    const count = (await this.list(workspaceId, memberId)).length
    await this.db
      .insertInto('inbox_views')
      .values({
        id,
        workspace_id: workspaceId,
        member_id: input.shared ? null : memberId,
        name: input.name,
        filters: JSON.stringify(input.filters),
        position: count,
        created_at: now,
        updated_at: now,
      })
      .execute()
    return this.get(workspaceId, memberId, id)
  }

  async update(
    workspaceId: string,
    memberId: string,
    id: string,
    patch: Partial<SavedViewInput>,
  ): Promise<SavedView> {
    await this.get(workspaceId, memberId, id)
    await this.check(workspaceId, patch.filters)
    await this.db
      .updateTable('inbox_views')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.filters !== undefined ? { filters: JSON.stringify(patch.filters) } : {}),
        ...(patch.shared !== undefined ? { member_id: patch.shared ? null : memberId } : {}),
        updated_at: this.clock.now(),
      })
      .where('id', '=', id)
      .execute()
    return this.get(workspaceId, memberId, id)
  }

  async remove(workspaceId: string, memberId: string, id: string): Promise<void> {
    await this.get(workspaceId, memberId, id)
    await this.db.deleteFrom('inbox_views').where('id', '=', id).execute()
  }

  /** Built-in and saved views with how many conversations each holds and how many are unread. */
  async counts(
    workspaceId: string,
    memberId: string,
    scope?: PresenceScope,
  ): Promise<
    Array<{
      id: string
      name: string
      builtIn: boolean
      filters: ConversationFilters
      total: number
      unread: number
    }>
  > {
    const saved = await this.list(workspaceId, memberId)
    const all = [
      ...BUILT_IN_VIEWS.map((v) => ({ ...v, builtIn: true })),
      ...saved.map((v) => ({ id: v.id, name: v.name, filters: v.filters, builtIn: false })),
    ]
    const out = []
    for (const v of all)
      out.push({ ...v, ...(await this.view.unreadCount(workspaceId, memberId, v.filters, scope)) })
    return out
  }
}

import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database, PresencesTable } from '../db/schema.js'
import { audit } from '../workspace/audit.js'
import type { Actor } from '../workspace/member.service.js'

export type PresenceKind = 'brand' | 'person'

export interface Presence {
  id: string
  kind: PresenceKind
  displayName: string
  title: string | null
  avatarUrl: string | null
  /** For a person presence: the member it belongs to. */
  memberId: string | null
  channelCount: number
  createdAt: number
}

export interface PresenceInput {
  kind?: string
  displayName?: string
  title?: string | null
  avatarUrl?: string | null
  memberId?: string | null
}

function toPresence(r: Selectable<PresencesTable> & { channel_count?: number | string | null }): Presence {
  return {
    id: r.id,
    kind: r.kind as PresenceKind,
    displayName: r.display_name,
    title: r.title,
    avatarUrl: r.avatar_url,
    memberId: r.member_id,
    channelCount: Number(r.channel_count ?? 0),
    createdAt: r.created_at,
  }
}

function checkAvatar(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const u = new URL(url)
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error()
  } catch {
    throw invalid('avatarUrl', 'must be an http(s) URL')
  }
  return url
}

export class PresenceService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  private query(workspaceId: string) {
    return this.db
      .selectFrom('presences')
      .selectAll('presences')
      .select((eb) =>
        eb
          .selectFrom('channels')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('channels.presence_id', '=', 'presences.id')
          .where('channels.status', '!=', 'disconnected')
          .as('channel_count'),
      )
      .where('presences.workspace_id', '=', workspaceId)
  }

  async list(workspaceId: string): Promise<Presence[]> {
    const rows = await this.query(workspaceId)
      .orderBy('presences.kind')
      .orderBy('presences.display_name')
      .execute()
    return rows.map(toPresence)
  }

  async get(workspaceId: string, id: string): Promise<Presence> {
    const row = await this.query(workspaceId).where('presences.id', '=', id).executeTakeFirst()
    if (!row) throw notFound('presence')
    return toPresence(row)
  }

  private async checkMember(
    workspaceId: string,
    memberId: string | null | undefined,
  ): Promise<string | null> {
    if (!memberId) return null
    const m = await this.db
      .selectFrom('members')
      .select('id')
      .where('id', '=', memberId)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!m) throw invalid('memberId', 'is not a member of this workspace')
    return memberId
  }

  async create(workspaceId: string, input: PresenceInput, actor: Actor): Promise<Presence> {
    if (input.kind !== 'brand' && input.kind !== 'person') throw invalid('kind', 'must be brand or person')
    const displayName = input.displayName?.trim() ?? ''
    if (!displayName) throw invalid('displayName', 'is required')
    if (displayName.length > 100) throw invalid('displayName', 'must be at most 100 characters')
    if (input.kind === 'brand' && input.memberId)
      throw invalid('memberId', 'only a person presence belongs to a member')
    const now = this.clock.now()
    const row = {
      id: newId(now),
      workspace_id: workspaceId,
      kind: input.kind,
      display_name: displayName,
      title: input.title?.trim() || null,
      avatar_url: checkAvatar(input.avatarUrl),
      member_id: await this.checkMember(workspaceId, input.memberId),
      created_at: now,
      updated_at: now,
    }
    await this.db.insertInto('presences').values(row).execute()
    await audit(
      this.db,
      {
        workspaceId,
        actorUserId: actor.userId,
        action: 'presence.created',
        subjectId: row.id,
        data: { kind: row.kind },
      },
      now,
    )
    return toPresence(row)
  }

  async update(workspaceId: string, id: string, input: PresenceInput, actor: Actor): Promise<Presence> {
    const current = await this.get(workspaceId, id)
    const set: Partial<Selectable<PresencesTable>> = { updated_at: this.clock.now() }
    if (input.displayName !== undefined) {
      const n = input.displayName.trim()
      if (!n) throw invalid('displayName', 'is required')
      if (n.length > 100) throw invalid('displayName', 'must be at most 100 characters')
      set.display_name = n
    }
    if (input.title !== undefined) set.title = input.title?.trim() || null
    if (input.avatarUrl !== undefined) set.avatar_url = checkAvatar(input.avatarUrl)
    if (input.memberId !== undefined) {
      if (current.kind === 'brand' && input.memberId)
        throw invalid('memberId', 'only a person presence belongs to a member')
      set.member_id = await this.checkMember(workspaceId, input.memberId)
    }
    await this.db
      .updateTable('presences')
      .set(set)
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .execute()
    await audit(
      this.db,
      {
        workspaceId,
        actorUserId: actor.userId,
        action: 'presence.updated',
        subjectId: id,
        data: { fields: Object.keys(input) },
      },
      this.clock.now(),
    )
    return this.get(workspaceId, id)
  }

  async remove(workspaceId: string, id: string, actor: Actor): Promise<void> {
    const p = await this.get(workspaceId, id)
    if (p.kind === 'brand') {
      const brands = await this.db
        .selectFrom('presences')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('kind', '=', 'brand')
        .execute()
      if (brands.length <= 1) throw invalid('id', 'the workspace keeps at least one brand presence')
    }
    await this.db
      .deleteFrom('presences')
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .execute()
    await audit(
      this.db,
      { workspaceId, actorUserId: actor.userId, action: 'presence.deleted', subjectId: id },
      this.clock.now(),
    )
  }
}

/** Saved replies: reusable answers with variables ({{contact.name}}, {{agent.name}}…). */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'

export interface SavedReply {
  id: string
  name: string
  shortcut: string | null
  body: string
  createdAt: number
  updatedAt: number
}

export interface SavedReplyInput {
  name: string
  shortcut?: string | null
  body: string
}

export class SavedReplyService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async list(workspaceId: string): Promise<SavedReply[]> {
    const rows = await this.db
      .selectFrom('inbox_saved_replies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('name')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      shortcut: r.shortcut,
      body: r.body,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }))
  }

  async get(workspaceId: string, id: string): Promise<SavedReply> {
    const r = (await this.list(workspaceId)).find((x) => x.id === id)
    if (!r) throw notFound('saved reply')
    return r
  }

  async create(workspaceId: string, input: SavedReplyInput): Promise<SavedReply> {
    const now = this.clock.now()
    const id = newId(now)
    await this.db
      .insertInto('inbox_saved_replies')
      .values({
        id,
        workspace_id: workspaceId,
        name: input.name,
        shortcut: input.shortcut ?? null,
        body: input.body,
        created_at: now,
        updated_at: now,
      })
      .execute()
    return this.get(workspaceId, id)
  }

  async update(workspaceId: string, id: string, patch: Partial<SavedReplyInput>): Promise<SavedReply> {
    await this.get(workspaceId, id)
    await this.db
      .updateTable('inbox_saved_replies')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.shortcut !== undefined ? { shortcut: patch.shortcut } : {}),
        ...(patch.body !== undefined ? { body: patch.body } : {}),
        updated_at: this.clock.now(),
      })
      .where('id', '=', id)
      .execute()
    return this.get(workspaceId, id)
  }

  async remove(workspaceId: string, id: string): Promise<void> {
    await this.get(workspaceId, id)
    await this.db.deleteFrom('inbox_saved_replies').where('id', '=', id).execute()
  }
}

/**
 * The Sandbox's own view of one post, inside Townhall: what a real network's web page would show
 * (who said it, when, what it answers, the replies under it). Only members of the workspace whose
 * channel owns the Sandbox world see it; the Sandbox is never public.
 */
import type { Kysely, Selectable } from 'kysely'
import { notFound } from '../../core/errors.js'
import type { Database } from '../../db/schema.js'
import type { SandboxItemsTable } from '../networks.tables.js'
import { sandboxPerson } from './sandbox.people.js'

export interface SandboxViewItem {
  id: string
  kind: string
  text: string | null
  createdAt: number
  deleted: boolean
  author: { handle: string; displayName: string; avatarUrl: string | null; brand: boolean }
}

export interface SandboxPostView {
  channelId: string
  world: { handle: string; displayName: string }
  item: SandboxViewItem
  /** The post this one answers, when it is a reply. */
  parent: SandboxViewItem | null
  replies: SandboxViewItem[]
}

/** The app path of a Sandbox item's view (what the Sandbox adapter gives as the item's URL). */
export const sandboxViewPath = (itemId: string): string => `/sandbox/${encodeURIComponent(itemId)}`

export class SandboxView {
  constructor(private readonly db: Kysely<Database>) {}

  async post(workspaceId: string, itemId: string): Promise<SandboxPostView> {
    const item = await this.db
      .selectFrom('sandbox_items')
      .selectAll()
      .where('id', '=', itemId)
      .executeTakeFirst()
    if (!item) throw notFound('Sandbox post')
    const world = await this.db
      .selectFrom('sandbox_worlds')
      .select(['id', 'seed', 'handle', 'display_name'])
      .where('id', '=', item.world_id)
      .executeTakeFirstOrThrow()
    const channels = await this.db
      .selectFrom('channels')
      .select(['id', 'settings'])
      .where('workspace_id', '=', workspaceId)
      .where('network', '=', 'sandbox')
      .execute()
    // @NOTE a channel names its world in its settings; rows without one use the channel id (as the adapter does).
    const channel = channels.find((c) => {
      const s = JSON.parse(c.settings) as { worldId?: unknown }
      return (typeof s.worldId === 'string' ? s.worldId : c.id) === world.id
    })
    if (!channel) throw notFound('Sandbox post')
    const seed = Number(world.seed)
    const brand = { handle: world.handle, displayName: world.display_name }
    const view = (r: Selectable<SandboxItemsTable>): SandboxViewItem => {
      const person = r.from_brand || r.author_index === null ? null : sandboxPerson(seed, r.author_index)
      return {
        id: r.id,
        kind: r.kind,
        text: r.deleted_at === null ? r.text : null,
        createdAt: Number(r.created_at),
        deleted: r.deleted_at !== null,
        author: person
          ? {
              handle: person.handle,
              displayName: person.displayName,
              avatarUrl: person.avatarUrl,
              brand: false,
            }
          : { ...brand, avatarUrl: null, brand: true },
      }
    }
    const parent = item.parent_id
      ? await this.db
          .selectFrom('sandbox_items')
          .selectAll()
          .where('id', '=', item.parent_id)
          .executeTakeFirst()
      : undefined
    const replies = await this.db
      .selectFrom('sandbox_items')
      .selectAll()
      .where('world_id', '=', world.id)
      .where('parent_id', '=', item.id)
      .orderBy('seq')
      .limit(200)
      .execute()
    return {
      channelId: channel.id,
      world: brand,
      item: view(item),
      parent: parent ? view(parent) : null,
      replies: replies.map(view),
    }
  }
}

import { type Insertable, type Kysely, type Selectable, sql, type Transaction, type Updateable } from 'kysely'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type {
  ApprovalState,
  Delivery,
  DeliveryState,
  PostKind,
  PostPartInput,
  PostSchedule,
  PostState,
  ScheduleMode,
} from './post.types.js'
import type { PostDeliveriesTable, PostsTable } from './publishing.tables.js'

export type PostRow = Selectable<PostsTable>
export type DeliveryRow = Selectable<PostDeliveriesTable>

// @NOTE every column of a post, checked against the table type, for reads that join a post in.
const POST_COLUMNS = Object.keys({
  id: true,
  workspace_id: true,
  kind: true,
  state: true,
  approval_state: true,
  revision: true,
  title: true,
  fields: true,
  parts: true,
  variants: true,
  drafted_by_member_id: true,
  drafted_by_user_id: true,
  drafted_by_role: true,
  schedule_mode: true,
  scheduled_at: true,
  schedule_time_zone: true,
  schedule_local: true,
  published_at: true,
  pillar: true,
  created_at: true,
  updated_at: true,
  deleted_at: true,
} satisfies Record<keyof PostsTable, true>)

export function toDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id,
    channelId: r.channel_id,
    network: r.network,
    state: r.state as DeliveryState,
    revision: r.revision,
    runAt: r.run_at,
    attempts: r.attempts,
    remoteId: r.remote_id,
    url: r.url,
    error: r.error,
    errorKind: r.error_kind,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
  }
}

export function scheduleOf(r: PostRow): PostSchedule | null {
  if (!r.schedule_mode) return null
  return {
    mode: r.schedule_mode as ScheduleMode,
    at: r.scheduled_at,
    timeZone: r.schedule_time_zone,
    local: r.schedule_local,
  }
}

export const parseParts = (s: string) => JSON.parse(s) as PostPartInput[]

/**
 * The post state shown everywhere, from the approval state and the deliveries:
 * any sending → publishing; any unknown → unknown; all published → published; failures with
 * nothing left queued → failed; anything queued → scheduled (or publishing when some went out).
 */
export function derivePostState(approval: ApprovalState, deliveries: Array<{ state: string }>): PostState {
  const s = deliveries.map((d) => d.state).filter((x) => x !== 'cancelled')
  if (s.length === 0 || s.every((x) => x === 'draft')) return approval
  if (s.includes('publishing')) return 'publishing'
  if (s.includes('unknown')) return 'unknown'
  // @NOTE a crisis freeze holds deliveries (leader/freeze.service.ts); held wins over queued or sent.
  if (s.includes('held')) return 'held'
  if (s.every((x) => x === 'published')) return 'published'
  if (s.includes('queued'))
    return s.some((x) => x === 'published' || x === 'failed') ? 'publishing' : 'scheduled'
  if (s.includes('failed')) return 'failed'
  return approval
}

export interface PostListFilter {
  from?: number
  to?: number
  presenceIds?: string[]
  channelIds?: string[]
  states?: PostState[]
  kinds?: PostKind[]
  limit?: number
}

/** Reads and writes of posts, deliveries, history, comments and approvals. Every read is scoped to a workspace. */
export class PostRepository {
  private lastHistoryMs = 0

  constructor(
    readonly db: Kysely<Database>,
    private readonly engine: 'sqlite' | 'postgres',
  ) {}

  async insert(row: Insertable<PostsTable>): Promise<void> {
    await this.db.insertInto('posts').values(row).execute()
  }

  async get(workspaceId: string, id: string): Promise<PostRow | undefined> {
    return this.db
      .selectFrom('posts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
  }

  /** A post by id whatever its workspace or deletion (the publish job). */
  async byId(id: string): Promise<PostRow | undefined> {
    return this.db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async update(id: string, set: Updateable<PostsTable>): Promise<void> {
    await this.db.updateTable('posts').set(set).where('id', '=', id).execute()
  }

  async list(workspaceId: string, f: PostListFilter): Promise<PostRow[]> {
    let q = this.db
      .selectFrom('posts')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('deleted_at', 'is', null)
    if (f.states?.length) q = q.where('state', 'in', f.states)
    if (f.kinds?.length) q = q.where('kind', 'in', f.kinds)
    if (f.channelIds?.length) {
      const ids = f.channelIds
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('post_deliveries')
            .select('post_deliveries.id')
            .whereRef('post_deliveries.post_id', '=', 'posts.id')
            .where('post_deliveries.channel_id', 'in', ids),
        ),
      )
    }
    if (f.presenceIds?.length) {
      const ids = f.presenceIds
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('post_deliveries')
            .innerJoin('channels', 'channels.id', 'post_deliveries.channel_id')
            .select('post_deliveries.id')
            .whereRef('post_deliveries.post_id', '=', 'posts.id')
            .where('channels.presence_id', 'in', ids),
        ),
      )
    }
    if (f.from !== undefined || f.to !== undefined) {
      const from = f.from ?? 0
      const to = f.to ?? Number.MAX_SAFE_INTEGER
      q = q.where((eb) =>
        eb.or([
          eb.and([eb('scheduled_at', '>=', from), eb('scheduled_at', '<', to)]),
          eb.and([eb('published_at', '>=', from), eb('published_at', '<', to)]),
        ]),
      )
    }
    return q
      .orderBy('updated_at', 'desc')
      .orderBy('id', 'desc')
      .limit(f.limit ?? 200)
      .execute()
  }

  async deliveries(postIds: string[]): Promise<DeliveryRow[]> {
    if (postIds.length === 0) return []
    return this.db
      .selectFrom('post_deliveries')
      .selectAll()
      .where('post_id', 'in', postIds)
      .orderBy('id')
      .execute()
  }

  /**
   * A delivery and its post in one read (the publish job starts with both); `post` is undefined
   * when the post row is gone.
   */
  async deliveryWithPost(
    id: string,
  ): Promise<{ delivery: DeliveryRow; post: PostRow | undefined } | undefined> {
    const r = await this.db
      .selectFrom('post_deliveries')
      .leftJoin('posts', 'posts.id', 'post_deliveries.post_id')
      .selectAll('post_deliveries')
      .select(POST_COLUMNS.map((c) => sql.ref<unknown>(`posts.${c}`).as(`post__${c}`)))
      .where('post_deliveries.id', '=', id)
      .executeTakeFirst()
    if (!r) return undefined
    const row = r as Record<string, unknown>
    const delivery: Record<string, unknown> = {}
    const post: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(row)) {
      if (k.startsWith('post__')) post[k.slice(6)] = v
      else delivery[k] = v
    }
    return {
      delivery: delivery as DeliveryRow,
      post: post.id === null || post.id === undefined ? undefined : (post as PostRow),
    }
  }

  async delivery(id: string): Promise<DeliveryRow | undefined> {
    return this.db.selectFrom('post_deliveries').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async insertDelivery(row: Insertable<PostDeliveriesTable>): Promise<void> {
    await this.db.insertInto('post_deliveries').values(row).execute()
  }

  async removeDeliveries(postId: string, channelIds: string[]): Promise<void> {
    if (channelIds.length === 0) return
    await this.db
      .deleteFrom('post_deliveries')
      .where('post_id', '=', postId)
      .where('channel_id', 'in', channelIds)
      .where('state', 'in', ['draft', 'cancelled', 'failed'])
      .execute()
  }

  /**
   * Moves a delivery from one of `from` to a new state; true when this call won. Every transition
   * of a delivery goes through here, so a job and a person editing never both win.
   */
  async transition(
    id: string,
    from: DeliveryState[],
    set: Updateable<PostDeliveriesTable>,
    revision?: number,
  ): Promise<boolean> {
    let q = this.db.updateTable('post_deliveries').set(set).where('id', '=', id).where('state', 'in', from)
    if (revision !== undefined) q = q.where('revision', '=', revision)
    const r = await q.executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }

  /** Recomputes and stores the post's state from its deliveries; returns it. */
  async refreshState(postId: string, now: number): Promise<PostState> {
    return this.db.transaction().execute(async (trx: Transaction<Database>) => {
      // @NOTE one read: the post with its deliveries (a post without any gives one row of nulls).
      let q = trx
        .selectFrom('posts')
        .leftJoin('post_deliveries as d', 'd.post_id', 'posts.id')
        .select([
          'posts.approval_state',
          'posts.state',
          'posts.published_at',
          'd.state as d_state',
          'd.published_at as d_published_at',
        ])
        .where('posts.id', '=', postId)
      // @NOTE on PostgreSQL two deliveries finishing at once must not compute from stale views;
      // SQLite serialises transactions on its one connection already.
      if (this.engine === 'postgres') q = q.forUpdate('posts')
      const rows = await q.execute()
      const post = rows[0]
      if (!post) return 'draft'
      const ds = rows
        .filter((r) => r.d_state !== null)
        .map((r) => ({ state: r.d_state!, published_at: r.d_published_at }))
      const state = derivePostState(post.approval_state as ApprovalState, ds)
      const firstPublished = ds.reduce<number | null>(
        (m, d) => (d.published_at !== null && (m === null || d.published_at < m) ? d.published_at : m),
        null,
      )
      if (state !== post.state || firstPublished !== post.published_at) {
        await trx
          .updateTable('posts')
          .set({ state, published_at: firstPublished, updated_at: now })
          .where('id', '=', postId)
          .execute()
      }
      return state
    })
  }

  async history(
    workspaceId: string,
    postId: string,
    actorUserId: string | null,
    action: string,
    data: object,
    now: number,
  ): Promise<void> {
    // @NOTE history is read in id order; ids minted within one millisecond would sort at random,
    // so this process's history ids advance by at least 1 ms each.
    this.lastHistoryMs = Math.max(now, this.lastHistoryMs + 1)
    await this.db
      .insertInto('post_history')
      .values({
        id: newId(this.lastHistoryMs),
        workspace_id: workspaceId,
        post_id: postId,
        actor_user_id: actorUserId,
        action,
        data: JSON.stringify(data),
        created_at: now,
      })
      .execute()
  }

  async listHistory(workspaceId: string, postId: string) {
    const rows = await this.db
      .selectFrom('post_history')
      .leftJoin('users', 'users.id', 'post_history.actor_user_id')
      .select([
        'post_history.id',
        'post_history.action',
        'post_history.data',
        'post_history.created_at',
        'post_history.actor_user_id',
        'users.name as actor_name',
      ])
      .where('post_history.workspace_id', '=', workspaceId)
      .where('post_history.post_id', '=', postId)
      .orderBy('post_history.id')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      action: r.action,
      actor: r.actor_user_id ? { userId: r.actor_user_id, name: r.actor_name ?? '' } : null,
      data: JSON.parse(r.data) as Record<string, unknown>,
      at: r.created_at,
    }))
  }

  async approvals(postIds: string[]) {
    if (postIds.length === 0) return []
    return this.db
      .selectFrom('post_approvals')
      .selectAll()
      .where('post_id', 'in', postIds)
      .orderBy('id')
      .execute()
  }

  /** Channels (with their presence and its person) of the given ids in this workspace. */
  async channels(workspaceId: string, channelIds: string[]) {
    if (channelIds.length === 0) return []
    return this.db
      .selectFrom('channels')
      .innerJoin('presences', 'presences.id', 'channels.presence_id')
      .select([
        'channels.id',
        'channels.network',
        'channels.handle',
        'channels.status',
        'channels.presence_id',
        'presences.kind as presence_kind',
        'presences.member_id as presence_member_id',
        'presences.display_name as presence_name',
      ])
      .where('channels.workspace_id', '=', workspaceId)
      .where('channels.id', 'in', channelIds)
      .execute()
  }
}

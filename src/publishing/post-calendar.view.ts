/** The calendar: one entry per post and channel, scheduled or published within a range. */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { DeliveryState, PostKind, PostState } from './post.types.js'

export interface CalendarQuery {
  from: number
  to: number
  presenceIds?: string[]
  channelIds?: string[]
  states?: string[]
  kinds?: string[]
}

export interface CalendarEntry {
  postId: string
  deliveryId: string
  channelId: string
  presenceId: string
  network: string
  handle: string
  title: string
  kind: PostKind
  postState: PostState
  deliveryState: DeliveryState
  at: number | null
  timeZone: string | null
  url: string | null
}

export async function calendar(
  db: Kysely<Database>,
  workspaceId: string,
  q: CalendarQuery,
): Promise<CalendarEntry[]> {
  let query = db
    .selectFrom('post_deliveries as d')
    .innerJoin('posts as p', 'p.id', 'd.post_id')
    .innerJoin('channels as c', 'c.id', 'd.channel_id')
    .select([
      'p.id as post_id',
      'd.id as delivery_id',
      'd.channel_id',
      'c.presence_id',
      'd.network',
      'c.handle',
      'p.title',
      'p.kind',
      'p.state as post_state',
      'd.state as delivery_state',
      'd.run_at',
      'd.published_at',
      'p.scheduled_at',
      'p.schedule_time_zone',
      'd.url',
    ])
    .where('d.workspace_id', '=', workspaceId)
    .where('p.deleted_at', 'is', null)
    .where('d.state', '!=', 'cancelled')
    .where((eb) =>
      eb.or([
        eb.and([eb('d.published_at', '>=', q.from), eb('d.published_at', '<', q.to)]),
        eb.and([eb('d.published_at', 'is', null), eb('d.run_at', '>=', q.from), eb('d.run_at', '<', q.to)]),
        eb.and([
          eb('d.run_at', 'is', null),
          eb('p.scheduled_at', '>=', q.from),
          eb('p.scheduled_at', '<', q.to),
        ]),
      ]),
    )
  if (q.presenceIds?.length) query = query.where('c.presence_id', 'in', q.presenceIds)
  if (q.channelIds?.length) query = query.where('d.channel_id', 'in', q.channelIds)
  if (q.states?.length)
    query = query.where((eb) => eb.or([eb('p.state', 'in', q.states!), eb('d.state', 'in', q.states!)]))
  if (q.kinds?.length) query = query.where('p.kind', 'in', q.kinds)
  const rows = await query.orderBy('d.run_at').orderBy('d.id').limit(5000).execute()
  return rows.map((r) => ({
    postId: r.post_id,
    deliveryId: r.delivery_id,
    channelId: r.channel_id,
    presenceId: r.presence_id,
    network: r.network,
    handle: r.handle,
    title: r.title,
    kind: r.kind as PostKind,
    postState: r.post_state as PostState,
    deliveryState: r.delivery_state as DeliveryState,
    at: r.published_at ?? r.run_at ?? r.scheduled_at,
    timeZone: r.schedule_time_zone,
    url: r.url,
  }))
}

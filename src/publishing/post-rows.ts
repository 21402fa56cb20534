/** Row factories shared by the post service and the tools that insert posts in bulk (tests, benches). */
import type { Insertable } from 'kysely'
import type { PostDeliveriesTable } from './publishing.tables.js'

/** A delivery of a post to one channel, not yet scheduled or sent. */
export function draftDeliveryRow(d: {
  id: string
  workspaceId: string
  postId: string
  channelId: string
  network: string
  now: number
}): Insertable<PostDeliveriesTable> {
  return {
    id: d.id,
    workspace_id: d.workspaceId,
    post_id: d.postId,
    channel_id: d.channelId,
    network: d.network,
    state: 'draft',
    revision: 0,
    job_id: null,
    run_at: null,
    idempotency_key: null,
    attempts: 0,
    remote_id: null,
    url: null,
    remote_parts: null,
    error: null,
    error_kind: null,
    sending_started_at: null,
    published_at: null,
    created_at: d.now,
    updated_at: d.now,
  }
}

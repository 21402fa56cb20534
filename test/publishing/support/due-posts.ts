/**
 * Approved posts with one Sandbox delivery each, written directly (no HTTP, no approval flow), for
 * tests that publish many posts at once: a workspace, an owner, a brand presence and `channels`
 * Sandbox channels, the posts spread round-robin over them.
 */
import type { AppContext } from '../../../src/context.js'
import { newId } from '../../../src/core/ids.js'
import type { DeliveryRow } from '../../../src/publishing/post.repository.js'
import { draftDeliveryRow } from '../../../src/publishing/post-rows.js'

export async function insertDuePosts(
  ctx: AppContext,
  posts: number,
  channels: number,
): Promise<{ workspaceId: string; deliveries: DeliveryRow[] }> {
  const k = ctx.db.kysely
  const now = Date.now()
  const workspaceId = newId(now)
  await k
    .insertInto('workspaces')
    .values({
      id: workspaceId,
      name: 'Due posts',
      time_zone: 'Europe/Berlin',
      business_hours: '{}',
      holidays: '[]',
      settings: '{}',
      created_at: now,
      updated_at: now,
    })
    .execute()
  const userId = newId(now)
  await k
    .insertInto('users')
    .values({
      id: userId,
      email: 'due@example.com',
      name: 'Due',
      password_hash: 'x',
      created_at: now,
      updated_at: now,
      last_login_at: null,
    })
    .execute()
  const memberId = newId(now)
  await k
    .insertInto('members')
    .values({
      id: memberId,
      workspace_id: workspaceId,
      user_id: userId,
      role: 'owner',
      availability: 'available',
      created_at: now,
      updated_at: now,
    })
    .execute()
  const presenceId = newId(now)
  await k
    .insertInto('presences')
    .values({
      id: presenceId,
      workspace_id: workspaceId,
      kind: 'brand',
      display_name: 'Due',
      title: null,
      avatar_url: null,
      member_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute()
  const channelIds: string[] = []
  for (let c = 0; c < channels; c++) {
    const worldId = newId(now)
    await ctx.networks.worlds.ensure({
      id: worldId,
      handle: `due${c}.sandbox`,
      displayName: `Due ${c}`,
      ratePerMinute: 0,
    })
    const ch = await ctx.channels.create(
      workspaceId,
      { presenceId, network: 'sandbox', handle: `due${c}.sandbox`, settings: { worldId } },
      null,
    )
    channelIds.push(ch.id)
  }
  for (let i = 0; i < posts; i += 250) {
    const chunk = Array.from({ length: Math.min(250, posts - i) }, (_, j) => ({
      n: i + j,
      post: newId(now),
      delivery: newId(now),
      channel: channelIds[(i + j) % channels]!,
    }))
    await k
      .insertInto('posts')
      .values(
        chunk.map((r) => ({
          id: r.post,
          workspace_id: workspaceId,
          kind: 'free',
          state: 'approved',
          approval_state: 'approved',
          revision: 1,
          title: `due ${r.n}`,
          fields: '{}',
          parts: JSON.stringify([{ text: `Due post ${r.n}` }]),
          variants: '{}',
          drafted_by_member_id: memberId,
          drafted_by_user_id: userId,
          drafted_by_role: 'owner',
          schedule_mode: 'at',
          scheduled_at: null,
          schedule_time_zone: 'Europe/Berlin',
          schedule_local: null,
          published_at: null,
          created_at: now,
          updated_at: now,
          deleted_at: null,
        })),
      )
      .execute()
    await k
      .insertInto('post_deliveries')
      .values(
        chunk.map((r) =>
          draftDeliveryRow({
            id: r.delivery,
            workspaceId,
            postId: r.post,
            channelId: r.channel,
            network: 'sandbox',
            now: now,
          }),
        ),
      )
      .execute()
  }
  const deliveries = await k
    .selectFrom('post_deliveries')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .execute()
  return { workspaceId, deliveries }
}

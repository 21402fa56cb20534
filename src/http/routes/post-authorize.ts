/** Who may act on a post: shared by the post routes and the workflow routes (its own file, so neither imports the other). */
import type { Context } from 'hono'
import type { AppContext } from '../../context.js'
import type { PostActor } from '../../publishing/post.types.js'
import type { Action } from '../../workspace/permissions.js'
import { authorize } from '../auth.js'
import type { AppEnv } from '../env.js'

/**
 * Checks `action` for every presence the post (or these channels) speaks for: an executive may act on
 * their own person presence only. Unknown or other-workspace posts are 404.
 */
export async function authorizePost(
  c: Context<AppEnv>,
  ctx: AppContext,
  action: Action,
  postId: string | null,
  channelIds: string[] = [],
): Promise<PostActor & { workspaceId: string }> {
  const base = authorize(c, 'workspace.read')
  const owners = await ctx.publishing.posts.presenceOwners(base.workspaceId, postId, channelIds)
  let a = base
  for (const o of owners) a = authorize(c, action, { presenceOwnerMemberId: o })
  return { userId: a.userId, memberId: a.memberId, role: a.role, workspaceId: a.workspaceId }
}

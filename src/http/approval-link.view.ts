/** What an approval link shows, shared by the API route and the phone page (src/http/approve-page.ts). */
import type { AppContext } from '../context.js'
import type { PostPartInput } from '../publishing/post.types.js'

/** The link's view as the API and the phone page show it. */
export async function approvalLinkView(ctx: AppContext, token: string) {
  const { grant, post, channels, member } = await ctx.publishing.approvals.linkView(token)
  return {
    post: {
      id: post.id,
      title: post.title,
      kind: post.kind,
      state: post.state,
      parts: JSON.parse(post.parts) as PostPartInput[],
      variants: JSON.parse(post.variants) as Record<string, PostPartInput[]>,
    },
    channels: channels.map((c) => ({ id: c.id, network: c.network, handle: c.handle })),
    approver: { memberId: member.id, name: member.name },
    schedule: post.schedule_mode
      ? { at: post.scheduled_at, timeZone: post.schedule_time_zone, local: post.schedule_local }
      : null,
    expiresAt: grant.expiresAt,
  }
}

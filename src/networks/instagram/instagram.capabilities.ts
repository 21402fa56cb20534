import type { PostIssue } from '../../shared/validate-post.js'
import type { ModerationAction } from '../moderation.port.js'
import type { NetworkCapabilities, OutgoingPost } from '../network.port.js'

/**
 * What an Instagram professional account accepts through the Instagram Graph API (content
 * publishing). Kept apart from the adapter so the registry and the composer know it cheaply.
 */
export const INSTAGRAM_CAPABILITIES: NetworkCapabilities = {
  network: 'instagram',
  label: 'Instagram',
  text: { maxLength: 2200, unit: 'characters' },
  media: {
    // @NOTE a carousel holds up to 10 items; the publishing API takes JPEG images only.
    maxImages: 10,
    maxImageBytes: 8_000_000,
    mimeTypes: ['image/jpeg'],
    altText: true,
    maxAltTextLength: 1000,
    altTextRequired: false,
  },
  threads: false,
  replies: true,
  quotes: false,
  edit: false,
  delete: true,
  directMessages: true,
  // @NOTE a container id is ours only after the first call answered; a retried job has nothing to look up: text + time window.
  idempotency: 'none',
}

/** Comments can be hidden, unhidden and deleted; the API has no like and no block. */
export const INSTAGRAM_MODERATION: readonly ModerationAction[] = ['hide', 'unhide', 'delete']

export const MAX_HASHTAGS = 30
export const MAX_MENTIONS = 20

/**
 * Instagram's rules beyond the common limits (validatePost): a post needs at least one image, and a
 * caption carries at most 30 hashtags and 20 @mentions. Pure, for the composer too.
 */
export function instagramIssues(post: Pick<OutgoingPost, 'text' | 'images' | 'replyTo'>): PostIssue[] {
  const issues: PostIssue[] = []
  if (!post.replyTo && (post.images ?? []).length === 0)
    issues.push({ field: 'images', reason: 'Instagram posts need at least one image' })
  const tags = post.text.match(/(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_]+/gu)?.length ?? 0
  if (tags > MAX_HASHTAGS)
    issues.push({ field: 'text', reason: `has ${tags} hashtags; Instagram allows ${MAX_HASHTAGS}` })
  const mentions = post.text.match(/(^|[^\p{L}\p{N}_.])@[\p{L}\p{N}_.]+/gu)?.length ?? 0
  if (mentions > MAX_MENTIONS)
    issues.push({ field: 'text', reason: `mentions ${mentions} accounts; Instagram allows ${MAX_MENTIONS}` })
  return issues
}

import type { ModerationAction } from '../moderation.port.js'
import type { NetworkCapabilities } from '../network.port.js'

/**
 * What a Facebook Page accepts through the Graph API. Kept apart from the adapter so the registry
 * knows it without loading the adapter.
 */
export const FACEBOOK_CAPABILITIES: NetworkCapabilities = {
  network: 'facebook',
  label: 'Facebook',
  // @NOTE Page posts take up to 63,206 characters; links are ordinary text.
  text: { maxLength: 63_206, unit: 'characters' },
  media: {
    maxImages: 10,
    maxImageBytes: 4_000_000,
    mimeTypes: ['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff'],
    // @NOTE Page photos take custom alt text (`alt_text_custom`); Facebook generates one otherwise.
    altText: true,
    maxAltTextLength: 1000,
    altTextRequired: false,
  },
  threads: false,
  replies: true,
  quotes: false,
  edit: true,
  delete: true,
  directMessages: true,
  // @NOTE the Graph API has no idempotency key and posts carry no field of ours: text + time window.
  idempotency: 'none',
}

export const FACEBOOK_MODERATION: readonly ModerationAction[] = [
  'hide',
  'unhide',
  'delete',
  'like',
  'unlike',
  'ban-author',
]

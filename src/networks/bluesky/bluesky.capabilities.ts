import type { NetworkCapabilities } from '../network.port.js'

/**
 * What Bluesky accepts. Kept apart from the adapter so the registry (and start-up) can know it
 * without loading @atproto/api, which is loaded only when a Bluesky channel is opened.
 */
export const BLUESKY_CAPABILITIES: NetworkCapabilities = {
  network: 'bluesky',
  label: 'Bluesky',
  text: { maxLength: 300, unit: 'graphemes' },
  media: {
    maxImages: 4,
    maxImageBytes: 1_000_000,
    mimeTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
    altText: true,
    maxAltTextLength: 2000,
    altTextRequired: false,
  },
  threads: true,
  replies: true,
  quotes: true,
  edit: false,
  delete: true,
  // @NOTE Bluesky DMs live on a separate chat service (did:web:api.bsky.chat) with its own scopes.
  directMessages: false,
  idempotency: 'lookup',
}

import type { NetworkCapabilities } from '../network.port.js'

/**
 * What X accepts (API v2, OAuth 2.0 user context). Text is counted by `twitter-text` in the adapter:
 * 280 weighted characters (CJK and emoji weigh 2), every URL 23. Accounts with a subscription may
 * post longer texts; the adapter lifts the limit only when X says the account has one.
 */
export const X_CAPABILITIES: NetworkCapabilities = {
  network: 'x',
  label: 'X',
  text: { maxLength: 280, unit: 'weighted', linkLength: 23 },
  media: {
    maxImages: 4,
    maxImageBytes: 5_000_000,
    mimeTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
    altText: true,
    maxAltTextLength: 1000,
    altTextRequired: false,
  },
  threads: true,
  replies: true,
  quotes: true,
  edit: false,
  delete: true,
  directMessages: true,
  // @NOTE X has no idempotency key and no hidden field: an unknown outcome is reconciled by text
  // within the send's time window (ADR 0006).
  idempotency: 'none',
}

/** Weighted length X allows an account with a subscription (Premium: long posts). */
export const X_LONG_POST_LENGTH = 25_000

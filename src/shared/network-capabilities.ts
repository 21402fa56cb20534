/**
 * What a network accepts and what a post is made of: the Network port's content vocabulary
 * (src/networks/network.port.ts re-exports it for adapters), shared with the web's composer,
 * which checks a draft against the same capabilities with `validatePost` (./validate-post.ts).
 */

/** How a network counts the length of a text. */
export type TextUnit = 'graphemes' | 'characters' | 'utf8-bytes' | 'weighted'

/** What a network accepts; the composer and `validatePost` read this, adapters enforce it. */
export interface NetworkCapabilities {
  /** Registry id, e.g. 'bluesky'. */
  network: string
  /** Name shown to people, e.g. 'Bluesky' or 'Sandbox'. */
  label: string
  text: {
    maxLength: number
    unit: TextUnit
    /** When set, every link counts as this many units whatever its length (X counts 23). */
    linkLength?: number
  }
  media: {
    maxImages: number
    maxImageBytes: number
    mimeTypes: string[]
    /** Whether images carry alt text, and its maximum length in graphemes. */
    altText: boolean
    maxAltTextLength: number
    /** Alt text is required by our policy on this network (accessibility), not only allowed. */
    altTextRequired: boolean
  }
  threads: boolean
  replies: boolean
  quotes: boolean
  edit: boolean
  delete: boolean
  directMessages: boolean
  /**
   * native: the network deduplicates by our key (Mastodon's Idempotency-Key, the Sandbox);
   * lookup: the adapter can find a post by our key afterwards (Bluesky record field);
   * none: only text + time window matching is possible.
   */
  idempotency: 'native' | 'lookup' | 'none'
}

/**
 * A span of rich text. Offsets are UTF-16 code-unit indices into the text (JavaScript string
 * indices), start inclusive, end exclusive; adapters convert to their own unit (Bluesky: UTF-8 bytes).
 */
export interface PostFacet {
  type: 'mention' | 'link' | 'hashtag'
  start: number
  end: number
  /** The handle (without @), the URL, or the tag (without #). */
  value: string
}

export interface PostImage {
  data: Uint8Array
  mimeType: string
  altText: string
}

/** One part of a post: the first part, or a later part of a thread. */
export interface PostPart {
  text: string
  /** When omitted, the adapter detects mentions, links and hashtags itself. */
  facets?: PostFacet[]
  images?: PostImage[]
}

export interface OutgoingPost extends PostPart {
  /** Further parts published as a thread under the first, in order. */
  thread?: PostPart[]
  /** Remote id of the message this post answers. */
  replyTo?: string
  /** Remote id of a post this one quotes. */
  quote?: string
  /** Our key for this publication, so an unknown outcome can be reconciled without re-sending. */
  idempotencyKey: string
}

import { describe, expect, test } from 'vitest'
import { BLUESKY_CAPABILITIES } from '../../src/networks/bluesky/bluesky.network.js'
import { SANDBOX_CAPABILITIES } from '../../src/networks/sandbox/sandbox.network.js'
import type { NetworkCapabilities } from '../../src/shared/network-capabilities.js'
import { countGraphemes, measureText, validatePost } from '../../src/shared/validate-post.js'

const png = (bytes: number) => ({ data: new Uint8Array(bytes), mimeType: 'image/png', altText: 'A chart' })

describe('validatePost', () => {
  test('counts graphemes, not code units: emoji with skin tone and flags count once', () => {
    expect(countGraphemes('👍🏽')).toBe(1)
    expect(countGraphemes('🇩🇪')).toBe(1)
    expect(countGraphemes('é')).toBe(1)
    expect('👍🏽'.repeat(300).length).toBe(1200)
    expect(validatePost(BLUESKY_CAPABILITIES, { text: '👍🏽'.repeat(300) })).toEqual([])
    expect(validatePost(BLUESKY_CAPABILITIES, { text: '👍🏽'.repeat(301) })).toEqual([
      { field: 'text', reason: 'is 301 characters long; Bluesky allows 300' },
    ])
  })

  test('counts links at a fixed length where the network does (X)', () => {
    expect(measureText('see https://example.com/a/very/long/path/indeed', 'weighted', 23)).toBe(4 + 23)
    expect(measureText('日本', 'weighted')).toBe(4)
    expect(measureText('héllo', 'utf8-bytes')).toBe(6)
  })

  test('checks images: count, type, size and alt text', () => {
    const caps: NetworkCapabilities = {
      ...BLUESKY_CAPABILITIES,
      media: { ...BLUESKY_CAPABILITIES.media, altTextRequired: true },
    }
    const issues = validatePost(caps, {
      text: 'Launch day',
      images: [
        png(10),
        { ...png(10), mimeType: 'image/tiff' },
        { ...png(2_000_000) },
        { ...png(10), altText: ' ' },
        png(10),
      ],
    })
    expect(issues).toEqual([
      { field: 'images', reason: 'has 5 images; Bluesky allows 4' },
      {
        field: 'images.1.mimeType',
        reason: 'image/tiff is not accepted; use image/png, image/jpeg, image/gif, image/webp',
      },
      { field: 'images.2.data', reason: 'is 2000 kB; the limit is 1000 kB' },
      { field: 'images.3.altText', reason: 'is required: describe the image for people who cannot see it' },
    ])
  })

  test('checks every part of a thread, and empty parts', () => {
    const issues = validatePost(SANDBOX_CAPABILITIES, {
      text: 'One',
      thread: [{ text: '' }, { text: 'x'.repeat(501) }],
    })
    expect(issues).toEqual([
      { field: 'thread.0.text', reason: 'is empty' },
      { field: 'thread.1.text', reason: 'is 501 characters long; Sandbox allows 500' },
    ])
  })

  test('refuses what the network cannot do', () => {
    const caps: NetworkCapabilities = {
      ...SANDBOX_CAPABILITIES,
      label: 'Reviews',
      threads: false,
      quotes: false,
      media: { ...SANDBOX_CAPABILITIES.media, maxImages: 0 },
    }
    expect(
      validatePost(caps, { text: 'Hi', thread: [{ text: 'more' }], quote: 'q1', images: [png(1)] }).map(
        (i) => i.field,
      ),
    ).toEqual(['images', 'thread', 'quote'])
  })
})

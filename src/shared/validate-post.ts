/**
 * Checks a post against a network's capabilities, counting in the network's own units.
 * @NOTE shared with the browser (the composer imports it): no Node imports here, only
 * Intl.Segmenter and TextEncoder, which both runtimes have.
 */
import type { NetworkCapabilities, OutgoingPost, PostPart, TextUnit } from './network-capabilities.js'

/** One problem with one part of a post. `field` is a path such as `text`, `thread.1.images.0.altText`. */
export interface PostIssue {
  field: string
  reason: string
}

const LINK_RE = /https?:\/\/[^\s]+/g

let segmenter: Intl.Segmenter | undefined

/** Number of user-perceived characters (extended grapheme clusters): "👍🏽" is 1, "é" is 1. */
export function countGraphemes(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  let n = 0
  for (const _ of segmenter.segment(text)) n++
  return n
}

// @NOTE X's weighting: code points in these ranges weigh 1, everything else (CJK, emoji) 2.
const LIGHT_RANGES: Array<[number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
]

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u

/**
 * X's weighted length as twitter-text counts it (v3 configuration): NFC first, one emoji sequence
 * (skin tone, ZWJ family, flag) weighs 2 whatever its code points, other code points 1 or 2 by range.
 * The X adapter checks with twitter-text itself; this is its browser-side equal for the composer.
 */
function weighted(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })
  let n = 0
  for (const { segment } of segmenter.segment(text.normalize('NFC'))) {
    if (EMOJI.test(segment)) {
      n += 2
      continue
    }
    for (const ch of segment) {
      const cp = ch.codePointAt(0) ?? 0
      n += LIGHT_RANGES.some(([a, b]) => cp >= a && cp <= b) ? 1 : 2
    }
  }
  return n
}

/** Length of `text` in `unit`; links count `linkLength` each when given. */
export function measureText(text: string, unit: TextUnit, linkLength?: number): number {
  let t = text
  let extra = 0
  if (linkLength !== undefined) {
    t = text.replace(LINK_RE, () => {
      extra += linkLength
      return ''
    })
  }
  switch (unit) {
    case 'graphemes':
      return countGraphemes(t) + extra
    case 'characters':
      return [...t].length + extra
    case 'utf8-bytes':
      return new TextEncoder().encode(t).length + extra
    case 'weighted':
      return weighted(t) + extra
  }
}

function unitWord(unit: TextUnit): string {
  return unit === 'utf8-bytes' ? 'bytes' : unit === 'weighted' ? 'characters (weighted)' : 'characters'
}

function checkPart(caps: NetworkCapabilities, part: PostPart, prefix: string, issues: PostIssue[]): void {
  const len = measureText(part.text, caps.text.unit, caps.text.linkLength)
  const images = part.images ?? []
  if (len === 0 && images.length === 0) issues.push({ field: `${prefix}text`, reason: 'is empty' })
  if (len > caps.text.maxLength) {
    issues.push({
      field: `${prefix}text`,
      reason: `is ${len} ${unitWord(caps.text.unit)} long; ${caps.label} allows ${caps.text.maxLength}`,
    })
  }
  if (images.length > caps.media.maxImages) {
    issues.push({
      field: `${prefix}images`,
      reason:
        caps.media.maxImages === 0
          ? `${caps.label} posts cannot carry images`
          : `has ${images.length} images; ${caps.label} allows ${caps.media.maxImages}`,
    })
  }
  images.forEach((img, i) => {
    const f = `${prefix}images.${i}`
    if (!caps.media.mimeTypes.includes(img.mimeType)) {
      issues.push({
        field: `${f}.mimeType`,
        reason: `${img.mimeType} is not accepted; use ${caps.media.mimeTypes.join(', ')}`,
      })
    }
    if (img.data.byteLength > caps.media.maxImageBytes) {
      const kb = Math.ceil(caps.media.maxImageBytes / 1000)
      issues.push({
        field: `${f}.data`,
        reason: `is ${Math.ceil(img.data.byteLength / 1000)} kB; the limit is ${kb} kB`,
      })
    }
    const alt = img.altText.trim()
    if (caps.media.altTextRequired && !alt)
      issues.push({
        field: `${f}.altText`,
        reason: 'is required: describe the image for people who cannot see it',
      })
    if (alt && countGraphemes(alt) > caps.media.maxAltTextLength) {
      issues.push({
        field: `${f}.altText`,
        reason: `is longer than ${caps.media.maxAltTextLength} characters`,
      })
    }
  })
}

/** Every issue of `post` on the network described by `caps`; empty when it can be published. */
export function validatePost(
  caps: NetworkCapabilities,
  post: Omit<OutgoingPost, 'idempotencyKey'>,
): PostIssue[] {
  const issues: PostIssue[] = []
  checkPart(caps, post, '', issues)
  const thread = post.thread ?? []
  if (thread.length > 0 && !caps.threads)
    issues.push({ field: 'thread', reason: `${caps.label} does not support threads` })
  for (const [i, part] of thread.entries()) checkPart(caps, part, `thread.${i}.`, issues)
  if (post.replyTo !== undefined && !caps.replies)
    issues.push({ field: 'replyTo', reason: `${caps.label} does not support replies` })
  if (post.quote !== undefined && !caps.quotes)
    issues.push({ field: 'quote', reason: `${caps.label} does not support quotes` })
  return issues
}

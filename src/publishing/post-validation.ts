/**
 * Validation of a post for each of its channels, in each network's own units, through the same
 * `validatePost` the composer runs in the browser. Messages name the channel.
 */
import { DomainError, type FieldIssue } from '../core/errors.js'
import type { PostImage } from '../shared/network-capabilities.js'
import { validatePost } from '../shared/validate-post.js'
import type { BlobStore } from './blob.port.js'
import type { PostPartInput } from './post.types.js'
import type { PublishNetworks } from './publish-networks.js'

export interface ChannelIssue {
  channelId: string
  /** e.g. "Bluesky @acme.bsky.social" */
  channel: string
  /** Path within the request, e.g. `variants.<channelId>.0.text` or `parts.1.images.0.altText`. */
  field: string
  reason: string
}

export interface ChannelRef {
  id: string
  network: string
  handle: string
}

/** The parts a channel publishes: its variant when it has one, else the shared parts. */
export function partsFor(
  channelId: string,
  parts: PostPartInput[],
  variants: Record<string, PostPartInput[]>,
) {
  const v = variants[channelId]
  return v && v.length > 0 ? { parts: v, prefix: `variants.${channelId}` } : { parts, prefix: 'parts' }
}

function mapField(prefix: string, field: string): string {
  // validatePost paths: `text`, `images.0.altText`, `thread.1.text` → parts.0.text, parts.2.text
  const m = /^thread\.(\d+)\.(.*)$/.exec(field)
  if (m) return `${prefix}.${Number(m[1]) + 1}.${m[2]}`
  if (field === 'thread') return prefix
  return `${prefix}.0.${field}`
}

export class PostValidator {
  constructor(
    private readonly networks: PublishNetworks,
    private readonly blobs: BlobStore,
  ) {}

  /** Every issue of the post on every channel; empty when it can be published everywhere. */
  async check(
    workspaceId: string,
    channels: ChannelRef[],
    parts: PostPartInput[],
    variants: Record<string, PostPartInput[]>,
  ): Promise<ChannelIssue[]> {
    const issues: ChannelIssue[] = []
    for (const key of Object.keys(variants)) {
      if (!channels.some((c) => c.id === key))
        issues.push({
          channelId: key,
          channel: key,
          field: `variants.${key}`,
          reason: 'is not one of the post’s channels',
        })
    }
    const meta = new Map<string, { mimeType: string; byteSize: number } | undefined>()
    for (const p of [...parts, ...Object.values(variants).flat()]) {
      for (const img of p.images ?? []) {
        if (!meta.has(img.mediaId)) meta.set(img.mediaId, await this.blobs.stat(workspaceId, img.mediaId))
      }
    }
    for (const ch of channels) {
      const caps = await this.networks.capabilities(ch.network)
      const label = `${caps?.label ?? ch.network} @${ch.handle}`
      if (!caps) {
        issues.push({
          channelId: ch.id,
          channel: label,
          field: 'channelIds',
          reason: `${label}: this network cannot publish posts yet`,
        })
        continue
      }
      const { parts: ps, prefix } = partsFor(ch.id, parts, variants)
      if (ps.length === 0) {
        issues.push({
          channelId: ch.id,
          channel: label,
          field: prefix,
          reason: `${label}: the post has no text`,
        })
        continue
      }
      const toPart = (p: PostPartInput, pi: number) => ({
        text: p.text,
        images: (p.images ?? []).map((img, ii): PostImage => {
          const m = meta.get(img.mediaId)
          if (!m)
            issues.push({
              channelId: ch.id,
              channel: label,
              field: `${prefix}.${pi}.images.${ii}.mediaId`,
              reason: `${label}: the image was not uploaded to this workspace`,
            })
          // @NOTE validatePost reads only the size of the bytes; the bytes are loaded when publishing.
          return {
            data: { byteLength: m?.byteSize ?? 0 } as Uint8Array,
            mimeType: m?.mimeType ?? 'application/octet-stream',
            altText: img.altText,
          }
        }),
      })
      const [first, ...rest] = ps.map(toPart)
      for (const i of validatePost(caps, { ...first!, thread: rest })) {
        issues.push({
          channelId: ch.id,
          channel: label,
          field: mapField(prefix, i.field),
          reason: `${label}: ${i.field} ${i.reason}`,
        })
      }
    }
    return issues
  }

  /** Like `check`, but throws a validation problem listing every issue. */
  async assert(
    workspaceId: string,
    channels: ChannelRef[],
    parts: PostPartInput[],
    variants: Record<string, PostPartInput[]>,
  ): Promise<void> {
    const issues = await this.check(workspaceId, channels, parts, variants)
    if (issues.length === 0) return
    const fields: FieldIssue[] = issues.map((i) => ({ field: i.field, reason: i.reason }))
    throw new DomainError('validation', issues.map((i) => i.reason).join('; '), { fields })
  }
}

/** Live validation in the composer: the same `validatePost` the server runs, per selected channel. */
import type { NetworkCapabilities, PostImage } from '../../../../src/shared/network-capabilities.js'
import { measureText, validatePost } from '../../../../src/shared/validate-post.js'
import type { ChannelInfo } from '../channels-api.js'
import type { PostPart } from './publishing-api.js'

export interface MediaMeta {
  mimeType: string
  byteSize: number
}

/** Issues keyed by the server's field paths (`parts.0.text`, `variants.<id>.1.images.0.altText`). */
export type IssueMap = Record<string, string[]>

export const channelName = (ch: ChannelInfo) => `${ch.networkLabel} @${ch.handle}`

export function partsFor(channelId: string, parts: PostPart[], variants: Record<string, PostPart[]>) {
  const v = variants[channelId]
  return v && v.length > 0 ? { parts: v, prefix: `variants.${channelId}` } : { parts, prefix: 'parts' }
}

function mapField(prefix: string, field: string): string {
  const m = /^thread\.(\d+)\.(.*)$/.exec(field)
  if (m) return `${prefix}.${Number(m[1]) + 1}.${m[2]}`
  if (field === 'thread') return prefix
  return `${prefix}.0.${field}`
}

export function addIssue(map: IssueMap, field: string, reason: string): void {
  map[field] = [...(map[field] ?? []), reason]
}

/** Every issue of the draft on every selected channel, each message naming the channel. */
export function liveIssues(
  channels: ChannelInfo[],
  caps: Map<string, NetworkCapabilities>,
  parts: PostPart[],
  variants: Record<string, PostPart[]>,
  media: Map<string, MediaMeta>,
): IssueMap {
  const out: IssueMap = {}
  for (const ch of channels) {
    const c = caps.get(ch.network)
    if (!c) continue
    const { parts: ps, prefix } = partsFor(ch.id, parts, variants)
    const toPart = (p: PostPart) => ({
      text: p.text,
      images: (p.images ?? []).map((img): PostImage => {
        const m = media.get(img.mediaId)
        return {
          data: { byteLength: m?.byteSize ?? 0 } as Uint8Array,
          mimeType: m?.mimeType ?? 'image/png',
          altText: img.altText,
        }
      }),
    })
    const [first, ...rest] = ps.map(toPart)
    if (!first) continue
    for (const i of validatePost(c, { ...first, thread: rest })) {
      // "text is empty" on an untouched draft is shown only when saving.
      addIssue(
        out,
        mapField(prefix, i.field),
        `${channelName(ch)}: ${i.field.replace(/^thread\.\d+\./, '')} ${i.reason}`,
      )
    }
  }
  return out
}

/** "123 / 500" in the network's own unit, and whether it is over. */
export function counter(
  caps: NetworkCapabilities,
  text: string,
): { used: number; max: number; over: boolean } {
  const used = measureText(text, caps.text.unit, caps.text.linkLength)
  return { used, max: caps.text.maxLength, over: used > caps.text.maxLength }
}

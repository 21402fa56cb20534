/**
 * The activity cursor of the Meta adapters: the newest creation time seen (ms) and the ids seen at
 * exactly that time, so an item is returned once across polls even when several share a second.
 */
import type { ActivityMessage } from '../network.port.js'

export interface Watermark {
  t: number
  ids: string[]
}

export function decodeWatermark(cursor: string | null): Watermark | null {
  if (!cursor) return null
  try {
    const o = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Watermark>
    if (typeof o.t === 'number' && Array.isArray(o.ids)) return { t: o.t, ids: o.ids.map(String) }
  } catch {}
  return null
}

export function encodeWatermark(w: Watermark): string {
  return Buffer.from(JSON.stringify(w)).toString('base64url')
}

/** True when `m` is newer than the watermark (or at its time and not seen yet). */
export function isNew(w: Watermark | null, m: Pick<ActivityMessage, 'createdAt' | 'remoteId'>): boolean {
  if (!w) return true
  return m.createdAt > w.t || (m.createdAt === w.t && !w.ids.includes(m.remoteId))
}

/** The watermark after `messages` were returned. */
export function advance(w: Watermark | null, messages: ActivityMessage[]): Watermark | null {
  let t = w?.t ?? 0
  let ids = w?.ids ?? []
  for (const m of messages) {
    if (m.createdAt > t) {
      t = m.createdAt
      ids = [m.remoteId]
    } else if (m.createdAt === t && !ids.includes(m.remoteId)) ids = [...ids, m.remoteId]
  }
  return t === 0 && ids.length === 0 ? w : { t, ids }
}

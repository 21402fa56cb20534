/**
 * Two steps of the ingest pipeline (ingest.service.ts), kept apart to keep files short: counting
 * likes, reposts and follows, and linking authors to contacts.
 */
import { sql, type Transaction } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Database } from '../db/schema.js'
import type { ActivityMessage } from '../networks/network.port.js'
import { chunks, type IdPool, type RawSqlite, selectIn } from './bulk.js'
import type { BulkWriter } from './bulk-writer.js'
import { CONTACT_COLUMNS } from './ingest.columns.js'
import type { IngestChannel } from './ingest.types.js'

/** What the steps need from the ingest service. */
export interface IngestSteps {
  readonly clock: Clock
  readonly raw?: RawSqlite
  readonly ids: IdPool
}

const INSERT_CHUNK = 400
const HOUR_MS = 3_600_000

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10)
}

/** Counts likes, reposts and follows once each, per channel, day, kind and post. */
export async function countActivity(
  d: IngestSteps,
  trx: Transaction<Database>,
  channel: IngestChannel,
  items: ActivityMessage[],
): Promise<number> {
  if (items.length === 0) return 0
  const unique = [...new Map(items.map((m) => [m.remoteId, m])).values()]
  const seenRows = await selectIn<{ remote_id: string }>(
    trx,
    d.raw,
    'SELECT remote_id FROM inbox_activity_seen WHERE channel_id = ? AND',
    [channel.id],
    'remote_id',
    unique.map((m) => m.remoteId),
  )
  const seen = new Set(seenRows.map((r) => r.remote_id))
  const fresh = unique.filter((m) => !seen.has(m.remoteId))
  if (fresh.length === 0) return 0
  const now = d.clock.now()
  for (const part of chunks(fresh, INSERT_CHUNK)) {
    await trx
      .insertInto('inbox_activity_seen')
      .values(part.map((m) => ({ channel_id: channel.id, remote_id: m.remoteId, seen_at: now })))
      .onConflict((oc) => oc.columns(['channel_id', 'remote_id']).doNothing())
      .execute()
  }
  const tally = new Map<string, { day: string; kind: string; subject: string; n: number }>()
  for (const m of fresh) {
    const d = day(m.createdAt)
    const subject = m.subjectRemoteId ?? ''
    const k = `${d}|${m.kind}|${subject}`
    const t = tally.get(k) ?? { day: d, kind: m.kind, subject, n: 0 }
    t.n++
    tally.set(k, t)
  }
  for (const t of tally.values()) {
    await trx
      .insertInto('inbox_activity_counts')
      .values({
        channel_id: channel.id,
        day: t.day,
        kind: t.kind,
        subject_remote_id: t.subject,
        count: t.n,
      })
      .onConflict((oc) =>
        oc
          .columns(['channel_id', 'day', 'kind', 'subject_remote_id'])
          .doUpdateSet({ count: sql`inbox_activity_counts.count + excluded.count` }),
      )
      .execute()
  }
  return fresh.length
}

interface ContactRow {
  account_id: string
  remote_id: string
  a_followers: number | null
  a_name: string | null
  a_handle: string
  a_avatar: string | null
  id: string
  follower_count: number | null
  blocked: number
  muted: number
  seen_hour: number
}

/** The author's own contact row (`c`) and the contact it counts for: its group's (`g`) if merged. */
const groupOf = (col: string) => `CASE WHEN g.id IS NULL THEN c.${col} ELSE g.${col} END AS ${col}`
const CONTACT_LOOKUP = `SELECT c.id AS account_id, c.remote_id, c.follower_count AS a_followers,
  c.remote_name AS a_name, c.handle AS a_handle, c.avatar_url AS a_avatar,
  ${['id', 'follower_count', 'blocked', 'muted', 'seen_hour'].map(groupOf).join(', ')}
  FROM inbox_contacts c LEFT JOIN inbox_contacts g ON g.id = c.merged_into
  WHERE c.workspace_id = ? AND c.network = ? AND`

/** A contact as the pipeline sees it; `isNew` when this batch created it. */
export interface LinkedContact {
  id: string
  followerCount: number | null
  blocked: boolean
  muted: boolean
  isNew: boolean
  /** The hour of its last message as stored (the contact list's order); see CONTACT_COUNTERS_HOUR. */
  seenHour: number
}

/** Messages per author in a batch, and the latest message time: new contacts are created with them. */
export type AuthorTouch = Map<string, { n: number; last: number }>

/** The batch's authors as found among the contacts, before any are created or refreshed. */
export interface FoundContacts {
  /** Known authors by remote id. */
  known: Map<string, LinkedContact>
  /** Authors with no contact yet. */
  missing: ActivityMessage['author'][]
  /** Known authors whose name, handle, avatar or follower count changed. */
  changed: Array<{ accountId: string; contactId: string; a: ActivityMessage['author'] }>
}

/** Looks up the contact of every author of `items` (our own account is not a contact). */
export async function findContacts(
  d: IngestSteps,
  trx: Transaction<Database>,
  channel: IngestChannel,
  items: ActivityMessage[],
): Promise<FoundContacts> {
  const authors = new Map<string, ActivityMessage['author']>()
  for (const m of items)
    if (m.author.remoteId !== channel.remoteAccountId) authors.set(m.author.remoteId, m.author)
  const known = new Map<string, LinkedContact>()
  const changed: FoundContacts['changed'] = []
  const rows = await selectIn<ContactRow>(
    trx,
    d.raw,
    CONTACT_LOOKUP,
    [channel.workspaceId, channel.network],
    'c.remote_id',
    [...authors.keys()],
  )
  for (const r of rows) {
    known.set(r.remote_id, {
      id: r.id,
      followerCount: r.follower_count,
      blocked: r.blocked === 1,
      muted: r.muted === 1,
      isNew: false,
      seenHour: Number(r.seen_hour),
    })
    const a = authors.get(r.remote_id)!
    if (
      a.followerCount !== r.a_followers ||
      a.displayName !== r.a_name ||
      a.handle !== r.a_handle ||
      a.avatarUrl !== r.a_avatar
    ) {
      changed.push({ accountId: r.account_id, contactId: r.id, a })
    }
  }
  return { known, missing: [...authors.values()].filter((a) => !known.has(a.remoteId)), changed }
}

/** `found` narrowed to the authors of `fresh` (the lookup may cover a batch's duplicates too). */
export function forFresh(found: FoundContacts, fresh: readonly ActivityMessage[]): FoundContacts {
  const authors = new Set(fresh.map((m) => m.author.remoteId))
  if (authors.size === found.known.size + found.missing.length) return found
  return {
    known: found.known,
    missing: found.missing.filter((a) => authors.has(a.remoteId)),
    changed: found.changed.filter((c) => authors.has(c.a.remoteId)),
  }
}

const REFRESHED = [
  { name: 'handle', type: 'text' },
  { name: 'remote_name', type: 'text' },
  { name: 'display_name', type: 'text' },
  { name: 'avatar_url', type: 'text' },
  { name: 'follower_count', type: 'bigint' },
  { name: 'updated_at', type: 'bigint' },
] as const

/** Whole hours since the epoch: `seen_hour`, the contact list's order. */
export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS)
}

/**
 * Creates a contact for every missing author, with its message count and last-seen time from
 * `touch`, and refreshes changed names, avatars and follower counts; returns every author's
 * contact. Writes go through `w` (queued on PostgreSQL). No other batch can create the same
 * contact meanwhile: ingest holds the workspace's lock for the network (ingest.service.ts).
 */
export function linkContacts(
  d: IngestSteps,
  w: BulkWriter,
  channel: IngestChannel,
  found: FoundContacts,
  touch: AuthorTouch,
): Map<string, LinkedContact> {
  const out = new Map(found.known)
  const now = d.clock.now()
  if (found.missing.length) {
    const newContacts = found.missing.map((a) => {
      const last = touch.get(a.remoteId)?.last ?? 0
      return {
        id: d.ids.next(now),
        workspace_id: channel.workspaceId,
        display_name: a.displayName ?? a.handle,
        handle: a.handle,
        avatar_url: a.avatarUrl,
        follower_count: a.followerCount,
        notes: '',
        blocked: 0,
        muted: 0,
        merged_into: null,
        message_count: touch.get(a.remoteId)?.n ?? 0,
        first_seen_at: now,
        last_seen_at: last,
        seen_hour: hourOf(last),
        network: channel.network,
        remote_id: a.remoteId,
        remote_name: a.displayName,
        created_at: now,
        updated_at: now,
      }
    })
    w.insert('inbox_contacts', CONTACT_COLUMNS, newContacts)
    for (const c of newContacts)
      out.set(c.remote_id, {
        id: c.id,
        followerCount: c.follower_count,
        blocked: false,
        muted: false,
        isNew: true,
        seenHour: c.seen_hour,
      })
  }
  if (found.changed.length) {
    w.update(
      'inbox_contacts',
      REFRESHED,
      found.changed.map((c) => ({
        id: c.accountId,
        handle: c.a.handle,
        remote_name: c.a.displayName,
        display_name: c.a.displayName ?? c.a.handle,
        avatar_url: c.a.avatarUrl,
        follower_count: c.a.followerCount,
        updated_at: now,
      })),
    )
    for (const c of found.changed) {
      const cur = out.get(c.a.remoteId)
      if (cur) cur.followerCount = c.a.followerCount
    }
  }
  return out
}

/**
 * The counter updates for the batch's returning contacts, one row per contact (several accounts of
 * a merged group add up): `hour` holds those whose `seen_hour` moves on, `plain` the others.
 */
export function contactCounters(
  contacts: ReadonlyMap<string, LinkedContact>,
  touch: AuthorTouch,
): { plain: Array<Record<string, unknown>>; hour: Array<Record<string, unknown>> } {
  const byId = new Map<
    string,
    { id: string; message_count: number; last_seen_at: number; seen_hour: number }
  >()
  const stored = new Map<string, number>()
  for (const [author, t] of touch) {
    const ct = contacts.get(author)
    if (!ct || ct.isNew) continue
    stored.set(ct.id, ct.seenHour)
    const row = byId.get(ct.id) ?? { id: ct.id, message_count: 0, last_seen_at: 0, seen_hour: 0 }
    row.message_count += t.n
    row.last_seen_at = Math.max(row.last_seen_at, t.last)
    row.seen_hour = hourOf(row.last_seen_at)
    byId.set(ct.id, row)
  }
  const plain: Array<Record<string, unknown>> = []
  const hour: Array<Record<string, unknown>> = []
  for (const row of byId.values()) (row.seen_hour > stored.get(row.id)! ? hour : plain).push(row)
  return { plain, hour }
}

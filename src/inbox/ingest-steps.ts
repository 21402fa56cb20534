/**
 * Two steps of the ingest pipeline (ingest.service.ts), kept apart to keep files short: counting
 * likes, reposts and follows, and linking authors to contacts.
 */
import { sql, type Transaction } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Database } from '../db/schema.js'
import type { ActivityMessage } from '../networks/network.port.js'
import {
  bulkInsert,
  bulkInsertReturning,
  bulkUpdateById,
  chunks,
  type IdPool,
  type RawSqlite,
  selectIn,
} from './bulk.js'
import { ACCOUNT_COLUMNS, CONTACT_COLUMNS } from './ingest.columns.js'
import type { IngestChannel } from './ingest.service.js'

/** What the steps need from the ingest service. */
export interface IngestSteps {
  readonly clock: Clock
  readonly engine: 'sqlite' | 'postgres'
  readonly raw?: RawSqlite
  readonly ids: IdPool
}

const INSERT_CHUNK = 400

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
}

const CONTACT_LOOKUP = `SELECT a.id AS account_id, a.remote_id, a.follower_count AS a_followers,
  a.display_name AS a_name, a.handle AS a_handle, a.avatar_url AS a_avatar,
  c.id, c.follower_count, c.blocked, c.muted
  FROM inbox_contact_accounts a JOIN inbox_contacts c ON c.id = a.contact_id
  WHERE a.workspace_id = ? AND a.network = ? AND`

/** A contact as the pipeline sees it; `isNew` when this batch created it. */
export interface LinkedContact {
  id: string
  followerCount: number | null
  blocked: boolean
  muted: boolean
  isNew: boolean
}

/** Messages per author in a batch, and the latest message time: new contacts are created with them. */
export type AuthorTouch = Map<string, { n: number; last: number }>

/**
 * Finds or creates the contact of every author; refreshes names, avatars and follower counts. New
 * contacts are created with their message count and last-seen time from `touch` (existing ones are
 * updated by the caller once the batch is stored).
 */
export async function linkContacts(
  d: IngestSteps,
  trx: Transaction<Database>,
  channel: IngestChannel,
  items: ActivityMessage[],
  touch: AuthorTouch,
): Promise<Map<string, LinkedContact>> {
  const authors = new Map<string, ActivityMessage['author']>()
  for (const m of items)
    if (m.author.remoteId !== channel.remoteAccountId) authors.set(m.author.remoteId, m.author)
  const out = new Map<string, LinkedContact>()
  const load = async (ids: string[]) => {
    const rows = await selectIn<ContactRow>(
      trx,
      d.raw,
      CONTACT_LOOKUP,
      [channel.workspaceId, channel.network],
      'a.remote_id',
      ids,
    )
    for (const r of rows) {
      out.set(r.remote_id, {
        id: r.id,
        followerCount: r.follower_count,
        blocked: r.blocked === 1,
        muted: r.muted === 1,
        isNew: false,
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
  }
  const changed: Array<{ accountId: string; contactId: string; a: ActivityMessage['author'] }> = []
  await load([...authors.keys()])
  const missing = [...authors.values()].filter((a) => !out.has(a.remoteId))
  if (missing.length) {
    const now = d.clock.now()
    const newContacts = missing.map((a) => ({
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
      last_seen_at: touch.get(a.remoteId)?.last ?? 0,
      created_at: now,
      updated_at: now,
    }))
    await bulkInsert(trx, d.raw, 'inbox_contacts', CONTACT_COLUMNS, newContacts)
    const accounts = missing.map((a, i) => ({
      id: d.ids.next(now),
      workspace_id: channel.workspaceId,
      contact_id: newContacts[i]!.id,
      network: channel.network,
      remote_id: a.remoteId,
      handle: a.handle,
      display_name: a.displayName,
      avatar_url: a.avatarUrl,
      follower_count: a.followerCount,
      created_at: now,
      updated_at: now,
    }))
    // @NOTE on PostgreSQL another channel's batch may have created the same account meanwhile:
    // the accounts we did not insert are read back to see which contact won (an orphan contact of
    // ours is then harmless and unlisted; the winner's counts are updated like any existing one's).
    let lost: Set<string> | undefined
    if (d.engine === 'postgres') {
      const won = new Set(
        await bulkInsertReturning(trx, 'inbox_contact_accounts', ACCOUNT_COLUMNS, accounts, 'remote_id'),
      )
      lost = new Set(accounts.filter((a) => !won.has(a.remote_id)).map((a) => a.remote_id))
      if (lost.size) await load([...lost])
    } else await bulkInsert(trx, d.raw, 'inbox_contact_accounts', ACCOUNT_COLUMNS, accounts, true)
    for (const a of accounts)
      if (!lost?.has(a.remote_id))
        out.set(a.remote_id, {
          id: a.contact_id,
          followerCount: a.follower_count,
          blocked: false,
          muted: false,
          isNew: true,
        })
  }
  if (changed.length) {
    const now = d.clock.now()
    const rows = changed.map((c) => ({
      id: c.accountId,
      handle: c.a.handle,
      display_name: c.a.displayName,
      avatar_url: c.a.avatarUrl,
      follower_count: c.a.followerCount,
      updated_at: now,
    }))
    const cols = [
      { name: 'handle', type: 'text' },
      { name: 'display_name', type: 'text' },
      { name: 'avatar_url', type: 'text' },
      { name: 'follower_count', type: 'bigint' },
      { name: 'updated_at', type: 'bigint' },
    ] as const
    await bulkUpdateById(trx, d.raw, 'inbox_contact_accounts', [...cols], rows)
    const byContact = new Map(changed.map((c) => [c.contactId, c.a]))
    await bulkUpdateById(
      trx,
      d.raw,
      'inbox_contacts',
      [...cols],
      [...byContact].map(([id, a]) => ({
        id,
        handle: a.handle,
        display_name: a.displayName ?? a.handle,
        avatar_url: a.avatarUrl,
        follower_count: a.followerCount,
        updated_at: now,
      })),
    )
    for (const c of changed) {
      const cur = out.get(c.a.remoteId)
      if (cur) cur.followerCount = c.a.followerCount
    }
  }
  return out
}

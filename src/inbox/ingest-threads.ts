/**
 * Lookups of the ingest pipeline (ingest.service.ts), one query per batch each: which messages are
 * already stored (dedupe), which of the batch's thread roots are our own posts, and the existing
 * conversations the batch may join (by thread key, and by the stored messages it answers).
 */
import type { Selectable, Transaction } from 'kysely'
import type { Database } from '../db/schema.js'
import type { ActivityMessage } from '../networks/network.port.js'
import { type RawSqlite, selectIn } from './bulk.js'
import type { InboxConversationsTable } from './inbox.tables.js'
import type { IngestChannel } from './ingest.types.js'

export type ConvRow = Selectable<InboxConversationsTable>

/** A conversation the batch creates or extends, with its row as it will be stored. */
export interface ConvWork {
  row: ConvRow
  isNew: boolean
  dirty: boolean
}

/** What the lookups need from the ingest service. */
export interface LookupDeps {
  readonly engine: 'sqlite' | 'postgres'
  readonly raw?: RawSqlite
}

/**
 * The conversation key of a message. Direct messages: the network's conversation (or the author).
 * Public messages: their thread root, except under one of *our* posts, where every customer gets a
 * conversation of their own (`t:<post>~<author>`): replies from different people to one post are
 * separate conversations, and a customer's further replies to the post stay in theirs.
 */
export function threadKey(m: ActivityMessage, ourRoots: ReadonlySet<string>): string {
  if (m.kind === 'direct-message') return `d:${m.conversationId ?? m.author.remoteId}`
  const root = m.threadRootId ?? m.remoteId
  if (m.threadRootId && ourRoots.has(m.threadRootId)) return `t:${root}~${m.author.remoteId}`
  return `t:${root}`
}

/** The messages of `items` not stored before on the channel. */
export async function dedupe(
  d: LookupDeps,
  trx: Transaction<Database>,
  channel: IngestChannel,
  items: ActivityMessage[],
): Promise<ActivityMessage[]> {
  const rows = await selectIn<{ remote_id: string }>(
    trx,
    d.raw,
    'SELECT remote_id FROM inbox_messages WHERE channel_id = ? AND',
    [channel.id],
    'remote_id',
    items.map((m) => m.remoteId),
  )
  if (rows.length === 0) return items
  const known = new Set(rows.map((r) => r.remote_id))
  return items.filter((m) => !known.has(m.remoteId))
}

/**
 * The thread roots of `items` that are our own posts: published through this channel, seen as ours,
 * or the root of a `reply` (the network says "a reply to your post") that is not a customer's
 * message we stored.
 */
export async function ourRoots(
  d: LookupDeps,
  trx: Transaction<Database>,
  channel: IngestChannel,
  items: ActivityMessage[],
): Promise<Set<string>> {
  const roots = [
    ...new Set(
      items.filter((m) => m.kind !== 'direct-message' && m.threadRootId).map((m) => m.threadRootId!),
    ),
  ]
  const out = new Set<string>()
  if (roots.length === 0) return out
  const q = (head: string) =>
    selectIn<{ remote_id: string }>(trx, d.raw, head, [channel.id], 'remote_id', roots)
  const published = await q('SELECT remote_id FROM post_deliveries WHERE channel_id = ? AND')
  const stored = await selectIn<{ remote_id: string; direction: string }>(
    trx,
    d.raw,
    'SELECT remote_id, direction FROM inbox_messages WHERE channel_id = ? AND',
    [channel.id],
    'remote_id',
    roots,
  )
  for (const r of published) out.add(r.remote_id)
  const customers = new Set<string>()
  for (const r of stored) (r.direction === 'out' ? out : customers).add(r.remote_id)
  for (const m of items)
    if (m.kind === 'reply' && m.threadRootId && !customers.has(m.threadRootId)) out.add(m.threadRootId)
  return out
}

/** Existing conversations the batch may join: by thread key, and by the messages it answers. */
export async function existingThreads(
  d: LookupDeps,
  trx: Transaction<Database>,
  channel: IngestChannel,
  items: ActivityMessage[],
  keyOf: (m: ActivityMessage) => string,
): Promise<{ byKey: Map<string, ConvWork>; byRemote: Map<string, ConvWork> }> {
  const keys = [...new Set(items.map(keyOf))]
  const refs = [
    ...new Set(items.flatMap((m) => [m.parentId, m.threadRootId]).filter((x): x is string => !!x)),
  ]
  const byId = new Map<string, ConvWork>()
  const byKey = new Map<string, ConvWork>()
  const byRemote = new Map<string, ConvWork>()
  const refConv = await selectIn<{ remote_id: string; conversation_id: string }>(
    trx,
    d.raw,
    'SELECT remote_id, conversation_id FROM inbox_messages WHERE channel_id = ? AND',
    [channel.id],
    'remote_id',
    refs,
  )
  // @NOTE on PostgreSQL lock what this batch will update, so an agent's concurrent change is not lost.
  const lock = d.engine === 'postgres' ? ' FOR UPDATE' : ''
  const add = (r: ConvRow) => {
    const w = byId.get(r.id) ?? { row: r, isNew: false, dirty: false }
    byId.set(r.id, w)
    return w
  }
  const byThread = await selectIn<ConvRow>(
    trx,
    d.raw,
    'SELECT * FROM inbox_conversations WHERE channel_id = ? AND',
    [channel.id],
    'thread_key',
    keys,
    lock,
  )
  for (const r of byThread) byKey.set(r.thread_key, add(r))
  const ids = [...new Set(refConv.map((r) => r.conversation_id))].filter((id) => !byId.has(id))
  const more = await selectIn<ConvRow>(
    trx,
    d.raw,
    'SELECT * FROM inbox_conversations WHERE',
    [],
    'id',
    ids,
    lock,
  )
  for (const r of more) add(r)
  for (const r of refConv) {
    const w = byId.get(r.conversation_id)
    if (w) byRemote.set(r.remote_id, w)
  }
  return { byKey, byRemote }
}

/**
 * `npm run bench -- ingest [--n=20000] [--spike=100000] [--stored=1000000] [--engines=sqlite,postgres]`
 *
 * Pushes Sandbox mentions (the Sandbox generator's people and texts: pure functions of seed and
 * sequence number) through the whole inbox pipeline — dedupe, count, contacts, threading,
 * classification, rules, SLA clocks, store — and compares with a plain batched insert of the same
 * message rows on the same engine in the same run. Then a burst of `spike` mentions until all are
 * listed, and the list's p95 latency with `stored` messages in the database. PostgreSQL is a
 * throwaway local server (or DATABASE_URL). Figures are printed last as `name: value` lines.
 */
import { sql } from 'kysely'
import { systemClock } from '../src/core/clock.js'
import { newId } from '../src/core/ids.js'
import { type Db, migrateToLatest } from '../src/db/database.js'
import { chunks } from '../src/inbox/bulk.js'
import { InboxView } from '../src/inbox/inbox.view.js'
import { IngestService } from '../src/inbox/ingest.service.js'
import type { IngestChannel } from '../src/inbox/ingest.types.js'
import { RuleService } from '../src/inbox/rule.service.js'
import { SlaService } from '../src/inbox/sla.service.js'
import type { ActivityMessage } from '../src/networks/network.port.js'
import { type GeneratorContext, generateEvent } from '../src/networks/sandbox/sandbox.generator.js'
import { sandboxPerson } from '../src/networks/sandbox/sandbox.people.js'
import { insertSandboxChannel, insertWorkspace } from '../test/support/rows.js'
import { arg, onEachEngine, openBenchDatabase } from './support.js'

const BATCH = 1000
const SEED = 42

/** `count` conversational Sandbox events from sequence `from`, as the network port delivers them. */
function sandboxMentions(from: number, count: number, crisis: boolean, prefix: string): ActivityMessage[] {
  const ctx: GeneratorContext = {
    seed: SEED,
    handle: 'acme.sandbox',
    name: 'Acme',
    population: 20_000,
    brandPosts: [],
    crisis,
  }
  const out: ActivityMessage[] = []
  const t0 = Date.now() - 3_600_000
  for (let seq = from; out.length < count; seq++) {
    const e = generateEvent(ctx, seq)
    if (e.text === null) continue
    const p = sandboxPerson(SEED, e.authorIndex)
    out.push({
      kind: e.kind === 'direct-message' ? 'direct-message' : 'mention',
      remoteId: `${prefix}${seq}`,
      url: null,
      author: {
        remoteId: `person-${e.authorIndex}`,
        handle: p.handle,
        displayName: p.displayName,
        avatarUrl: p.avatarUrl,
        followerCount: p.followerCount,
      },
      text: e.text,
      subjectRemoteId: null,
      threadRootId: null,
      parentId: null,
      conversationId: e.kind === 'direct-message' ? `dm-${e.authorIndex}` : null,
      createdAt: t0 + seq * 10,
    })
  }
  return out
}

async function setup(db: Db): Promise<{ channel: IngestChannel; raw: IngestChannel }> {
  const k = db.kysely
  const now = Date.now()
  const ws = newId(now)
  const presence = newId(now)
  await insertWorkspace(k, { id: ws, name: 'Bench', presenceId: presence }, now)
  const mk = async (handle: string): Promise<IngestChannel> => {
    const id = newId(now)
    await insertSandboxChannel(
      k,
      { id, workspaceId: ws, presenceId: presence, handle, remoteAccountId: 'brand', followerCount: 1000 },
      now,
    )
    return { id, workspaceId: ws, presenceId: presence, network: 'sandbox', remoteAccountId: 'brand' }
  }
  const channel = await mk('acme.sandbox')
  const raw = await mk('raw.sandbox')
  // Three typical rules, so the pipeline evaluates rules as in production.
  const rules = new RuleService(k, systemClock)
  await rules.create(ws, {
    name: 'Refunds',
    conditions: { keywords: ['refund', 'charged'] },
    actions: [{ type: 'label', label: 'billing' }],
  })
  await rules.create(ws, {
    name: 'Outage',
    conditions: { keywords: ['down', 'outage', '500'] },
    actions: [
      { type: 'label', label: 'outage' },
      { type: 'priority', priority: 'high' },
    ],
  })
  await rules.create(ws, { name: 'Spam', conditions: { intents: ['spam'] }, actions: [{ type: 'spam' }] })
  return { channel, raw }
}

async function ingestAll(
  ingest: IngestService,
  channel: IngestChannel,
  msgs: ActivityMessage[],
): Promise<number> {
  const t = performance.now()
  for (const part of chunks(msgs, BATCH)) await ingest.ingest(channel, part)
  return (performance.now() - t) / 1000
}

/** The same message rows, inserted plainly in batches (no dedupe, threading, contacts, classification, rules). */
async function rawInsert(db: Db, channel: IngestChannel, msgs: ActivityMessage[]): Promise<number> {
  const now = Date.now()
  const rows = msgs.map((m) => ({
    id: newId(now),
    workspace_id: channel.workspaceId,
    conversation_id: `raw-${m.remoteId}`,
    channel_id: channel.id,
    remote_id: m.remoteId,
    direction: 'in',
    kind: m.kind,
    contact_id: null,
    author_handle: m.author.handle,
    author_name: m.author.displayName,
    text: m.text ?? '',
    url: m.url,
    parent_remote_id: null,
    root_remote_id: null,
    sentiment: null,
    score: null,
    intent: null,
    language: null,
    needs_reply: 0,
    sent_by_member_id: null,
    created_at: m.createdAt,
    received_at: now,
  }))
  const t = performance.now()
  for (const part of chunks(rows, BATCH)) {
    await db.kysely.transaction().execute(async (trx) => {
      for (const p of chunks(part, 400)) await trx.insertInto('inbox_messages').values(p).execute()
    })
  }
  return (performance.now() - t) / 1000
}

/** Follow-up messages into existing conversations until `target` messages are stored. */
async function fillTo(db: Db, channel: IngestChannel, target: number): Promise<number> {
  const k = db.kysely
  const have = Number(
    (
      await k
        .selectFrom('inbox_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  const convs = await k
    .selectFrom('inbox_conversations')
    .select(['id', 'contact_id'])
    .where('channel_id', '=', channel.id)
    .limit(50_000)
    .execute()
  const now = Date.now()
  const texts = sandboxMentions(9_000_000, 500, false, 'fill-text-')
  let n = 0
  for (let i = have; i < target; i += BATCH) {
    const rows: Array<Record<string, unknown>> = []
    for (let j = 0; j < Math.min(BATCH, target - i); j++) {
      const c = convs[(i + j) % convs.length]!
      const m = texts[(i + j) % texts.length]!
      rows.push({
        id: newId(now),
        workspace_id: channel.workspaceId,
        conversation_id: c.id,
        channel_id: channel.id,
        remote_id: `fill-${i + j}`,
        direction: 'in',
        kind: 'reply',
        contact_id: c.contact_id,
        author_handle: m.author.handle,
        author_name: m.author.displayName,
        text: m.text ?? '',
        url: null,
        parent_remote_id: null,
        root_remote_id: null,
        sentiment: 'neutral',
        score: 0,
        intent: 'other',
        language: 'en',
        needs_reply: 0,
        sent_by_member_id: null,
        created_at: now - 86_400_000,
        received_at: now,
      })
    }
    await k.transaction().execute(async (trx) => {
      for (const p of chunks(rows, 400))
        await trx
          .insertInto('inbox_messages')
          .values(p as never)
          .execute()
    })
    n += rows.length
    if ((i / BATCH) % 100 === 0) console.log(`  filled ${have + n}`)
  }
  return have + n
}

/** A checkpoint, so the next phase starts with an empty write-ahead log (SQLite) or none pending. */
async function settle(db: Db): Promise<void> {
  if (db.sqlite) db.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  // CHECKPOINT needs a superuser (or pg_checkpoint) on a DATABASE_URL server: without it, go on.
  else await sql`CHECKPOINT`.execute(db.kysely).catch(() => {})
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]!
}

async function runEngine(
  engine: 'sqlite' | 'postgres',
  args: string[],
  pgUrl: string | undefined,
): Promise<Record<string, string>> {
  const n = arg(args, 'n', 20_000)
  const spike = arg(args, 'spike', 100_000)
  const stored = arg(args, 'stored', 1_000_000)
  const { db, cleanup } = await openBenchDatabase(engine, pgUrl, 'bench')
  const out: Record<string, string> = {}
  try {
    await migrateToLatest(db)
    const { channel, raw } = await setup(db)
    const sla = new SlaService(db.kysely, systemClock)
    const ingest = new IngestService(
      db.kysely,
      systemClock,
      sla,
      engine,
      undefined,
      db.sqlite,
      undefined,
      db.pgPool,
    )
    const view = new InboxView(db.kysely, systemClock, sla, engine)

    console.log(`[${engine}] ingest ${n} Sandbox mentions through the pipeline, and the same rows raw`)
    const msgs = sandboxMentions(0, n, false, 'm-')
    await ingestAll(ingest, channel, msgs.slice(0, 2000)) // warm-up (JIT, caches); counted below as already stored
    await settle(db)
    // @NOTE the two are timed batch by batch, taking turns (and turning the order round each time), so
    // both see the same machine: this VM's speed drifts by a third within minutes, and timing one phase
    // after the other compared two different machines (docs/adr/0021-ingest-measure.md).
    let pipelineS = 0
    let rawS = 0
    let turn = 0
    for (const part of chunks(msgs.slice(2000), BATCH)) {
      const pipeline = () => ingestAll(ingest, channel, part)
      const plain = () => rawInsert(db, raw, part)
      if (turn++ % 2 === 0) {
        pipelineS += await pipeline()
        rawS += await plain()
      } else {
        rawS += await plain()
        pipelineS += await pipeline()
      }
    }
    const perS = (n - 2000) / pipelineS
    const rawPerS = (n - 2000) / rawS
    // Overlapping re-poll of everything: nothing may be stored twice.
    const again = await ingest.ingest(channel, msgs.slice(0, BATCH))
    if (again.stored !== 0) throw new Error('a repeated poll stored duplicates')
    out[`ingest_per_s_${engine}`] = perS.toFixed(0)
    out[`raw_insert_per_s_${engine}`] = rawPerS.toFixed(0)
    out[`ingest_ratio_to_raw_insert_${engine}`] = (perS / rawPerS).toFixed(3)

    // @NOTE --spike=0 skips the burst (quick runs of the ingest rate alone).
    if (spike > 0) {
      console.log(`[${engine}] spike: ${spike} mentions in a burst (crisis) until all are listed`)
      const burst = sandboxMentions(1_000_000, spike, true, 's-')
      // @NOTE the burst's times run ahead of the clock and ingest stores them capped at "now".
      const since = Math.min(burst[0]!.createdAt, Date.now())
      const t0 = performance.now()
      for (const part of chunks(burst, BATCH)) await ingest.ingest(channel, part)
      const listed = await view.unreadCount(channel.workspaceId, 'nobody', {
        channelIds: [channel.id],
        from: since,
        states: ['open', 'spam', 'resolved', 'pending', 'snoozed'],
      })
      const first = await view.list(channel.workspaceId, 'nobody', { states: ['open'] }, { limit: 50 })
      const spikeS = (performance.now() - t0) / 1000
      const stored2 = Number(
        (
          await db.kysely
            .selectFrom('inbox_messages')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('remote_id', 'like', 's-%')
            .executeTakeFirstOrThrow()
        ).n,
      )
      if (stored2 !== spike) throw new Error(`spike stored ${stored2} of ${spike}`)
      console.log(
        `  ${listed.total} conversations listed from the burst; first page ${first.items.length} rows`,
      )
      out[`spike_${Math.round(spike / 1000)}k_visible_s_${engine}`] = spikeS.toFixed(1)
    }

    console.log(`[${engine}] fill to ${stored} stored messages, then time the inbox list`)
    const total = await fillTo(db, channel, stored)
    if (engine === 'postgres')
      await db.kysely
        .executeQuery({ sql: 'ANALYZE', parameters: [], query: { kind: 'RawNode' } } as never)
        .catch(() => {})
    const filters = [
      {},
      { states: ['open' as const] },
      { states: ['open' as const], priorities: ['urgent' as const, 'high' as const] },
      { states: ['open' as const], assignee: 'none' },
      { states: ['open' as const], intents: ['complaint' as const] },
      { label: 'outage' },
    ]
    const times: number[] = []
    for (let i = 0; i < 240; i++) {
      const f = filters[i % filters.length]!
      const t = performance.now()
      const page = await view.list(channel.workspaceId, 'nobody', f, { limit: 50 })
      if (i % 3 === 0 && page.nextCursor)
        await view.list(channel.workspaceId, 'nobody', f, { limit: 50, cursor: page.nextCursor })
      times.push(performance.now() - t)
    }
    out[`inbox_list_p95_ms_${engine}`] = p95(times.slice(20)).toFixed(1)
    out[`messages_stored_${engine}`] = String(total)
  } finally {
    await cleanup()
  }
  return out
}

export default async function (args: string[]): Promise<void> {
  const figures = await onEachEngine(args, runEngine)
  const sqliteRatio = figures.ingest_ratio_to_raw_insert_sqlite
  console.log('')
  for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${v}`)
  // @NOTE the headline names the issue asks for: SQLite (the embedded default) figures.
  if (figures.ingest_per_s_sqlite) console.log(`ingest_per_s: ${figures.ingest_per_s_sqlite}`)
  if (sqliteRatio) console.log(`ingest_ratio_to_raw_insert: ${sqliteRatio}`)
}

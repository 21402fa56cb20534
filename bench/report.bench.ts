/**
 * `npm run bench -- report [--conversations=1000000] [--span=365] [--period=30] [--engines=sqlite,postgres]`
 *
 * Seeds `conversations` inbox conversations spread over the last `span` days, with their care facts
 * (care_facts, care_waits), contacts and complaint messages, by bulk insert (not through the ingest
 * pipeline), then builds the main care report — the last `period` days compared with the period
 * before, all figures, series and breakdowns — on each engine. Figures (`name: value`) are printed
 * last: `report_ms_<engine>` is the median of 5 builds after one warm-up; `report_year_ms_<engine>`
 * builds the report over the whole span. PostgreSQL is a throwaway local server.
 */
import { sql } from 'kysely'
import { createAnalytics } from '../src/analytics/analytics.module.js'
import type { CareReportQuery } from '../src/analytics/care.types.js'
import { systemClock } from '../src/core/clock.js'
import { type Db, migrateToLatest } from '../src/db/database.js'
import { insertSandboxChannel, insertWorkspace } from '../test/support/rows.js'
import { arg, onEachEngine, openBenchDatabase } from './support.js'

const DAY = 86_400_000
const CHUNK = 10_000
type Col = [string, 'text' | 'bigint' | 'integer']

/** mulberry32: a small deterministic generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const CONV: Col[] = [
  ['id', 'text'],
  ['workspace_id', 'text'],
  ['channel_id', 'text'],
  ['presence_id', 'text'],
  ['contact_id', 'text'],
  ['thread_key', 'text'],
  ['kind', 'text'],
  ['state', 'text'],
  ['priority', 'text'],
  ['assignee_member_id', 'text'],
  ['labels', 'text'],
  ['preview', 'text'],
  ['intent', 'text'],
  ['sentiment', 'text'],
  ['last_message_at', 'bigint'],
  ['last_inbound_at', 'bigint'],
  ['message_count', 'integer'],
  ['first_inbound_at', 'bigint'],
  ['first_response_at', 'bigint'],
  ['first_response_ms', 'bigint'],
  ['sla_due_at', 'bigint'],
  ['version', 'integer'],
  ['created_at', 'bigint'],
  ['updated_at', 'bigint'],
]
const FACTS: Col[] = [
  ['conversation_id', 'text'],
  ['workspace_id', 'text'],
  ['channel_id', 'text'],
  ['presence_id', 'text'],
  ['contact_id', 'text'],
  ['assignee_member_id', 'text'],
  ['labels', 'text'],
  ['intent', 'text'],
  ['sentiment', 'text'],
  ['priority', 'text'],
  ['state', 'text'],
  ['received_at', 'bigint'],
  ['first_resolved_at', 'bigint'],
  ['resolution_ms', 'bigint'],
  ['resolution_business_ms', 'bigint'],
  ['reopen_count', 'integer'],
  ['closed_at', 'bigint'],
  ['refreshed_at', 'bigint'],
]
const WAITS: Col[] = [
  ['id', 'text'],
  ['workspace_id', 'text'],
  ['conversation_id', 'text'],
  ['channel_id', 'text'],
  ['presence_id', 'text'],
  ['assignee_member_id', 'text'],
  ['labels', 'text'],
  ['priority', 'text'],
  ['kind', 'text'],
  ['asked_at', 'bigint'],
  ['answered_at', 'bigint'],
  ['response_ms', 'bigint'],
  ['response_business_ms', 'bigint'],
  ['needs_reply', 'integer'],
  ['sla_due_at', 'bigint'],
  ['business_1h_at', 'bigint'],
  ['business_24h_at', 'bigint'],
]
const MSGS: Col[] = [
  ['id', 'text'],
  ['workspace_id', 'text'],
  ['conversation_id', 'text'],
  ['channel_id', 'text'],
  ['remote_id', 'text'],
  ['direction', 'text'],
  ['kind', 'text'],
  ['contact_id', 'text'],
  ['author_handle', 'text'],
  ['text', 'text'],
  ['intent', 'text'],
  ['sentiment', 'text'],
  ['needs_reply', 'integer'],
  ['created_at', 'bigint'],
  ['received_at', 'bigint'],
]
const CONTACTS: Col[] = [
  ['id', 'text'],
  ['workspace_id', 'text'],
  ['display_name', 'text'],
  ['handle', 'text'],
  ['first_seen_at', 'bigint'],
  ['last_seen_at', 'bigint'],
  ['created_at', 'bigint'],
  ['updated_at', 'bigint'],
]

type Row = Array<string | number | null>

async function insert(db: Db, table: string, cols: Col[], rows: Row[]): Promise<void> {
  if (rows.length === 0) return
  const names = cols.map((c) => c[0]).join(', ')
  if (db.sqlite) {
    const stmt = db.sqlite.prepare(
      `INSERT INTO ${table} (${names}) VALUES (${cols.map(() => '?').join(', ')})`,
    )
    db.sqlite.transaction(() => {
      for (const r of rows) stmt.run(...r)
    })()
    return
  }
  const arrays = cols.map((c, i) => `CAST($${i + 1} AS ${c[1]}[])`).join(', ')
  await db.kysely.executeQuery({
    sql: `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`,
    parameters: cols.map((_, i) => rows.map((r) => r[i] ?? null)),
    query: { kind: 'RawNode' },
  } as never)
}

const INTENTS = ['question', 'question', 'complaint', 'complaint', 'request', 'praise', 'other', 'spam']
const SENTIMENTS = ['negative', 'neutral', 'neutral', 'positive']
const PRIORITIES = ['low', 'normal', 'normal', 'normal', 'high', 'urgent']
const WORDS =
  'delivery refund broken app login outage invoice battery shipping support waiting charger update crash password'.split(
    ' ',
  )

async function seed(db: Db, n: number, span: number, now: number): Promise<string> {
  const ws = 'ws-bench'
  const k = db.kysely
  await insertWorkspace(
    k,
    { id: ws, name: 'Bench', presenceId: 'p-bench', holidays: ['2026-01-01', '2026-12-25'] },
    now,
  )
  const channels = ['c-bsky', 'c-mastodon', 'c-x', 'c-threads']
  for (const id of channels)
    await insertSandboxChannel(
      k,
      {
        id,
        workspaceId: ws,
        presenceId: 'p-bench',
        handle: `${id}.example`,
        remoteAccountId: id,
        followerCount: 1000,
      },
      now,
    )
  const contactCount = Math.max(10, Math.floor(n / 20))
  for (let i = 0; i < contactCount; i += CHUNK) {
    const rows: Row[] = []
    for (let j = i; j < Math.min(contactCount, i + CHUNK); j++)
      rows.push([`ct${j}`, ws, `Person ${j}`, `person${j}.example`, now - span * DAY, now, now, now])
    await insert(db, 'inbox_contacts', CONTACTS, rows)
  }
  const r = rng(7)
  const start = now - span * DAY
  for (let i = 0; i < n; i += CHUNK) {
    const conv: Row[] = []
    const facts: Row[] = []
    const waits: Row[] = []
    const msgs: Row[] = []
    for (let j = i; j < Math.min(n, i + CHUNK); j++) {
      const id = `cv${j}`
      const received = start + Math.floor(((j + r()) * span * DAY) / n)
      const ch = channels[j % channels.length]!
      const contact = `ct${Math.floor(contactCount * r() ** 3)}`
      const agent = r() < 0.1 ? null : `m${Math.floor(r() * 20)}`
      const labels = r() < 0.05 ? '["vip"]' : '[]'
      const intent = INTENTS[Math.floor(r() * INTENTS.length)]!
      const sentiment = intent === 'complaint' ? 'negative' : SENTIMENTS[Math.floor(r() * SENTIMENTS.length)]!
      const priority = PRIORITIES[Math.floor(r() * PRIORITIES.length)]!
      const age = now - received
      const answered = r() < 0.94 ? received + Math.floor(60_000 * Math.exp(r() * 8)) : null
      const firstAnswer = answered !== null && answered < now ? answered : null
      const resolved =
        firstAnswer !== null && r() < 0.85 ? firstAnswer + Math.floor(60_000 * Math.exp(r() * 7)) : null
      const firstResolved = resolved !== null && resolved < now ? resolved : null
      const reopened = firstResolved !== null && r() < 0.06 ? 1 : 0
      const closed = firstResolved !== null && !reopened ? firstResolved : intent === 'spam' ? received : null
      const state =
        closed !== null
          ? intent === 'spam'
            ? 'spam'
            : 'resolved'
          : age > 3 * DAY && r() < 0.5
            ? 'pending'
            : 'open'
      const due =
        received + (priority === 'urgent' ? 3_600_000 : priority === 'high' ? 7_200_000 : 28_800_000)
      conv.push([
        id,
        ws,
        ch,
        'p-bench',
        contact,
        `t:${j}`,
        'mention',
        state,
        priority,
        agent,
        labels,
        'preview text',
        intent,
        sentiment,
        firstAnswer ?? received,
        received,
        firstAnswer ? 2 : 1,
        received,
        firstAnswer,
        firstAnswer === null ? null : firstAnswer - received,
        state === 'open' && firstAnswer === null ? due : null,
        0,
        received,
        Math.min(now - DAY, (firstResolved ?? firstAnswer ?? received) + 1),
      ])
      facts.push([
        id,
        ws,
        ch,
        'p-bench',
        contact,
        agent,
        labels,
        intent,
        sentiment,
        priority,
        state,
        received,
        firstResolved,
        firstResolved === null ? null : firstResolved - received,
        firstResolved === null ? null : Math.floor((firstResolved - received) * 0.3),
        reopened,
        closed,
        now,
      ])
      const ms = firstAnswer === null ? null : firstAnswer - received
      waits.push([
        `${id}:0`,
        ws,
        id,
        ch,
        'p-bench',
        agent,
        labels,
        priority,
        'first',
        received,
        firstAnswer,
        ms,
        ms === null ? null : Math.floor(ms * 0.3),
        1,
        due,
        received + 3 * 3_600_000,
        received + 3 * DAY,
      ])
      if (firstAnswer !== null && r() < 0.3) {
        const asked = firstAnswer + Math.floor(3_600_000 * r() * 10)
        const ans = r() < 0.9 ? asked + Math.floor(60_000 * Math.exp(r() * 7)) : null
        const a2 = ans !== null && ans < now ? ans : null
        if (asked < now)
          waits.push([
            `${id}:1`,
            ws,
            id,
            ch,
            'p-bench',
            agent,
            labels,
            priority,
            'next',
            asked,
            a2,
            a2 === null ? null : a2 - asked,
            a2 === null ? null : Math.floor((a2 - asked) * 0.3),
            1,
            asked + 28_800_000,
            asked + 3 * 3_600_000,
            asked + 3 * DAY,
          ])
      }
      if (intent === 'complaint') {
        const text = `My ${WORDS[Math.floor(r() * WORDS.length)]} is a disaster, ${WORDS[Math.floor(r() * WORDS.length)]} since days @acme`
        msgs.push([
          `mg${j}`,
          ws,
          id,
          ch,
          `r${j}`,
          'in',
          'mention',
          contact,
          'someone',
          text,
          'complaint',
          'negative',
          1,
          received,
          received,
        ])
      }
    }
    await insert(db, 'inbox_conversations', CONV, conv)
    await insert(db, 'care_facts', FACTS, facts)
    await insert(db, 'care_waits', WAITS, waits)
    await insert(db, 'inbox_messages', MSGS, msgs)
    if ((i / CHUNK) % 20 === 0) console.log(`  seeded ${Math.min(n, i + CHUNK)} conversations`)
  }
  // @NOTE the facts are current: a report only re-derives conversations changed since now.
  await k.insertInto('care_refresh').values({ workspace_id: ws, refreshed_until: now }).execute()
  if (db.engine === 'postgres') await sql`VACUUM ANALYZE`.execute(k)
  else await sql`ANALYZE`.execute(k)
  return ws
}

async function runEngine(
  engine: 'sqlite' | 'postgres',
  args: string[],
  pgUrl?: string,
): Promise<Record<string, string>> {
  const n = arg(args, 'conversations', 1_000_000)
  const span = arg(args, 'span', 365)
  const period = arg(args, 'period', 30)
  const { db, cleanup } = await openBenchDatabase(engine, pgUrl, 'bench_report')
  const out: Record<string, string> = {}
  try {
    await migrateToLatest(db)
    const now = Date.now()
    console.log(`[${engine}] seeding ${n} conversations over ${span} days`)
    const t0 = performance.now()
    const ws = await seed(db, n, span, now)
    console.log(`[${engine}] seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    const analytics = createAnalytics({ db: db.kysely, clock: systemClock })
    const to = Date.now()
    const q: CareReportQuery = { from: to - period * DAY, to, compare: 'previous', hours: 'business' }
    const first = await analytics.care.report(ws, q)
    const fig = Object.fromEntries(first.figures.map((f) => [f.key, f.value]))
    console.log(
      `[${engine}] ${fig.conversations} conversations in the period; first response median ${fig.first_response_median} ms (business)`,
    )
    const times: number[] = []
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      await analytics.care.report(ws, q)
      times.push(performance.now() - t)
    }
    times.sort((a, b) => a - b)
    out[`report_ms_${engine}`] = times[2]!.toFixed(0)
    const t = performance.now()
    const year = await analytics.care.report(ws, { ...q, from: to - span * DAY, compare: 'none' })
    out[`report_year_ms_${engine}`] = (performance.now() - t).toFixed(0)
    out[`report_year_conversations_${engine}`] = String(
      year.figures.find((f) => f.key === 'conversations')?.value,
    )
  } finally {
    await cleanup()
  }
  return out
}

export default async function (args: string[]): Promise<void> {
  const figures = await onEachEngine(args, runEngine)
  console.log('')
  for (const [k, v] of Object.entries(withoutHeadline(figures))) console.log(`${k}: ${v}`)
  for (const e of ['sqlite', 'postgres'])
    if (figures[`report_ms_${e}`]) console.log(`report_ms_${e}: ${figures[`report_ms_${e}`]}`)
}

/** Secondary figures first, so the two headline lines come last. */
function withoutHeadline(f: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(f).filter(([k]) => !/^report_ms_/.test(k)))
}

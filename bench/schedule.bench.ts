/**
 * `npm run bench -- schedule [posts] [channels] [sqlite]`: 10,000 posts due within the same minute across 100
 * Sandbox channels, published by the real worker (queue + publish job). Prints, last, for SQLite and
 * (suffixed `_postgres`) for PostgreSQL when available:
 *   schedule_lateness_p50_ms / _p99_ms — published (on the network) minus due time
 *   schedule_lost — deliveries never published (nothing moved for 20 s after the minute, or 10 min)
 *   schedule_doubled — network posts beyond one per delivery
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildConfig } from '../src/config/config.js'
import { createContext } from '../src/context.js'
import { newId } from '../src/core/ids.js'
import { createLogger } from '../src/core/logger.js'
import { migrateToLatest } from '../src/db/database.js'
import { startWorkers } from '../src/jobs/worker.js'
import { postgresAvailability, startPostgres } from '../test/support/postgres.js'

interface Figures {
  p50: number
  p99: number
  lost: number
  doubled: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

async function run(
  label: string,
  databaseUrl: string | undefined,
  posts: number,
  channels: number,
): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'townhall-bench-schedule-'))
  const config = buildConfig({ dataDir, logLevel: 'silent', databaseUrl })
  const ctx = createContext(config, { logger: createLogger('silent') })
  try {
    await migrateToLatest(ctx.db)
    const k = ctx.db.kysely
    const now0 = Date.now()
    // A workspace, its brand presence and `channels` Sandbox channels, written directly (setup is not measured).
    const workspaceId = newId(now0)
    await k
      .insertInto('workspaces')
      .values({
        id: workspaceId,
        name: 'Bench',
        time_zone: 'Europe/Berlin',
        business_hours: '{}',
        holidays: '[]',
        settings: '{}',
        created_at: now0,
        updated_at: now0,
      })
      .execute()
    const userId = newId(now0)
    await k
      .insertInto('users')
      .values({
        id: userId,
        email: 'bench@example.com',
        name: 'Bench',
        password_hash: 'x',
        created_at: now0,
        updated_at: now0,
        last_login_at: null,
      })
      .execute()
    const memberId = newId(now0)
    await k
      .insertInto('members')
      .values({
        id: memberId,
        workspace_id: workspaceId,
        user_id: userId,
        role: 'owner',
        availability: 'available',
        created_at: now0,
        updated_at: now0,
      })
      .execute()
    const presenceId = newId(now0)
    await k
      .insertInto('presences')
      .values({
        id: presenceId,
        workspace_id: workspaceId,
        kind: 'brand',
        display_name: 'Bench',
        title: null,
        avatar_url: null,
        member_id: null,
        created_at: now0,
        updated_at: now0,
      })
      .execute()
    const channelIds: string[] = []
    for (let c = 0; c < channels; c++) {
      const worldId = newId(now0)
      await ctx.networks.worlds.ensure({
        id: worldId,
        handle: `bench${c}.sandbox`,
        displayName: `Bench ${c}`,
        ratePerMinute: 0,
      })
      const ch = await ctx.channels.create(
        workspaceId,
        { presenceId, network: 'sandbox', handle: `bench${c}.sandbox`, settings: { worldId } },
        null,
      )
      channelIds.push(ch.id)
    }
    // Approved posts with one delivery each, round-robin over the channels.
    const rows: Array<{ post: string; delivery: string; channel: string }> = []
    for (let i = 0; i < posts; i++)
      rows.push({ post: newId(now0), delivery: newId(now0), channel: channelIds[i % channels]! })
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500)
      await k
        .insertInto('posts')
        .values(
          chunk.map((r, j) => ({
            id: r.post,
            workspace_id: workspaceId,
            kind: 'free',
            state: 'approved',
            approval_state: 'approved',
            revision: 1,
            title: `bench ${i + j}`,
            fields: '{}',
            parts: JSON.stringify([{ text: `Bench post ${i + j}` }]),
            variants: '{}',
            drafted_by_member_id: memberId,
            drafted_by_user_id: userId,
            drafted_by_role: 'owner',
            schedule_mode: 'at',
            scheduled_at: null,
            schedule_time_zone: 'Europe/Berlin',
            schedule_local: null,
            published_at: null,
            created_at: now0,
            updated_at: now0,
            deleted_at: null,
          })),
        )
        .execute()
      await k
        .insertInto('post_deliveries')
        .values(
          chunk.map((r) => ({
            id: r.delivery,
            workspace_id: workspaceId,
            post_id: r.post,
            channel_id: r.channel,
            network: 'sandbox',
            state: 'draft',
            revision: 0,
            job_id: null,
            run_at: null,
            idempotency_key: null,
            attempts: 0,
            remote_id: null,
            url: null,
            remote_parts: null,
            error: null,
            error_kind: null,
            sending_started_at: null,
            published_at: null,
            created_at: now0,
            updated_at: now0,
          })),
        )
        .execute()
    }
    // Every post is due within one minute that starts once scheduling is surely done; the workers
    // start after scheduling, so setting the bench up does not compete with publishing.
    const minute = Math.ceil((Date.now() + 75_000) / 60_000) * 60_000
    const t0 = Date.now()
    const deliveries = await k
      .selectFrom('post_deliveries')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .execute()
    let n = 0
    await pool(deliveries, ctx.db.engine === 'postgres' ? 16 : 1, async (d) => {
      const runAt = minute + Math.floor(((n++ % posts) / posts) * 60_000)
      await ctx.publishing.schedule.enqueue(d, runAt, ['draft'])
    })
    console.log(
      `${label}: scheduled ${posts} posts on ${channels} channels in ${Date.now() - t0} ms; due ${new Date(minute).toISOString()} + 60 s`,
    )
    if (Date.now() > minute) console.log(`${label}: WARNING scheduling ran into the minute`)
    const stopWorkers = await startWorkers(ctx, newId())
    // @NOTE "lost" means never published: wait until nothing has moved for 20 s (at most 10 minutes).
    let last = -1
    let stillSince = Date.now()
    for (;;) {
      const r = await k
        .selectFrom('post_deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('state', '=', 'published')
        .executeTakeFirstOrThrow()
      const published = Number(r.n)
      if (published !== last) {
        last = published
        stillSince = Date.now()
      }
      if (published >= posts) break
      if (Date.now() > minute + 60_000 && Date.now() - stillSince > 20_000) break
      if (Date.now() > minute + 600_000) break
      if (Date.now() > minute) process.stdout.write(`\r${label}: ${published}/${posts} published`)
      await sleep(1000)
    }
    process.stdout.write('\n')
    await stopWorkers()
    const done = await k
      .selectFrom('post_deliveries')
      .select(['run_at', 'published_at', 'idempotency_key', 'state'])
      .where('workspace_id', '=', workspaceId)
      .execute()
    const lateness = done
      .filter((d) => d.state === 'published' && d.published_at !== null)
      .map((d) => Number(d.published_at) - Number(d.run_at))
      .sort((a, b) => a - b)
    const items = await k
      .selectFrom('sandbox_items')
      .select((eb) => [
        eb.fn.countAll<number>().as('n'),
        eb.fn.count<number>('idempotency_key').distinct().as('keys'),
      ])
      .where('from_brand', '=', 1)
      .executeTakeFirstOrThrow()
    const published = done.filter((d) => d.state === 'published').length
    return {
      p50: pct(lateness, 50),
      p99: pct(lateness, 99),
      lost: posts - published,
      doubled: Number(items.n) - Number(items.keys),
    }
  } finally {
    await ctx.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export default async function schedule(args: string[]): Promise<void> {
  const posts = Number(args[0] ?? 10_000)
  const channels = Number(args[1] ?? 100)
  const only = args[2]
  const sqlite = await run('sqlite', undefined, posts, channels)
  let postgres: Figures | undefined
  if (only === 'sqlite') {
    console.log('postgres: skipped (sqlite only asked for)')
  } else if (process.env.DATABASE_URL || postgresAvailability().ok) {
    const server = await startPostgres()
    try {
      postgres = await run('postgres', server.url, posts, channels)
    } finally {
      server.stop()
    }
  } else {
    console.log(`postgres: skipped (${(postgresAvailability() as { reason: string }).reason})`)
  }
  console.log(`schedule_lateness_p50_ms: ${sqlite.p50}`)
  console.log(`schedule_lateness_p99_ms: ${sqlite.p99}`)
  console.log(`schedule_lost: ${sqlite.lost}`)
  console.log(`schedule_doubled: ${sqlite.doubled}`)
  if (postgres) {
    console.log(`schedule_lateness_p50_ms_postgres: ${postgres.p50}`)
    console.log(`schedule_lateness_p99_ms_postgres: ${postgres.p99}`)
    console.log(`schedule_lost_postgres: ${postgres.lost}`)
    console.log(`schedule_doubled_postgres: ${postgres.doubled}`)
  }
}

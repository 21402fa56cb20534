/**
 * The Sandbox's state in the database and its lazy simulation: activity is generated when someone
 * looks (fetch), from the time elapsed since the last look, in batch inserts, never by timers.
 * That keeps an idle Sandbox free and makes 1,000 mentions per second a few inserts per poll.
 */
import type { Insertable, Kysely, Selectable, Transaction } from 'kysely'
import type { Clock } from '../../core/clock.js'
import type { Database } from '../../db/schema.js'
import type { SandboxItemsTable, SandboxPendingTable, SandboxWorldsTable } from '../networks.tables.js'
import { escalationText, type GeneratorContext, generateEvent, reactionToReply } from './sandbox.generator.js'

export type SandboxWorld = Selectable<SandboxWorldsTable>
export type SandboxItem = Selectable<SandboxItemsTable>

/** How much louder the public gets during a crisis. */
export const CRISIS_FACTOR = 100
/** Default length of a crisis started from the UI. */
export const DEFAULT_CRISIS_MS = 30 * 60_000
// @NOTE after a long downtime the world does not replay days of backlog: the public moved on.
const MAX_EVENTS_PER_ADVANCE = 20_000
const MAX_PENDING_PER_ADVANCE = 5_000
const INSERT_CHUNK = 500

/**
 * Id of the item with sequence number `seq`: unique (a world's sequence is), deterministic (a replayed
 * world has the same ids) and free to make, which matters at 1,000 items a second.
 */
export function itemId(worldId: string, seq: number): string {
  return `${worldId}-${seq}`
}

export interface NewSandboxWorld {
  id: string
  handle: string
  displayName: string
  seed?: number
  ratePerMinute?: number
  population?: number
}

/** Creates, reads and advances Sandbox worlds. One instance serves every world. */
export class SandboxWorlds {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<SandboxWorld | undefined> {
    return this.db.selectFrom('sandbox_worlds').selectAll().where('id', '=', id).executeTakeFirst()
  }

  /** Creates the world unless it exists; returns it either way. */
  async ensure(input: NewSandboxWorld): Promise<SandboxWorld> {
    const existing = await this.get(input.id)
    if (existing) return existing
    const now = this.clock.now()
    const row: SandboxWorld = {
      id: input.id,
      seed: input.seed ?? Math.floor(Math.random() * 2 ** 31),
      handle: input.handle,
      display_name: input.displayName,
      rate_per_minute: input.ratePerMinute ?? 2,
      population: input.population ?? 500,
      crisis_started_at: null,
      crisis_until: null,
      generated_until: now,
      carry_milli: 0,
      next_seq: 1,
      created_at: now,
      updated_at: now,
    }
    await this.db.insertInto('sandbox_worlds').values(row).execute()
    return row
  }

  async setRate(id: string, ratePerMinute: number): Promise<void> {
    // @NOTE generate up to now at the old rate first, so the new rate applies from now on.
    await this.advance(id)
    await this.db
      .updateTable('sandbox_worlds')
      .set({ rate_per_minute: ratePerMinute, updated_at: this.clock.now() })
      .where('id', '=', id)
      .execute()
  }

  /** Starts (for `durationMs`) or ends a crisis: an outage going viral, 100× the usual mentions. */
  async setCrisis(id: string, on: boolean, durationMs = DEFAULT_CRISIS_MS): Promise<void> {
    await this.advance(id)
    const now = this.clock.now()
    await this.db
      .updateTable('sandbox_worlds')
      .set(
        on
          ? { crisis_started_at: now, crisis_until: now + durationMs, updated_at: now }
          : { crisis_until: now, updated_at: now },
      )
      .where('id', '=', id)
      .execute()
  }

  /** Reserves `count` sequence numbers and returns the first. */
  async allocSeq(
    trx: Transaction<Database> | Kysely<Database>,
    worldId: string,
    count: number,
  ): Promise<number> {
    const r = await trx
      .updateTable('sandbox_worlds')
      .set((eb) => ({ next_seq: eb('next_seq', '+', count) }))
      .where('id', '=', worldId)
      .returning('next_seq')
      .executeTakeFirstOrThrow()
    return Number(r.next_seq) - count
  }

  async recentBrandPosts(trx: Kysely<Database>, worldId: string): Promise<string[]> {
    const rows = await trx
      .selectFrom('sandbox_items')
      .select('id')
      .where('world_id', '=', worldId)
      .where('from_brand', '=', 1)
      .where('kind', '=', 'post')
      .where('deleted_at', 'is', null)
      .orderBy('created_at', 'desc')
      .limit(20)
      .execute()
    return rows.map((r) => r.id)
  }

  generatorContext(w: SandboxWorld, brandPosts: string[], crisis: boolean): GeneratorContext {
    return {
      seed: Number(w.seed),
      handle: w.handle,
      name: w.display_name,
      population: w.population,
      brandPosts,
      crisis,
    }
  }

  /** Generates everything the public did between the last look and now; returns how many items. */
  async advance(worldId: string): Promise<number> {
    const now = this.clock.now()
    const w = await this.get(worldId)
    if (!w || now <= w.generated_until) return 0
    const from = Number(w.generated_until)
    const elapsed = now - from
    const cStart = Math.max(from, Number(w.crisis_started_at ?? 0))
    const cEnd = Math.min(now, Number(w.crisis_until ?? 0))
    const overlap = Math.max(0, cEnd - cStart)
    const effectiveMs = elapsed + overlap * (CRISIS_FACTOR - 1)
    const milli = Number(w.carry_milli) + Math.floor((effectiveMs * w.rate_per_minute * 1000) / 60_000)
    let n = Math.floor(milli / 1000)
    let carry = milli % 1000
    if (n > MAX_EVENTS_PER_ADVANCE) {
      n = MAX_EVENTS_PER_ADVANCE
      carry = 0
    }
    const due = await this.db
      .selectFrom('sandbox_pending')
      .selectAll()
      .where('world_id', '=', worldId)
      .where('due_at', '<=', now)
      .orderBy('due_at')
      .limit(MAX_PENDING_PER_ADVANCE)
      .execute()

    return this.db.transaction().execute(async (trx) => {
      // @NOTE the claim: only the caller that moves generated_until from the value it read generates,
      // so two concurrent polls never produce the same events twice.
      const claimed = await trx
        .updateTable('sandbox_worlds')
        .set((eb) => ({
          generated_until: now,
          carry_milli: carry,
          next_seq: eb('next_seq', '+', n + due.length),
          updated_at: now,
        }))
        .where('id', '=', worldId)
        .where('generated_until', '=', from)
        .returning('next_seq')
        .executeTakeFirst()
      if (!claimed) return 0
      if (n + due.length === 0) return 0
      let seq = Number(claimed.next_seq) - n - due.length
      const items: Insertable<SandboxItemsTable>[] = []
      const pending: Insertable<SandboxPendingTable>[] = []
      const brandPosts = n > 0 ? await this.recentBrandPosts(trx, worldId) : []
      const nCrisis = effectiveMs > 0 ? Math.round((n * overlap * CRISIS_FACTOR) / effectiveMs) : 0
      const times: Array<{ t: number; crisis: boolean }> = []
      for (let i = 0; i < n; i++) {
        const crisis = i < nCrisis
        const t = crisis
          ? cStart + Math.floor(((i + 1) * overlap) / (nCrisis + 1))
          : from + Math.floor(((i - nCrisis + 1) * elapsed) / (n - nCrisis + 1))
        times.push({ t, crisis })
      }
      times.sort((a, b) => a.t - b.t)
      const ctxNormal = this.generatorContext(w, brandPosts, false)
      const ctxCrisis = this.generatorContext(w, brandPosts, true)
      for (const { t, crisis } of times) {
        const s = seq++
        const ev = generateEvent(crisis ? ctxCrisis : ctxNormal, s)
        const id = itemId(worldId, s)
        const onPost =
          ev.kind === 'reply'
            ? { parent_id: ev.targetId, root_id: ev.targetId, subject_id: null }
            : { parent_id: null, root_id: null, subject_id: ev.targetId }
        items.push({
          id,
          world_id: worldId,
          seq: s,
          kind: ev.kind,
          from_brand: 0,
          author_index: ev.authorIndex,
          text: ev.text,
          topic: ev.topic,
          ...onPost,
          conversation_id: ev.kind === 'direct-message' ? `dm-${ev.authorIndex}` : null,
          idempotency_key: null,
          media: null,
          created_at: t,
          deleted_at: null,
        })
        if (ev.escalateAfterMs !== null) {
          pending.push({
            id: `${id}-escalation`,
            world_id: worldId,
            due_at: t + ev.escalateAfterMs,
            kind: 'escalation',
            about_id: id,
            data: '{}',
            created_at: t,
          })
        }
      }
      if (due.length > 0) items.push(...(await this.materialise(trx, w, due, seq)))
      for (let i = 0; i < items.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('sandbox_items')
          .values(items.slice(i, i + INSERT_CHUNK))
          .execute()
      }
      for (let i = 0; i < pending.length; i += INSERT_CHUNK) {
        await trx
          .insertInto('sandbox_pending')
          .values(pending.slice(i, i + INSERT_CHUNK))
          .execute()
      }
      if (due.length > 0) {
        await trx
          .deleteFrom('sandbox_pending')
          .where(
            'id',
            'in',
            due.map((d) => d.id),
          )
          .execute()
      }
      return items.length
    })
  }

  /** Turns due pending reactions into items: escalations of ignored messages, answers to our replies. */
  private async materialise(
    trx: Transaction<Database>,
    w: SandboxWorld,
    due: Array<Selectable<SandboxPendingTable>>,
    firstSeq: number,
  ): Promise<Insertable<SandboxItemsTable>[]> {
    const aboutIds = [...new Set(due.map((d) => d.about_id))]
    const about = new Map<string, SandboxItem>()
    for (let i = 0; i < aboutIds.length; i += INSERT_CHUNK) {
      const rows = await trx
        .selectFrom('sandbox_items')
        .selectAll()
        .where('id', 'in', aboutIds.slice(i, i + INSERT_CHUNK))
        .execute()
      for (const r of rows) about.set(r.id, r)
    }
    const ctx = this.generatorContext(w, [], false)
    const out: Insertable<SandboxItemsTable>[] = []
    let seq = firstSeq
    for (const d of due) {
      const s = seq++
      const target = about.get(d.about_id)
      const data = JSON.parse(d.data) as { authorIndex?: number; text?: string; topic?: string | null }
      const t = Number(d.due_at)
      const authorIndex = data.authorIndex ?? target?.author_index ?? 0
      const dm = target?.kind === 'direct-message'
      const text = d.kind === 'escalation' ? escalationText(ctx, s) : (data.text ?? 'Thanks!')
      out.push({
        id: itemId(w.id, s),
        world_id: w.id,
        seq: s,
        kind: dm ? 'direct-message' : d.kind === 'escalation' ? 'mention' : 'reply',
        from_brand: 0,
        author_index: authorIndex,
        text,
        topic: d.kind === 'escalation' ? (target?.topic ?? null) : (data.topic ?? null),
        parent_id: dm || !target ? null : target.id,
        root_id: dm || !target ? null : (target.root_id ?? target.id),
        subject_id: null,
        conversation_id: dm ? target.conversation_id : null,
        idempotency_key: null,
        media: null,
        created_at: t,
        deleted_at: null,
      })
    }
    return out
  }

  /**
   * Adds one item said by a member of the simulated public (for tests, demos and practice scenarios).
   * A reply or mention under `parentId` is threaded under it.
   */
  async addCustomerItem(
    worldId: string,
    input: {
      kind: 'mention' | 'reply' | 'quote' | 'like' | 'repost' | 'follow' | 'direct-message'
      authorIndex: number
      text?: string
      parentId?: string
      subjectId?: string
      topic?: string
    },
  ): Promise<SandboxItem> {
    const now = this.clock.now()
    const parent = input.parentId
      ? await this.db
          .selectFrom('sandbox_items')
          .selectAll()
          .where('id', '=', input.parentId)
          .where('world_id', '=', worldId)
          .executeTakeFirst()
      : undefined
    const seq = await this.allocSeq(this.db, worldId, 1)
    const row: SandboxItem = {
      id: itemId(worldId, seq),
      world_id: worldId,
      seq,
      kind: input.kind,
      from_brand: 0,
      author_index: input.authorIndex,
      text: input.text ?? null,
      topic: input.topic ?? null,
      parent_id: parent?.id ?? null,
      root_id: parent ? (parent.root_id ?? parent.id) : null,
      subject_id: input.subjectId ?? null,
      conversation_id: input.kind === 'direct-message' ? `dm-${input.authorIndex}` : null,
      idempotency_key: null,
      media: null,
      created_at: now,
      deleted_at: null,
    }
    await this.db.insertInto('sandbox_items').values(row).execute()
    return row
  }

  /**
   * After we replied to `target`: the customer stops waiting (escalations cancelled) and may react
   * to our reply later (thanks, follow-up, still unhappy).
   */
  async onBrandReply(w: SandboxWorld, target: SandboxItem, ourReply: SandboxItem): Promise<void> {
    const ids = [target.id, target.root_id].filter((x): x is string => !!x)
    await this.db
      .deleteFrom('sandbox_pending')
      .where('about_id', 'in', ids)
      .where('kind', '=', 'escalation')
      .execute()
    if (target.from_brand === 1 || target.author_index === null) return
    const reaction = reactionToReply(this.generatorContext(w, [], false), Number(ourReply.seq), target.topic)
    if (!reaction) return
    const now = this.clock.now()
    await this.db
      .insertInto('sandbox_pending')
      .values({
        id: `${ourReply.id}-reaction`,
        world_id: w.id,
        due_at: now + reaction.delayMs,
        kind: 'reaction',
        about_id: ourReply.id,
        data: JSON.stringify({ authorIndex: target.author_index, text: reaction.text, topic: target.topic }),
        created_at: now,
      })
      .execute()
  }
}

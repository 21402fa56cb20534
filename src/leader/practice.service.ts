/**
 * Practice on the Sandbox: "Start practice" creates (or reuses) a PRACTICE presence with a Sandbox
 * channel for the leader (no random traffic, never a real network), and a session streams a scripted
 * public into the inbox. The leader answers in the inbox; "finish" stores and shows the results.
 */
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { IngestService } from '../inbox/ingest.service.js'
import type { ReplyService } from '../inbox/reply.service.js'
import type { ChannelConnectService } from '../networks/channel-connect.service.js'
import type { SandboxWorlds } from '../networks/sandbox/sandbox.world.js'
import type { ChannelService } from '../presence/channel.service.js'
import type { PresenceService } from '../presence/presence.service.js'
import type { Actor } from '../workspace/member.service.js'
import { type PracticeExchange, type PracticeResults, practiceResults } from './practice.results.js'
import { type PracticeTone, practiceScript, SCRIPT_LENGTH_MS } from './practice.script.js'
import type { PracticeMessagesTable, PracticeSessionsTable } from './practice.tables.js'

/** Shown before every practice presence's name (and so in its Sandbox handle). */
export const PRACTICE_LABEL = 'PRACTICE'

export interface PracticeDeps {
  presences: PresenceService
  channels: ChannelService
  connect: () => ChannelConnectService
  worlds: () => SandboxWorlds
  ingest: () => IngestService
  /** The inbox's public replies (answers from the practice page go the same way). */
  replies?: () => ReplyService
  /** Asks for a delivery run at `at` (the worker's practice job); optional in tests. */
  scheduleTick?: (sessionId: string, at: number) => Promise<void>
}

export interface PracticeStartOptions {
  /** 1 = real pace (about four minutes); higher is faster (tests, demos). */
  speed?: number
  seed?: number
}

export interface PracticeMessageView {
  position: number
  tone: PracticeTone
  text: string
  dueAt: number
  deliveredAt: number | null
  replied: boolean
}

export interface PracticeSessionView {
  id: string
  label: typeof PRACTICE_LABEL
  leaderPresenceId: string
  practicePresenceId: string
  channelId: string
  state: 'running' | 'finished'
  speed: number
  seed: number
  startedAt: number
  finishedAt: number | null
  /** When the last scripted message is due. */
  endsAt: number
  messages: PracticeMessageView[]
  results: PracticeResults | null
}

type SessionRow = Selectable<PracticeSessionsTable>
type MessageRow = Selectable<PracticeMessagesTable>

export class PracticeService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly deps: PracticeDeps,
  ) {}

  /** Ids of every practice presence of the workspace (the leader services leave them out). */
  async practicePresenceIds(workspaceId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('practice_presences')
      .select('practice_presence_id')
      .where('workspace_id', '=', workspaceId)
      .execute()
    return new Set(rows.map((r) => r.practice_presence_id))
  }

  /** The leader's practice presence and Sandbox channel, created on first use. */
  async ensurePracticePresence(
    workspaceId: string,
    leaderPresenceId: string,
    actor: Actor,
  ): Promise<{ presenceId: string; channelId: string }> {
    const existing = await this.db
      .selectFrom('practice_presences')
      .selectAll()
      .where('leader_presence_id', '=', leaderPresenceId)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (existing) return { presenceId: existing.practice_presence_id, channelId: existing.channel_id }
    const leader = await this.deps.presences.get(workspaceId, leaderPresenceId)
    if (leader.kind !== 'person') throw invalid('presenceId', 'practice is for a person presence')
    if ((await this.practicePresenceIds(workspaceId)).has(leader.id))
      throw invalid('presenceId', 'this is already a practice presence')
    const presence = await this.deps.presences.create(
      workspaceId,
      {
        kind: 'person',
        displayName: `${PRACTICE_LABEL} · ${leader.displayName}`.slice(0, 100),
        title: 'Practice on the Sandbox: nothing here reaches a real network',
        memberId: leader.memberId,
      },
      actor,
    )
    // @NOTE rate 0: the practice public says only what the script says (plus reactions to replies).
    const channel = await this.deps
      .connect()
      .connectSandbox(workspaceId, { presenceId: presence.id, ratePerMinute: 0 }, { userId: actor.userId })
    await this.db
      .insertInto('practice_presences')
      .values({
        leader_presence_id: leader.id,
        workspace_id: workspaceId,
        practice_presence_id: presence.id,
        channel_id: channel.id,
        created_at: this.clock.now(),
      })
      .execute()
    return { presenceId: presence.id, channelId: channel.id }
  }

  async start(
    workspaceId: string,
    leaderPresenceId: string,
    actor: Actor,
    opts: PracticeStartOptions = {},
  ): Promise<PracticeSessionView> {
    const speed = opts.speed ?? 1
    if (!(speed >= 1 && speed <= 600)) throw invalid('speed', 'must be from 1 to 600')
    const running = await this.db
      .selectFrom('practice_sessions')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('leader_presence_id', '=', leaderPresenceId)
      .where('state', '=', 'running')
      .executeTakeFirst()
    if (running) throw conflict('A practice session is already running; finish it first')
    const { presenceId, channelId } = await this.ensurePracticePresence(workspaceId, leaderPresenceId, actor)
    const channel = await this.deps.channels.get(workspaceId, channelId)
    const seed = opts.seed ?? Math.floor(Math.random() * 2 ** 31)
    const now = this.clock.now()
    const id = newId(now)
    await this.db
      .insertInto('practice_sessions')
      .values({
        id,
        workspace_id: workspaceId,
        leader_presence_id: leaderPresenceId,
        practice_presence_id: presenceId,
        channel_id: channelId,
        started_by: actor.memberId,
        seed,
        speed,
        state: 'running',
        results: null,
        started_at: now,
        finished_at: null,
      })
      .execute()
    const script = practiceScript(seed, channel.handle)
    await this.db
      .insertInto('practice_messages')
      .values(
        script.map((m) => ({
          id: newId(now),
          session_id: id,
          workspace_id: workspaceId,
          position: m.position,
          tone: m.tone,
          text: m.text,
          author_index: m.authorIndex,
          due_at: now + Math.round(m.offsetMs / speed),
          remote_id: null,
          delivered_at: null,
        })),
      )
      .execute()
    await this.deliverDue(workspaceId, id)
    return this.get(workspaceId, id)
  }

  private async session(workspaceId: string, id: string): Promise<SessionRow> {
    const s = await this.db
      .selectFrom('practice_sessions')
      .selectAll()
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!s) throw notFound('practice session')
    return s
  }

  private async messages(sessionId: string): Promise<MessageRow[]> {
    return this.db
      .selectFrom('practice_messages')
      .selectAll()
      .where('session_id', '=', sessionId)
      .orderBy('position')
      .execute()
  }

  /**
   * Posts every due scripted message to the Sandbox and ingests it into the inbox at once (the
   * channel's poll would find it too; ingest is idempotent). Safe to run concurrently: each message
   * is claimed before it is posted. Schedules the next run. Returns how many were delivered.
   */
  async deliverDue(workspaceId: string, sessionId: string): Promise<number> {
    const s = await this.session(workspaceId, sessionId)
    if (s.state !== 'running') return 0
    const now = this.clock.now()
    const rows = await this.messages(sessionId)
    const due = rows.filter((m) => m.delivered_at === null && Number(m.due_at) <= now)
    const channel = await this.deps.channels.get(workspaceId, s.channel_id)
    const worldId = typeof channel.settings.worldId === 'string' ? channel.settings.worldId : channel.id
    let firstSeq: number | null = null
    let delivered = 0
    for (const m of due) {
      const claim = await this.db
        .updateTable('practice_messages')
        .set({ delivered_at: now })
        .where('id', '=', m.id)
        .where('delivered_at', 'is', null)
        .executeTakeFirst()
      if (Number(claim.numUpdatedRows) === 0) continue
      const item = await this.deps.worlds().addCustomerItem(worldId, {
        kind: 'mention',
        authorIndex: m.author_index,
        text: m.text,
        topic: 'practice',
      })
      await this.db
        .updateTable('practice_messages')
        .set({ remote_id: item.id, delivered_at: Number(item.created_at) })
        .where('id', '=', m.id)
        .execute()
      firstSeq = firstSeq === null ? Number(item.seq) : Math.min(firstSeq, Number(item.seq))
      delivered++
    }
    if (firstSeq !== null) {
      const from = String(firstSeq - 1)
      const page = await this.deps.connect().run(workspaceId, channel.id, (n) => n.fetchActivity(from))
      await this.deps.ingest().ingest(
        {
          id: channel.id,
          workspaceId,
          presenceId: channel.presenceId,
          network: channel.network,
          remoteAccountId: channel.remoteAccountId,
        },
        page.messages,
      )
    }
    const next = rows.find((m) => m.delivered_at === null && Number(m.due_at) > now)
    if (next && this.deps.scheduleTick) await this.deps.scheduleTick(sessionId, Number(next.due_at))
    return delivered
  }

  /** The leader's first reply in the conversation of each delivered message. */
  private async exchanges(s: SessionRow, rows: MessageRow[]): Promise<Map<number, PracticeExchange>> {
    const delivered = rows.filter((m) => m.remote_id !== null && m.delivered_at !== null)
    const out = new Map<number, PracticeExchange>()
    if (delivered.length === 0) return out
    const inbound = await this.db
      .selectFrom('inbox_messages')
      .select(['remote_id', 'conversation_id', 'created_at'])
      .where('channel_id', '=', s.channel_id)
      .where(
        'remote_id',
        'in',
        delivered.map((m) => m.remote_id!),
      )
      .execute()
    const byRemote = new Map(inbound.map((r) => [r.remote_id, r]))
    const convIds = [...new Set(inbound.map((r) => r.conversation_id))]
    const replies =
      convIds.length === 0
        ? []
        : await this.db
            .selectFrom('inbox_messages')
            .select(['conversation_id', 'text', 'created_at'])
            .where('conversation_id', 'in', convIds)
            .where('direction', '=', 'out')
            .orderBy('created_at')
            .execute()
    for (const m of delivered) {
      const inb = byRemote.get(m.remote_id!)
      const at = Number(m.delivered_at)
      const r = inb
        ? replies.find((x) => x.conversation_id === inb.conversation_id && Number(x.created_at) >= at)
        : undefined
      out.set(m.position, {
        position: m.position,
        tone: m.tone as PracticeTone,
        text: m.text,
        deliveredAt: at,
        reply: r ? { text: r.text, at: Number(r.created_at) } : null,
      })
    }
    return out
  }

  async get(workspaceId: string, id: string): Promise<PracticeSessionView> {
    const s = await this.session(workspaceId, id)
    const rows = await this.messages(id)
    const ex = await this.exchanges(s, rows)
    return {
      id: s.id,
      label: PRACTICE_LABEL,
      leaderPresenceId: s.leader_presence_id,
      practicePresenceId: s.practice_presence_id,
      channelId: s.channel_id,
      state: s.state as 'running' | 'finished',
      speed: Number(s.speed),
      seed: Number(s.seed),
      startedAt: Number(s.started_at),
      finishedAt: s.finished_at === null ? null : Number(s.finished_at),
      endsAt: Number(s.started_at) + Math.round(SCRIPT_LENGTH_MS / Number(s.speed)),
      messages: rows.map((m) => ({
        position: m.position,
        tone: m.tone as PracticeTone,
        text: m.text,
        dueAt: Number(m.due_at),
        deliveredAt: m.remote_id === null ? null : Number(m.delivered_at),
        replied: ex.get(m.position)?.reply != null,
      })),
      results: s.results ? (JSON.parse(s.results) as PracticeResults) : null,
    }
  }

  /**
   * Answers one delivered message of a running session through the inbox's reply path, as the
   * leader would in the inbox (for leaders whose role does not open the inbox, e.g. executives).
   */
  async reply(workspaceId: string, id: string, position: number, actor: Actor, text: string): Promise<void> {
    const s = await this.session(workspaceId, id)
    if (s.state !== 'running') throw conflict('This practice session is finished')
    const m = (await this.messages(id)).find((x) => x.position === position)
    if (!m?.remote_id) throw notFound('practice message')
    const inbound = await this.db
      .selectFrom('inbox_messages')
      .select('conversation_id')
      .where('channel_id', '=', s.channel_id)
      .where('remote_id', '=', m.remote_id)
      .executeTakeFirst()
    if (!inbound) throw notFound('practice message')
    const last = await this.db
      .selectFrom('inbox_messages')
      .select('id')
      .where('conversation_id', '=', inbound.conversation_id)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst()
    if (!this.deps.replies) throw conflict('Replies are not available here')
    await this.deps
      .replies()
      .reply(
        workspaceId,
        inbound.conversation_id,
        { memberId: actor.memberId, userId: actor.userId },
        { text, lastSeenMessageId: last?.id ?? null },
      )
  }

  /** Delivers what is due, then shows the session (the page polls this while it runs). */
  async refresh(workspaceId: string, id: string): Promise<PracticeSessionView> {
    await this.deliverDue(workspaceId, id)
    return this.get(workspaceId, id)
  }

  /** Ends the session: undelivered messages are dropped; the results are stored. */
  async finish(workspaceId: string, id: string): Promise<PracticeSessionView> {
    const s = await this.session(workspaceId, id)
    if (s.state === 'finished') return this.get(workspaceId, id)
    const rows = await this.messages(id)
    const ex = await this.exchanges(s, rows)
    const results = practiceResults([...ex.values()].sort((a, b) => a.position - b.position))
    const now = this.clock.now()
    await this.db
      .updateTable('practice_sessions')
      .set({ state: 'finished', finished_at: now, results: JSON.stringify(results) })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .execute()
    return this.get(workspaceId, id)
  }

  async list(workspaceId: string, leaderPresenceId: string): Promise<PracticeSessionView[]> {
    const rows = await this.db
      .selectFrom('practice_sessions')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('leader_presence_id', '=', leaderPresenceId)
      .orderBy('started_at', 'desc')
      .limit(20)
      .execute()
    return Promise.all(rows.map((r) => this.get(workspaceId, r.id)))
  }
}

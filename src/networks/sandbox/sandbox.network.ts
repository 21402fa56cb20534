/**
 * The Sandbox network adapter: a network like any other, whose public is simulated in our own
 * database (sandbox.world.ts). Labelled "Sandbox" wherever it shows.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../../core/clock.js'
import { newId } from '../../core/ids.js'
import type { Database } from '../../db/schema.js'
import { validatePost } from '../../shared/validate-post.js'
import {
  type ActivityKind,
  type ActivityMessage,
  type ActivityPage,
  DEFAULT_CALL_TIMEOUT_MS,
  type FindPublishedQuery,
  type Network,
  type NetworkAccount,
  type NetworkCapabilities,
  NetworkError,
  type NetworkProfile,
  type OutgoingPost,
  type PostMetrics,
  type PostPart,
  type PublishedRef,
  type PublishResult,
  withTimeout,
} from '../network.port.js'
import { sandboxAvatarUrl } from './sandbox.avatar.js'
import { sandboxPerson } from './sandbox.people.js'
import { sandboxViewPath } from './sandbox.view.js'
import { itemId, type SandboxItem, type SandboxWorld, type SandboxWorlds } from './sandbox.world.js'

export const SANDBOX_CAPABILITIES: NetworkCapabilities = {
  network: 'sandbox',
  label: 'Sandbox',
  text: { maxLength: 500, unit: 'graphemes' },
  media: {
    maxImages: 4,
    maxImageBytes: 5_000_000,
    mimeTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'],
    altText: true,
    maxAltTextLength: 1000,
    altTextRequired: false,
  },
  threads: true,
  replies: true,
  quotes: true,
  edit: false,
  delete: true,
  directMessages: true,
  idempotency: 'native',
}

const PAGE = 1000
function notFoundError(what: string): NetworkError {
  return new NetworkError({ kind: 'not-found' }, `${what} does not exist on the Sandbox (any more)`)
}

/** One Sandbox account (a world). */
export class SandboxNetwork implements Network {
  readonly capabilities = SANDBOX_CAPABILITIES

  constructor(
    private readonly db: Kysely<Database>,
    private readonly worlds: SandboxWorlds,
    private readonly clock: Clock,
    readonly worldId: string,
    private readonly timeoutMs = DEFAULT_CALL_TIMEOUT_MS,
    /** Townhall's public URL: a Sandbox post's link opens its view inside Townhall (sandbox.view.ts). */
    private readonly publicUrl = '',
  ) {}

  private call<T>(mode: 'read' | 'write', what: string, work: () => Promise<T>): Promise<T> {
    return withTimeout(() => work(), this.timeoutMs, mode, `The Sandbox (${what})`)
  }

  private async world(): Promise<SandboxWorld> {
    const w = await this.worlds.get(this.worldId)
    if (!w)
      throw new NetworkError({ kind: 'auth-expired' }, 'This Sandbox no longer exists; connect a new one')
    return w
  }

  private url(_w: SandboxWorld, id: string): string {
    return `${this.publicUrl}${sandboxViewPath(id)}`
  }

  private ref(w: SandboxWorld, item: SandboxItem): PublishedRef {
    return { remoteId: item.id, url: this.url(w, item.id), createdAt: Number(item.created_at) }
  }

  verify(): Promise<NetworkAccount> {
    return this.fetchProfile()
  }

  fetchProfile(): Promise<NetworkProfile> {
    return this.call('read', 'profile', async () => {
      const w = await this.world()
      await this.worlds.advance(w.id)
      const counts = await this.db
        .selectFrom('sandbox_items')
        .select((eb) => [
          eb.fn.countAll<number>().filterWhere('kind', '=', 'follow').as('follows'),
          eb.fn
            .countAll<number>()
            .filterWhere('from_brand', '=', 1)
            .filterWhere('kind', '=', 'post')
            .filterWhere('deleted_at', 'is', null)
            .as('posts'),
        ])
        .where('world_id', '=', w.id)
        .executeTakeFirstOrThrow()
      const initials = w.display_name
        .split(/\s+/)
        .filter(Boolean)
        .slice(0, 2)
        .map((x) => x[0]!.toUpperCase())
        .join('')
      return {
        remoteId: `sandbox:${w.id}`,
        handle: w.handle,
        displayName: w.display_name,
        avatarUrl: sandboxAvatarUrl(initials || 'S', '#4338ca'),
        // @NOTE a brand starts with an audience, so the numbers look like a real account's.
        followerCount: 1200 + Number(counts.follows),
        followingCount: 40,
        postCount: Number(counts.posts),
      }
    })
  }

  private check(post: Omit<OutgoingPost, 'idempotencyKey'>): void {
    const issues = validatePost(this.capabilities, post)
    if (issues.length > 0) {
      const reason = issues.map((i) => `${i.field} ${i.reason}`).join('; ')
      throw new NetworkError(
        { kind: 'invalid-content', reason, field: issues[0]!.field },
        `The Sandbox refused the post: ${reason}`,
      )
    }
  }

  private async live(w: SandboxWorld, id: string): Promise<SandboxItem | undefined> {
    return this.db
      .selectFrom('sandbox_items')
      .selectAll()
      .where('world_id', '=', w.id)
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .executeTakeFirst()
  }

  private async byKey(w: SandboxWorld, key: string): Promise<SandboxItem | undefined> {
    return this.db
      .selectFrom('sandbox_items')
      .selectAll()
      .where('world_id', '=', w.id)
      .where('idempotency_key', '=', key)
      .executeTakeFirst()
  }

  private async existing(w: SandboxWorld, key: string, parts: number): Promise<PublishResult | undefined> {
    const first = await this.byKey(w, key)
    if (!first) return undefined
    const refs = [this.ref(w, first)]
    for (let i = 1; i < parts; i++) {
      const p = await this.byKey(w, `${key}#${i}`)
      if (p) refs.push(this.ref(w, p))
    }
    return { ...refs[0]!, parts: refs }
  }

  publish(post: OutgoingPost): Promise<PublishResult> {
    return this.call('write', 'publish', async () => {
      this.check(post)
      const w = await this.world()
      const parts: PostPart[] = [post, ...(post.thread ?? [])]
      const again = await this.existing(w, post.idempotencyKey, parts.length)
      if (again) return again
      const parent = post.replyTo ? await this.live(w, post.replyTo) : undefined
      if (post.replyTo && !parent) throw notFoundError('The post to reply to')
      if (post.quote && !(await this.live(w, post.quote))) throw notFoundError('The quoted post')
      const now = this.clock.now()
      try {
        const rows = await this.db.transaction().execute(async (trx) => {
          let seq = await this.worlds.allocSeq(trx, w.id, parts.length)
          const out: SandboxItem[] = []
          for (const [i, part] of parts.entries()) {
            const prev = i === 0 ? parent : out[i - 1]
            const s = seq++
            const row: SandboxItem = {
              id: itemId(w.id, s),
              world_id: w.id,
              seq: s,
              kind: prev ? 'reply' : 'post',
              from_brand: 1,
              author_index: null,
              text: part.text,
              topic: null,
              parent_id: prev?.id ?? null,
              root_id: prev ? (prev.root_id ?? prev.id) : null,
              subject_id: i === 0 ? (post.quote ?? null) : null,
              conversation_id: null,
              idempotency_key: i === 0 ? post.idempotencyKey : `${post.idempotencyKey}#${i}`,
              media: part.images?.length
                ? JSON.stringify(
                    part.images.map((m) => ({
                      mimeType: m.mimeType,
                      altText: m.altText,
                      bytes: m.data.byteLength,
                    })),
                  )
                : null,
              created_at: now,
              deleted_at: null,
            }
            await trx.insertInto('sandbox_items').values(row).execute()
            out.push(row)
          }
          return out
        })
        if (parent) await this.worlds.onBrandReply(w, parent, rows[0]!)
        const refs = rows.map((r) => this.ref(w, r))
        return { ...refs[0]!, parts: refs }
      } catch (err) {
        // @NOTE a concurrent publish with the same key won the unique index: return what it stored.
        const raced = await this.existing(w, post.idempotencyKey, parts.length)
        if (raced) return raced
        throw err
      }
    })
  }

  reply(targetRemoteId: string, text: string, opts: { idempotencyKey?: string } = {}): Promise<PublishedRef> {
    return this.call('write', 'reply', async () => {
      const w = await this.world()
      const target = await this.live(w, targetRemoteId)
      if (!target) throw notFoundError('The message to reply to')
      if (target.kind !== 'direct-message') {
        const r = await this.publish({
          text,
          replyTo: target.id,
          idempotencyKey: opts.idempotencyKey ?? newId(this.clock.now()),
        })
        return { remoteId: r.remoteId, url: r.url, createdAt: r.createdAt }
      }
      this.check({ text })
      if (opts.idempotencyKey) {
        const again = await this.byKey(w, opts.idempotencyKey)
        if (again) return this.ref(w, again)
      }
      const row = await this.storeBrandDm(w, text, target.id, target.conversation_id, opts.idempotencyKey)
      await this.worlds.onBrandReply(w, target, row)
      return { remoteId: row.id, url: null, createdAt: row.created_at }
    })
  }

  /** A DM from the brand to a Sandbox person (`sandbox-person:<index>`), in their DM conversation. */
  sendDirectMessage(
    recipientRemoteId: string,
    text: string,
    opts: { idempotencyKey?: string } = {},
  ): Promise<PublishedRef & { conversationId: string | null }> {
    return this.call('write', 'direct message', async () => {
      const w = await this.world()
      const m = /^sandbox-person:(\d+)$/.exec(recipientRemoteId)
      if (!m) throw notFoundError('The recipient')
      this.check({ text })
      const conversationId = `dm-${m[1]}`
      if (opts.idempotencyKey) {
        const again = await this.byKey(w, opts.idempotencyKey)
        if (again) return { ...this.ref(w, again), conversationId }
      }
      const row = await this.storeBrandDm(w, text, null, conversationId, opts.idempotencyKey)
      return { remoteId: row.id, url: null, createdAt: row.created_at, conversationId }
    })
  }

  /** Stores a direct message from the brand in a DM conversation (answering `parentId`, if any). */
  private async storeBrandDm(
    w: SandboxWorld,
    text: string,
    parentId: string | null,
    conversationId: string | null,
    idempotencyKey: string | undefined,
  ): Promise<SandboxItem> {
    const now = this.clock.now()
    const seq = await this.worlds.allocSeq(this.db, w.id, 1)
    const row: SandboxItem = {
      id: itemId(w.id, seq),
      world_id: w.id,
      seq,
      kind: 'direct-message',
      from_brand: 1,
      author_index: null,
      text,
      topic: null,
      parent_id: parentId,
      root_id: null,
      subject_id: null,
      conversation_id: conversationId,
      idempotency_key: idempotencyKey ?? null,
      media: null,
      created_at: now,
      deleted_at: null,
    }
    await this.db.insertInto('sandbox_items').values(row).execute()
    return row
  }

  delete(remoteId: string): Promise<void> {
    return this.call('write', 'delete', async () => {
      const w = await this.world()
      const r = await this.db
        .updateTable('sandbox_items')
        .set({ deleted_at: this.clock.now() })
        .where('world_id', '=', w.id)
        .where('id', '=', remoteId)
        .where('from_brand', '=', 1)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      if (Number(r.numUpdatedRows) === 0) throw notFoundError('The post to delete')
    })
  }

  fetchActivity(cursor: string | null): Promise<ActivityPage> {
    return this.call('read', 'activity', async () => {
      const w = await this.world()
      await this.worlds.advance(w.id)
      const after = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 0
      const rows = await this.db
        .selectFrom('sandbox_items')
        .selectAll()
        .where('world_id', '=', w.id)
        .where('seq', '>', after)
        .where('from_brand', '=', 0)
        .orderBy('seq')
        .limit(PAGE + 1)
        .execute()
      const more = rows.length > PAGE
      const page = more ? rows.slice(0, PAGE) : rows
      const last = page[page.length - 1]
      return {
        messages: page.map((r) => this.toMessage(w, r)),
        cursor: last ? String(last.seq) : (cursor ?? String(after)),
        more,
      }
    })
  }

  private toMessage(w: SandboxWorld, r: SandboxItem): ActivityMessage {
    const p = sandboxPerson(Number(w.seed), r.author_index ?? 0)
    const hasText = r.text !== null
    return {
      kind: r.kind as ActivityKind,
      remoteId: r.id,
      url: hasText && r.kind !== 'direct-message' ? this.url(w, r.id) : null,
      author: {
        remoteId: `sandbox-person:${p.index}`,
        handle: p.handle,
        displayName: p.displayName,
        avatarUrl: p.avatarUrl,
        followerCount: p.followerCount,
        // @NOTE spam accounts were made after the world began (new accounts); everyone else long before.
        accountCreatedAt: p.spammer
          ? Number(w.created_at) + p.index * 1000
          : Number(w.created_at) - (60 + (p.index % 1000)) * 86_400_000,
      },
      text: r.text,
      subjectRemoteId: r.subject_id,
      threadRootId: r.root_id,
      parentId: r.parent_id,
      conversationId: r.conversation_id,
      createdAt: Number(r.created_at),
    }
  }

  fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]> {
    return this.call('read', 'metrics', async () => {
      const w = await this.world()
      if (remoteIds.length === 0) return []
      await this.worlds.advance(w.id)
      const ours = await this.db
        .selectFrom('sandbox_items')
        .select('id')
        .where('world_id', '=', w.id)
        .where('id', 'in', remoteIds)
        .where('from_brand', '=', 1)
        .where('deleted_at', 'is', null)
        .execute()
      if (ours.length === 0) return []
      const ids = ours.map((o) => o.id)
      const bySubject = await this.db
        .selectFrom('sandbox_items')
        .select((eb) => ['subject_id', 'kind', eb.fn.countAll<number>().as('n')])
        .where('subject_id', 'in', ids)
        .where('deleted_at', 'is', null)
        .groupBy(['subject_id', 'kind'])
        .execute()
      const byParent = await this.db
        .selectFrom('sandbox_items')
        .select((eb) => ['parent_id', eb.fn.countAll<number>().as('n')])
        .where('parent_id', 'in', ids)
        .where('kind', '!=', 'direct-message')
        .where('deleted_at', 'is', null)
        .groupBy('parent_id')
        .execute()
      const m = new Map(ids.map((id) => [id, { remoteId: id, likes: 0, reposts: 0, replies: 0, quotes: 0 }]))
      for (const r of bySubject) {
        const x = m.get(r.subject_id!)
        if (!x) continue
        if (r.kind === 'like') x.likes = Number(r.n)
        else if (r.kind === 'repost') x.reposts = Number(r.n)
        else if (r.kind === 'quote' || r.kind === 'post') x.quotes += Number(r.n)
      }
      for (const r of byParent) {
        const x = m.get(r.parent_id!)
        if (x) x.replies = Number(r.n)
      }
      return remoteIds.flatMap((id) => m.get(id) ?? [])
    })
  }

  findPublished(query: FindPublishedQuery): Promise<PublishedRef | null> {
    return this.call('read', 'lookup', async () => {
      const w = await this.world()
      let q = this.db
        .selectFrom('sandbox_items')
        .selectAll()
        .where('world_id', '=', w.id)
        .where('from_brand', '=', 1)
        .where('deleted_at', 'is', null)
      if ('idempotencyKey' in query) q = q.where('idempotency_key', '=', query.idempotencyKey)
      else
        q = q
          .where('text', '=', query.text)
          .where('created_at', '>=', query.since)
          .where('created_at', '<=', query.until)
      const row = await q.orderBy('created_at', 'desc').executeTakeFirst()
      return row ? this.ref(w, row) : null
    })
  }
}

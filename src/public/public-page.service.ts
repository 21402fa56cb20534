/**
 * A workspace's public page: its settings (slug, about, contact) and the content it shows, read from
 * the workspace's presences and channels, published posts (news, announcements, events) and giveaways.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, invalid, notFound } from '../core/errors.js'
import { parseLocal, zonedToUtc } from '../core/zoned-time.js'
import type { Database } from '../db/schema.js'

export interface PublicContact {
  email?: string
  phone?: string
  address?: string
  website?: string
}

export interface PublicPageSettings {
  workspaceId: string
  slug: string
  enabled: boolean
  about: string
  contact: PublicContact
  updatedAt: number
}

export interface Presence {
  name: string
  kind: string
  channels: Array<{ network: string; handle: string; url: string | null }>
}

export interface NewsItem {
  id: string
  kind: string
  title: string
  body: string
  link: string | null
  publishedAt: number
  /** Where it was published on the networks. */
  urls: string[]
}

export interface EventItem {
  id: string
  title: string
  startsAt: number
  endsAt: number
  startsLocal: string
  endsLocal: string
  timeZone: string
  place: string | null
  link: string | null
  description: string | null
}

export interface PageSite {
  settings: PublicPageSettings
  name: string
}

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/

const PROFILE: Record<string, (handle: string) => string | null> = {
  bluesky: (h) => `https://bsky.app/profile/${h}`,
  x: (h) => `https://x.com/${h}`,
  mastodon: () => null,
  facebook: (h) => `https://www.facebook.com/${h}`,
  instagram: (h) => `https://www.instagram.com/${h}`,
  sandbox: () => null,
}

export class PublicPageService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** The page of `slugOrId` (a chosen slug, or the workspace id), when enabled. */
  async site(slugOrId: string): Promise<PageSite> {
    const bySlug = await this.db
      .selectFrom('public_pages as p')
      .innerJoin('workspaces as w', 'w.id', 'p.workspace_id')
      .select(['p.workspace_id', 'p.slug', 'p.enabled', 'p.about', 'p.contact', 'p.updated_at', 'w.name'])
      .where((e) => e.or([e('p.slug', '=', slugOrId), e('p.workspace_id', '=', slugOrId)]))
      .executeTakeFirst()
    if (bySlug) {
      if (!bySlug.enabled) throw notFound('Page')
      return {
        name: bySlug.name,
        settings: {
          workspaceId: bySlug.workspace_id,
          slug: bySlug.slug,
          enabled: true,
          about: bySlug.about,
          contact: JSON.parse(bySlug.contact) as PublicContact,
          updatedAt: Number(bySlug.updated_at),
        },
      }
    }
    // @NOTE a workspace without settings has no public page: nothing is public until someone says so.
    throw notFound('Page')
  }

  async settings(workspaceId: string): Promise<PublicPageSettings | null> {
    const r = await this.db
      .selectFrom('public_pages')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!r) return null
    return {
      workspaceId,
      slug: r.slug,
      enabled: r.enabled === 1,
      about: r.about,
      contact: JSON.parse(r.contact) as PublicContact,
      updatedAt: Number(r.updated_at),
    }
  }

  async save(
    workspaceId: string,
    input: { slug: string; enabled: boolean; about: string; contact: PublicContact },
  ): Promise<PublicPageSettings> {
    if (!SLUG.test(input.slug)) throw invalid('slug', 'use 1 to 48 lower-case letters, digits and dashes')
    const taken = await this.db
      .selectFrom('public_pages')
      .select('workspace_id')
      .where('slug', '=', input.slug)
      .where('workspace_id', '!=', workspaceId)
      .executeTakeFirst()
    if (taken) throw conflict('slug: another workspace has this address')
    const now = this.clock.now()
    const row = {
      workspace_id: workspaceId,
      slug: input.slug,
      enabled: input.enabled ? 1 : 0,
      about: input.about,
      contact: JSON.stringify(input.contact),
      updated_at: now,
    }
    await this.db
      .insertInto('public_pages')
      .values(row)
      .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ ...row }))
      .execute()
    return (await this.settings(workspaceId))!
  }

  async presences(workspaceId: string): Promise<Presence[]> {
    const rows = await this.db
      .selectFrom('presences as p')
      .leftJoin('channels as c', 'c.presence_id', 'p.id')
      .select(['p.id', 'p.display_name', 'p.kind', 'c.network', 'c.handle', 'c.status'])
      .where('p.workspace_id', '=', workspaceId)
      .orderBy('p.kind')
      .orderBy('p.created_at')
      .execute()
    const out = new Map<string, Presence>()
    for (const r of rows) {
      const p = out.get(r.id) ?? { name: r.display_name, kind: r.kind, channels: [] }
      if (r.network && r.handle && r.status !== 'disconnected')
        p.channels.push({ network: r.network, handle: r.handle, url: PROFILE[r.network]?.(r.handle) ?? null })
      out.set(r.id, p)
    }
    return [...out.values()]
  }

  private async published(workspaceId: string, kinds: string[], limit: number) {
    return this.db
      .selectFrom('posts')
      .select(['id', 'kind', 'title', 'fields', 'parts', 'published_at'])
      .where('workspace_id', '=', workspaceId)
      .where('state', '=', 'published')
      .where('deleted_at', 'is', null)
      .where('kind', 'in', kinds)
      .orderBy('published_at', 'desc')
      .limit(limit)
      .execute()
  }

  /** News and announcements, newest first, with where each went out. */
  async news(workspaceId: string, limit = 30): Promise<NewsItem[]> {
    const posts = await this.published(workspaceId, ['news', 'announcement', 'company-info'], limit)
    const urls =
      posts.length === 0
        ? []
        : await this.db
            .selectFrom('post_deliveries')
            .select(['post_id', 'url'])
            .where(
              'post_id',
              'in',
              posts.map((p) => p.id),
            )
            .where('url', 'is not', null)
            .execute()
    return posts.map((p) => {
      const f = JSON.parse(p.fields) as Record<string, string | undefined>
      const parts = JSON.parse(p.parts) as Array<{ text?: string }>
      return {
        id: p.id,
        kind: p.kind,
        title: f.headline ?? f.topic ?? p.title,
        body: f.body ?? f.summary ?? parts[0]?.text ?? '',
        link: f.link ?? null,
        publishedAt: Number(p.published_at),
        urls: urls.filter((u) => u.post_id === p.id).map((u) => u.url as string),
      }
    })
  }

  /** Events, soonest first, upcoming then past. */
  async events(workspaceId: string): Promise<{ upcoming: EventItem[]; past: EventItem[] }> {
    const posts = await this.published(workspaceId, ['event'], 200)
    const items: EventItem[] = []
    for (const p of posts) {
      const f = JSON.parse(p.fields) as Record<string, string | undefined>
      if (!f.startsAt || !f.endsAt || !f.timeZone) continue
      items.push({
        id: p.id,
        title: f.title ?? p.title,
        startsLocal: f.startsAt,
        endsLocal: f.endsAt,
        startsAt: zonedToUtc(parseLocal(f.startsAt, 'startsAt'), f.timeZone),
        endsAt: zonedToUtc(parseLocal(f.endsAt, 'endsAt'), f.timeZone),
        timeZone: f.timeZone,
        place: f.place ?? null,
        link: f.link ?? null,
        description: f.description ?? null,
      })
    }
    const now = this.clock.now()
    return {
      upcoming: items.filter((e) => e.endsAt >= now).sort((a, b) => a.startsAt - b.startsAt),
      past: items.filter((e) => e.endsAt < now).sort((a, b) => b.startsAt - a.startsAt),
    }
  }
}

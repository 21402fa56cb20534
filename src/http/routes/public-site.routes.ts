/**
 * The public site of each workspace at /p/<slug>: server-rendered HTML (works with JavaScript off),
 * feeds, calendar files, link-card images and each giveaway's draw record. No login. Not part of the
 * OpenAPI document (it describes the /api contract); the draw record's shape is `DrawRecord`
 * (src/campaigns/verify.ts, docs/adr/0030-verifiable-draw.md).
 *
 * Every answer carries an ETag (304 on If-None-Match) and is kept rendered for a few seconds, so the
 * status page stays cheap to serve while many customers reload it during an outage.
 */
import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import type { Campaign } from '../../campaigns/campaign.types.js'
import { type VerifyResult, verifyDraw } from '../../campaigns/verify.js'
import type { AppContext } from '../../context.js'
import { DomainError } from '../../core/errors.js'
import { atom, calendarFeed, eventFile, newsItems, rss, statusItems } from '../../public/public-feeds.js'
import { cardSvg, page } from '../../public/public-layout.js'
import {
  eventsBody,
  giveawayBody,
  giveawaysBody,
  homeBody,
  newsBody,
  statusBody,
} from '../../public/public-pages.js'
import { VERIFY_SCRIPT } from '../../public/verify-script.js'
import type { App } from '../env.js'

interface Rendered {
  body: string
  type: string
  etag: string
  at: number
}

const TTL_MS = 5_000
const MAX_CACHED = 500

/** Registers /p/* on `app`. */
export function registerPublicSiteRoutes(app: App, ctx: AppContext): void {
  const cache = new Map<string, Rendered>()
  const verified = new Map<string, VerifyResult>()

  const send = (c: Context, r: Rendered) => {
    c.header('etag', r.etag)
    c.header('cache-control', 'public, max-age=30')
    c.header('content-type', r.type)
    const inm = c.req.header('if-none-match')
    if (inm?.split(',').some((t) => t.trim() === r.etag)) return c.body(null, 304)
    return c.body(r.body, 200)
  }

  /** Renders once per TTL per path; a rendering error that is a DomainError (not found) is a plain 404. */
  const serve =
    (type: string, render: (c: Context, base: string, ws: string) => Promise<string>) =>
    async (c: Context) => {
      const url = new URL(c.req.url)
      const key = url.pathname + url.search
      const now = ctx.clock.now()
      const hit = cache.get(key)
      if (hit && now - hit.at < TTL_MS) return send(c, hit)
      try {
        const site = await ctx.publicSite.pages.site(c.req.param('slug') ?? '')
        const base = `${ctx.config.publicUrl}/p/${encodeURIComponent(site.settings.slug)}`
        const body = await render(c, base, site.settings.workspaceId)
        const r: Rendered = {
          body,
          type,
          at: now,
          etag: `W/"${createHash('sha1').update(body).digest('base64url')}"`,
        }
        if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string)
        cache.set(key, r)
        return send(c, r)
      } catch (err) {
        if (err instanceof DomainError && err.status === 404)
          return c.html(
            '<!doctype html><html lang="en"><title>Not found</title><h1>Not found</h1></html>',
            404,
          )
        throw err
      }
    }

  const html = 'text/html; charset=utf-8'
  const siteOf = async (c: Context) => ctx.publicSite.pages.site(c.req.param('slug') ?? '')

  const publicCampaigns = async (ws: string): Promise<Campaign[]> =>
    (await ctx.campaigns.campaigns.list(ws)).filter((x) => x.state !== 'draft')

  app.get(
    '/p/:slug',
    serve(html, async (c, base, ws) => {
      const site = await siteOf(c)
      const [presences, status, news] = await Promise.all([
        ctx.publicSite.pages.presences(ws),
        ctx.publicSite.status.page(ws),
        ctx.publicSite.pages.news(ws, 3),
      ])
      return page(
        {
          site: site.name,
          base,
          path: '',
          title: site.name,
          description: site.settings.about.slice(0, 200),
          current: 'home',
        },
        homeBody(base, site, presences, status, news),
      )
    }),
  )
  app.get(
    '/p/:slug/status',
    serve(html, async (c, base, ws) => {
      const site = await siteOf(c)
      const s = await ctx.publicSite.status.page(ws)
      return page(
        {
          site: site.name,
          base,
          path: '/status',
          title: 'Service status',
          description: s.open.length ? `${s.open.length} open incident(s)` : 'All systems operational',
          current: 'status',
        },
        statusBody(s),
      )
    }),
  )
  app.get(
    '/p/:slug/news',
    serve(html, async (c, base, ws) => {
      const site = await siteOf(c)
      return page(
        {
          site: site.name,
          base,
          path: '/news',
          title: 'News',
          description: `News and announcements from ${site.name}`,
          current: 'news',
        },
        newsBody(await ctx.publicSite.pages.news(ws)),
      )
    }),
  )
  app.get(
    '/p/:slug/events',
    serve(html, async (c, base, ws) => {
      const site = await siteOf(c)
      return page(
        {
          site: site.name,
          base,
          path: '/events',
          title: 'Events',
          description: `Events of ${site.name}`,
          current: 'events',
        },
        eventsBody(await ctx.publicSite.pages.events(ws)),
      )
    }),
  )
  app.get(
    '/p/:slug/giveaways',
    serve(html, async (c, base, ws) => {
      const site = await siteOf(c)
      return page(
        {
          site: site.name,
          base,
          path: '/giveaways',
          title: 'Giveaways',
          description: `Giveaways of ${site.name}, with draws anyone can check`,
          current: 'giveaways',
        },
        giveawaysBody(await publicCampaigns(ws)),
      )
    }),
  )
  const campaignOf = async (ws: string, id: string) => {
    const row = await ctx.campaigns.campaigns.row(ws, id)
    if (row.state === 'draft') throw new DomainError('not-found', 'Campaign not found')
    return row
  }
  app.get(
    '/p/:slug/giveaways/:id',
    serve(html, async (c, base, ws) => {
      const site = await siteOf(c)
      const row = await campaignOf(ws, c.req.param('id') ?? '')
      const [campaign, log, stats] = await Promise.all([
        ctx.campaigns.campaigns.toCampaign(row),
        ctx.campaigns.campaigns.logOf(row.id),
        ctx.campaigns.draw.statistics(row.id),
      ])
      const record = ctx.campaigns.draw.record(row)
      let check: VerifyResult | null = null
      if (record.seed !== null) {
        const key = `${row.id}:${row.updated_at}`
        check = verified.get(key) ?? (await verifyDraw(record))
        verified.set(key, check)
      }
      return page(
        {
          site: site.name,
          base,
          path: `/giveaways/${row.id}`,
          title: campaign.title,
          description: `Giveaway by ${site.name}: ${campaign.prizes.map((p) => p.name).join(', ')}`,
          current: 'giveaways',
          head: `<link rel="alternate" type="application/json" href="${base}/giveaways/${row.id}/draw.json">\n<script src="${new URL(base).pathname}/verify.js" defer></script>`,
        },
        giveawayBody(campaign, record, log, check, stats),
      )
    }),
  )
  app.get(
    '/p/:slug/giveaways/:id/draw.json',
    serve('application/json', async (c, _base, ws) => {
      const row = await campaignOf(ws, c.req.param('id') ?? '')
      return JSON.stringify(ctx.campaigns.draw.record(row), null, 1)
    }),
  )
  const feed = (kind: 'news' | 'status', format: 'rss' | 'atom') =>
    serve(
      format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8',
      async (c, base, ws) => {
        const site = await siteOf(c)
        const items =
          kind === 'news'
            ? newsItems(base, await ctx.publicSite.pages.news(ws))
            : statusItems(base, await ctx.publicSite.status.page(ws))
        const title = `${site.name} ${kind === 'news' ? 'news' : 'status'}`
        return format === 'rss'
          ? rss(title, `${base}/${kind}`, items)
          : atom(title, `${base}/${kind}`, `${base}/${kind}.atom`, items)
      },
    )
  app.get('/p/:slug/news.rss', feed('news', 'rss'))
  app.get('/p/:slug/news.atom', feed('news', 'atom'))
  app.get('/p/:slug/status.rss', feed('status', 'rss'))
  app.get('/p/:slug/status.atom', feed('status', 'atom'))
  const host = () => new URL(ctx.config.publicUrl).host
  app.get(
    '/p/:slug/events.ics',
    serve('text/calendar; charset=utf-8', async (c, _base, ws) => {
      const site = await siteOf(c)
      const ev = await ctx.publicSite.pages.events(ws)
      return calendarFeed(site.name, [...ev.upcoming, ...ev.past], host(), ctx.clock.now())
    }),
  )
  app.get(
    '/p/:slug/events/:file',
    serve('text/calendar; charset=utf-8', async (c, _base, ws) => {
      const id = (c.req.param('file') ?? '').replace(/\.ics$/, '')
      const ev = await ctx.publicSite.pages.events(ws)
      const e = [...ev.upcoming, ...ev.past].find((x) => x.id === id)
      if (!e) throw new DomainError('not-found', 'Event not found')
      return eventFile(e, host(), ctx.clock.now())
    }),
  )
  app.get(
    '/p/:slug/verify.js',
    serve('text/javascript; charset=utf-8', async () => VERIFY_SCRIPT),
  )
  app.get(
    '/p/:slug/card.svg',
    serve('image/svg+xml', async (c) => {
      const site = await siteOf(c)
      return cardSvg(site.name, (c.req.query('title') ?? site.name).slice(0, 200))
    }),
  )
}

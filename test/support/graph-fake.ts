/**
 * A stateful stand-in for the Graph API in front of Prism, for the Meta adapters' contract tests (#20).
 *
 * Every request is first forwarded, unchanged (method, path, query, headers, body), to Prism serving the
 * OpenAPI document converted from Meta's specs (meta-openapi.ts), so Prism's validator judges each one and
 * counts violations. The answer then comes from this fake's memory, shaped like the recorded Graph answers
 * beside the adapters, because Prism cannot remember what was posted (publish → find → delete → 404).
 * A request Prism refuses is refused here too (its status and body), so a broken request cannot pass.
 *
 * Customers act through the methods (`visitorPost`, `comment`, `rating`, `message`, `igComment`, `tag`);
 * `failNext` plays Graph errors and a write that lands but whose answer is lost (unknown outcome).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

type Json = Record<string, unknown>
interface Item {
  id: string
  kind: 'post' | 'comment' | 'photo' | 'container' | 'media' | 'tag'
  owner: string
  from: { id: string; name?: string; username?: string }
  message?: string
  created: number
  parent?: string
  root?: string
  hidden?: boolean
  likes: number
  extra?: Json
}
export interface FakeFailure {
  /** e.g. `POST /{id}/feed`; matched against the template with ids replaced. */
  route: string
  status?: number
  body?: Json
  headers?: Record<string, string>
  /** The write happens, but the connection is cut before the answer (an unknown outcome). */
  lose?: boolean
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000')

export class GraphFake {
  readonly items = new Map<string, Item>()
  readonly ratings: Json[] = []
  readonly messages: {
    page: string
    platform: string
    from: string
    to: string
    id: string
    text: string
    created: number
  }[] = []
  readonly blocked: string[] = []
  /** `<page>:<fields>` of each webhook subscription. */
  readonly subscribed: string[] = []
  readonly requests: string[] = []
  private failures: FakeFailure[] = []
  private seq = 1000
  private server?: Server
  url = ''
  host = ''
  /** Time source for created times (a test can move it). */
  now = () => Date.now()

  constructor(
    private readonly prismUrl: string,
    readonly page: { id: string; name: string; username: string },
    readonly ig: { id: string; username: string },
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { message: String(err), code: 1 } }))
      })
    })
    await new Promise<void>((ok) => this.server?.listen(0, '127.0.0.1', ok))
    const port = (this.server.address() as AddressInfo).port
    this.host = `127.0.0.1:${port}`
    this.url = `http://${this.host}`
    return this
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections()
    await new Promise<void>((ok) => this.server?.close(() => ok()))
  }

  failNext(f: FakeFailure): void {
    this.failures.push(f)
  }

  private id(prefix = ''): string {
    this.seq += 1
    return `${prefix}${this.seq}${String(this.seq * 7919).slice(-6)}`
  }

  private add(item: Omit<Item, 'likes' | 'created'> & { created?: number }): Item {
    const full: Item = { likes: 0, created: this.now(), ...item }
    this.items.set(full.id, full)
    return full
  }

  // --- what customers do ---------------------------------------------------------------------------
  visitorPost(text: string, from = { id: '9001', name: 'Casey Customer' }): string {
    return this.add({
      id: `${this.page.id}_${this.id()}`,
      kind: 'post',
      owner: this.page.id,
      from,
      message: text,
    }).id
  }
  comment(objectId: string, text: string, from = { id: '9002', name: 'Robin Reader' }): string {
    const target = this.items.get(objectId)
    const root = target?.kind === 'comment' ? (target.root ?? objectId) : objectId
    return this.add({
      id: this.id(),
      kind: 'comment',
      owner: root,
      from,
      message: text,
      parent: objectId,
      root,
    }).id
  }
  rating(text: string, positive: boolean, from = { id: '9003', name: 'Rene Reviewer' }): void {
    this.ratings.unshift({
      created_time: iso(this.now()),
      recommendation_type: positive ? 'positive' : 'negative',
      review_text: text,
      reviewer: from,
      open_graph_story: { id: this.id() },
    })
  }
  message(text: string, platform: 'messenger' | 'instagram' = 'messenger', from = '7001'): string {
    const id = `m_${this.id()}`
    this.messages.push({
      page: this.page.id,
      platform,
      from,
      to: this.page.id,
      id,
      text,
      created: this.now(),
    })
    return id
  }
  igComment(mediaId: string, text: string, from = { id: '8001', username: 'casey.c' }): string {
    const target = this.items.get(mediaId)
    const root = target?.kind === 'comment' ? (target.root ?? mediaId) : mediaId
    return this.add({
      id: this.id(),
      kind: 'comment',
      owner: root,
      from,
      message: text,
      parent: mediaId,
      root,
    }).id
  }
  tag(caption: string, username = 'casey.c'): string {
    return this.add({
      id: this.id(),
      kind: 'tag',
      owner: this.ig.id,
      from: { id: '8001', username },
      message: caption,
    }).id
  }
  threadOf(id: string): { parentId: string | null; rootId: string | null } {
    const it = this.items.get(id)
    return { parentId: it?.parent ?? null, rootId: it?.root ?? null }
  }

  // --- the Graph API -------------------------------------------------------------------------------
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const raw = Buffer.concat(chunks)
    const url = new URL(req.url ?? '/', 'http://fake')
    const method = req.method ?? 'GET'
    // 1. Prism judges the request exactly as sent.
    const headers: Record<string, string> = {}
    for (const h of ['authorization', 'content-type']) if (req.headers[h]) headers[h] = String(req.headers[h])
    const judged = await fetch(this.prismUrl + url.pathname + url.search, {
      method,
      headers,
      body: raw.length > 0 ? raw : undefined,
    })
    const verdict = await judged.text()
    const parts = url.pathname.split('/').filter(Boolean)
    const route = `${method} /{id}${parts[1] ? `/${parts[1]}` : ''}`
    this.requests.push(`${method} ${url.pathname}`)
    if (judged.status >= 400) return send(res, judged.status, JSON.parse(verdict || '{}'))
    // 2. The fake answers.
    const fail = this.failures.findIndex((f) => f.route === route)
    const failure = fail >= 0 ? this.failures.splice(fail, 1)[0] : undefined
    if (failure && !failure.lose) return send(res, failure.status ?? 400, failure.body ?? {}, failure.headers)
    const body = parseBody(req.headers['content-type'] ?? '', raw)
    const out = this.answer(method, parts, url.searchParams, body)
    if (failure?.lose) {
      req.socket.destroy()
      return
    }
    send(res, out.status, out.body)
  }

  private notFound() {
    return {
      status: 400,
      body: {
        error: {
          message: 'Unsupported request: object does not exist',
          type: 'GraphMethodException',
          code: 100,
          error_subcode: 33,
        },
      },
    }
  }

  private answer(
    method: string,
    [id = '', edge]: string[],
    q: URLSearchParams,
    body: Json,
  ): { status: number; body: Json } {
    const ok = (b: Json) => ({ status: 200, body: b })
    const item = this.items.get(id)
    if (!edge) {
      if (method === 'DELETE') {
        if (!item) return this.notFound()
        this.items.delete(id)
        return ok({ success: true })
      }
      if (method === 'POST') {
        if (!item) return this.notFound()
        if ('is_hidden' in body) item.hidden = String(body.is_hidden) === 'true'
        if ('hide' in body) item.hidden = String(body.hide) === 'true'
        if (typeof body.message === 'string') item.message = body.message
        return ok({ success: true })
      }
      if (id === this.page.id)
        return ok({
          id,
          name: this.page.name,
          username: this.page.username,
          followers_count: 1200,
          fan_count: 1100,
        })
      if (id === this.ig.id)
        return ok({
          id,
          username: this.ig.username,
          name: this.page.name,
          followers_count: 800,
          follows_count: 12,
          media_count: this.list('media', this.ig.id).length,
        })
      if (!item) return this.notFound()
      return ok(this.render(item))
    }
    if (method === 'POST') return this.create(id, edge, body)
    if (method === 'DELETE' && edge === 'likes') {
      if (item) item.likes = Math.max(0, item.likes - 1)
      return ok({ success: true })
    }
    return ok(this.page_(id, edge, q))
  }

  private create(id: string, edge: string, body: Json): { status: number; body: Json } {
    const ok = (b: Json) => ({ status: 200, body: b })
    const pageFrom = { id: this.page.id, name: this.page.name }
    const igFrom = { id: this.ig.id, username: this.ig.username }
    switch (edge) {
      case 'feed':
        return ok({
          id: this.add({
            id: `${id}_${this.id()}`,
            kind: 'post',
            owner: id,
            from: pageFrom,
            message: String(body.message ?? ''),
            extra: { attached: body.attached_media ?? null, link: body.link ?? null },
          }).id,
        })
      case 'photos': {
        const p = this.add({
          id: this.id(),
          kind: 'photo',
          owner: id,
          from: pageFrom,
          extra: { alt: body.alt_text_custom ?? null, published: body.published },
        })
        return ok({ id: p.id })
      }
      case 'comments':
      case 'replies': {
        if (!this.items.has(id)) return this.notFound()
        const instagram = this.items.get(id)?.from.username !== undefined || edge === 'replies'
        return ok({
          id: instagram
            ? this.igComment(id, String(body.message), igFrom)
            : this.comment(id, String(body.message), pageFrom),
        })
      }
      case 'media': {
        const c = this.add({
          id: this.id(),
          kind: 'container',
          owner: id,
          from: igFrom,
          message: String(body.caption ?? ''),
          extra: { ...body },
        })
        return ok({ id: c.id })
      }
      case 'media_publish': {
        const c = this.items.get(String(body.creation_id))
        if (c?.kind !== 'container' || c.extra?.published) return this.notFound()
        c.extra = { ...c.extra, published: true }
        return ok({
          id: this.add({
            id: this.id(),
            kind: 'media',
            owner: id,
            from: igFrom,
            message: c.message,
            extra: c.extra,
          }).id,
        })
      }
      case 'mentions':
        return ok({ id: this.igComment(String(body.media_id), String(body.message), igFrom) })
      case 'messages': {
        const to = String((JSON.parse(String(body.recipient)) as { id: string }).id)
        const mid = `m_${this.id()}`
        const text = (JSON.parse(String(body.message)) as { text?: string }).text ?? ''
        this.messages.push({
          page: id,
          platform: 'messenger',
          from: id,
          to,
          id: mid,
          text,
          created: this.now(),
        })
        return ok({ recipient_id: to, message_id: mid })
      }
      case 'likes': {
        const it = this.items.get(id)
        if (!it) return this.notFound()
        it.likes++
        return ok({ success: true })
      }
      case 'subscribed_apps':
        this.subscribed.push(`${id}:${String(body.subscribed_fields)}`)
        return ok({ success: true })
      case 'blocked':
        this.blocked.push(...(JSON.parse(String(body.user)) as string[]))
        return ok({ [this.blocked.at(-1) ?? '']: true })
      default:
        return { status: 400, body: { error: { message: `fake: no ${edge}`, code: 100 } } }
    }
  }

  private list(kind: Item['kind'], owner: string): Item[] {
    return [...this.items.values()]
      .filter((i) => i.kind === kind && i.owner === owner)
      .sort((a, b) => b.created - a.created)
  }

  private comments(root: string): Item[] {
    return [...this.items.values()]
      .filter((i) => i.kind === 'comment' && i.root === root)
      .sort((a, b) => b.created - a.created)
  }

  private render(it: Item): Json {
    const replies = this.comments(it.id)
    if (it.kind === 'media' || it.kind === 'tag' || it.from.username) {
      const c = (x: Item) => ({
        id: x.id,
        text: x.message,
        timestamp: iso(x.created),
        username: x.from.username,
        from: x.from,
        ...(x.parent !== x.root ? { parent_id: x.parent } : {}),
      })
      return {
        id: it.id,
        caption: it.message,
        timestamp: iso(it.created),
        username: it.from.username,
        permalink: `https://www.instagram.com/p/${it.id}/`,
        like_count: it.likes,
        comments_count: replies.length,
        ...(it.kind === 'comment'
          ? { text: it.message, ...(it.parent !== it.root ? { parent_id: it.parent } : {}) }
          : {}),
        comments: {
          data: replies
            .filter((x) => x.parent === it.id)
            .map((x) => ({ ...c(x), replies: { data: replies.filter((r) => r.parent === x.id).map(c) } })),
        },
      }
    }
    if (it.kind === 'photo')
      return {
        id: it.id,
        images: [{ source: `https://scontent.example/${it.id}.jpg`, width: 1080, height: 1080 }],
      }
    return {
      id: it.id,
      message: it.message,
      created_time: iso(it.created),
      from: it.from,
      permalink_url: `https://www.facebook.com/${it.id}`,
      is_hidden: it.hidden ?? false,
      reactions: { data: [], summary: { total_count: it.likes } },
      comments: {
        data: replies.map((x) => ({
          id: x.id,
          message: x.message,
          created_time: iso(x.created),
          from: x.from,
          ...(x.parent !== x.root ? { parent: { id: x.parent } } : {}),
        })),
        summary: { total_count: replies.length },
      },
      shares: { count: 0 },
    }
  }

  /** A list edge with `limit` and an `after` cursor (the index of the next item). */
  private page_(id: string, edge: string, q: URLSearchParams): Json {
    let rows: Json[]
    const since = Number(q.get('since') ?? 0) * 1000
    const until = q.get('until') ? Number(q.get('until')) * 1000 : Number.POSITIVE_INFINITY
    const inWindow = (i: Item) => i.created >= since && i.created <= until
    switch (edge) {
      case 'feed':
      case 'published_posts':
      case 'visitor_posts': {
        const posts = this.list('post', id)
          .filter(inWindow)
          .filter((p) =>
            edge === 'feed' ? true : edge === 'published_posts' ? p.from.id === id : p.from.id !== id,
          )
        rows = posts.map((p) => this.render(p))
        break
      }
      case 'media':
        rows = this.list('media', id)
          .filter(inWindow)
          .map((m) => this.render(m))
        break
      case 'tags':
        rows = this.list('tag', id).map((m) => this.render(m))
        break
      case 'ratings':
        rows = this.ratings
        break
      case 'accounts':
        // @NOTE the Pages the logged-in person manages, each with its Page token (GET /me/accounts).
        rows = [
          {
            id: this.page.id,
            name: this.page.name,
            username: this.page.username,
            access_token: `page-token-${this.page.id}`,
            category: 'Retail',
            followers_count: 1200,
            instagram_business_account: { id: this.ig.id, username: this.ig.username, followers_count: 800 },
          },
          { id: '104999', name: 'Side project', access_token: 'page-token-104999', category: 'Blog' },
        ]
        break
      case 'conversations': {
        const platform = q.get('platform') ?? 'messenger'
        const by = new Map<string, Json[]>()
        for (const m of this.messages.filter((x) => x.page === id && x.platform === platform)) {
          const who = m.from === id ? m.to : m.from
          by.set(who, [
            { id: m.id, message: m.text, created_time: iso(m.created), from: { id: m.from } },
            ...(by.get(who) ?? []),
          ])
        }
        rows = [...by].map(([who, msgs]) => ({ id: `t_${who}`, messages: { data: msgs } }))
        break
      }
      default:
        rows = []
    }
    const start = Number(q.get('after') ?? 0)
    const limit = Number(q.get('limit') ?? 25)
    const slice = limit === 0 ? [] : rows.slice(start, start + limit)
    const more = start + slice.length < rows.length && limit > 0
    return {
      data: slice,
      paging: more
        ? {
            cursors: { before: String(start), after: String(start + slice.length) },
            next: `${this.url}/${id}/${edge}?after=${start + slice.length}`,
          }
        : {},
      ...(q.get('summary') ? { summary: { total_count: rows.length } } : {}),
    }
  }
}

function parseBody(type: string, raw: Buffer): Json {
  if (raw.length === 0) return {}
  if (type.includes('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(raw.toString('utf8')))
  if (type.includes('application/json')) return JSON.parse(raw.toString('utf8')) as Json
  if (type.includes('multipart/form-data')) {
    const out: Json = {}
    for (const m of raw
      .toString('latin1')
      .matchAll(/name="([^"]+)"(?:; filename="[^"]*")?\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*?)\r\n--/g))
      out[m[1] as string] = m[2]
    return out
  }
  return {}
}

function send(res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify(body))
}

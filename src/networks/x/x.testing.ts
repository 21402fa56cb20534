/**
 * A stateful X for tests, in front of Prism. Every request is first sent to Prism serving X's published
 * OpenAPI document (../shared/specs/x-openapi.json): a request that breaks the spec gets Prism's 4xx
 * and is counted by `prism.violations()`. A request Prism accepts is answered from state kept here
 * (posts, mentions, DMs, media), which Prism cannot simulate: pagination, since_id, deletes, rate-limit
 * headers, the OAuth token endpoint (refresh with rotation) and faults recorded from X's documentation
 * (`fail()`: 429, 503 after the post was created, duplicate-content 403…).
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface XDoublePost {
  id: string
  text: string
  author_id: string
  conversation_id: string
  created_at: string
  replyTo: string | null
  quote: string | null
  mediaIds: string[]
  deleted: boolean
  hidden: boolean
  likes: number
}

export interface XDoubleUser {
  id: string
  username: string
  name: string
}

/** A canned answer to the next matching request (`afterEffect`: the write happens first, like X's 503s). */
export interface XFault {
  status: number
  body: unknown
  headers?: Record<string, string>
  afterEffect?: boolean
}

export interface XDouble {
  url: string
  host: string
  brand: XDoubleUser
  posts: Map<string, XDoublePost>
  /** Alt text per media id, as POST /2/media/metadata set it. */
  altText: Map<string, string>
  /** Requests answered, by `METHOD /template`. */
  calls: Map<string, number>
  customer(name: string): XDoubleUser
  /** A customer posts (a mention when the text names @brand); returns the post id. */
  customerPost(by: XDoubleUser, text: string, opts?: { replyTo?: string; quote?: string }): string
  customerDm(by: XDoubleUser, text: string): string
  /** The next request to `METHOD /template` (e.g. `POST /2/tweets`) gets this answer. */
  fail(route: string, fault: XFault): void
  /** Rate window per route: `limit` requests, then 429 until `resetAt` (epoch s). */
  limit(route: string, limit: number, resetAt: number): void
  /** Issue tokens for the token endpoint (client `clientId`/`clientSecret`, HTTP Basic). */
  oauth: { clientId: string; clientSecret: string; revoke(): void; issued: number; refreshed: number }
  /** The access token tests start with (valid until revoked or refreshed away). */
  initialGrant(ttlSeconds?: number): { accessToken: string; refreshToken: string; expiresAt: number }
  close(): Promise<void>
}

const X = 'https://api.x.com/2/problems/'

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const c of req) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}

function template(path: string): string {
  return path
    .replace(/^\/2\/users\/(?!me\b)[0-9]+/, '/2/users/:id')
    .replace(/^\/2\/users\/:id\/likes\/[0-9]+/, '/2/users/:id/likes/:id')
    .replace(/^\/2\/tweets\/[0-9]+/, '/2/tweets/:id')
    .replace(/^\/2\/dm_conversations\/with\/[0-9]+/, '/2/dm_conversations/with/:id')
}

/** Starts the double; `prismUrl` null skips the spec check (only for the token endpoint's own tests). */
export async function startXDouble(opts: {
  prismUrl: string | null
  /** Tokens from a real authorization server (the connect tests): is this one live? Default: ours. */
  verifyToken?: (accessToken: string) => Promise<boolean>
}): Promise<XDouble> {
  let seq = 1_800_000_000_000_000_000n
  const nextId = () => {
    seq += 1000n
    return seq.toString()
  }
  const brand: XDoubleUser = { id: '1000000001', username: 'acmebrand', name: 'Acme' }
  const users = new Map<string, XDoubleUser>([[brand.id, brand]])
  const posts = new Map<string, XDoublePost>()
  const dms: Array<{
    id: string
    text: string
    sender_id: string
    dm_conversation_id: string
    created_at: string
  }> = []
  const altText = new Map<string, string>()
  const calls = new Map<string, number>()
  const faults = new Map<string, XFault[]>()
  const limits = new Map<string, { limit: number; used: number; resetAt: number }>()
  const tokens = new Map<string, { user: string; expiresAt: number }>()
  const refreshTokens = new Set<string>()
  const oauth = { clientId: 'x-client', clientSecret: 'x-secret', issued: 0, refreshed: 0, revoke() {} }
  oauth.revoke = () => {
    tokens.clear()
    refreshTokens.clear()
  }

  const issue = (ttl = 7200) => {
    const accessToken = randomBytes(18).toString('base64url')
    const refreshToken = randomBytes(18).toString('base64url')
    const expiresAt = Date.now() + ttl * 1000
    tokens.set(accessToken, { user: brand.id, expiresAt })
    refreshTokens.add(refreshToken)
    oauth.issued++
    return { accessToken, refreshToken, expiresAt }
  }

  const addPost = (
    author: string,
    text: string,
    replyTo: string | null,
    quote: string | null,
    mediaIds: string[],
  ) => {
    const id = nextId()
    const parent = replyTo ? posts.get(replyTo) : undefined
    posts.set(id, {
      id,
      text,
      author_id: author,
      conversation_id: parent?.conversation_id ?? id,
      created_at: new Date().toISOString(),
      replyTo,
      quote,
      mediaIds,
      deleted: false,
      hidden: false,
      likes: 0,
    })
    return id
  }

  const view = (p: XDoublePost) => {
    const refs = [
      ...(p.replyTo ? [{ type: 'replied_to', id: p.replyTo }] : []),
      ...(p.quote ? [{ type: 'quoted', id: p.quote }] : []),
    ]
    return {
      id: p.id,
      text: p.text,
      author_id: p.author_id,
      conversation_id: p.conversation_id,
      created_at: p.created_at,
      edit_history_tweet_ids: [p.id],
      ...(refs.length ? { referenced_tweets: refs } : {}),
      public_metrics: {
        like_count: p.likes,
        retweet_count: 0,
        reply_count: replyCount(p.id),
        quote_count: quoteCount(p.id),
      },
    }
  }
  const live = () => [...posts.values()].filter((p) => !p.deleted)
  const replyCount = (id: string) => live().filter((p) => p.replyTo === id).length
  const quoteCount = (id: string) => live().filter((p) => p.quote === id).length
  const userView = (u: XDoubleUser) => ({
    id: u.id,
    username: u.username,
    name: u.name,
    profile_image_url: `https://pbs.twimg.com/profile_images/${u.id}.jpg`,
    public_metrics: {
      followers_count: 42,
      following_count: 7,
      tweet_count: live().filter((p) => p.author_id === u.id).length,
      listed_count: 0,
      like_count: 0,
    },
  })
  const includes = (ids: string[]) => ({
    users: [...new Set(ids)].map((id) => userView(users.get(id)!)).filter(Boolean),
  })

  /** A newest-first list paged like X: max_results, pagination_token, since_id. */
  const page = <T extends { id: string }>(all: T[], q: URLSearchParams) => {
    const since = q.get('since_id')
    const filtered = all
      .filter((x) => !since || BigInt(x.id) > BigInt(since))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1))
    const max = Number(q.get('max_results') ?? 10)
    const offset = Number(
      q.get('pagination_token') ? Buffer.from(q.get('pagination_token')!, 'base64url').toString() : 0,
    )
    const slice = filtered.slice(offset, offset + max)
    const next =
      offset + max < filtered.length ? Buffer.from(String(offset + max)).toString('base64url') : undefined
    const meta = {
      result_count: slice.length,
      ...(slice.length ? { newest_id: slice[0]!.id, oldest_id: slice.at(-1)!.id } : {}),
      ...(next ? { next_token: next } : {}),
    }
    return { slice, meta }
  }

  const problem = (status: number, type: string, title: string, detail: string) => ({
    status,
    body: {
      type: type.startsWith('http') || type === 'about:blank' ? type : X + type,
      title,
      detail,
      status,
    },
  })

  function handle(
    method: string,
    path: string,
    q: URLSearchParams,
    body: Record<string, unknown>,
    user: string,
  ) {
    const route = `${method} ${template(path)}`
    if (route === 'GET /2/users/me') return { status: 200, body: { data: userView(users.get(user)!) } }
    if (route === 'POST /2/tweets') {
      const text = String(body.text ?? '')
      const dup = live().find((p) => p.author_id === user && p.text === text && !p.replyTo)
      if (dup && !body.reply)
        return problem(
          403,
          'about:blank',
          'Forbidden',
          'You are not allowed to create a Tweet with duplicate content.',
        )
      const reply = body.reply as { in_reply_to_tweet_id?: string } | undefined
      const target = reply?.in_reply_to_tweet_id ? posts.get(reply.in_reply_to_tweet_id) : undefined
      if (reply?.in_reply_to_tweet_id && (!target || target.deleted))
        return problem(
          400,
          'invalid-request',
          'Invalid Request',
          'The post you are replying to does not exist.',
        )
      const media = ((body.media as { media_ids?: string[] } | undefined)?.media_ids ?? []).map(String)
      const id = addPost(
        user,
        text,
        reply?.in_reply_to_tweet_id ?? null,
        (body.quote_tweet_id as string) ?? null,
        media,
      )
      return { status: 201, body: { data: { id, text, edit_history_tweet_ids: [id] } } }
    }
    if (route === 'GET /2/tweets/:id') {
      const p = posts.get(path.split('/')[3]!)
      if (!p || p.deleted)
        return {
          status: 200,
          body: {
            errors: [
              {
                type: `${X}resource-not-found`,
                title: 'Not Found Error',
                detail: 'Could not find tweet.',
                resource_type: 'tweet',
                parameter: 'id',
                value: path.split('/')[3],
                resource_id: path.split('/')[3],
              },
            ],
          },
        }
      return { status: 200, body: { data: view(p) } }
    }
    if (route === 'DELETE /2/tweets/:id') {
      const p = posts.get(path.split('/')[3]!)
      const ok = !!p && !p.deleted && p.author_id === user
      if (ok) p!.deleted = true
      return { status: 200, body: { data: { deleted: ok } } }
    }
    if (route === 'GET /2/tweets') {
      const ids = (q.get('ids') ?? '').split(',')
      const found = ids.map((id) => posts.get(id)).filter((p): p is XDoublePost => !!p && !p.deleted)
      return {
        status: 200,
        body: found.length
          ? { data: found.map(view) }
          : {
              errors: ids.map((id) => ({
                type: `${X}resource-not-found`,
                title: 'Not Found Error',
                detail: `Could not find tweet with ids: [${id}].`,
                resource_type: 'tweet',
                parameter: 'ids',
                value: id,
                resource_id: id,
              })),
            },
      }
    }
    if (route === 'GET /2/users/:id/mentions') {
      const me = users.get(path.split('/')[3]!)
      const all = live().filter((p) => p.author_id !== me?.id && p.text.includes(`@${me?.username}`))
      const { slice, meta } = page(all, q)
      return {
        status: 200,
        body: slice.length
          ? { data: slice.map(view), includes: includes(slice.map((p) => p.author_id)), meta }
          : { meta },
      }
    }
    if (route === 'GET /2/users/:id/tweets') {
      const id = path.split('/')[3]!
      const start = q.get('start_time') ? Date.parse(q.get('start_time')!) : 0
      const end = q.get('end_time') ? Date.parse(q.get('end_time')!) : Number.MAX_SAFE_INTEGER
      const all = live().filter(
        (p) => p.author_id === id && Date.parse(p.created_at) >= start && Date.parse(p.created_at) <= end,
      )
      const { slice, meta } = page(all, q)
      return { status: 200, body: slice.length ? { data: slice.map(view), meta } : { meta } }
    }
    if (route === 'GET /2/dm_events') {
      const { slice, meta } = page(dms, q)
      return {
        status: 200,
        body: slice.length
          ? {
              data: slice.map((e) => ({ ...e, event_type: 'MessageCreate' })),
              includes: includes(slice.map((e) => e.sender_id)),
              meta,
            }
          : { meta },
      }
    }
    if (route === 'POST /2/dm_conversations/with/:id/messages') {
      const other = path.split('/')[4]!
      const id = nextId()
      const conv = [user, other].sort().join('-')
      dms.push({
        id,
        text: String(body.text ?? ''),
        sender_id: user,
        dm_conversation_id: conv,
        created_at: new Date().toISOString(),
      })
      return { status: 201, body: { data: { dm_conversation_id: conv, dm_event_id: id } } }
    }
    if (route === 'POST /2/media/upload') {
      const id = nextId().slice(0, 19)
      return {
        status: 200,
        body: {
          data: {
            id,
            media_key: `3_${id}`,
            size: Buffer.from(String(body.media ?? ''), 'base64').length,
            expires_after_secs: 86400,
          },
        },
      }
    }
    if (route === 'POST /2/media/metadata') {
      const meta = body.metadata as { alt_text?: { text?: string } } | undefined
      altText.set(String(body.id), meta?.alt_text?.text ?? '')
      return { status: 200, body: { data: { id: String(body.id), associated_metadata: true } } }
    }
    if (route === 'POST /2/users/:id/likes') {
      const p = posts.get(String(body.tweet_id))
      if (p) p.likes++
      return { status: 200, body: { data: { liked: !!p } } }
    }
    if (route === 'DELETE /2/users/:id/likes/:id') {
      const p = posts.get(path.split('/')[5]!)
      if (p && p.likes > 0) p.likes--
      return { status: 200, body: { data: { liked: false } } }
    }
    if (route === 'PUT /2/tweets/:id/hidden') {
      const p = posts.get(path.split('/')[3]!)
      if (p) p.hidden = body.hidden === true
      return { status: 200, body: { data: { hidden: p?.hidden ?? false } } }
    }
    return problem(404, 'about:blank', 'Not Found', `No double for ${route}`)
  }

  function tokenEndpoint(req: IncomingMessage, raw: Buffer) {
    // RFC 6749 §2.3.1: both halves are form-urlencoded before base64.
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
    const [id, secret] = Buffer.from(basic, 'base64')
      .toString()
      .split(':')
      .map((v) => decodeURIComponent(v ?? ''))
    if (id !== oauth.clientId || secret !== oauth.clientSecret)
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'Missing valid authorization header' },
      }
    const form = new URLSearchParams(raw.toString())
    const rt = form.get('refresh_token') ?? ''
    if (form.get('grant_type') !== 'refresh_token' || !refreshTokens.has(rt))
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' },
      }
    refreshTokens.delete(rt) // X rotates refresh tokens
    const g = issue()
    oauth.refreshed++
    return {
      status: 200,
      body: {
        token_type: 'bearer',
        expires_in: 7200,
        access_token: g.accessToken,
        scope: 'tweet.read tweet.write users.read offline.access',
        refresh_token: g.refreshToken,
      },
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x')
    const raw = await readBody(req)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}, json = false) => {
      const problemJson = status >= 400 && status !== 429 && !json
      res.writeHead(status, {
        'content-type': problemJson ? 'application/problem+json' : 'application/json',
        ...headers,
      })
      res.end(body === undefined ? '' : JSON.stringify(body))
    }
    if (url.pathname === '/2/oauth2/token' && req.method === 'POST') {
      const r = tokenEndpoint(req, raw)
      return send(r.status, r.body, {}, true)
    }
    if (opts.prismUrl) {
      const checked = await fetch(`${opts.prismUrl}${url.pathname}${url.search}`, {
        method: req.method,
        headers: {
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
          ...(req.headers['content-type'] ? { 'content-type': req.headers['content-type'] } : {}),
        },
        body: raw.length ? new Uint8Array(raw) : undefined,
      })
      const flagged = checked.headers.get('sl-violations')
      if (checked.status >= 400 && flagged) {
        const text = await checked.text()
        res.writeHead(checked.status, {
          'content-type': 'application/problem+json',
          'sl-violations': flagged,
        })
        return res.end(text)
      }
      await checked.body?.cancel()
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
    const grant = opts.verifyToken
      ? (await opts.verifyToken(bearer))
        ? { user: brand.id, expiresAt: Number.MAX_SAFE_INTEGER }
        : undefined
      : tokens.get(bearer)
    if (!grant || grant.expiresAt < Date.now())
      return send(401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' })
    const route = `${req.method} ${template(url.pathname)}`
    calls.set(route, (calls.get(route) ?? 0) + 1)
    const window = limits.get(route)
    const rateHeaders: Record<string, string> = {}
    if (window) {
      if (window.resetAt * 1000 <= Date.now()) window.used = 0
      window.used++
      rateHeaders['x-rate-limit-limit'] = String(window.limit)
      rateHeaders['x-rate-limit-remaining'] = String(Math.max(0, window.limit - window.used))
      rateHeaders['x-rate-limit-reset'] = String(window.resetAt)
      if (window.used > window.limit)
        return send(
          429,
          { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
          rateHeaders,
        )
    }
    let body: Record<string, unknown> = {}
    try {
      body = raw.length ? (JSON.parse(raw.toString()) as Record<string, unknown>) : {}
    } catch {}
    const fault = faults.get(route)?.shift()
    if (fault && !fault.afterEffect)
      return send(fault.status, fault.body, { ...rateHeaders, ...fault.headers })
    const r = handle(req.method ?? 'GET', url.pathname, url.searchParams, body, grant.user)
    if (fault) return send(fault.status, fault.body, { ...rateHeaders, ...fault.headers })
    send(r.status, r.body, rateHeaders)
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((err) => {
      res.writeHead(500)
      res.end(String(err))
    })
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    brand,
    posts,
    altText,
    calls,
    customer(name) {
      const u = {
        id: String(2000000000 + users.size),
        username: name,
        name: name[0]!.toUpperCase() + name.slice(1),
      }
      users.set(u.id, u)
      return u
    },
    customerPost(by, text, o = {}) {
      return addPost(by.id, text, o.replyTo ?? null, o.quote ?? null, [])
    },
    customerDm(by, text) {
      const id = nextId()
      dms.push({
        id,
        text,
        sender_id: by.id,
        dm_conversation_id: [brand.id, by.id].sort().join('-'),
        created_at: new Date().toISOString(),
      })
      return id
    },
    fail(route, fault) {
      faults.set(route, [...(faults.get(route) ?? []), fault])
    },
    limit(route, limit, resetAt) {
      limits.set(route, { limit, used: 0, resetAt })
    },
    oauth,
    initialGrant: (ttl) => issue(ttl),
    close: () => new Promise((ok) => server.close(() => ok())),
  }
}

/**
 * The small Graph API client both Meta adapters (facebook/, instagram/) share: it builds requests
 * (token as a bearer header, `appsecret_proof` when the app secret is known, form bodies as Meta's
 * SDKs send them), gives each one a deadline, reads the usage headers and maps failures. Requests
 * go through the fetch it is given: the guarded outbound client in the app. No Graph shape leaves
 * the adapters.
 */
import { createHmac } from 'node:crypto'
import { DEFAULT_CALL_TIMEOUT_MS, NetworkError, withTimeout } from '../network.port.js'
import { type GraphErrorBody, GraphResponseError, toGraphNetworkError } from './graph.errors.js'
import { pauseFor, retryAfterMs, usageOf } from './graph.usage.js'

export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com/v25.0'

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>
export type FormValue = string | number | boolean | object

export interface GraphClientOptions {
  /** Graph API base URL with its version, e.g. https://graph.facebook.com/v25.0. */
  baseUrl: string
  accessToken: string
  /** The Meta app's secret: adds `appsecret_proof` (required when the app enables "Require App Secret"). */
  appSecret?: string
  /** "Facebook" or "Instagram", for messages. */
  label: string
  timeoutMs?: number
  fetch?: FetchLike
  /**
   * Called when a response says the channel's budget is nearly spent (usage headers at 95 %), with the
   * pause Meta asks for. The registry persists it as the channel's `rate_limited_until`, so every worker
   * process honours it; this client also refuses further calls itself until then.
   */
  onPause?: (ms: number) => Promise<void> | void
}

export interface GraphRequest {
  query?: Record<string, string | number | undefined>
  form?: Record<string, FormValue | undefined>
  multipart?: FormData
}

export class GraphClient {
  private readonly base: string
  private readonly timeoutMs: number
  private readonly send: FetchLike
  private pausedUntil = 0

  constructor(private readonly opts: GraphClientOptions) {
    this.base = opts.baseUrl.replace(/\/+$/, '')
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS
    this.send = opts.fetch ?? fetch
  }

  get label(): string {
    return this.opts.label
  }

  /** The URL of `path` with `query` (and the app secret proof). */
  url(path: string, query: GraphRequest['query'] = {}): string {
    const u = new URL(`${this.base}/${path.replace(/^\/+/, '')}`)
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v))
    if (this.opts.appSecret)
      u.searchParams.set(
        'appsecret_proof',
        createHmac('sha256', this.opts.appSecret).update(this.opts.accessToken).digest('hex'),
      )
    return u.toString()
  }

  /** One Graph request with a deadline; failures mapped to NetworkError for `what`. */
  async request<T>(
    method: string,
    path: string,
    req: GraphRequest,
    mode: 'read' | 'write',
    what: string,
  ): Promise<T> {
    const wait = this.pausedUntil - Date.now()
    if (wait > 0)
      throw new NetworkError(
        { kind: 'rate-limited', retryAfterMs: wait },
        `${this.opts.label}'s rate budget for this channel is nearly spent; waiting ${Math.ceil(wait / 1000)} s`,
      )
    return withTimeout(
      async (signal) => {
        try {
          return await this.exchange<T>(method, path, req, signal)
        } catch (err) {
          throw toGraphNetworkError(err, this.opts.label, mode, what)
        }
      },
      this.timeoutMs,
      mode,
      `${this.opts.label} ${what}`,
    )
  }

  get<T>(path: string, query: GraphRequest['query'], what: string): Promise<T> {
    return this.request<T>('GET', path, { query }, 'read', what)
  }

  post<T>(
    path: string,
    form: GraphRequest['form'],
    what: string,
    mode: 'read' | 'write' = 'write',
  ): Promise<T> {
    return this.request<T>('POST', path, { form }, mode, what)
  }

  delete(path: string, what: string): Promise<{ success?: boolean }> {
    return this.request('DELETE', path, {}, 'write', what)
  }

  private async exchange<T>(
    method: string,
    path: string,
    req: GraphRequest,
    signal: AbortSignal,
  ): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.opts.accessToken}` }
    let body: string | FormData | undefined
    if (req.multipart) body = req.multipart
    else if (req.form) {
      const form = new URLSearchParams()
      for (const [k, v] of Object.entries(req.form)) {
        if (v === undefined) continue
        form.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v))
      }
      body = form.toString()
      headers['content-type'] = 'application/x-www-form-urlencoded'
    }
    const res = await this.send(this.url(path, req.query), { method, headers, body, signal })
    const usage = usageOf(res.headers)
    const pause = pauseFor(usage)
    if (pause > 0) {
      this.pausedUntil = Date.now() + pause
      await this.opts.onPause?.(pause)
    }
    const text = await res.text()
    let json: unknown
    try {
      json = text ? JSON.parse(text) : {}
    } catch {
      json = undefined
    }
    if (!res.ok || (json && typeof json === 'object' && 'error' in json)) {
      const error = ((json as { error?: GraphErrorBody } | undefined)?.error ?? {}) as GraphErrorBody
      const retry = retryAfterMs(res.headers) ?? (usage.regainMs > 0 ? usage.regainMs : null)
      throw new GraphResponseError(res.status, error, retry)
    }
    if (json === undefined) throw new GraphResponseError(502, { message: 'the response was not JSON' }, null)
    return json as T
  }
}

/** A Graph list response. */
export interface GraphList<T> {
  data: T[]
  paging?: { cursors?: { before?: string; after?: string }; next?: string }
  summary?: { total_count?: number }
}

/** Graph's time format (`2026-03-02T09:00:00+0000`) as epoch milliseconds; 0 when unreadable. */
export function graphTime(value: string | number | undefined): number {
  if (typeof value === 'number') return value * 1000
  if (!value) return 0
  const t = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
  return Number.isFinite(t) ? t : 0
}

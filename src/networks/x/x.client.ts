/**
 * HTTP to the X API v2 for one channel: the OAuth session's bearer token (refreshed before expiry and
 * once after a 401), per-endpoint rate budgets from `x-rate-limit-remaining` / `x-rate-limit-reset`,
 * and every failure mapped to a NetworkError. Requests go through the guarded outbound fetch.
 */
import type { OutboundFetch } from '../../core/outbound/outbound.client.js'
import { NetworkError } from '../network.port.js'
import type { OAuthSession } from '../oauth/oauth-session.js'
import { type XProblem, xError } from './x.errors.js'

/** What X said about one endpoint's window for one channel. */
interface Budget {
  remaining: number
  resetAt: number
}

/**
 * Rate budgets per channel and endpoint, shared by every adapter instance of this process (an
 * instance lives for one call). Across processes the channel's `rate_limited_until` holds: the
 * rate-limited error this raises is recorded by channel health, and every process checks it first.
 */
export class XRateBudgets {
  private readonly byKey = new Map<string, Budget>()

  /** Throws rate-limited when X said the window is used up and it has not reset yet. */
  check(key: string, now: number): void {
    const b = this.byKey.get(key)
    if (!b || b.remaining > 0) return
    if (b.resetAt <= now) {
      this.byKey.delete(key)
      return
    }
    throw new NetworkError(
      { kind: 'rate-limited', retryAfterMs: b.resetAt - now },
      `X's limit for this request is used up until ${new Date(b.resetAt).toISOString()}; waiting`,
    )
  }

  record(key: string, headers: Headers): void {
    const remaining = Number(headers.get('x-rate-limit-remaining'))
    const reset = Number(headers.get('x-rate-limit-reset'))
    if (
      !Number.isFinite(remaining) ||
      !Number.isFinite(reset) ||
      headers.get('x-rate-limit-remaining') === null
    )
      return
    this.byKey.set(key, { remaining, resetAt: reset * 1000 })
  }

  /** What is known for a key (tests, the bench). */
  get(key: string): Budget | undefined {
    return this.byKey.get(key)
  }
}

/** The process-wide budgets the registry hands to every X adapter. */
export const sharedXBudgets = new XRateBudgets()

export interface XRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  /** e.g. `/2/tweets/123`. */
  path: string
  /** Path with ids replaced, the budget's key: `/2/tweets/:id`. */
  template: string
  query?: Record<string, string | number | undefined>
  json?: unknown
  mode: 'read' | 'write'
  what: string
}

export interface XResponse<T> {
  status: number
  body: T
  headers: Headers
}

export interface XClientOptions {
  apiBaseUrl: string
  session: OAuthSession
  fetch: OutboundFetch
  budgets: XRateBudgets
  /** Budget keys are per channel; the connecting adapter (no channel yet) uses its token's account. */
  budgetScope: string
  timeoutMs: number
  now(): number
}

// @NOTE these codes mean the request never left, so even a write cannot have landed.
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])

function causeCode(err: unknown): string | undefined {
  let e: unknown = err
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

export class XClient {
  constructor(private readonly opts: XClientOptions) {}

  private url(req: XRequest): string {
    const u = new URL(req.path, `${this.opts.apiBaseUrl.replace(/\/+$/, '')}/`)
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined && v !== '') u.searchParams.set(k, String(v))
    return u.toString()
  }

  private async send(req: XRequest, token: string): Promise<Response> {
    try {
      return await this.opts.fetch(this.url(req), {
        method: req.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(req.json !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: req.json !== undefined ? JSON.stringify(req.json) : undefined,
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      })
    } catch (err) {
      const code = causeCode(err)
      if (req.mode === 'read' || (code && NOT_SENT.has(code)))
        throw new NetworkError(
          { kind: 'transient' },
          `Could not reach X for ${req.what}${code ? ` (${code})` : ''}`,
          {
            cause: err,
          },
        )
      throw new NetworkError(
        { kind: 'unknown-outcome' },
        `${req.what} failed after it was sent to X; it may or may not have been published`,
        { cause: err },
      )
    }
  }

  /** One request; 2xx bodies are returned, everything else thrown as a NetworkError. */
  async request<T>(req: XRequest): Promise<XResponse<T>> {
    const key = `${this.opts.budgetScope} ${req.method} ${req.template}`
    this.opts.budgets.check(key, this.opts.now())
    let res = await this.send(req, await this.opts.session.token())
    if (res.status === 401) {
      // @NOTE a 401 is refused before anything happens, so even a write may be sent again once.
      await res.body?.cancel()
      res = await this.send(req, await this.opts.session.afterUnauthorized())
    }
    this.opts.budgets.record(key, res.headers)
    const text = await res.text()
    let body: unknown
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = undefined
    }
    if (res.status >= 200 && res.status < 300)
      return { status: res.status, body: body as T, headers: res.headers }
    throw xError(res.status, body as XProblem | undefined, res.headers, req.mode, req.what, this.opts.now())
  }
}

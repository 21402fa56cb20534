/**
 * Meta Graph API failures as our NetworkError kinds, in words a social media manager can act on.
 * Codes: https://developers.facebook.com/docs/graph-api/guides/error-handling
 */
import { NetworkError } from '../network.port.js'

/** The `error` object of a Graph error response. */
export interface GraphErrorBody {
  message?: string
  type?: string
  code?: number
  error_subcode?: number
  error_user_msg?: string
  fbtrace_id?: string
}

// @NOTE 4 app-level, 17 user-level, 32 page-level, 613 custom rate limit, 80001–80014 business use case limits.
const THROTTLED = new Set([4, 17, 32, 341, 613])
const isBusinessThrottle = (code: number) => code >= 80001 && code <= 80014
// @NOTE 10 and 200–299 are missing permissions: reconnecting with the permission granted is the only fix.
const isPermission = (code: number) => code === 10 || (code >= 200 && code <= 299)
// @NOTE these codes mean the request never reached the server, so even a write cannot have landed.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT'])

function causeCode(err: unknown): string | undefined {
  let e: unknown = err
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

/** A Graph error response, before it is mapped. */
export class GraphResponseError extends Error {
  override name = 'GraphResponseError'
  constructor(
    readonly status: number,
    readonly body: GraphErrorBody,
    /** Milliseconds the response (Retry-After or usage headers) asks us to wait, when it says. */
    readonly retryAfterMs: number | null,
  ) {
    super(body.message ?? `HTTP ${status}`)
  }
}

/**
 * Maps one call's error. `mode` decides what an unclear failure means: a read can be retried
 * (transient), a write may have landed (unknown-outcome).
 */
export function toGraphNetworkError(
  err: unknown,
  label: string,
  mode: 'read' | 'write',
  what: string,
): NetworkError {
  if (err instanceof NetworkError) return err
  if (err instanceof GraphResponseError) {
    const code = err.body.code ?? 0
    const sub = err.body.error_subcode
    const said = err.body.error_user_msg ?? err.message
    if (code === 190 || code === 102 || err.status === 401)
      return new NetworkError(
        { kind: 'auth-expired' },
        `${label} no longer accepts this channel's access token (${said}); reconnect the channel`,
        { cause: err },
      )
    if (THROTTLED.has(code) || isBusinessThrottle(code) || err.status === 429) {
      const retryAfterMs = err.retryAfterMs ?? (code === 4 ? 5 * 60_000 : 60_000)
      return new NetworkError(
        { kind: 'rate-limited', retryAfterMs },
        `${label} asks us to slow down (code ${code}); trying again in ${Math.ceil(retryAfterMs / 1000)} s`,
        { cause: err },
      )
    }
    if (isPermission(code))
      return new NetworkError(
        {
          kind: 'invalid-content',
          field: 'permissions',
          reason: `${label} refused ${what}: the connection lacks a permission (${said}). Reconnect the channel and grant it`,
        },
        `${label} refused ${what} for lack of a permission (code ${code})`,
        { cause: err },
      )
    if (code === 368)
      return new NetworkError(
        {
          kind: 'invalid-content',
          reason: `${label} blocked this as against its Community Standards; change the content (it will not be retried)`,
        },
        `${label} blocked ${what} (code 368, policy)`,
        { cause: err },
      )
    if (err.status === 404 || code === 803 || (code === 100 && sub === 33))
      return new NetworkError({ kind: 'not-found' }, `${what}: not found on ${label}`, { cause: err })
    if (code === 506)
      return new NetworkError(
        { kind: 'invalid-content', reason: `${label} refuses the same text twice in a row` },
        `${label} refused ${what} as a duplicate`,
        { cause: err },
      )
    if (err.status >= 400 && err.status < 500)
      return new NetworkError(
        { kind: 'invalid-content', reason: `${label} refused it: ${said}` },
        `${label} refused ${what}: ${said}`,
        { cause: err },
      )
    // @NOTE a 5xx on a write (code 1 or 2 included) may still have landed: unknown-outcome below.
    if (mode === 'read')
      return new NetworkError(
        { kind: 'transient' },
        `${label} had a problem (${err.status}) during ${what}`,
        {
          cause: err,
        },
      )
  }
  const cause = causeCode(err)
  if (mode === 'read' || (cause && NOT_SENT_CODES.has(cause)))
    return new NetworkError(
      { kind: 'transient' },
      `Could not reach ${label} for ${what}${cause ? ` (${cause})` : ''}`,
      {
        cause: err,
      },
    )
  const name = err instanceof Error ? err.name : ''
  const timedOut = name === 'TimeoutError' || name === 'AbortError'
  return new NetworkError(
    { kind: 'unknown-outcome' },
    `${what} ${timedOut ? 'timed out' : 'failed'} after it was sent; it may or may not have been published`,
    { cause: err },
  )
}

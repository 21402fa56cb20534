/** Turns what @atproto/api throws into our NetworkError, in plain words. */
import { XRPCError } from '@atproto/api'
import { NetworkError } from '../network.port.js'

const AUTH_ERRORS = new Set([
  'AuthenticationRequired',
  'ExpiredToken',
  'InvalidToken',
  'AccountTakedown',
  'AccountDeactivated',
])
const NOT_FOUND_ERRORS = new Set(['RecordNotFound', 'NotFound', 'InvalidUri'])
// @NOTE these codes mean the request never reached the server, so even a write cannot have landed.
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNRESET_BEFORE_SEND',
  'UND_ERR_CONNECT_TIMEOUT',
])

function causeCode(err: unknown): string | undefined {
  let e: unknown = err
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string') return code
    e = (e as { cause?: unknown }).cause
  }
  return undefined
}

function header(headers: Record<string, string | undefined> | undefined, name: string): string | undefined {
  if (!headers) return undefined
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v
  return undefined
}

/** True when the error says our session or password is no longer accepted. */
export function isAuthError(err: unknown): boolean {
  return err instanceof XRPCError && (err.status === 401 || AUTH_ERRORS.has(err.error))
}

/**
 * Maps an error of one call to a NetworkError. `mode` decides what an unclear failure means:
 * a read can simply be retried (transient), a write may have landed (unknown-outcome).
 */
export function toNetworkError(
  err: unknown,
  mode: 'read' | 'write',
  what: string,
  now = Date.now(),
): NetworkError {
  if (err instanceof NetworkError) return err
  if (err instanceof XRPCError) {
    const message = err.message || err.error
    if (isAuthError(err)) {
      return new NetworkError(
        { kind: 'auth-expired' },
        `Bluesky no longer accepts this account's app password (${message}); reconnect the channel with a new app password`,
        { cause: err },
      )
    }
    if (err.status === 429) {
      const reset = Number(header(err.headers, 'ratelimit-reset'))
      const retryAfterMs = Number.isFinite(reset) && reset > 0 ? Math.max(1000, reset * 1000 - now) : 60_000
      return new NetworkError(
        { kind: 'rate-limited', retryAfterMs },
        `Bluesky asks us to slow down; trying again in ${Math.ceil(retryAfterMs / 1000)} s`,
        { cause: err },
      )
    }
    if (NOT_FOUND_ERRORS.has(err.error) || (err.status === 400 && /not found/i.test(message))) {
      return new NetworkError({ kind: 'not-found' }, `${what}: not found on Bluesky`, { cause: err })
    }
    if (err.status === 400 || err.status === 413) {
      return new NetworkError(
        { kind: 'invalid-content', reason: message },
        `Bluesky refused it: ${message}`,
        { cause: err },
      )
    }
    if (err.status >= 500 && err.status < 600 && mode === 'read') {
      return new NetworkError({ kind: 'transient' }, `Bluesky had a problem (${err.status}) during ${what}`, {
        cause: err,
      })
    }
  }
  const code = causeCode(err)
  const name = err instanceof Error ? err.name : ''
  if (mode === 'read' || (code && NOT_SENT_CODES.has(code))) {
    return new NetworkError(
      { kind: 'transient' },
      `Could not reach Bluesky for ${what}${code ? ` (${code})` : ''}`,
      { cause: err },
    )
  }
  const timedOut = name === 'TimeoutError' || name === 'AbortError'
  return new NetworkError(
    { kind: 'unknown-outcome' },
    `${what} ${timedOut ? 'timed out' : 'failed'} after it was sent; it may or may not have been published`,
    { cause: err },
  )
}

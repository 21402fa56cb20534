/**
 * X's error catalogue in our terms. X answers with RFC 7807-ish problems (`type`
 * https://api.x.com/2/problems/…, older ones on api.twitter.com) or `{ errors: [...] }` next to
 * partial data. The mapping decides whether a job retries: content, permission and not-found never do.
 */
import { NetworkError } from '../network.port.js'

export interface XProblem {
  type?: string
  title?: string
  detail?: string
  status?: number
  reason?: string
  errors?: Array<{ message?: string; type?: string; detail?: string; title?: string; parameters?: unknown }>
}

/** The last path segment of a problem type: `resource-not-found`, `usage-capped`, `client-forbidden`… */
export function problemKind(p: { type?: string } | undefined): string {
  const t = p?.type ?? ''
  return t.slice(t.lastIndexOf('/') + 1)
}

function describe(p: XProblem | undefined): string {
  if (!p) return 'no details'
  const inner = p.errors?.map((e) => e.message ?? e.detail ?? e.title).filter(Boolean)
  return (p.detail ?? inner?.join('; ') ?? p.title ?? 'no details').slice(0, 300)
}

/** Epoch-seconds `x-rate-limit-reset` → ms to wait (at least 1 s; 15 min when X does not say). */
export function retryAfterMs(headers: Headers, now: number): number {
  const reset = Number(headers.get('x-rate-limit-reset'))
  if (Number.isFinite(reset) && reset > 0) return Math.max(1000, reset * 1000 - now)
  const after = Number(headers.get('retry-after'))
  if (Number.isFinite(after) && after > 0) return after * 1000
  return 15 * 60_000
}

/**
 * Maps one failed response. `mode` decides what an unclear server failure means: a read can be
 * retried; a write may have landed (X sometimes creates the post and still answers 503).
 */
export function xError(
  status: number,
  body: XProblem | undefined,
  headers: Headers,
  mode: 'read' | 'write',
  what: string,
  now: number,
): NetworkError {
  const kind = problemKind(body)
  const detail = describe(body)
  if (status === 429 || kind === 'usage-capped' || kind === 'rate-limit-exceeded') {
    const ms =
      kind === 'usage-capped' ? Math.max(retryAfterMs(headers, now), 60 * 60_000) : retryAfterMs(headers, now)
    return new NetworkError(
      { kind: 'rate-limited', retryAfterMs: ms },
      kind === 'usage-capped'
        ? `X says this app's monthly post cap is used up; trying again in ${Math.ceil(ms / 60_000)} min`
        : `X asks us to slow down; trying again in ${Math.ceil(ms / 1000)} s`,
    )
  }
  if (status === 401 || kind === 'unauthorized' || kind === 'invalid-token')
    return new NetworkError(
      { kind: 'auth-expired' },
      `X no longer accepts this connection (${detail}); reconnect the channel`,
    )
  if (
    status === 403 ||
    kind === 'client-forbidden' ||
    kind === 'not-authorized-for-resource' ||
    kind === 'disallowed-resource'
  ) {
    // @NOTE a missing scope or an app without write access is fixed by reconnecting with the right
    // permissions (auth-expired → Needs reconnect); a refused post (duplicate, protected, reply
    // settings) is about that post only.
    if (
      kind === 'client-forbidden' ||
      kind === 'unsupported-authentication' ||
      /scope|permission|oauth/i.test(detail)
    )
      return new NetworkError(
        { kind: 'auth-expired' },
        `X refused: this connection lacks a permission (${detail}). Check the app's permissions (Read and write, Direct messages) and reconnect the channel.`,
      )
    return new NetworkError(
      { kind: 'invalid-content', reason: xRefusalInWords(detail), field: 'text' },
      `X refused it: ${xRefusalInWords(detail)}`,
    )
  }
  if (status === 404 || kind === 'resource-not-found')
    return new NetworkError({ kind: 'not-found' }, `${what}: not found on X`)
  if (status === 400 || status === 413 || status === 422 || kind === 'invalid-request')
    return new NetworkError(
      { kind: 'invalid-content', reason: xRefusalInWords(detail) },
      `X refused it: ${xRefusalInWords(detail)}`,
    )
  if (mode === 'write')
    return new NetworkError(
      { kind: 'unknown-outcome' },
      `X answered ${status} to ${what}; the post may or may not have been published`,
    )
  return new NetworkError({ kind: 'transient' }, `X had a problem (${status}) during ${what}`)
}

/** X's refusals, in words a social media manager understands. */
export function xRefusalInWords(detail: string): string {
  if (/duplicate/i.test(detail)) return 'X does not allow posting the same text twice; change the wording'
  if (/too long|length/i.test(detail)) return 'the text is longer than X allows for this account'
  if (/reply.*(not allowed|restricted)|conversation.*restricted/i.test(detail))
    return 'the author limited who can reply to that post'
  if (/protected|suspended/i.test(detail)) return 'that account is protected or suspended'
  return detail
}

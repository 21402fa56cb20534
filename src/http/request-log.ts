import type { Context } from 'hono'

/**
 * Query parameters whose value is a credential or one step from one (OAuth `code`/`state`, signed
 * links, API keys). Matched case-insensitively on the whole name or a `_`/`-` separated part of it,
 * so `access_token`, `X-Api-Key` and `sig` are caught as well as `token`.
 */
const SECRET_QUERY_WORDS = new Set([
  'token',
  'code',
  'state',
  'secret',
  'password',
  'passwd',
  'key',
  'apikey',
  'signature',
  'sig',
  'auth',
  'authorization',
  'session',
  'jwt',
  'otp',
  'nonce',
  'verifier',
  'credential',
  'credentials',
])

/** Whether a query parameter's name looks like it carries a secret. */
export function isSecretQueryName(name: string): boolean {
  const lower = name.toLowerCase()
  if (SECRET_QUERY_WORDS.has(lower)) return true
  return lower.split(/[-_.]/).some((part) => SECRET_QUERY_WORDS.has(part))
}

/**
 * The query string for the log: secret-looking values become `[redacted]`, others are cut to 64
 * characters (the log is for finding a request, not for keeping what was searched for).
 * Returns undefined when there is no query.
 */
export function redactedQuery(url: string): string | undefined {
  const at = url.indexOf('?')
  if (at < 0 || at === url.length - 1) return undefined
  let params: URLSearchParams
  try {
    params = new URLSearchParams(url.slice(at + 1))
  } catch {
    return '[unreadable]'
  }
  const out = new URLSearchParams()
  for (const [name, value] of params) {
    out.append(name.slice(0, 64), isSecretQueryName(name) ? '[redacted]' : value.slice(0, 64))
  }
  return out.toString()
}

/**
 * The route a request matched, as its template (`/api/invitations/:token`), never the concrete path:
 * paths carry invitation tokens, approval tokens and ids that must not end up in logs or metric labels.
 * @NOTE read after `await next()`: Hono's routeIndex then points at the handler that answered; a
 * request no route answered reports the last middleware pattern it passed (`/api/*`), still no value.
 */
export function routeTemplate(c: Context): string {
  return c.req.routePath || 'unmatched'
}

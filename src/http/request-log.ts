import type { Context } from 'hono'
import { matchedRoutes } from 'hono/route'

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
 * @NOTE a request a middleware answered (a missing CSRF header, a workspace the caller is not in)
 * still names the route it was for: the last matched route that is a handler for one method and not
 * the web app's catch-all. A request no route matches reports the middleware pattern (`/api/*`).
 */
export function routeTemplate(c: Context): string {
  const routes = matchedRoutes(c)
  for (let i = routes.length - 1; i >= 0; i--) {
    const r = routes[i]!
    if (r.method !== 'ALL' && r.path !== '*' && r.path !== '/*') return r.path
  }
  return c.req.routePath || 'unmatched'
}

/** A request worth a security reviewer's attention (ASVS 7.1.3, 7.2), or undefined. */
export type SecurityEvent = 'auth.login' | 'auth.failed' | 'access.denied' | 'auth.throttled'

/**
 * Classifies a finished API request for the security log. Sign-ins (successful or not), refused
 * credentials, refused permissions (CSRF included) and throttling are events; a 404 is not, since
 * another workspace's objects are deliberately indistinguishable from missing ones.
 * @NOTE a 401 counts only when credentials were presented (a cookie, a bearer token, a sign-in):
 * the web app asks for its session on every visit, and a signed-out visitor is no event.
 */
export function securityEvent(
  method: string,
  route: string,
  status: number,
  credentialsPresented: boolean,
): SecurityEvent | undefined {
  if (status === 429) return 'auth.throttled'
  if (status === 401) return credentialsPresented || route === '/api/auth/login' ? 'auth.failed' : undefined
  if (status === 403) return 'access.denied'
  if (method === 'POST' && route === '/api/auth/login' && status < 300) return 'auth.login'
  return undefined
}

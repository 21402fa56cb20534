import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ErrorCode, FieldIssue } from '../core/errors.js'

/** Stable problem type URIs (RFC 9457). Clients may switch on `type`. */
export const problemType = (code: ErrorCode | 'internal' | 'bad-request') => `urn:townhall:problem:${code}`

const TITLES: Record<string, string> = {
  validation: 'The request is not valid',
  'bad-request': 'The request could not be read',
  unauthenticated: 'You need to sign in',
  forbidden: 'You are not allowed to do this',
  'not-found': 'Not found',
  conflict: 'Conflict',
  'rate-limited': 'Too many requests',
  'payload-too-large': 'The request body is too large',
  'unsupported-media-type': 'Send JSON with Content-Type: application/json',
  unavailable: 'Temporarily unavailable',
  internal: 'Something went wrong on our side',
}

export interface Problem {
  type: string
  title: string
  status: number
  detail: string
  instance?: string
  errors?: FieldIssue[]
  requestId?: string
}

/** Sends an application/problem+json response. */
export function problem(
  c: Context,
  code: ErrorCode | 'internal' | 'bad-request',
  status: number,
  detail: string,
  extra: { errors?: FieldIssue[]; retryAfterSeconds?: number } = {},
): Response {
  const body: Problem = {
    type: problemType(code),
    title: TITLES[code] ?? code,
    status,
    detail,
    instance: new URL(c.req.url).pathname,
    ...(extra.errors ? { errors: extra.errors } : {}),
    requestId: c.get('requestId' as never) as string | undefined,
  }
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' }
  if (extra.retryAfterSeconds) headers['retry-after'] = String(extra.retryAfterSeconds)
  return c.body(JSON.stringify(body), status as ContentfulStatusCode, headers)
}

/** Turns zod issues into field + reason pairs. */
export function zodIssues(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string; code?: string; keys?: string[] }>,
): FieldIssue[] {
  const out: FieldIssue[] = []
  for (const i of issues) {
    const base = i.path.map(String).join('.')
    if (i.code === 'unrecognized_keys' && i.keys) {
      for (const k of i.keys) out.push({ field: base ? `${base}.${k}` : k, reason: 'is not a known field' })
      continue
    }
    out.push({ field: base || '(body)', reason: i.message })
  }
  return out
}

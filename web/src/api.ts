/**
 * Typed client for Townhall's HTTP API. Every call goes through `client` (openapi-fetch), whose
 * paths, parameters, bodies and answers are the types generated from the server's OpenAPI document
 * (web/src/api/schema.gen.ts, `npm run gen:api`), so a page that reads a field the server no longer
 * sends fails `tsc`. Sends cookies (same origin), JSON, and the CSRF token on every non-GET request;
 * turns RFC 9457 problem responses into `ApiError`s whose field errors the forms show next to the field.
 */
import createClient from 'openapi-fetch'
import type { components, paths } from './api/schema.gen.js'

/** Mirrors openapi-fetch's `Readable` (our document has no read/write-only markers): a tuple reads as an array. */
type Read<T> = T extends (infer E)[] ? Read<E>[] : T extends object ? { [K in keyof T]: Read<T[K]> } : T

/** The API document's named schemas as the server's zod schemas describe them, and as `ok()` hands them over. */
export type Schemas = { [K in keyof components['schemas']]: Read<components['schemas'][K]> }

export type Role = Schemas['Role']
// @NOTE a record over every Role, so `tsc` fails here when the server adds or drops a role.
const ROLE_ORDER = { owner: 0, admin: 1, manager: 2, agent: 3, executive: 4, viewer: 5 } satisfies Record<
  Role,
  number
>
export const ROLES = Object.keys(ROLE_ORDER) as Role[]

/** Whether conversations can be assigned to `role`, and so whether it has an Available/Away switch (as on the server). */
export function isAssignable(role: Role | undefined): boolean {
  return role === 'owner' || role === 'admin' || role === 'manager' || role === 'agent'
}

export type Session = Schemas['Session']
export type User = Session['user']
export type WorkspaceSummary = Session['workspaces'][number]
export type BusinessHours = Schemas['BusinessHours']
export type Workspace = Schemas['Workspace']
export type WorkspaceSettings = Workspace['settings']
export type WorkspacePatch = Schemas['WorkspacePatch']
export type Member = Schemas['Member']
export type Invitation = Schemas['Invitation']
export type InvitationPreview = Answer<'/api/invitations/{token}', 'get'>
export type Presence = Schemas['Presence']
export type PresenceKind = Presence['kind']
export type PresenceInput = Schemas['PresenceInput']
export type PresencePatch = Schemas['PresencePatch']
export type ApiTokenInfo = Schemas['ApiToken']
export type Permissions = Answer<'/api/workspaces/{workspaceId}/permissions', 'get'>

type Method = 'get' | 'put' | 'post' | 'patch' | 'delete'
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : undefined
/** The JSON a route answers on success (its 2xx response), e.g. `Answer<'/api/session', 'get'>`. */
export type Answer<P extends keyof paths, M extends Method> = paths[P][M] extends {
  responses: infer R
}
  ? JsonOf<R[Extract<keyof R, 200 | 201 | 202 | 204>]>
  : never
/** The JSON body a route takes, e.g. `Body<'/api/auth/login', 'post'>`. */
export type Body<P extends keyof paths, M extends Method> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer T } }
}
  ? T
  : never

export interface FieldError {
  field: string
  reason: string
}

/** An RFC 9457 problem document as the server sent it, extension members included. */
export interface ProblemBody {
  type?: string
  title?: string
  status?: number
  detail?: string
  errors?: FieldError[]
  [member: string]: unknown
}

/** A failed API call, carrying the problem document's fields (and the whole document in `problem`). */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly type: string,
    readonly errors: FieldError[] = [],
    /** The problem body as received (e.g. a reply collision's `newMessages`); {} when there was none. */
    readonly problem: ProblemBody = {},
  ) {
    super(detail || title)
  }

  /** An extension member of the problem document (RFC 9457 §3.2), e.g. `newMessages`. */
  member<T = unknown>(name: string): T | undefined {
    return this.problem[name] as T | undefined
  }

  /** Field errors keyed by field name (the first reason per field). */
  get fields(): Record<string, string> {
    const out: Record<string, string> = {}
    for (const e of this.errors) if (!(e.field in out)) out[e.field] = e.reason
    return out
  }
}

let csrfToken = ''
let unauthorizedHandler: (() => void) | undefined

/** Called when a signed-in request answers 401 (the session ended), so the app can show the login page. */
export function onUnauthorized(handler: (() => void) | undefined): void {
  unauthorizedHandler = handler
}

/** Remembers the CSRF token from `GET /api/session` for later non-GET requests. */
export function setCsrfToken(token: string): void {
  csrfToken = token
}

/** Typed calls to every route of the API document; unwrap each with `ok()`. */
export const client = createClient<paths>({
  // @NOTE openapi-fetch builds a Request, which needs an absolute URL outside a browser (unit tests).
  baseUrl: globalThis.location?.origin ?? 'http://localhost',
  credentials: 'same-origin',
  headers: { accept: 'application/json, application/problem+json' },
  // @NOTE looked up on each call, so a test can stub the global fetch after this module loaded.
  fetch: (req) => globalThis.fetch(req),
})
client.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken)
    return request
  },
  onResponse({ request, response }) {
    if (response.status === 401 && csrfToken && !new URL(request.url).pathname.startsWith('/api/auth/'))
      unauthorizedHandler?.()
    return response
  },
})

function toError(response: Response, body: unknown): ApiError {
  const type = response.headers.get('content-type') ?? ''
  if (type.includes('json') && body && typeof body === 'object' && !Array.isArray(body)) {
    const p = body as ProblemBody
    return new ApiError(
      response.status,
      p.title ?? response.statusText,
      p.detail,
      p.type ?? 'about:blank',
      Array.isArray(p.errors) ? p.errors : [],
      p,
    )
  }
  const title = response.status >= 500 ? 'The server had a problem' : response.statusText || 'Request failed'
  return new ApiError(response.status, title, undefined, 'about:blank')
}

/** What a successful openapi-fetch call holds in `data`. */
type Success<R> = R extends { data: infer D; error?: never } ? D : never

/** The body of a successful call (undefined for 204); throws an `ApiError` for a problem or no answer at all. */
export async function ok<R extends { data?: unknown; error?: unknown; response: Response }>(
  call: Promise<R>,
): Promise<Success<R>> {
  let outcome: R
  try {
    outcome = await call
  } catch {
    throw new ApiError(0, 'Cannot reach Townhall', 'Check your connection and try again.', 'network')
  }
  if (!outcome.response.ok) throw toError(outcome.response, outcome.error)
  return outcome.data as Success<R>
}

const W = (workspaceId: string) => ({ params: { path: { workspaceId } } })

/** Every endpoint of the app's own pages (the per-page `*-api.ts` files hold the rest). */
export const api = {
  setupStatus: () => ok(client.GET('/api/setup')),
  setup: (input: Body<'/api/setup', 'post'>) => ok(client.POST('/api/setup', { body: input })),
  login: (input: Body<'/api/auth/login', 'post'>) => ok(client.POST('/api/auth/login', { body: input })),
  logout: () => ok(client.POST('/api/auth/logout')),
  session: () => ok(client.GET('/api/session')),
  switchWorkspace: (workspaceId: string) =>
    ok(client.PUT('/api/session/workspace', { body: { workspaceId } })),

  tokens: () => ok(client.GET('/api/me/tokens')),
  createToken: (input: Body<'/api/me/tokens', 'post'>) => ok(client.POST('/api/me/tokens', { body: input })),
  revokeToken: (id: string) => ok(client.DELETE('/api/me/tokens/{id}', { params: { path: { id } } })),

  workspaces: () => ok(client.GET('/api/workspaces')),
  createWorkspace: (input: Body<'/api/workspaces', 'post'>) =>
    ok(client.POST('/api/workspaces', { body: input })),
  workspace: (wid: string) => ok(client.GET('/api/workspaces/{workspaceId}', W(wid))),
  updateWorkspace: (wid: string, patch: WorkspacePatch) =>
    ok(client.PATCH('/api/workspaces/{workspaceId}', { ...W(wid), body: patch })),
  permissions: (wid: string) => ok(client.GET('/api/workspaces/{workspaceId}/permissions', W(wid))),

  members: (wid: string) => ok(client.GET('/api/workspaces/{workspaceId}/members', W(wid))),
  setMemberRole: (wid: string, memberId: string, role: Role) =>
    ok(
      client.PATCH('/api/workspaces/{workspaceId}/members/{memberId}', {
        params: { path: { workspaceId: wid, memberId } },
        body: { role },
      }),
    ),
  removeMember: (wid: string, memberId: string) =>
    ok(
      client.DELETE('/api/workspaces/{workspaceId}/members/{memberId}', {
        params: { path: { workspaceId: wid, memberId } },
      }),
    ),
  setAvailability: (wid: string, availability: Member['availability']) =>
    ok(
      client.PUT('/api/workspaces/{workspaceId}/members/me/availability', {
        ...W(wid),
        body: { availability },
      }),
    ),

  invitations: (wid: string) => ok(client.GET('/api/workspaces/{workspaceId}/invitations', W(wid))),
  invite: (wid: string, input: Body<'/api/workspaces/{workspaceId}/invitations', 'post'>) =>
    ok(client.POST('/api/workspaces/{workspaceId}/invitations', { ...W(wid), body: input })),
  revokeInvitation: (wid: string, id: string) =>
    ok(
      client.DELETE('/api/workspaces/{workspaceId}/invitations/{id}', {
        params: { path: { workspaceId: wid, id } },
      }),
    ),
  previewInvitation: (token: string) =>
    ok(client.GET('/api/invitations/{token}', { params: { path: { token } } })),
  acceptInvitation: (token: string, signUp?: Body<'/api/invitations/{token}/accept', 'post'>) =>
    ok(
      client.POST('/api/invitations/{token}/accept', {
        params: { path: { token } },
        body: signUp ?? {},
      }),
    ),

  presences: (wid: string) => ok(client.GET('/api/workspaces/{workspaceId}/presences', W(wid))),
  createPresence: (wid: string, input: PresenceInput) =>
    ok(client.POST('/api/workspaces/{workspaceId}/presences', { ...W(wid), body: input })),
  updatePresence: (wid: string, pid: string, input: PresencePatch) =>
    ok(
      client.PATCH('/api/workspaces/{workspaceId}/presences/{presenceId}', {
        params: { path: { workspaceId: wid, presenceId: pid } },
        body: input,
      }),
    ),
  deletePresence: (wid: string, pid: string) =>
    ok(
      client.DELETE('/api/workspaces/{workspaceId}/presences/{presenceId}', {
        params: { path: { workspaceId: wid, presenceId: pid } },
      }),
    ),
}

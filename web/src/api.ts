/**
 * Typed client for Townhall's HTTP API. Sends cookies (same origin), JSON, and the CSRF token on
 * every non-GET request; turns RFC 9457 problem responses into `ApiError`s whose field errors the
 * forms show next to the field.
 */

export const ROLES = ['owner', 'admin', 'manager', 'agent', 'executive', 'viewer'] as const
export type Role = (typeof ROLES)[number]

/** Whether conversations can be assigned to `role`, and so whether it has an Available/Away switch (as on the server). */
export function isAssignable(role: Role | undefined): boolean {
  return role === 'owner' || role === 'admin' || role === 'manager' || role === 'agent'
}

export interface User {
  id: string
  email: string
  name: string
}

export interface WorkspaceSummary {
  id: string
  name: string
  timeZone: string
  role: Role
  memberId: string
}

export interface Session {
  user: User
  csrfToken: string
  currentWorkspaceId: string | null
  workspaces: WorkspaceSummary[]
}

export type BusinessHours = { alwaysOpen: boolean; days: Record<string, Array<[string, string]>> }

export interface WorkspaceSettings {
  scorecardsVisibleToMembers: boolean
  firstResponseTargetMinutes: number
}

export interface Workspace {
  id: string
  name: string
  timeZone: string
  businessHours: BusinessHours
  holidays: string[]
  settings: WorkspaceSettings
  createdAt: number
}

export interface WorkspacePatch {
  name?: string
  timeZone?: string
  businessHours?: BusinessHours
  holidays?: string[]
  settings?: Partial<WorkspaceSettings>
}

export interface Member {
  id: string
  userId: string
  name: string
  email: string
  role: Role
  availability: 'available' | 'away'
  createdAt: number
}

export interface Invitation {
  id: string
  email: string | null
  role: Role
  status: 'pending' | 'accepted' | 'revoked' | 'expired'
  createdAt?: number
  expiresAt: number
}

export interface InvitationPreview {
  workspaceName: string
  role: Role
  email: string | null
  invitedBy: string
}

// @NOTE the server's own type, imported as a type only (erased from the bundle).
import type { Presence, PresenceKind } from '../../src/presence/presence.service.js'

export type { Presence, PresenceKind }

export interface PresenceInput {
  kind?: PresenceKind
  displayName?: string
  title?: string | null
  avatarUrl?: string | null
  memberId?: string | null
}

export interface ApiTokenInfo {
  id: string
  name: string
  prefix: string
  createdAt: number
  lastUsedAt: number | null
  expiresAt: number | null
  revokedAt: number | null
}

export interface Permissions {
  role: Role
  allowed: string[]
}

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

async function toError(res: Response): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? ''
  if (type.includes('json')) {
    try {
      const p = (await res.json()) as ProblemBody
      if (!p || typeof p !== 'object' || Array.isArray(p)) throw new Error('not a problem document')
      return new ApiError(
        res.status,
        p.title ?? res.statusText,
        p.detail,
        p.type ?? 'about:blank',
        Array.isArray(p.errors) ? p.errors : [],
        p,
      )
    } catch {
      // fall through to a generic error
    }
  }
  const title = res.status >= 500 ? 'The server had a problem' : res.statusText || 'Request failed'
  return new ApiError(res.status, title, undefined, 'about:blank')
}

/** Sends one request; resolves with the parsed JSON body (undefined for 204). */
export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken
  let res: Response
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'Cannot reach Townhall', 'Check your connection and try again.', 'network')
  }
  if (!res.ok) {
    const error = await toError(res)
    if (res.status === 401 && csrfToken && !path.startsWith('/api/auth/')) unauthorizedHandler?.()
    throw error
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  return (text ? JSON.parse(text) : undefined) as T
}

/** GETs a list, accepting either a bare array or an object holding one (e.g. `{ members: [...] }`). */
async function list<T>(path: string): Promise<T[]> {
  const value = await request<T[] | Record<string, unknown>>('GET', path)
  if (Array.isArray(value)) return value
  for (const v of Object.values(value ?? {})) if (Array.isArray(v)) return v as T[]
  return []
}

const ws = (wid: string) => `/api/workspaces/${encodeURIComponent(wid)}`
const enc = encodeURIComponent

/** Every endpoint the web app uses, typed. */
export const api = {
  setupStatus: () => request<{ needed: boolean }>('GET', '/api/setup'),
  setup: (input: {
    name: string
    email: string
    password: string
    workspaceName: string
    timeZone: string
  }) => request<unknown>('POST', '/api/setup', input),
  login: (input: { email: string; password: string }) => request<unknown>('POST', '/api/auth/login', input),
  logout: () => request<unknown>('POST', '/api/auth/logout'),
  session: () => request<Session>('GET', '/api/session'),
  switchWorkspace: (workspaceId: string) =>
    request<unknown>('PUT', '/api/session/workspace', { workspaceId }),

  tokens: () => list<ApiTokenInfo>('/api/me/tokens'),
  createToken: (input: { name: string; expiresInDays?: number }) =>
    request<{ token: string; info: ApiTokenInfo }>('POST', '/api/me/tokens', input),
  revokeToken: (id: string) => request<unknown>('DELETE', `/api/me/tokens/${enc(id)}`),

  workspaces: () => list<WorkspaceSummary>('/api/workspaces'),
  createWorkspace: (input: { name: string; timeZone: string }) =>
    request<WorkspaceSummary>('POST', '/api/workspaces', input),
  workspace: (wid: string) => request<Workspace>('GET', ws(wid)),
  updateWorkspace: (wid: string, patch: WorkspacePatch) => request<Workspace>('PATCH', ws(wid), patch),
  permissions: (wid: string) => request<Permissions>('GET', `${ws(wid)}/permissions`),

  members: (wid: string) => list<Member>(`${ws(wid)}/members`),
  setMemberRole: (wid: string, memberId: string, role: Role) =>
    request<Member>('PATCH', `${ws(wid)}/members/${enc(memberId)}`, { role }),
  removeMember: (wid: string, memberId: string) =>
    request<unknown>('DELETE', `${ws(wid)}/members/${enc(memberId)}`),
  setAvailability: (wid: string, availability: 'available' | 'away') =>
    request<unknown>('PUT', `${ws(wid)}/members/me/availability`, { availability }),

  invitations: (wid: string) => list<Invitation>(`${ws(wid)}/invitations`),
  invite: (wid: string, input: { role: Role; email?: string }) =>
    request<{ invitation: Invitation; url: string; token: string }>('POST', `${ws(wid)}/invitations`, input),
  revokeInvitation: (wid: string, id: string) =>
    request<unknown>('DELETE', `${ws(wid)}/invitations/${enc(id)}`),
  previewInvitation: (token: string) => request<InvitationPreview>('GET', `/api/invitations/${enc(token)}`),
  acceptInvitation: (token: string, signUp?: { name: string; email: string; password: string }) =>
    request<unknown>('POST', `/api/invitations/${enc(token)}/accept`, signUp ?? {}),

  presences: (wid: string) => list<Presence>(`${ws(wid)}/presences`),
  createPresence: (wid: string, input: PresenceInput) =>
    request<Presence>('POST', `${ws(wid)}/presences`, input),
  updatePresence: (wid: string, pid: string, input: PresenceInput) =>
    request<Presence>('PATCH', `${ws(wid)}/presences/${enc(pid)}`, input),
  deletePresence: (wid: string, pid: string) =>
    request<unknown>('DELETE', `${ws(wid)}/presences/${enc(pid)}`),
}

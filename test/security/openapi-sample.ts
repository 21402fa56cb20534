import { generateSync } from 'json-schema-faker'
import type { ApiDocument, RouteInfo, SchemaNode } from '../http/routes.js'

/**
 * Values generated from the OpenAPI document's own schemas (json-schema-faker, docs/adr/0027), and the
 * id slots in them: which path parameter or body field names an object of which kind.
 */

/** A generated value for `schema` (refs into the document's components resolve). */
export function sample(doc: ApiDocument, schema: SchemaNode, seed: number, allOptionals = false): unknown {
  return generateSync({ ...schema, components: doc.components } as never, {
    seed,
    maxDepth: 6,
    maxDefaultItems: 2,
    optionalsProbability: allOptionals ? 1 : 0,
    alwaysFakeOptionals: allOptionals,
    failOnInvalidTypes: false,
  })
}

/** What an id names, e.g. `presence`, `channel`, `rule`. Ids of these kinds are kept per workspace. */
export type IdKind =
  | 'workspace'
  | 'member'
  | 'presence'
  | 'channel'
  | 'post'
  | 'delivery'
  | 'media'
  | 'webhook'
  | 'invitation'
  | 'conversation'
  | 'message'
  | 'contact'
  | 'team'
  | 'rule'
  | 'view'
  | 'savedReply'
  | 'nudge'
  | 'session'
  | 'notification'
  | 'token'
  | 'campaign'
  | 'entry'
  | 'oauthPending'
  | 'incident'
  | 'sandboxItem'

export type WorkspaceIds = Record<IdKind, string>

const BY_NAME: Record<string, IdKind> = {
  workspaceId: 'workspace',
  memberId: 'member',
  memberIds: 'member',
  assignee: 'member',
  agentId: 'member',
  secondApproverMemberId: 'member',
  presenceId: 'presence',
  presenceIds: 'presence',
  channelId: 'channel',
  channelIds: 'channel',
  postId: 'post',
  deliveryId: 'delivery',
  mediaId: 'media',
  webhookId: 'webhook',
  conversationId: 'conversation',
  messageId: 'message',
  lastSeenMessageId: 'message',
  inReplyToMessageId: 'message',
  contactId: 'contact',
  contactIds: 'contact',
  sourceId: 'contact',
  teamId: 'team',
  nudgeId: 'nudge',
  sessionId: 'session',
  campaignId: 'campaign',
  entryId: 'entry',
  pendingId: 'oauthPending',
  incidentId: 'incident',
  itemId: 'sandboxItem',
}

/**
 * Path parameters that name a kind of thing every workspace shares (a network, an OAuth app type),
 * not an object of a workspace; the walk fills them from their schema.
 */
export const NAMED_PARAMS = new Set(['app', 'network'])

/** `{id}` and `ids` name the collection they sit under. */
const BY_COLLECTION: Record<string, IdKind> = {
  invitations: 'invitation',
  rules: 'rule',
  teams: 'team',
  views: 'view',
  'saved-replies': 'savedReply',
  contacts: 'contact',
  tokens: 'token',
  conversations: 'conversation',
  notifications: 'notification',
}

/**
 * Fields that end in `Id` but name nothing of ours (a network's own id), so they are not id slots.
 * @NOTE a new id-like field that is neither here nor in BY_NAME fails the walk's coverage check.
 */
export const NOT_OUR_IDS = new Set(['remoteId', 'subjectRemoteId', 'clientId'])

const ID_LIKE = /(^id|Id|^ids|Ids)$|^assignee$/

/** The kind of object a path parameter names, or undefined when it is not an id (enum, number). */
export function paramKind(route: RouteInfo, name: string): IdKind | undefined {
  if (BY_NAME[name]) return BY_NAME[name]
  if (name !== 'id') return undefined
  const before = route.path.split(`/{${name}}`)[0]!.split('/').pop()!
  return BY_COLLECTION[before]
}

/** The kind a body field names, using the route for bare `ids` (bulk, order, read). */
export function fieldKind(route: RouteInfo, key: string): IdKind | undefined {
  if (BY_NAME[key]) return BY_NAME[key]
  if (key === 'ids') {
    const segs = route.path.split('/')
    for (let i = segs.length - 1; i >= 0; i--) if (BY_COLLECTION[segs[i]!]) return BY_COLLECTION[segs[i]!]
  }
  return undefined
}

export function isIdLike(key: string): boolean {
  return ID_LIKE.test(key) && !NOT_OUR_IDS.has(key)
}

/**
 * Puts `ids` into every id slot of a generated body (a string field gets the id, an array field a
 * one-element array). Returns the slots filled and the id-like fields no kind is known for.
 */
export function fillIds(
  route: RouteInfo,
  value: unknown,
  ids: WorkspaceIds,
): { filled: string[]; unknown: string[] } {
  const filled: string[] = []
  const unknown: string[] = []
  const visit = (v: unknown, path: string, depth: number) => {
    if (depth > 8 || v === null || typeof v !== 'object') return
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) visit(x, `${path}.${i}`, depth + 1)
      return
    }
    const o = v as Record<string, unknown>
    for (const key of Object.keys(o)) {
      const kind = isIdLike(key) ? fieldKind(route, key) : undefined
      if (kind) {
        o[key] = Array.isArray(o[key]) ? [ids[kind]] : ids[kind]
        filled.push(`${path}.${key}`.slice(1))
      } else if (isIdLike(key) && (typeof o[key] === 'string' || Array.isArray(o[key]))) {
        unknown.push(`${path}.${key}`.slice(1))
      } else visit(o[key], `${path}.${key}`, depth + 1)
    }
  }
  visit(value, '', 0)
  return { filled, unknown }
}

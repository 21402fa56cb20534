import { z } from '@hono/zod-openapi'

/** Shared OpenAPI schemas. Request bodies are strict: unknown fields are refused with a 400. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .openapi('Problem')

export const RoleSchema = z
  .enum(['owner', 'admin', 'manager', 'agent', 'executive', 'viewer'])
  .openapi('Role')

export const IdParam = (name: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name, in: 'path' } })

export const SessionSchema = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }),
    csrfToken: z.string(),
    currentWorkspaceId: z.string().nullable(),
    workspaces: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        timeZone: z.string(),
        role: RoleSchema,
        memberId: z.string(),
      }),
    ),
  })
  .openapi('Session')

export const BusinessHoursSchema = z
  .strictObject({
    alwaysOpen: z.boolean(),
    days: z.record(z.string(), z.array(z.tuple([z.string(), z.string()])).max(6)),
  })
  .openapi('BusinessHours')

export const WorkspaceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    timeZone: z.string(),
    businessHours: BusinessHoursSchema,
    holidays: z.array(z.string()),
    settings: z.object({ scorecardsVisibleToMembers: z.boolean(), firstResponseTargetMinutes: z.number() }),
    createdAt: z.number(),
  })
  .openapi('Workspace')

export const MemberSchema = z
  .object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    availability: z.enum(['available', 'away']),
    createdAt: z.number(),
  })
  .openapi('Member')

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string().nullable(),
    role: RoleSchema,
    createdAt: z.number(),
    expiresAt: z.number(),
    acceptedAt: z.number().nullable(),
    revokedAt: z.number().nullable(),
    status: z.enum(['pending', 'accepted', 'revoked', 'expired']),
  })
  .openapi('Invitation')

export const PresenceSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['brand', 'person']),
    displayName: z.string(),
    title: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    memberId: z.string().nullable(),
    channelCount: z.number(),
    createdAt: z.number(),
  })
  .openapi('Presence')

export const ApiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    createdAt: z.number(),
    lastUsedAt: z.number().nullable(),
    expiresAt: z.number().nullable(),
    revokedAt: z.number().nullable(),
  })
  .openapi('ApiToken')

/** JSON body helper for createRoute. */
export function jsonBody<T extends z.ZodType>(schema: T, description = 'JSON body') {
  return { required: true, description, content: { 'application/json': { schema } } }
}

/** JSON response helper for createRoute. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } }
}

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
})

/** The error responses every authenticated route may give. */
export const ERRORS = {
  400: problemResponse('Invalid input: `errors` names each field and the reason'),
  401: problemResponse('Not signed in'),
  403: problemResponse('Role does not allow this, or CSRF header missing'),
  404: problemResponse('Not found (also for resources of workspaces you are not a member of)'),
  409: problemResponse('Conflict with the current state'),
} as const

export const OK_EMPTY = { 204: { description: 'Done' } } as const

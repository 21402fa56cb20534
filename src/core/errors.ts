/**
 * Domain errors. Services throw these; the HTTP layer maps them to RFC 9457 problem responses
 * with a stable `type`, and the CLI prints their message.
 */
export type ErrorCode =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'unavailable'

const STATUS: Record<ErrorCode, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'payload-too-large': 413,
  'unsupported-media-type': 415,
  'rate-limited': 429,
  unavailable: 503,
}

/** One problem with one input field. */
export interface FieldIssue {
  field: string
  reason: string
}

export class DomainError extends Error {
  override name = 'DomainError'
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: FieldIssue[]; retryAfterSeconds?: number } = {},
  ) {
    super(message)
  }

  get status(): number {
    return STATUS[this.code]
  }
}

export const notFound = (what: string) => new DomainError('not-found', `${what} not found`)
export const forbidden = (why: string) => new DomainError('forbidden', why)
export const conflict = (why: string) => new DomainError('conflict', why)
export const invalid = (field: string, reason: string) =>
  new DomainError('validation', `${field}: ${reason}`, { fields: [{ field, reason }] })

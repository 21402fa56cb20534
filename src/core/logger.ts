import pino from 'pino'
import type { LogLevel } from '../config/config.js'

/** Logger port: structured JSON; never pass secrets, but redaction catches the usual names anyway. */
export interface Logger {
  info(obj: object, msg?: string): void
  warn(obj: object, msg?: string): void
  error(obj: object, msg?: string): void
  debug(obj: object, msg?: string): void
  child(bindings: object): Logger
}

/**
 * Field names that hold a credential wherever they appear. Redacted at the top level and up to two
 * levels down (`{ req: { headers: { authorization } } }`); a secret nested deeper is a bug to fix
 * where it is logged, not here.
 */
export const SECRET_FIELDS = [
  'password',
  'newPassword',
  'currentPassword',
  'appPassword',
  'token',
  'apiToken',
  'csrfToken',
  'sessionToken',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'accessJwt',
  'refreshJwt',
  'credentials',
  'secret',
  'clientSecret',
  'signingSecret',
  'authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
  'townhall-signature',
]

const key = (f: string) => (/^\w+$/.test(f) ? `.${f}` : `["${f}"]`)

/** pino (fast-redact) paths for SECRET_FIELDS at depth 0, 1 and 2. */
export const REDACT_PATHS = SECRET_FIELDS.flatMap((f) => [
  /^\w+$/.test(f) ? f : `["${f}"]`,
  `*${key(f)}`,
  `*.*${key(f)}`,
])

export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'townhall' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  ) as unknown as Logger
}

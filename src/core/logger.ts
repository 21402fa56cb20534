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

export const REDACT_PATHS = [
  'password',
  '*.password',
  'appPassword',
  '*.appPassword',
  'token',
  '*.token',
  'credentials',
  '*.credentials',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'secret',
  '*.secret',
  'accessJwt',
  'refreshJwt',
  '*.accessJwt',
  '*.refreshJwt',
]

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

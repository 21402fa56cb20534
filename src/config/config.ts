import { resolve } from 'node:path'
import { type AllowEntry, AllowListError, parseAllowList } from '../core/outbound/address-policy.js'
import type { RawEnv } from './env.js'

const QUICKNET_HASH = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971'

export type Role = 'all' | 'api' | 'worker'
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent'

/** Validated, typed configuration. Built once by the entry point and passed to the context. */
export interface Config {
  port: number
  host: string
  dataDir: string
  database:
    | { engine: 'sqlite'; file: string; checkpoint: 'background' | 'inline' }
    | { engine: 'postgres'; url: string }
  /** Raw key material from TOWNHALL_SECRET_KEY, or undefined to use/generate the key file. */
  secretKey?: Buffer
  publicUrl: string
  secureCookies: boolean
  logLevel: LogLevel
  role: Role
  smtp?: { url: string; from: string }
  trustProxy: boolean
  maxBodyBytes: number
  /** How long finished jobs are kept before the queue prunes them (TOWNHALL_JOB_RETENTION_DAYS, default 7). */
  jobRetentionDays: number
  /** Private targets the outbound client may reach (TOWNHALL_OUTBOUND_ALLOW); empty by default. */
  outboundAllow: AllowEntry[]
  /** Giveaway draws: the drand quicknet endpoint (null: seed-only draws) and the round's margin after the close. */
  beacon: { url: string | null; marginMs: number }
  /** Install-wide OAuth apps by family ('x', 'meta') from the environment; workspaces may set their own. */
  oauthApps: Record<string, { clientId: string; clientSecret: string }>
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

const LEVELS: LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']
const ROLES: Role[] = ['all', 'api', 'worker']

function parseKey(value: string): Buffer {
  const v = value.trim()
  const buf = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64')
  if (buf.length !== 32) {
    throw new ConfigError('TOWNHALL_SECRET_KEY must be 32 bytes, as 64 hex characters or base64')
  }
  return buf
}

function parseIntIn(name: string, value: string | undefined, dflt: number, min: number, max: number): number {
  if (value === undefined || value === '') return dflt
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}`)
  return n
}

/** TOWNHALL_SQLITE_CHECKPOINT: who checkpoints the SQLite WAL (ADR 0019). */
export function parseSqliteCheckpoint(value: string | undefined): 'background' | 'inline' {
  if (value === undefined || value === '') return 'background'
  if (value !== 'background' && value !== 'inline')
    throw new ConfigError('TOWNHALL_SQLITE_CHECKPOINT must be background or inline')
  return value
}

/** TOWNHALL_X_CLIENT_ID/SECRET and TOWNHALL_META_APP_ID/SECRET: both halves or neither. */
function parseOAuthApps(env: RawEnv): Config['oauthApps'] {
  const out: Config['oauthApps'] = {}
  const pairs: Array<[string, string, string | undefined, string, string | undefined]> = [
    ['x', 'TOWNHALL_X_CLIENT_ID', env.xClientId, 'TOWNHALL_X_CLIENT_SECRET', env.xClientSecret],
    ['meta', 'TOWNHALL_META_APP_ID', env.metaAppId, 'TOWNHALL_META_APP_SECRET', env.metaAppSecret],
  ]
  for (const [app, idName, id, secretName, secret] of pairs) {
    if (!id && !secret) continue
    if (!id || !secret)
      throw new ConfigError(
        `${id ? secretName : idName} must be set together with ${id ? idName : secretName}`,
      )
    out[app] = { clientId: id.trim(), clientSecret: secret.trim() }
  }
  return out
}

/** TOWNHALL_BEACON_URL (`off` for none) and TOWNHALL_BEACON_MARGIN_MS. */
function parseBeacon(env: RawEnv): Config['beacon'] {
  const raw = env.beaconUrl?.trim()
  const marginMs = parseIntIn('TOWNHALL_BEACON_MARGIN_MS', env.beaconMarginMs, 60_000, 0, 3_600_000)
  if (raw === 'off') return { url: null, marginMs }
  const url = (raw || `https://api.drand.sh/${QUICKNET_HASH}`).replace(/\/+$/, '')
  try {
    const u = new URL(url)
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme')
  } catch {
    throw new ConfigError('TOWNHALL_BEACON_URL must be an http(s) URL of a drand quicknet chain, or off')
  }
  return { url, marginMs }
}

/** Turns raw environment strings into a Config, or throws ConfigError saying what to fix. */
export function buildConfig(env: RawEnv, overrides: Partial<Config> = {}): Config {
  const port = parseIntIn('PORT', env.port, 8080, 0, 65535)
  const dataDir = resolve(env.dataDir || './data')
  let database: Config['database']
  if (env.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(env.databaseUrl))
      throw new ConfigError('DATABASE_URL must start with postgres://')
    database = { engine: 'postgres', url: env.databaseUrl }
  } else {
    database = {
      engine: 'sqlite',
      file: resolve(dataDir, 'townhall.sqlite'),
      checkpoint: parseSqliteCheckpoint(env.sqliteCheckpoint),
    }
  }
  const logLevel = (env.logLevel || 'info') as LogLevel
  if (!LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LEVELS.join(', ')}`)
  const role = (env.role || 'all') as Role
  if (!ROLES.includes(role)) throw new ConfigError(`TOWNHALL_ROLE must be one of ${ROLES.join(', ')}`)
  const publicUrl = (env.publicUrl || `http://localhost:${port}`).replace(/\/+$/, '')
  try {
    new URL(publicUrl)
  } catch {
    throw new ConfigError('TOWNHALL_PUBLIC_URL must be an absolute URL such as https://townhall.example.com')
  }
  let outboundAllow: AllowEntry[]
  try {
    outboundAllow = parseAllowList(env.outboundAllow)
  } catch (err) {
    if (err instanceof AllowListError) throw new ConfigError(`TOWNHALL_OUTBOUND_ALLOW: ${err.message}`)
    throw err
  }
  return {
    port,
    host: env.host || '0.0.0.0',
    dataDir,
    database,
    secretKey: env.secretKey ? parseKey(env.secretKey) : undefined,
    publicUrl,
    secureCookies: publicUrl.startsWith('https://'),
    logLevel,
    role,
    smtp: env.smtpUrl
      ? { url: env.smtpUrl, from: env.smtpFrom || 'Townhall <townhall@localhost>' }
      : undefined,
    trustProxy: env.trustProxy === 'true' || env.trustProxy === '1',
    maxBodyBytes: parseIntIn(
      'TOWNHALL_MAX_BODY_BYTES',
      env.maxBodyBytes,
      1024 * 1024,
      1024,
      100 * 1024 * 1024,
    ),
    jobRetentionDays: parseIntIn('TOWNHALL_JOB_RETENTION_DAYS', env.jobRetentionDays, 7, 1, 3650),
    outboundAllow,
    beacon: parseBeacon(env),
    oauthApps: parseOAuthApps(env),
    ...overrides,
  }
}

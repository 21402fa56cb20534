/**
 * The ONLY reader of process.env. Everything else receives a typed Config (config.ts).
 */
export interface RawEnv {
  port?: string
  host?: string
  dataDir?: string
  databaseUrl?: string
  secretKey?: string
  publicUrl?: string
  logLevel?: string
  role?: string
  smtpUrl?: string
  smtpFrom?: string
  trustProxy?: string
  maxBodyBytes?: string
  jobRetentionDays?: string
  sqliteCheckpoint?: string
  nodeEnv?: string
  outboundAllow?: string
  beaconUrl?: string
  beaconMarginMs?: string
  xClientId?: string
  xClientSecret?: string
  metaAppId?: string
  metaAppSecret?: string
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): RawEnv {
  return {
    port: env.PORT,
    host: env.HOST,
    dataDir: env.TOWNHALL_DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    secretKey: env.TOWNHALL_SECRET_KEY,
    publicUrl: env.TOWNHALL_PUBLIC_URL,
    logLevel: env.LOG_LEVEL,
    role: env.TOWNHALL_ROLE,
    smtpUrl: env.SMTP_URL,
    smtpFrom: env.SMTP_FROM,
    trustProxy: env.TOWNHALL_TRUST_PROXY,
    maxBodyBytes: env.TOWNHALL_MAX_BODY_BYTES,
    jobRetentionDays: env.TOWNHALL_JOB_RETENTION_DAYS,
    sqliteCheckpoint: env.TOWNHALL_SQLITE_CHECKPOINT,
    nodeEnv: env.NODE_ENV,
    outboundAllow: env.TOWNHALL_OUTBOUND_ALLOW,
    beaconUrl: env.TOWNHALL_BEACON_URL,
    beaconMarginMs: env.TOWNHALL_BEACON_MARGIN_MS,
    xClientId: env.TOWNHALL_X_CLIENT_ID,
    xClientSecret: env.TOWNHALL_X_CLIENT_SECRET,
    metaAppId: env.TOWNHALL_META_APP_ID,
    metaAppSecret: env.TOWNHALL_META_APP_SECRET,
  }
}

/** Rows for the README's configuration table and `townhall doctor`. */
export const ENV_DOCS: ReadonlyArray<{ name: string; default: string; meaning: string }> = [
  { name: 'PORT', default: '8080', meaning: 'HTTP port' },
  { name: 'HOST', default: '0.0.0.0', meaning: 'Interface to listen on' },
  { name: 'TOWNHALL_DATA_DIR', default: './data', meaning: 'SQLite database, generated secret key, backups' },
  {
    name: 'DATABASE_URL',
    default: '(unset: SQLite)',
    meaning: 'postgres://… to use PostgreSQL instead of SQLite',
  },
  {
    name: 'TOWNHALL_SECRET_KEY',
    default: '(generated into data dir)',
    meaning: '32-byte key (base64 or 64 hex chars) sealing channel credentials with AES-256-GCM',
  },
  {
    name: 'TOWNHALL_PUBLIC_URL',
    default: 'http://localhost:PORT',
    meaning: 'Public base URL; https makes cookies Secure',
  },
  { name: 'LOG_LEVEL', default: 'info', meaning: 'trace, debug, info, warn, error, fatal, silent' },
  { name: 'TOWNHALL_ROLE', default: 'all', meaning: 'all (API + workers), api, or worker' },
  {
    name: 'SMTP_URL',
    default: '(unset: no email)',
    meaning: 'smtp://user:pass@host:port for notification email',
  },
  { name: 'SMTP_FROM', default: 'Townhall <townhall@localhost>', meaning: 'Sender of notification email' },
  {
    name: 'TOWNHALL_TRUST_PROXY',
    default: 'false',
    meaning: 'Trust X-Forwarded-For / X-Forwarded-Proto from a proxy',
  },
  {
    name: 'TOWNHALL_OUTBOUND_ALLOW',
    default: '(empty)',
    meaning:
      'Private targets the server may reach (a LAN PDS, a local webhook receiver): comma-separated host names, addresses or CIDR ranges, each with an optional :port',
  },
  {
    name: 'TOWNHALL_X_CLIENT_ID / TOWNHALL_X_CLIENT_SECRET',
    default: '(unset)',
    meaning:
      'OAuth 2.0 client of an X app for every workspace of this install (a workspace may enter its own in Settings)',
  },
  {
    name: 'TOWNHALL_META_APP_ID / TOWNHALL_META_APP_SECRET',
    default: '(unset)',
    meaning:
      'Meta app for Facebook Pages and Instagram, install-wide (a workspace may enter its own in Settings)',
  },
  {
    name: 'TOWNHALL_BEACON_URL',
    default: 'https://api.drand.sh/52db9ba7…84e971',
    meaning:
      'drand quicknet endpoint for giveaway draws (fetched through the outbound client); off: draw with the committed seed alone, as the page then says',
  },
  {
    name: 'TOWNHALL_BEACON_MARGIN_MS',
    default: '60000',
    meaning:
      'How long after a giveaway closes its committed beacon round comes (the list is frozen before it)',
  },
  { name: 'TOWNHALL_MAX_BODY_BYTES', default: '1048576', meaning: 'Largest accepted request body' },
  {
    name: 'TOWNHALL_JOB_RETENTION_DAYS',
    default: '7',
    meaning:
      'How long finished background jobs (done, dead, cancelled) are kept before the workers prune them',
  },
  {
    name: 'TOWNHALL_SQLITE_CHECKPOINT',
    default: 'background',
    meaning: 'SQLite WAL checkpoints: background (a worker thread) or inline (on commit, as SQLite does)',
  },
]

import { existsSync, statfsSync } from 'node:fs'
import { join } from 'node:path'
import { type Config, ConfigError } from '../config/config.js'
import { isLoose, modeOf, SQLITE_SIDE_FILES } from '../core/private-files.js'
import { Sealer } from '../core/seal.js'
import { loadSecretKey, SECRET_KEY_FILE, secretKeyFileMode } from '../core/secret-key.js'
import { openDatabase, pendingMigrations, ping, withoutCheckpointer } from '../db/database.js'
import type { CliIo } from './io.js'

type Check = { ok: boolean | 'warn'; what: string; fix?: string }

const MIN_FREE_BYTES = 1024 ** 3

/** `townhall doctor`: checks what Townhall needs and says what to fix. Exit 1 when something fails. */
export async function doctorCommand(loadConfig: () => Config, io: CliIo): Promise<number> {
  const checks: Check[] = []
  let config: Config
  try {
    config = loadConfig()
    checks.push({
      ok: true,
      what: `configuration is valid (database: ${config.database.engine}, data dir: ${config.dataDir})`,
    })
  } catch (err) {
    const msg = err instanceof ConfigError ? err.message : String(err)
    io.out(
      `✗ configuration: ${msg}\n  fix: correct the environment variable named above (see README, Configuration)`,
    )
    return 1
  }

  const [major, minor] = process.versions.node.split('.').map(Number) as [number, number]
  const nodeOk = major > 22 || major === 22 || (major === 20 && minor >= 19)
  checks.push({ ok: nodeOk, what: `Node.js ${process.versions.node}`, fix: 'install Node.js 20.19+ or 22+' })

  try {
    const { key, source } = loadSecretKey(config.dataDir, config.secretKey)
    const mode = secretKeyFileMode(config.dataDir)
    const roundTrip = new Sealer(key)
    const fp = roundTrip.fingerprint()
    if (source === 'env')
      checks.push({ ok: true, what: `secret key from TOWNHALL_SECRET_KEY (fingerprint ${fp})` })
    else {
      checks.push({
        ok: mode === 0o600,
        what: `secret key file ${join(config.dataDir, SECRET_KEY_FILE)} (fingerprint ${fp}, mode ${mode?.toString(8)})`,
        fix: `chmod 600 ${join(config.dataDir, SECRET_KEY_FILE)}`,
      })
      if (config.database.engine === 'postgres') {
        checks.push({
          ok: 'warn',
          what: 'PostgreSQL with a key file: every Townhall process must use the same key',
          fix: 'set TOWNHALL_SECRET_KEY to the same value on every machine (base64 of 32 random bytes: openssl rand -base64 32)',
        })
      }
    }
  } catch (err) {
    checks.push({
      ok: false,
      what: `secret key: ${err instanceof Error ? err.message : String(err)}`,
      fix: 'set TOWNHALL_SECRET_KEY or restore the key file from backup',
    })
  }

  // @NOTE read before opening: opening the database takes group and other bits off its files.
  const modesBefore = new Map(modePaths(config).map((p) => [p, modeOf(p)]))
  const db = openDatabase(withoutCheckpointer(config.database))
  try {
    if (await ping(db)) {
      checks.push({ ok: true, what: `database reachable (${config.database.engine})` })
      const pending = await pendingMigrations(db).catch(() => ['(unknown)'])
      checks.push({
        ok: pending.length === 0,
        what: pending.length === 0 ? 'migrations applied' : `pending migrations: ${pending.join(', ')}`,
        fix: 'run `townhall migrate` (start also migrates)',
      })
    } else {
      checks.push({
        ok: false,
        what: 'database not reachable',
        fix:
          config.database.engine === 'postgres'
            ? 'check DATABASE_URL, the server and the network'
            : `check that ${config.dataDir} is writable`,
      })
    }
  } finally {
    await db.close().catch(() => {})
  }

  checks.push(...fileModeChecks(config, modesBefore))

  try {
    const fs = statfsSync(existsSync(config.dataDir) ? config.dataDir : '.')
    const free = fs.bavail * fs.bsize
    checks.push({
      ok: free >= MIN_FREE_BYTES,
      what: `free disk at the data dir: ${(free / 1024 ** 3).toFixed(1)} GiB`,
      fix: 'free at least 1 GiB of disk space, or move TOWNHALL_DATA_DIR',
    })
  } catch {
    checks.push({ ok: 'warn', what: 'could not read free disk space' })
  }

  checks.push({
    ok: existsSync(join(process.cwd(), 'web', 'dist', 'index.html')) ? true : 'warn',
    what: 'web app built',
    fix: 'run `npm run build` (npm start builds it when needed)',
  })
  checks.push({
    ok: config.smtp ? true : 'warn',
    what: config.smtp ? 'SMTP configured' : 'SMTP not configured: no email notifications',
    fix: 'set SMTP_URL to send approval links and digests by email',
  })

  let failed = 0
  for (const c of checks) {
    const mark = c.ok === true ? '✓' : c.ok === 'warn' ? '!' : '✗'
    if (c.ok === false) failed++
    io.out(`${mark} ${c.what}${c.ok !== true && c.fix ? `\n  fix: ${c.fix}` : ''}`)
  }
  io.out(failed ? `${failed} problem(s) found` : 'all checks passed')
  return failed ? 1 : 0
}

/** The data directory and, on SQLite, the database with its -wal and -shm files. */
function modePaths(config: Config): string[] {
  if (config.database.engine !== 'sqlite') return [config.dataDir]
  const file = config.database.file
  return [config.dataDir, file, ...SQLITE_SIDE_FILES.map((s) => file + s)]
}

/**
 * Warnings for a data directory or SQLite files that others may read: they hold sealed credentials,
 * password hashes and everything the inbox has heard (issue #18). `before` are the modes found
 * before doctor opened the database, which tightens its files as `townhall start` does.
 */
function fileModeChecks(config: Config, before: Map<string, number | undefined>): Check[] {
  const out: Check[] = []
  for (const path of modePaths(config)) {
    const was = before.get(path)
    if (was === undefined) continue
    const isDir = path === config.dataDir
    const what = `${isDir ? 'data dir' : 'database file'} ${path}`
    const want = isDir ? '700' : '600'
    const now = modeOf(path)
    if (!isLoose(was)) out.push({ ok: true, what: `${what} (mode ${was.toString(8)})` })
    else if (now !== undefined && !isLoose(now))
      out.push({
        ok: 'warn',
        what: `${what} had mode ${was.toString(8)} (others could read it); opening the database set ${now.toString(8)}`,
        fix: 'check who could read the data directory meanwhile; restored or copied files keep their own modes',
      })
    else
      out.push({
        ok: 'warn',
        what: `${what} has mode ${was.toString(8)}: others can ${isDir ? 'look inside' : 'read it'}`,
        fix: `chmod ${want} ${path}`,
      })
  }
  return out
}

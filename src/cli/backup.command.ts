import { dirname, join } from 'node:path'
import type { Config } from '../config/config.js'
import { ensurePrivateDir, ensurePrivateFile, tighten } from '../core/private-files.js'
import { openDatabase, withoutCheckpointer } from '../db/database.js'
import type { CliIo } from './io.js'

/**
 * `townhall backup`: a consistent copy of the live SQLite database (SQLite's online backup API, safe
 * while Townhall runs). The secret key file must be backed up too, or sealed credentials are lost.
 */
export async function backupCommand(config: Config, out: string | undefined, io: CliIo): Promise<number> {
  if (config.database.engine !== 'sqlite') {
    io.err(
      'backup copies the embedded SQLite database; for PostgreSQL use pg_dump (e.g. pg_dump -Fc "$DATABASE_URL" > townhall.dump)',
    )
    return 2
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const target = out ?? join(config.dataDir, 'backups', `townhall-${stamp}.sqlite`)
  // @NOTE a backup holds what the database holds: owner-only, like the database itself.
  ensurePrivateDir(dirname(target))
  ensurePrivateFile(target)
  const db = openDatabase(withoutCheckpointer(config.database))
  try {
    const result = await db.sqlite!.backup(target)
    tighten(target)
    io.out(`backup written to ${target} (${result.totalPages} pages)`)
    io.err(
      `also keep ${join(config.dataDir, 'secret.key')} (or TOWNHALL_SECRET_KEY) safe: without it channel credentials cannot be opened`,
    )
    return 0
  } finally {
    await db.close()
  }
}

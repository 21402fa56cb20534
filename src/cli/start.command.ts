import type { Config } from '../config/config.js'
import { createLogger } from '../core/logger.js'
import { migrateToLatest, openDatabase } from '../db/database.js'
import { startServer } from '../http/server.js'
import type { CliIo } from './io.js'

/** `townhall start`: runs until SIGINT/SIGTERM, then drains and exits. */
export async function startCommand(config: Config, io: CliIo): Promise<number> {
  const server = await startServer(config)
  if (server.port !== undefined) {
    io.err(`Townhall is running on ${config.publicUrl} (role ${config.role}, ${server.ctx.db.engine})`)
  } else {
    io.err(`Townhall worker running (${server.ctx.db.engine})`)
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  server.ctx.logger.info({}, 'shutting down')
  await server.close()
  return 0
}

/** `townhall migrate`: applies pending migrations and lists them. */
export async function migrateCommand(config: Config, io: CliIo): Promise<number> {
  const db = openDatabase(config.database)
  try {
    const applied = await migrateToLatest(db)
    io.out(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date')
    createLogger('silent')
    return 0
  } finally {
    await db.close()
  }
}

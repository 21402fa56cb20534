import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import type { Config } from '../config/config.js'
import { type AppContext, type ContextOverrides, createContext } from '../context.js'
import { newId } from '../core/ids.js'
import { migrateToLatest } from '../db/database.js'
import { startWorkers } from '../jobs/worker.js'
import { type AppOptions, createApp } from './app.js'

export interface RunningServer {
  ctx: AppContext
  /** Base URL when the API role runs (http://127.0.0.1:PORT), else undefined. */
  url: string | undefined
  port: number | undefined
  close(): Promise<void>
}

/**
 * Starts Townhall for a role: migrates, then runs the API, the workers, or both in this process.
 * Entry points (CLI, tests, benchmarks) call this; it holds no global state.
 */
export async function startServer(
  config: Config,
  overrides: ContextOverrides & AppOptions = {},
): Promise<RunningServer> {
  const ctx = createContext(config, overrides)
  await migrateToLatest(ctx.db)
  const instanceId = newId()
  const stopWorkers = config.role === 'api' ? undefined : await startWorkers(ctx, instanceId)
  let server: ReturnType<typeof serve> | undefined
  let port: number | undefined
  if (config.role !== 'worker') {
    const app = createApp(ctx, overrides)
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
        port = info.port
        resolve()
      })
    })
    ctx.logger.info({ port, role: config.role, engine: ctx.db.engine }, 'townhall listening')
  }
  return {
    ctx,
    port,
    url: port === undefined ? undefined : `http://127.0.0.1:${port}`,
    async close() {
      if (server) await new Promise<void>((resolve) => server!.close(() => resolve()))
      await stopWorkers?.()
      await ctx.close()
    },
  }
}

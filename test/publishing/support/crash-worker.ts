/**
 * A worker process for the crash test: `townhall start --role worker` with a short job lease, so the
 * jobs of a killed worker come back within seconds instead of 30 s. Prints "ready" when running.
 */
import { buildConfig } from '../../../src/config/config.js'
import { readEnv } from '../../../src/config/env.js'
import { startServer } from '../../../src/http/server.js'

const config = buildConfig({ ...readEnv(), role: 'worker', logLevel: 'silent' })
const server = await startServer(config, { jobLeaseMs: 3000 })
process.stdout.write('ready\n')
process.once('SIGTERM', () => {
  void server.close().then(() => process.exit(0))
})

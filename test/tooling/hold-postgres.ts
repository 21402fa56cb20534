/**
 * Child process for postgres-cleanup.test.ts: starts a throwaway PostgreSQL server, prints where it
 * lives, then either holds it until killed (`hold`) or lets the process end without stopping it (`leave`).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startPostgres } from '../support/postgres.js'

const server = await startPostgres()
const dir = server.dir ?? ''
const pid = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])
process.stdout.write(`${JSON.stringify({ dir, pid })}\n`)
if (process.argv[2] === 'hold') setInterval(() => undefined, 60_000)

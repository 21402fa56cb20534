import type { TestProject } from 'vitest/node'
import { postgresAvailability, startPostgres } from './postgres.js'

/**
 * Starts one PostgreSQL server for the whole run (each test file then creates its own database in it).
 * In CI a missing engine is a failure, never a skip.
 */
export default async function setup(project: TestProject) {
  const avail = postgresAvailability()
  if (!avail.ok) {
    if (process.env.CI === 'true') throw new Error(`CI requires PostgreSQL: ${avail.reason}`)
    project.provide('postgresUrl', '')
    project.provide('postgresSkipReason', avail.reason)
    return
  }
  const server = await startPostgres()
  project.provide('postgresUrl', server.url)
  project.provide('postgresSkipReason', '')
  return () => server.stop()
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string
    postgresSkipReason: string
  }
}

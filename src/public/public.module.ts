/** Builds the public site's services for the composition root (src/context.ts). */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Database } from '../db/schema.js'
import { PublicPageService } from './public-page.service.js'
import { StatusService } from './status.service.js'

export interface PublicSite {
  pages: PublicPageService
  status: StatusService
}

export function createPublicSite(deps: { db: Kysely<Database>; clock: Clock }): PublicSite {
  return { pages: new PublicPageService(deps.db, deps.clock), status: new StatusService(deps.db, deps.clock) }
}

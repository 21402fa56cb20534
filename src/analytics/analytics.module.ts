/**
 * Builds the analytics domain for the composition root (src/context.ts): one object with a field per
 * report. Adding a report is one field in `Analytics` and one line in `createAnalytics`.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Database } from '../db/schema.js'
import { SlaService } from '../inbox/sla.service.js'
import type { CareHours } from './care.types.js'
import { CareDrill } from './care-drill.js'
import { CareFacts } from './care-facts.js'
import { CareReportService } from './care-report.service.js'

export interface Analytics {
  /** The care report (how fast and how often we answer) and its drill-down. */
  care: CareReportService
  careDrill: CareDrill
  /** The care facts, refreshed from the inbox before each report. */
  careFacts: CareFacts
  /**
   * How a care report measures time when the request does not say: in business hours when the
   * workspace has set opening hours (as its SLA clocks do), around the clock when it is always open.
   */
  defaultHours(workspaceId: string): Promise<CareHours>
}

export interface AnalyticsDeps {
  db: Kysely<Database>
  clock: Clock
}

export function createAnalytics(d: AnalyticsDeps): Analytics {
  const sla = new SlaService(d.db, d.clock)
  const settings = (ws: string) => sla.settings(ws)
  const careFacts = new CareFacts(d.db, d.clock, settings)
  return {
    care: new CareReportService(d.db, d.clock, careFacts, settings),
    careDrill: new CareDrill(d.db, d.clock, careFacts, settings),
    careFacts,
    defaultHours: async (ws) => ((await settings(ws)).calendar.hours.alwaysOpen ? 'calendar' : 'business'),
  }
}

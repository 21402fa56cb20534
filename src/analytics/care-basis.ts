/**
 * What a ratio figure is a share of, so a manager can see "100 %" is "1 of 1, and 135 still open".
 * Counted from the same wait aggregates as the figures themselves (care-aggregate.ts).
 */

import type { FigureBasis } from './care.types.js'
import type { WaitAggregate } from './care-aggregate.js'

type Counted = keyof Omit<WaitAggregate, 'kind' | 'priority' | 'below'>

const sum = (rows: WaitAggregate[], k: Counted) => rows.reduce((a, r) => a + r[k], 0)

/** The basis of each ratio figure of the care report, by figure key. */
export function waitBases(waits: WaitAggregate[]): Record<string, FigureBasis> {
  const out: Record<string, FigureBasis> = {}
  for (const kind of ['first', 'next'] as const) {
    const rows = waits.filter((w) => w.kind === kind)
    const all = sum(rows, 'waits')
    const answered = sum(rows, 'answered')
    for (const [limit, within, late] of [
      ['1h', 'within1h', 'late1h'],
      ['24h', 'within24h', 'late24h'],
    ] as const) {
      const missed = sum(rows, late)
      // @NOTE unanswered waits still inside the limit are neither a hit nor a miss yet: they are pending.
      out[`${kind}_response_within_${limit}`] = {
        count: sum(rows, within),
        of: answered + missed,
        pending: all - answered - missed,
      }
    }
  }
  const met = sum(waits, 'met')
  const missed = sum(waits, 'missed')
  out.sla_hit_rate = { count: met, of: met + missed, pending: sum(waits, 'waits') - met - missed }
  out.response_rate = { count: sum(waits, 'needsAnswered'), of: sum(waits, 'needs'), pending: 0 }
  return out
}

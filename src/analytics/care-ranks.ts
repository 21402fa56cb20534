/**
 * The k-th smallest duration of a period without sorting the whole period (docs/adr/0017): the
 * period's count query also counts the values below a fixed ladder of bounds (one conditional sum
 * per bound, in the same pass), which tells which bucket [bound, next bound) holds rank k and how
 * many values lie below it; only that bucket's values are then sorted:
 * `… AND v >= lower AND v < upper ORDER BY v LIMIT 1 OFFSET k − below − 1`. The answer is the same
 * value as `ORDER BY v LIMIT 1 OFFSET k − 1` over the whole period — exact nearest rank, no
 * interpolation — only the sort is smaller.
 */
import { type RawBuilder, sql } from 'kysely'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

/** Bucket bounds in ms, ascending: roughly tripling, from two minutes to four days. */
export const RANK_BOUNDS = [2 * MIN, 10 * MIN, 30 * MIN, HOUR, 4 * HOUR, 12 * HOUR, DAY, 4 * DAY] as const

/**
 * Counts `below_<i>`: rows whose `value` is below RANK_BOUNDS[i]. A NULL value counts nowhere, so
 * `value` must be NULL exactly for the rows left out of the ranking (unanswered waits).
 */
export function belowCounts(value: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql.join(
    RANK_BOUNDS.map(
      (b, i) => sql`COUNT(CASE WHEN ${value} < ${sql.lit(b)} THEN 1 END) AS ${sql.ref(`below_${i}`)}`,
    ),
  )
}

/** The `below_<i>` counts of a result row, as numbers. */
export function readBelow(row: Record<string, unknown> | undefined): number[] {
  return RANK_BOUNDS.map((_, i) => Number(row?.[`below_${i}`] ?? 0))
}

/** The bucket holding the k-th smallest value (1-based): its bounds (null = open) and the count below it. */
export interface RankBucket {
  lower: number | null
  upper: number | null
  before: number
}

export function bucketOfRank(below: readonly number[], k: number): RankBucket {
  for (let i = 0; i < RANK_BOUNDS.length; i++) {
    if ((below[i] ?? 0) >= k)
      return {
        lower: i === 0 ? null : RANK_BOUNDS[i - 1]!,
        upper: RANK_BOUNDS[i]!,
        before: i === 0 ? 0 : (below[i - 1] ?? 0),
      }
  }
  const last = RANK_BOUNDS.length - 1
  return { lower: RANK_BOUNDS[last]!, upper: null, before: below[last] ?? 0 }
}

/** The bucket's bounds as a SQL condition on `value`. */
export function inBucket(value: RawBuilder<unknown>, b: RankBucket): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = []
  if (b.lower !== null) parts.push(sql`${value} >= ${sql.lit(b.lower)}`)
  if (b.upper !== null) parts.push(sql`${value} < ${sql.lit(b.upper)}`)
  return sql<boolean>`${sql.join(parts, sql` AND `)}`
}

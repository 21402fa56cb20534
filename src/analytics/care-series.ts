/** The care report's daily series: volume, backlog at each day's end, and the share negative. */
import type { CareReportQuery, Series } from './care.types.js'
import { type CareAggregates, QUARTER, type QuarterRow } from './care-aggregate.js'
import type { CareFilters } from './care-query.js'
import { bucketOf, type DayBucket, ratio } from './care-stats.js'

export async function careSeries(
  agg: CareAggregates,
  ws: string,
  f: CareFilters,
  query: CareReportQuery,
  buckets: DayBucket[],
  now: number,
  quartersP: Promise<QuarterRow[]>,
): Promise<Series[]> {
  const [quarters, openBefore, closed] = await Promise.all([
    quartersP,
    agg.openAt(ws, f, query.from),
    agg.closedByQuarter(ws, f, query.from, query.to),
  ])
  const at = (q: number) => bucketOf(buckets, Math.max(q * QUARTER, query.from))
  const volume = new Array<number>(buckets.length).fill(0)
  const negative = new Array<number>(buckets.length).fill(0)
  const classified = new Array<number>(buckets.length).fill(0)
  for (const r of quarters) {
    const i = at(r.q)
    if (i < 0) continue
    volume[i]! += r.n
    if (r.sentiment) {
      classified[i]! += r.n
      if (r.sentiment === 'negative') negative[i]! += r.n
    }
  }
  const closedPer = new Array<number>(buckets.length).fill(0)
  for (const r of closed) {
    const i = at(r.q)
    if (i >= 0) closedPer[i]! += r.n
  }
  // @NOTE backlog at a day's end = received before it − closed before it (closing never precedes receipt).
  let backlog = openBefore
  const backlogPoints = buckets.map((b, i) => {
    backlog += volume[i]! - closedPer[i]!
    return { t: b.start, value: b.end <= now ? backlog : null }
  })
  return [
    {
      key: 'volume',
      label: 'New conversations per day',
      definition: 'Conversations whose first message from the public arrived that day (workspace time zone).',
      unit: 'count',
      points: buckets.map((b, i) => ({ t: b.start, value: volume[i]! })),
    },
    {
      key: 'backlog',
      label: 'Backlog at the end of each day',
      definition:
        'Conversations received before the end of the day and not closed (resolved or spam) by then, judged by their latest closing. Days not yet over have no value.',
      unit: 'count',
      points: backlogPoints,
    },
    {
      key: 'negative_share',
      label: 'Sentiment trend: share negative',
      definition:
        'Of the new conversations of the day with a sentiment, the share whose sentiment is negative (null on a day without any).',
      unit: 'ratio',
      points: buckets.map((b, i) => ({ t: b.start, value: ratio(negative[i]!, classified[i]!) })),
    },
  ]
}

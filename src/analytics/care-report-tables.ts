/** The care report's flat tables, each exportable as CSV as it stands. */
import type { Breakdown, Figure, Series, Table } from './care.types.js'
import type { DayBucket } from './care-stats.js'

/** Flat tables for CSV export: the figures, and the daily series side by side. */
export function tables(
  figures: Figure[],
  series: Series[],
  breakdowns: Breakdown[],
  buckets: DayBucket[],
): Table[] {
  const out: Table[] = [
    {
      key: 'figures',
      title: 'Figures',
      columns: [
        { key: 'figure', label: 'Figure' },
        { key: 'unit', label: 'Unit' },
        { key: 'value', label: 'This period' },
        { key: 'previous', label: 'Previous period' },
        { key: 'definition', label: 'Definition' },
      ],
      rows: figures.map((f) => ({
        figure: f.label,
        unit: f.unit,
        value: f.value,
        previous: f.previous,
        definition: f.definition,
      })),
    },
    {
      key: 'daily',
      title: 'Per day',
      columns: [
        { key: 'day', label: 'Day' },
        ...series.map((s) => ({ key: s.key, label: s.label, unit: s.unit })),
      ],
      rows: buckets.map((b, i) => {
        const row: Record<string, string | number | null> = { day: b.day }
        for (const s of series) row[s.key] = s.points[i]?.value ?? null
        return row
      }),
    },
  ]
  for (const b of breakdowns)
    out.push({
      key: b.key,
      title: b.label,
      columns: [
        { key: 'key', label: 'Key' },
        { key: 'label', label: 'Name' },
        b.key === 'sla_by_policy'
          ? { key: 'value', label: 'Hit rate', unit: 'ratio' }
          : {
              key: 'value',
              label: b.key === 'complaint_topics' ? 'Messages' : 'Conversations',
              unit: 'count',
            },
      ],
      rows: b.rows.map((r) => ({ key: r.key, label: r.label, value: r.value })),
    })
  return out
}

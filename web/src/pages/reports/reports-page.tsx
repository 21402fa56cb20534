import { useEffect, useState } from 'react'
import { Button, Card, EmptyState, ErrorState, Loading, PageHeader } from '../../components/ui.js'
import { useAsync } from '../../hooks.js'
import { Link } from '../../router.js'
import { useWorkspace } from '../../session.js'
import { Bars, LineChart } from './charts.js'
import {
  addDays,
  type Breakdown,
  type DrillRef,
  type Figure,
  formatValue,
  type Period,
  type ReportKind,
  reportsApi,
  type Series,
  type Table,
  todayIn,
} from './reports-api.js'
import { DigestToggle, DrillPanel, ReportTable } from './reports-parts.js'
import '../../styles/reports.css'

type Preset = '7' | '30' | '90' | 'custom'

interface AnyReport {
  period: { from: number; to: number }
  previous?: { from: number; to: number }
  timeZone: string
  figures: Figure[]
  series: Array<Series & { target?: number | null; channelId?: string }>
  breakdowns: Breakdown[]
  tables: Table[]
}

function ReportsNav(props: { kind: ReportKind }) {
  return (
    <nav className="tabs reports-tabs" aria-label="Reports">
      {(
        [
          ['/reports', 'Care', 'care'],
          ['/reports/presence', 'Presence', 'presence'],
        ] as const
      ).map(([href, label, k]) => (
        <Link
          key={href}
          href={href}
          className={`tab${props.kind === k ? ' is-active' : ''}`}
          aria-current={props.kind === k ? 'page' : undefined}
        >
          {label}
        </Link>
      ))}
    </nav>
  )
}

/** ↑/↓ against the previous period; for durations, lower is better. */
function Delta(props: { figure: Figure }) {
  const { value, previous, unit } = props.figure
  if (value === null || previous === null) return <span className="delta delta-none">no comparison</span>
  const d = value - previous
  if (d === 0) return <span className="delta delta-same">= same as before</span>
  const better = unit === 'ms' ? d < 0 : d > 0
  return (
    <span
      className={`delta ${better ? 'delta-good' : 'delta-bad'}`}
      title={`Previous period: ${formatValue(previous, unit)}`}
    >
      {d > 0 ? '↑' : '↓'} {formatValue(Math.abs(d), unit)}{' '}
      <span className="delta-prev">vs {formatValue(previous, unit)}</span>
    </span>
  )
}

/** "1 of 1 decided · 135 open, not yet due": what a share is a share of. */
export function basisText(b: NonNullable<Figure['basis']>): string {
  const decided = `${b.count.toLocaleString()} of ${b.of.toLocaleString()}`
  return b.pending > 0 ? `${decided} decided · ${b.pending.toLocaleString()} open, not yet due` : decided
}

function FigureCard(props: { figure: Figure; onDrill: (ref: DrillRef, label: string) => void }) {
  const f = props.figure
  return (
    <div className="figure" data-figure={f.key}>
      <div className="figure-label">
        {f.label}
        {/* @NOTE the definition sits behind a disclosure so every card stays the same height. */}
        <details className="figure-info">
          <summary aria-label={`What “${f.label}” counts`} title="What this counts">
            i
          </summary>
          <p className="figure-definition">{f.definition}</p>
        </details>
      </div>
      <div className="figure-value">{formatValue(f.value, f.unit)}</div>
      {f.basis ? <div className="figure-basis">{basisText(f.basis)}</div> : null}
      <Delta figure={f} />
      {f.drill ? (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => props.onDrill(f.drill!, f.label)}
          aria-label={`Show what ${f.label} counts`}
        >
          Show items
        </Button>
      ) : null}
    </div>
  )
}

function chartGroups(
  r: AnyReport,
): Array<{ key: string; title: string; definition: string; series: AnyReport['series'] }> {
  const followers = r.series.filter((s) => s.key.startsWith('followers:'))
  const rest = r.series.filter((s) => !s.key.startsWith('followers:'))
  const groups = rest.map((s) => ({ key: s.key, title: s.label, definition: s.definition, series: [s] }))
  if (followers.length)
    groups.unshift({
      key: 'followers',
      title: 'Followers per channel',
      definition: followers[0]!.definition,
      series: followers,
    })
  return groups
}

export function ReportsPage(props: { path: string }) {
  const kind: ReportKind = props.path === '/reports/presence' ? 'presence' : 'care'
  const ws = useWorkspace()
  const today = todayIn(ws.timeZone)
  const [preset, setPreset] = useState<Preset>('30')
  const [custom, setCustom] = useState({ from: addDays(today, -29), to: today })
  const [compare, setCompare] = useState(true)
  const [drill, setDrill] = useState<{ ref: DrillRef; label: string } | null>(null)
  const period: Period =
    preset === 'custom'
      ? { from: custom.from, to: addDays(custom.to, 1), compare }
      : { from: addDays(today, -(Number(preset) - 1)), to: addDays(today, 1), compare }
  const report = useAsync<AnyReport>(
    () => (kind === 'care' ? reportsApi.care(ws.id, period) : reportsApi.presence(ws.id, period)),
    [ws.id, kind, period.from, period.to, compare],
  )
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new period or tab closes the drill-down
  useEffect(() => setDrill(null), [kind, period.from, period.to])
  const r = report.data
  return (
    <div className="page reports-page">
      <PageHeader
        title="Reports"
        description={
          kind === 'care'
            ? 'How fast and how often we answer.'
            : 'Whether our posts and our leaders are heard.'
        }
        actions={
          <a className="btn btn-secondary" href={reportsApi.pdfUrl(ws.id, kind, period)} download>
            Download PDF
          </a>
        }
      />
      <ReportsNav kind={kind} />
      <fieldset className="range-bar" aria-label="Period">
        {(['7', '30', '90'] as const).map((p) => (
          <Button
            key={p}
            size="sm"
            variant={preset === p ? 'primary' : 'secondary'}
            aria-pressed={preset === p}
            onClick={() => setPreset(p)}
          >
            Last {p} days
          </Button>
        ))}
        <Button
          size="sm"
          variant={preset === 'custom' ? 'primary' : 'secondary'}
          aria-pressed={preset === 'custom'}
          onClick={() => setPreset('custom')}
        >
          Custom
        </Button>
        {preset === 'custom' ? (
          <span className="range-custom">
            <label>
              From{' '}
              <input
                className="input input-sm"
                type="date"
                value={custom.from}
                max={custom.to}
                onChange={(e) => e.target.value && setCustom((c) => ({ ...c, from: e.target.value }))}
              />
            </label>
            <label>
              to{' '}
              <input
                className="input input-sm"
                type="date"
                value={custom.to}
                min={custom.from}
                onChange={(e) => e.target.value && setCustom((c) => ({ ...c, to: e.target.value }))}
              />
            </label>
          </span>
        ) : null}
        <label className="range-compare">
          <input type="checkbox" checked={compare} onChange={(e) => setCompare(e.target.checked)} /> Compare
          with the previous period
        </label>
      </fieldset>
      {report.error ? <ErrorState error={report.error} onRetry={report.reload} /> : null}
      {!r && report.loading ? <Loading label="Building the report…" /> : null}
      {r ? (
        <>
          <p className="range-summary" aria-live="polite">
            {period.from} to {addDays(period.to, -1)} ({r.timeZone})
            {r.previous ? ' · compared with the same length before' : ''}
            {report.loading ? ' · updating…' : ''}
          </p>
          {drill ? (
            <DrillPanel
              wid={ws.id}
              kind={kind}
              period={period}
              drill={drill}
              onClose={() => setDrill(null)}
            />
          ) : null}
          <section className="figures" aria-label="Figures">
            {r.figures.map((f) => (
              <FigureCard key={f.key} figure={f} onDrill={(ref, label) => setDrill({ ref, label })} />
            ))}
          </section>
          <div className="report-grid">
            {chartGroups(r).map((g) => (
              <Card key={g.key} title={g.title} description={g.definition}>
                <LineChart series={g.series} unit={g.series[0]?.unit} timeZone={r.timeZone} label={g.title} />
              </Card>
            ))}
            {r.breakdowns.map((b) => (
              <Card key={b.key} title={b.label} description={b.definition}>
                <Bars
                  rows={b.rows}
                  onDrill={(ref, label) => setDrill({ ref, label: `${b.label}: ${label}` })}
                />
              </Card>
            ))}
          </div>
          {r.tables.map((t) => (
            <ReportTable key={t.key} wid={ws.id} kind={kind} period={period} table={t} />
          ))}
          {r.figures.length === 0 ? <EmptyState title="Nothing to report yet" /> : null}
        </>
      ) : null}
      <DigestToggle wid={ws.id} />
    </div>
  )
}

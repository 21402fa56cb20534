/** Hand-rolled SVG charts for the reports page: a line/area time series and horizontal bars. */
import type { DrillRef, FigureUnit } from './reports-api.js'
import { formatValue } from './reports-api.js'

const COLORS = ['var(--accent)', '#0f766e', '#b45309', '#be123c', '#7c3aed', '#0369a1']

export interface LineSeries {
  key: string
  label: string
  points: Array<{ t: number; value: number | null }>
  target?: number | null
}

const dayLabel = (t: number, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, { timeZone, month: 'short', day: 'numeric' }).format(new Date(t))

/** One or more series over the same days; the first is drawn as an area. */
export function LineChart(props: {
  series: LineSeries[]
  unit?: FigureUnit
  timeZone: string
  label: string
}) {
  const W = 640
  const H = 180
  const pad = { l: 48, r: 12, t: 12, b: 26 }
  const all = props.series.flatMap((s) => [
    ...s.points.map((p) => p.value).filter((v): v is number => v !== null),
    ...(s.target != null ? [s.target] : []),
  ])
  const max = Math.max(1, ...all)
  const min = Math.min(0, ...all)
  const n = Math.max(1, ...props.series.map((s) => s.points.length))
  const x = (i: number) => pad.l + (n <= 1 ? (W - pad.l - pad.r) / 2 : (i / (n - 1)) * (W - pad.l - pad.r))
  const y = (v: number) => pad.t + (1 - (v - min) / (max - min || 1)) * (H - pad.t - pad.b)
  const first = props.series[0]
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label}>
        {[0, 0.5, 1].map((f) => {
          const v = min + (max - min) * f
          return (
            <g key={f}>
              <line className="chart-grid" x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} />
              <text className="chart-axis" x={pad.l - 6} y={y(v) + 4} textAnchor="end">
                {formatValue(Math.round(v * 10) / 10, props.unit)}
              </text>
            </g>
          )
        })}
        {first && first.points.length > 0 ? (
          <>
            <text className="chart-axis" x={pad.l} y={H - 6}>
              {dayLabel(first.points[0]!.t, props.timeZone)}
            </text>
            <text className="chart-axis" x={W - pad.r} y={H - 6} textAnchor="end">
              {dayLabel(first.points.at(-1)!.t, props.timeZone)}
            </text>
          </>
        ) : null}
        {props.series.map((s, si) => {
          const color = COLORS[si % COLORS.length]
          const pts = s.points
            .map((p, i) => (p.value === null ? null : ([x(i), y(p.value), p] as const)))
            .filter((p): p is NonNullable<typeof p> => p !== null)
          const path = pts
            .map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${px.toFixed(1)},${py.toFixed(1)}`)
            .join(' ')
          return (
            <g key={s.key}>
              {si === 0 && pts.length > 1 ? (
                <path
                  className="chart-area"
                  d={`${path} L${pts.at(-1)![0].toFixed(1)},${y(Math.max(min, 0))} L${pts[0]![0].toFixed(1)},${y(Math.max(min, 0))} Z`}
                />
              ) : null}
              {pts.length > 1 ? <path d={path} fill="none" stroke={color} strokeWidth={2} /> : null}
              {pts.map(([px, py, p]) => (
                <circle key={p.t} cx={px} cy={py} r={3} fill={color}>
                  <title>{`${s.label}, ${dayLabel(p.t, props.timeZone)}: ${formatValue(p.value, props.unit)}`}</title>
                </circle>
              ))}
              {s.target != null ? (
                <g>
                  <line
                    className="chart-target"
                    x1={pad.l}
                    x2={W - pad.r}
                    y1={y(s.target)}
                    y2={y(s.target)}
                  />
                  <text
                    className="chart-axis chart-target-label"
                    x={W - pad.r}
                    y={y(s.target) - 4}
                    textAnchor="end"
                  >
                    target {formatValue(s.target, props.unit)}
                  </text>
                </g>
              ) : null}
            </g>
          )
        })}
      </svg>
      {props.series.length > 1 ? (
        <figcaption className="chart-legend">
          {props.series.map((s, si) => (
            <span key={s.key}>
              <i style={{ background: COLORS[si % COLORS.length] }} />
              {s.label}
            </span>
          ))}
        </figcaption>
      ) : null}
    </figure>
  )
}

/** Horizontal bars; a bar with a drill ref opens the items behind it. */
export function Bars(props: {
  rows: Array<{ key: string; label: string; value: number; drill?: DrillRef }>
  unit?: FigureUnit
  onDrill?: (ref: DrillRef, label: string) => void
}) {
  const max = Math.max(1, ...props.rows.map((r) => r.value))
  if (props.rows.length === 0) return <p className="field-hint">Nothing in this period.</p>
  return (
    <ul className="bars">
      {props.rows.map((r) => {
        const bar = (
          <>
            <span className="bar-label">{r.label}</span>
            <span className="bar-track">
              <span className="bar-fill" style={{ width: `${(r.value / max) * 100}%` }} />
            </span>
            <span className="bar-value">{formatValue(r.value, props.unit)}</span>
          </>
        )
        return (
          <li key={r.key}>
            {r.drill && props.onDrill ? (
              <button
                type="button"
                className="bar-row"
                onClick={() => props.onDrill!(r.drill!, r.label)}
                aria-label={`${r.label}: ${formatValue(r.value, props.unit)}, show items`}
              >
                {bar}
              </button>
            ) : (
              <div className="bar-row">{bar}</div>
            )}
          </li>
        )
      })}
    </ul>
  )
}

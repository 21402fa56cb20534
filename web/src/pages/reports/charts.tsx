/** Hand-rolled SVG charts for the reports page: a line/area time series and horizontal bars. */
import { type RefObject, useEffect, useRef, useState } from 'react'
import type { DrillRef, FigureUnit } from './reports-api.js'
import { formatValue } from './reports-api.js'

const COLORS = ['var(--accent)', '#0f766e', '#b45309', '#be123c', '#7c3aed', '#0369a1']

export interface LineSeries {
  key: string
  label: string
  points: Array<{ t: number; value: number | null }>
  /** The previous period, day by day, drawn dashed under this one when the report compares. */
  previous?: Array<{ t: number; value: number | null }>
  target?: number | null
}

const dayLabel = (t: number, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, { timeZone, month: 'short', day: 'numeric' }).format(new Date(t))

/** Axis ticks: whole percentages, durations and counts as people read them. */
function tickLabel(v: number, unit?: FigureUnit): string {
  if (unit === 'ratio') return `${Math.round(v * 100)} %`
  return formatValue(Math.round(v * 10) / 10, unit)
}

const H = 190

/** The element's width in CSS pixels, so the chart draws at its real size and text stays legible. */
function useWidth(fallback: number): [RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const el = ref.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0)
      if (w > 0) setWidth(w)
    })
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  return [ref, width]
}
const PREVIOUS_COLOR = 'var(--text-3)'

/**
 * One or more series over the same days; the first is drawn as an area, the previous period (when
 * compared) as a dashed line. Pointing at the chart shows the day's values; the left margin is as
 * wide as the longest axis label, so no label is cut.
 */
export function LineChart(props: {
  series: LineSeries[]
  unit?: FigureUnit
  timeZone: string
  label: string
}) {
  const [hover, setHover] = useState<number | null>(null)
  const [frame, W] = useWidth(640)
  const all = props.series.flatMap((s) => [
    ...s.points.map((p) => p.value),
    ...(s.previous ?? []).map((p) => p.value),
    ...(s.target != null ? [s.target] : []),
  ])
  const values = all.filter((v): v is number => v !== null)
  // @NOTE shares get a round top (10 %, 20 % … 100 %), so the three ticks read as whole percentages.
  const top = Math.max(props.unit === 'ratio' ? 0.1 : 1, ...values)
  const max =
    props.unit === 'ratio'
      ? Math.min(1, Math.ceil(top * 10) / 10)
      : props.unit === 'count'
        ? Math.max(2, Math.ceil(top / 2) * 2)
        : top
  const min = Math.min(0, ...values)
  const ticks = [0, 0.5, 1].map((f) => min + (max - min) * f)
  const labels = ticks.map((v) => tickLabel(v, props.unit))
  const pad = { l: Math.max(32, 10 + 7.2 * Math.max(...labels.map((l) => l.length))), r: 12, t: 14, b: 28 }
  const n = Math.max(1, ...props.series.map((s) => s.points.length))
  const x = (i: number) => pad.l + (n <= 1 ? (W - pad.l - pad.r) / 2 : (i / (n - 1)) * (W - pad.l - pad.r))
  const y = (v: number) => pad.t + (1 - (v - min) / (max - min || 1)) * (H - pad.t - pad.b)
  const first = props.series[0]
  const compared = props.series.some((s) => s.previous?.length)
  const line = (pts: Array<{ value: number | null }>) =>
    pts
      .map((p, i) => (p.value === null ? null : `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`))
      .filter((p): p is string => p !== null)
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${p}`)
      .join(' ')

  function pointAt(clientX: number, el: SVGSVGElement) {
    const box = el.getBoundingClientRect()
    const vx = ((clientX - box.left) / box.width) * W
    const i = n <= 1 ? 0 : Math.round(((vx - pad.l) / (W - pad.l - pad.r)) * (n - 1))
    setHover(Math.min(n - 1, Math.max(0, i)))
  }

  const day = hover !== null && first?.points[hover] ? first.points[hover]!.t : null
  return (
    <figure className="chart">
      {/* @NOTE the values are in the report's tables too; hovering shows the day's values here. */}
      <div className="chart-frame" ref={frame}>
        <svg
          viewBox={`0 0 ${W} ${H}`}
          role="img"
          aria-label={props.label}
          onPointerMove={(e) => pointAt(e.clientX, e.currentTarget)}
          onPointerLeave={() => setHover(null)}
        >
          {ticks.map((v, k) => (
            <g key={`tick-${v}`}>
              <line className="chart-grid" x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} />
              <text className="chart-axis" x={pad.l - 6} y={y(v) + 5} textAnchor="end">
                {labels[k]}
              </text>
            </g>
          ))}
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
            const path = line(s.points)
            const pts = s.points.filter((p) => p.value !== null)
            const base = y(Math.max(min, 0))
            const firstAt = s.points.findIndex((p) => p.value !== null)
            const lastAt = s.points.length - 1 - [...s.points].reverse().findIndex((p) => p.value !== null)
            return (
              <g key={s.key}>
                {si === 0 && pts.length > 1 ? (
                  <path
                    className="chart-area"
                    d={`${path} L${x(lastAt).toFixed(1)},${base} L${x(firstAt).toFixed(1)},${base} Z`}
                  />
                ) : null}
                {s.previous?.length ? (
                  <path
                    className="chart-previous"
                    d={line(s.previous)}
                    fill="none"
                    stroke={PREVIOUS_COLOR}
                    strokeWidth={1.5}
                  />
                ) : null}
                {pts.length > 1 ? <path d={path} fill="none" stroke={color} strokeWidth={2} /> : null}
                {s.points.map((p, i) =>
                  p.value === null ? null : (
                    <circle key={p.t} cx={x(i)} cy={y(p.value)} r={hover === i ? 5 : 3} fill={color} />
                  ),
                )}
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
          {hover !== null ? (
            <line className="chart-guide" x1={x(hover)} x2={x(hover)} y1={pad.t} y2={H - pad.b} />
          ) : null}
        </svg>
        {hover !== null && day !== null ? (
          <div
            className={`chart-tip${x(hover) > W / 2 ? ' is-left' : ''}`}
            style={{ left: `${(x(hover) / W) * 100}%` }}
            role="status"
          >
            <strong>{dayLabel(day, props.timeZone)}</strong>
            {props.series.map((s, si) => (
              <span key={s.key}>
                <i style={{ background: COLORS[si % COLORS.length] }} />
                {props.series.length > 1 ? `${s.label}: ` : ''}
                {formatValue(s.points[hover]?.value ?? null, props.unit)}
                {s.previous?.[hover] ? (
                  <span className="muted">
                    {' '}
                    · before: {formatValue(s.previous[hover]!.value, props.unit)}
                  </span>
                ) : null}
              </span>
            ))}
          </div>
        ) : null}
      </div>
      {props.series.length > 1 || compared ? (
        <figcaption className="chart-legend">
          {props.series.map((s, si) => (
            <span key={s.key}>
              <i style={{ background: COLORS[si % COLORS.length] }} />
              {s.label}
            </span>
          ))}
          {compared ? (
            <span>
              <i className="chart-legend-previous" />
              Previous period
            </span>
          ) : null}
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

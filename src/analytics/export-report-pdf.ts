/**
 * Lays out a report (care or presence: figures, series, breakdowns, tables) as a PDF a manager can
 * forward: a one-page summary with charts first, the detail after, the definitions once at the end.
 */
import type { Breakdown, Figure, FigureUnit, Series, Table } from './care.types.js'
import { clip, MARGIN, PAGE_WIDTH, PdfDocument, type Rgb, textWidth, wrap } from './export-pdf.js'
import { localDay } from './presence-collect.js'

export interface PrintableReport {
  period: { from: number; to: number }
  previous?: { from: number; to: number }
  timeZone: string
  figures: Figure[]
  series: Array<Series & { target?: number | null }>
  breakdowns: Breakdown[]
  tables: Table[]
}

const INK: Rgb = [0.1, 0.1, 0.12]
const MUTED: Rgb = [0.42, 0.42, 0.46]
const ACCENT: Rgb = [0.16, 0.38, 0.75]
const GOOD: Rgb = [0.1, 0.5, 0.25]
const BAD: Rgb = [0.7, 0.2, 0.15]
const WIDTH = PAGE_WIDTH - 2 * MARGIN
/** Most series drawn as charts (the rest are in the tables and CSV). */
const MAX_CHARTS = 8

/** A figure's value for people: durations in h/min, ratios in %, counts as numbers. */
export function formatValue(value: number | null | undefined, unit: FigureUnit | undefined): string {
  if (value === null || value === undefined) return '–'
  if (unit === 'ratio') return `${(value * 100).toFixed(1)} %`
  if (unit === 'ms') {
    const min = Math.round(value / 60_000)
    if (value < 60_000) return `${Math.round(value / 1000)} s`
    if (min < 60) return `${min} min`
    const h = Math.floor(min / 60)
    return min % 60 ? `${h} h ${min % 60} min` : `${h} h`
  }
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toFixed(1)
}

function deltaText(f: Figure): { text: string; color: Rgb } | null {
  if (f.value === null || f.previous === null) return null
  const d = f.value - f.previous
  if (d === 0) return { text: 'same as before', color: MUTED }
  const arrow = d > 0 ? '↑' : '↓'
  return {
    text: `${arrow} ${formatValue(Math.abs(d), f.unit)} vs ${formatValue(f.previous, f.unit)} before`,
    color: d > 0 ? GOOD : BAD,
  }
}

function periodText(p: { from: number; to: number }, tz: string): string {
  return `${localDay(p.from, tz)} to ${localDay(p.to - 1, tz)}`
}

function heading(doc: PdfDocument, text: string): void {
  doc.ensure(40)
  doc.y -= 22
  doc.text(MARGIN, doc.y, text, { size: 13, bold: true })
  doc.y -= 6
  doc.line(MARGIN, doc.y, MARGIN + WIDTH, doc.y)
}

/** The key figures in two columns, each with its change: the summary a manager forwards. */
function summary(doc: PdfDocument, list: Figure[]): void {
  heading(doc, 'Summary')
  const col = WIDTH / 2
  for (let i = 0; i < list.length; i += 2) {
    doc.ensure(30)
    doc.y -= 26
    for (const [k, f] of list.slice(i, i + 2).entries()) {
      const x0 = MARGIN + k * col
      doc.text(x0, doc.y + 10, clip(f.label, col - 110, 8, true), { size: 8, bold: true, color: MUTED })
      doc.text(x0, doc.y - 2, formatValue(f.value, f.unit), { size: 12, bold: true })
      const delta = deltaText(f)
      if (delta) doc.text(x0 + 80, doc.y - 2, clip(delta.text, col - 90, 7), { size: 7, color: delta.color })
    }
  }
}

/** Every definition once, at the end, instead of under each figure. */
function definitions(doc: PdfDocument, r: PrintableReport): void {
  heading(doc, 'Definitions')
  const items = [...r.figures, ...r.series.slice(0, MAX_CHARTS), ...r.breakdowns]
  const seen = new Set<string>()
  for (const d of items) {
    if (seen.has(d.label)) continue
    seen.add(d.label)
    const lines = wrap(d.definition, WIDTH - 160, 8)
    doc.ensure(14 + lines.length * 10)
    doc.y -= 14
    doc.text(MARGIN, doc.y, clip(d.label, 150, 8, true), { size: 8, bold: true })
    lines.forEach((line, i) => {
      if (i > 0) doc.y -= 10
      doc.text(MARGIN + 160, doc.y, line, { size: 8, color: MUTED })
    })
  }
}

function chart(doc: PdfDocument, s: Series & { target?: number | null }, tz: string): void {
  const h = 52
  doc.ensure(h + 40)
  doc.y -= 18
  doc.text(MARGIN, doc.y, clip(s.label, WIDTH, 10, true), { size: 10, bold: true })
  const top = doc.y - 8
  const bottom = top - h
  const values = [...s.points, ...(s.previous ?? [])]
    .map((p) => p.value)
    .filter((v): v is number => v !== null)
  const all = s.target != null ? [...values, s.target] : values
  const max = Math.max(1, ...all)
  const min = Math.min(0, ...all)
  const left = MARGIN + 40
  const w = WIDTH - 40
  doc.line(left, bottom, left + w, bottom)
  doc.line(left, bottom, left, top)
  doc.text(MARGIN, top - 8, formatValue(max, s.unit), { size: 7, color: MUTED })
  doc.text(MARGIN, bottom, formatValue(min, s.unit), { size: 7, color: MUTED })
  const x = (i: number) => left + (s.points.length <= 1 ? w / 2 : (i / (s.points.length - 1)) * w)
  const y = (v: number) => bottom + ((v - min) / (max - min || 1)) * h
  if (s.target != null) {
    doc.line(left, y(s.target), left + w, y(s.target), BAD, 0.8, true)
    doc.text(left + w - 60, y(s.target) + 3, `target ${formatValue(s.target, s.unit)}`, {
      size: 7,
      color: BAD,
    })
  }
  // @NOTE the previous period first, as a thin muted line, so the current one is drawn over it.
  const prev = (s.previous ?? []).flatMap((p, i) =>
    p.value === null ? [] : [[x(i), y(p.value)] as [number, number]],
  )
  for (let i = 1; i < prev.length; i++)
    doc.line(prev[i - 1]![0], prev[i - 1]![1], prev[i]![0], prev[i]![1], MUTED, 0.6, true)
  let run: Array<[number, number]> = []
  s.points.forEach((p, i) => {
    if (p.value === null) {
      doc.polyline(run, ACCENT)
      run = []
      return
    }
    run.push([x(i), y(p.value)])
    doc.rect(x(i) - 1.2, y(p.value) - 1.2, 2.4, 2.4, ACCENT)
  })
  doc.polyline(run, ACCENT)
  if (s.points.length > 0) {
    doc.text(left, bottom - 10, localDay(s.points[0]!.t, tz), { size: 7, color: MUTED })
    const last = localDay(s.points.at(-1)!.t, tz)
    doc.text(left + w - textWidth(last, 7), bottom - 10, last, { size: 7, color: MUTED })
  }
  doc.y = bottom - 12
}

function bars(doc: PdfDocument, b: Breakdown): void {
  doc.ensure(40)
  doc.y -= 18
  doc.text(MARGIN, doc.y, clip(b.label, WIDTH, 10, true), { size: 10, bold: true })
  const max = Math.max(1, ...b.rows.map((r) => r.value))
  const barW = WIDTH - 200
  for (const r of b.rows.slice(0, 30)) {
    doc.ensure(14)
    doc.y -= 13
    doc.text(MARGIN, doc.y, clip(r.label, 140, 8), { size: 8 })
    doc.rect(MARGIN + 150, doc.y - 1, Math.max(0.5, (r.value / max) * barW), 8, ACCENT)
    doc.text(MARGIN + 155 + barW, doc.y, formatValue(r.value, 'count'), { size: 8 })
  }
}

function table(doc: PdfDocument, t: Table): void {
  const cols = t.columns
  const first = cols.length > 1 ? Math.min(200, WIDTH * 0.35) : WIDTH
  const rest = cols.length > 1 ? (WIDTH - first) / (cols.length - 1) : 0
  const xs = cols.map((_, i) => MARGIN + (i === 0 ? 0 : first + (i - 1) * rest))
  const widths = cols.map((_, i) => (i === 0 ? first : rest) - 4)
  const header = () => {
    doc.y -= 14
    cols.forEach((c, i) => {
      doc.text(xs[i]!, doc.y, clip(c.label, widths[i]!, 8, true), { size: 8, bold: true })
    })
    doc.y -= 4
    doc.line(MARGIN, doc.y, MARGIN + WIDTH, doc.y)
  }
  doc.ensure(60)
  doc.y -= 20
  doc.text(MARGIN, doc.y, t.title, { size: 11, bold: true })
  header()
  if (t.rows.length === 0) {
    doc.y -= 12
    doc.text(MARGIN, doc.y, 'Nothing in this period.', { size: 8, color: MUTED })
  }
  for (const row of t.rows) {
    if (doc.y - 12 < MARGIN) {
      doc.addPage()
      doc.text(MARGIN, doc.y, `${t.title} (continued)`, { size: 9, bold: true, color: MUTED })
      header()
    }
    doc.y -= 12
    cols.forEach((c, i) => {
      const v = row[c.key]
      const text = typeof v === 'number' ? formatValue(v, c.unit) : (v ?? '')
      doc.text(xs[i]!, doc.y, clip(String(text), widths[i]!, 8), { size: 8, color: INK })
    })
  }
}

/**
 * The report as a PDF: a one-page summary first (period, key figures with their change, the charts
 * that fit), then the remaining charts, breakdowns and tables, and each definition once at the end.
 */
export function reportToPdf(
  title: string,
  subtitle: string,
  r: PrintableReport,
  generatedAt: number,
): Uint8Array {
  const doc = new PdfDocument(title)
  doc.text(MARGIN, doc.y - 10, title, { size: 20, bold: true })
  doc.y -= 30
  doc.text(MARGIN, doc.y, `${subtitle} · ${periodText(r.period, r.timeZone)} (${r.timeZone})`, {
    size: 10,
    color: MUTED,
  })
  if (r.previous) {
    doc.y -= 13
    doc.text(MARGIN, doc.y, `Compared with the previous period, ${periodText(r.previous, r.timeZone)}.`, {
      size: 9,
      color: MUTED,
    })
  }
  doc.y -= 13
  doc.text(
    MARGIN,
    doc.y,
    `Generated ${new Date(generatedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    {
      size: 8,
      color: MUTED,
    },
  )
  // Page one: the summary (key figures with their change) and the charts that fit beside it.
  summary(doc, r.figures)
  const charts = r.series.slice(0, MAX_CHARTS)
  if (charts.length) heading(doc, r.previous ? 'Over time (dashed: the previous period)' : 'Over time')
  let rest = charts
  while (rest.length && doc.y - 100 > MARGIN) {
    chart(doc, rest[0]!, r.timeZone)
    rest = rest.slice(1)
  }
  // Then the detail: remaining charts, breakdowns, tables, and every definition once at the end.
  doc.addPage()
  for (const s of rest) chart(doc, s, r.timeZone)
  if (r.breakdowns.length) {
    heading(doc, 'Breakdowns')
    for (const b of r.breakdowns) bars(doc, b)
  }
  heading(doc, 'Tables')
  for (const t of r.tables) table(doc, t)
  definitions(doc, r)
  return doc.toBytes()
}

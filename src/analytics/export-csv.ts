/**
 * CSV export of a report table: RFC 4180 (comma-separated, CRLF line ends, fields with a comma,
 * quote or line break in double quotes, quotes doubled), UTF-8 with a byte-order mark so
 * spreadsheet programs read accents right, and a header row of the column labels.
 *
 * Formula injection: a text cell that starts with = + - @ (or a tab or carriage return) would run
 * as a formula in a spreadsheet, so it gets a leading apostrophe. Numbers are written as numbers.
 */
import { formatLocal } from '../core/zoned-time.js'
import type { Table } from './care.types.js'

const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/

export const CSV_BOM = '\uFEFF'

/** One cell as CSV text. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  let s = value
  if (FORMULA_START.test(s)) s = `'${s}`
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

const MINUTE = 60_000

/** A duration column's header says its unit; other columns keep their label. */
function header(c: Table['columns'][number]): string {
  return c.unit === 'ms' ? `${c.label} (minutes)` : c.label
}

/** Durations leave as minutes with two decimals (96230 ms → 1.6), never as raw milliseconds. */
function value(c: Table['columns'][number], v: string | number | null | undefined) {
  return c.unit === 'ms' && typeof v === 'number' ? Math.round((v / MINUTE) * 100) / 100 : v
}

/** The whole table as CSV text (with the BOM). */
export function tableToCsv(table: Pick<Table, 'columns' | 'rows'>): string {
  const lines = [table.columns.map((c) => csvCell(header(c))).join(',')]
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(value(c, row[c.key]))).join(','))
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`
}

/** A file name safe in a Content-Disposition header. */
export function exportFileName(
  report: string,
  table: string,
  from: number,
  to: number,
  ext: string,
  timeZone: string,
): string {
  // @NOTE days in the workspace's zone, and the inclusive last day: the same range the screen shows.
  const day = (t: number) => formatLocal(t, timeZone).slice(0, 10)
  return `${report}-${table}-${day(from)}-${day(to - 1)}.${ext}`.replace(/[^A-Za-z0-9._-]/g, '-')
}

/**
 * CSV export of a report table: RFC 4180 (comma-separated, CRLF line ends, fields with a comma,
 * quote or line break in double quotes, quotes doubled), UTF-8 with a byte-order mark so
 * spreadsheet programs read accents right, and a header row of the column labels.
 *
 * Formula injection: a text cell that starts with = + - @ (or a tab or carriage return) would run
 * as a formula in a spreadsheet, so it gets a leading apostrophe. Numbers are written as numbers.
 */
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

/** The whole table as CSV text (with the BOM). */
export function tableToCsv(table: Pick<Table, 'columns' | 'rows'>): string {
  const lines = [table.columns.map((c) => csvCell(c.label)).join(',')]
  for (const row of table.rows) lines.push(table.columns.map((c) => csvCell(row[c.key])).join(','))
  return `${CSV_BOM}${lines.join('\r\n')}\r\n`
}

/** A file name safe in a Content-Disposition header. */
export function exportFileName(report: string, table: string, from: number, to: number, ext: string): string {
  const day = (t: number) => new Date(t).toISOString().slice(0, 10)
  return `${report}-${table}-${day(from)}-${day(to - 1)}.${ext}`.replace(/[^A-Za-z0-9._-]/g, '-')
}

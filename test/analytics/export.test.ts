import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { csvCell, tableToCsv } from '../../src/analytics/export-csv.js'
import { PdfDocument, winAnsi } from '../../src/analytics/export-pdf.js'
import type { Engine } from '../../src/db/database.js'
import { drain, type PublishingWorld, setupPublishing } from '../publishing/support.js'
import { parseCsv } from '../support/csv.js'
import { describeEachEngine } from '../support/db.js'

describe('CSV', () => {
  it('quotes per RFC 4180 and guards cells that would run as formulas', () => {
    expect(csvCell('plain')).toBe('plain')
    expect(csvCell('a, b')).toBe('"a, b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('two\nlines')).toBe('"two\nlines"')
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`)
    expect(csvCell('+1')).toBe("'+1")
    expect(csvCell('-2')).toBe("'-2")
    expect(csvCell('@cmd')).toBe("'@cmd")
    expect(csvCell(-3)).toBe('-3')
    expect(csvCell(null)).toBe('')
    const text = tableToCsv({
      columns: [
        { key: 'name', label: 'Name' },
        { key: 'n', label: 'Count, total' },
      ],
      rows: [
        { name: 'Zoë "the boss", CEO', n: 3 },
        { name: '=1+1', n: null },
      ],
    })
    expect(text.startsWith('\uFEFF')).toBe(true)
    expect(text.endsWith('\r\n')).toBe(true)
    expect(parseCsv(text.slice(1))).toEqual([
      ['Name', 'Count, total'],
      ['Zoë "the boss", CEO', '3'],
      ["'=1+1", ''],
    ])
  })

  it('writes durations in minutes and says so in the header', () => {
    const text = tableToCsv({
      columns: [
        { key: 'who', label: 'Agent' },
        { key: 'median', label: 'Median first response', unit: 'ms' },
      ],
      rows: [
        { who: 'Sam', median: 96_230 },
        { who: 'Lee', median: null },
      ],
    })
    expect(parseCsv(text.slice(1))).toEqual([
      ['Agent', 'Median first response (minutes)'],
      ['Sam', '1.6'],
      ['Lee', ''],
    ])
  })
})

describe('PDF writer', () => {
  it('writes a valid cross-reference table and searchable text', () => {
    const doc = new PdfDocument('Test (report)')
    doc.text(40, 800, 'Hello — “world” (1) \\ ok')
    doc.addPage()
    doc.text(40, 800, 'Second page')
    const pdf = Buffer.from(doc.toBytes()).toString('latin1')
    expect(pdf.startsWith('%PDF-1.4')).toBe(true)
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true)
    expect(pdf).toContain(`(${winAnsi('Hello — “world” \\(1\\) \\\\ ok')}) Tj`)
    expect(pdf).toContain('(Second page) Tj')
    expect(pdf).toContain('/Count 2')
    const xref = Number(/startxref\n(\d+)/.exec(pdf)![1])
    expect(pdf.slice(xref, xref + 4)).toBe('xref')
    const offsets = [...pdf.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]))
    expect(offsets.map((o, i) => pdf.slice(o, o + `${i + 1} 0 obj`.length))).toEqual(
      offsets.map((_, i) => `${i + 1} 0 obj`),
    )
  })
})

describeEachEngine('report exports over HTTP', (engine: Engine) => {
  let w: PublishingWorld
  let base: string

  beforeAll(async () => {
    w = await setupPublishing(engine)
    base = `/api/workspaces/${w.ws}`
    const p = await w.owner.post<{ id: string }>(`${base}/posts`, {
      kind: 'free',
      title: '=cmd|"/c calc"!A1, the launch',
      parts: [{ text: 'We launched today' }],
      channelIds: [w.brandChannel],
    })
    await w.owner.post(`${base}/posts/${p.body.id}/submit`)
    await w.owner.post(`${base}/posts/${p.body.id}/publish-now`)
    await drain(w.t)
    await w.t.ctx.presenceMetrics.collector.collect()
  })
  afterAll(async () => w.t.close())

  const raw = (path: string) => w.t.app.request(path, { headers: { cookie: w.owner.cookie } })

  it('exports a presence table as CSV with a header row, guarded and quoted', async () => {
    const res = await raw(`${base}/reports/presence/export.csv?table=posts&from=2026-03-01&to=2026-03-04`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(res.headers.get('content-disposition')).toBe(
      // The workspace's days (Europe/Berlin), inclusive end: the range the screen shows.
      'attachment; filename="presence-posts-2026-03-01-2026-03-03.csv"',
    )
    const text = new TextDecoder().decode(await res.arrayBuffer())
    const rows = parseCsv(text.replace(/^\uFEFF/, ''))
    expect(rows[0]).toEqual([
      'Post',
      'Channel',
      'Published (UTC)',
      'Likes',
      'Reposts',
      'Replies',
      'Quotes',
      'Engagement',
      'Growth in period',
    ])
    expect(rows).toHaveLength(2)
    expect(rows[1]![0]).toBe(`'=cmd|"/c calc"!A1, the launch`)
    expect(rows[1]![1]).toMatch(/^'@/)
    expect(rows[1]!.slice(3)).toEqual(['0', '0', '0', '0', '0', '0'])
  })

  it('refuses an unknown table, naming the ones there are', async () => {
    const r = await w.owner.get<{ errors: Array<{ field: string; reason: string }> }>(
      `${base}/reports/presence/export.csv?table=nope`,
    )
    expect(r.status).toBe(400)
    expect(r.body.errors[0]).toEqual({ field: 'table', reason: 'must be one of: posts, followers, cadence' })
  })

  it('exports the presence report as a PDF with its title, figures and definitions', async () => {
    const res = await raw(`${base}/reports/presence/export.pdf?from=2026-03-01&to=2026-03-04`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1')
    expect(pdf.startsWith('%PDF-')).toBe(true)
    expect(pdf).toContain(`(${winAnsi('Presence report — Acme')}) Tj`)
    expect(pdf).toContain('(Posts published) Tj')
    expect(pdf).toContain('(Posts and their engagement) Tj')
    expect(pdf).toContain('(Followers per channel) Tj')
    // A one-page summary first, the detail after it, and each definition once at the end (#22).
    const pages = pdf.split('/Type /Page ').length - 1
    expect(pages).toBeGreaterThanOrEqual(2)
    const at = (text: string) => pdf.indexOf(`(${text}) Tj`)
    expect(at('Summary')).toBeGreaterThan(-1)
    expect(at('Summary')).toBeLessThan(at('Tables'))
    expect(at('Tables')).toBeLessThan(at('Definitions'))
    const definition = 'Posts published'
    expect(pdf.split(`(${definition}) Tj`).length - 1).toBe(2) // once in the summary, once in the definitions
  })

  it('exports the care report too (CSV per table, PDF)', async () => {
    const report = await w.owner.get<{
      tables: Array<{ key: string; columns: Array<{ label: string; unit?: string }> }>
    }>(`${base}/reports/care`)
    expect(report.status).toBe(200)
    for (const t of report.body.tables) {
      const res = await raw(`${base}/reports/care/export.csv?table=${t.key}&from=2026-02-01&to=2026-03-03`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="care-${t.key}-2026-02-01-2026-03-02.csv"`,
      )
      const rows = parseCsv(new TextDecoder().decode(await res.arrayBuffer()).replace(/^\uFEFF/, ''))
      expect(rows[0]).toEqual(t.columns.map((c) => (c.unit === 'ms' ? `${c.label} (minutes)` : c.label)))
    }
    const res = await raw(`${base}/reports/care/export.pdf`)
    expect(res.status).toBe(200)
    const pdf = Buffer.from(await res.arrayBuffer()).toString('latin1')
    expect(pdf.startsWith('%PDF-')).toBe(true)
    expect(pdf).toContain(`(${winAnsi('Care report — Acme')}) Tj`)
  })

  it('needs reports.read', async () => {
    const res = await w.t.app.request(`${base}/reports/presence/export.pdf`, {
      headers: { cookie: w.agent.cookie },
    })
    expect(res.status).toBe(403)
  })
})

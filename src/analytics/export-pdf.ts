/**
 * A minimal PDF writer (PDF 1.4): pages of text in the standard Helvetica fonts, lines and filled
 * rectangles. Content streams are left uncompressed so the text stays searchable and extractable
 * (docs/adr/0013-reports-export.md: no dependency, no browser at runtime).
 */

export const PAGE_WIDTH = 595
export const PAGE_HEIGHT = 842
export const MARGIN = 40

export type Rgb = [number, number, number]

// @NOTE the standard fonts are WinAnsi-encoded: Latin-1 maps to itself above 0xA0; the typographic
// marks people type live in 0x80–0x9F; anything else becomes '?'.
const WIN_ANSI: Record<string, number> = {
  '€': 0x80,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '™': 0x99,
}

/** Text as WinAnsi bytes written one per char (a latin1 string). */
export function winAnsi(text: string): string {
  let out = ''
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!
    if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff)) out += ch
    else if (WIN_ANSI[ch] !== undefined) out += String.fromCharCode(WIN_ANSI[ch]!)
    else if (ch === '\u2212') out += '-'
    else if (ch === '\u2191') out += '^'
    else if (ch === '\u2193') out += 'v'
    else if (code === 0x09 || code === 0x0a || code === 0x0d) out += ' '
    else out += '?'
  }
  return out
}

function literal(text: string): string {
  return `(${winAnsi(text).replace(/[\\()]/g, (c) => `\\${c}`)})`
}

const n = (v: number) => (Math.round(v * 100) / 100).toString()

/** Approximate width of `text` in Helvetica at `size` (average glyph width; enough for layout). */
export function textWidth(text: string, size: number, bold = false): number {
  let w = 0
  for (const ch of text) {
    if ("il.,:;|!'’`".includes(ch)) w += 0.25
    else if ('mwMW@%'.includes(ch)) w += 0.85
    else if (ch >= 'A' && ch <= 'Z') w += 0.67
    else if (ch === ' ') w += 0.28
    else w += 0.54
  }
  return w * size * (bold ? 1.05 : 1)
}

/** Cuts `text` to fit `width`, ending with an ellipsis when cut. */
export function clip(text: string, width: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= width) return text
  let s = text
  while (s.length > 1 && textWidth(`${s}…`, size, bold) > width) s = s.slice(0, -1)
  return `${s}…`
}

/** Splits `text` into lines no wider than `width`. */
export function wrap(text: string, width: number, size: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word
    if (line && textWidth(next, size) > width) {
      lines.push(line)
      line = word
    } else line = next
  }
  if (line) lines.push(line)
  return lines
}

export interface TextStyle {
  size?: number
  bold?: boolean
  color?: Rgb
}

export class PdfDocument {
  private readonly pages: string[][] = []
  /** Current baseline, from the bottom of the page, for flowing layouts. */
  y = PAGE_HEIGHT - MARGIN

  constructor(private readonly title: string) {
    this.addPage()
  }

  addPage(): void {
    this.pages.push([])
    this.y = PAGE_HEIGHT - MARGIN
  }

  /** Starts a new page unless `height` more points fit above the bottom margin. */
  ensure(height: number): void {
    if (this.y - height < MARGIN) this.addPage()
  }

  private get ops(): string[] {
    return this.pages[this.pages.length - 1]!
  }

  text(x: number, y: number, text: string, style: TextStyle = {}): void {
    const [r, g, b] = style.color ?? [0.1, 0.1, 0.12]
    this.ops.push(
      `BT ${n(r)} ${n(g)} ${n(b)} rg /${style.bold ? 'F2' : 'F1'} ${n(style.size ?? 10)} Tf ${n(x)} ${n(y)} Td ${literal(text)} Tj ET`,
    )
  }

  line(
    x1: number,
    y1: number,
    x2: number,
    y2: number,
    color: Rgb = [0.7, 0.7, 0.72],
    width = 0.5,
    dash = false,
  ): void {
    this.ops.push(
      `${n(color[0])} ${n(color[1])} ${n(color[2])} RG ${n(width)} w ${dash ? '[3 2] 0 d' : '[] 0 d'} ${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l S`,
    )
  }

  polyline(points: Array<[number, number]>, color: Rgb, width = 1.2): void {
    if (points.length < 2) return
    const [first, ...rest] = points
    const path = [`${n(first![0])} ${n(first![1])} m`, ...rest.map(([x, y]) => `${n(x)} ${n(y)} l`)].join(' ')
    this.ops.push(`${n(color[0])} ${n(color[1])} ${n(color[2])} RG ${n(width)} w [] 0 d ${path} S`)
  }

  rect(x: number, y: number, w: number, h: number, fill: Rgb): void {
    this.ops.push(`${n(fill[0])} ${n(fill[1])} ${n(fill[2])} rg ${n(x)} ${n(y)} ${n(w)} ${n(h)} re f`)
  }

  /** The finished file. */
  toBytes(): Uint8Array {
    const objects: string[] = []
    const pageCount = this.pages.length
    // 1 catalog, 2 pages, 3 font, 4 bold font, 5 info, then page + content pairs.
    const pageIds = this.pages.map((_, i) => 6 + i * 2)
    objects.push('<< /Type /Catalog /Pages 2 0 R >>')
    objects.push(
      `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageCount} >>`,
    )
    objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')
    objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>')
    objects.push(`<< /Title ${literal(this.title)} /Producer (Townhall) >>`)
    this.pages.forEach((ops, i) => {
      const footer = `BT 0.5 0.5 0.5 rg /F1 8 Tf ${MARGIN} 20 Td ${literal(`${this.title} — page ${i + 1} of ${pageCount}`)} Tj ET`
      const stream = [...ops, footer].join('\n')
      objects.push(
        `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_WIDTH} ${PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`,
      )
      objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`)
    })
    let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'
    const offsets: number[] = []
    objects.forEach((body, i) => {
      offsets.push(out.length)
      out += `${i + 1} 0 obj\n${body}\nendobj\n`
    })
    const xref = out.length
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
    for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
    out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`
    return new Uint8Array(Buffer.from(out, 'latin1'))
  }
}

/** Minimal Prometheus text-format registry: counters and histograms with labels, no dependency. */
type Labels = Record<string, string>

const key = (labels: Labels) =>
  Object.entries(labels)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
    .join(',')

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export class Metrics {
  private counters = new Map<string, { help: string; values: Map<string, number> }>()
  private histograms = new Map<
    string,
    { help: string; values: Map<string, { buckets: number[]; sum: number; count: number }> }
  >()
  private gauges = new Map<string, { help: string; read: () => number }>()

  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const c = this.counters.get(name) ?? { help, values: new Map<string, number>() }
    this.counters.set(name, c)
    const k = key(labels)
    c.values.set(k, (c.values.get(k) ?? 0) + by)
  }

  observe(name: string, help: string, labels: Labels, seconds: number): void {
    const h = this.histograms.get(name) ?? { help, values: new Map() }
    this.histograms.set(name, h)
    const k = key(labels)
    const v = h.values.get(k) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }
    h.values.set(k, v)
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) v.buckets[i]!++
    v.sum += seconds
    v.count++
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read })
  }

  render(): string {
    const out: string[] = []
    for (const [name, c] of this.counters) {
      out.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`)
      for (const [k, v] of c.values) out.push(`${name}${k ? `{${k}}` : ''} ${v}`)
    }
    for (const [name, h] of this.histograms) {
      out.push(`# HELP ${name} ${h.help}`, `# TYPE ${name} histogram`)
      for (const [k, v] of h.values) {
        const sep = k ? `${k},` : ''
        for (const [i, b] of BUCKETS.entries()) out.push(`${name}_bucket{${sep}le="${b}"} ${v.buckets[i]}`)
        out.push(`${name}_bucket{${sep}le="+Inf"} ${v.count}`)
        out.push(`${name}_sum${k ? `{${k}}` : ''} ${v.sum}`, `${name}_count${k ? `{${k}}` : ''} ${v.count}`)
      }
    }
    for (const [name, g] of this.gauges) {
      out.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${g.read()}`)
    }
    return `${out.join('\n')}\n`
  }
}

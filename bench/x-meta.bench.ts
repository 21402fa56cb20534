/**
 * `npm run bench -- x-meta [--deliveries=200] [--posts=60]`: the X, Facebook and Instagram adapters (#20).
 * Each network's part lives in its own module (x-meta.meta.ts for Meta; the X part adds its own) and
 * returns its figures; this file prints them, plus the totals `publish_per_s` (the slowest network's
 * rate, what a mixed schedule can count on) and `prism_violations` (the sum; goal 0).
 */
import { runMetaBench } from './x-meta.meta.js'
import { runXBench } from './x-meta.x.js'

export default async function run(args: string[]): Promise<void> {
  const parts: Record<string, number>[] = [await runXBench(args), await runMetaBench(args)]
  const figures = Object.assign({}, ...parts) as Record<string, number>
  const rates = Object.entries(figures)
    .filter(([k]) => k.startsWith('publish_per_s_'))
    .map(([, v]) => v)
  const violations = Object.entries(figures)
    .filter(([k]) => k.startsWith('prism_violations_'))
    .reduce((n, [, v]) => n + v, 0)
  for (const [k, v] of Object.entries(figures)) console.log(`${k}: ${v}`)
  console.log(`publish_per_s: ${rates.length ? Math.min(...rates) : 0}`)
  console.log(`prism_violations: ${violations}`)
}

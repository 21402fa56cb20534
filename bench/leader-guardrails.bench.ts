/**
 * `npm run bench -- leader-guardrails [posts]`: what the leader's guardrails cost (SQLite, in process).
 * Lists `posts` posts of a CEO presence through the API with and without a plan (every post's
 * approval requirements include the guardrail check), and times the freeze check the publish job
 * makes before each send. Prints, last:
 *   guardrails_list_ms_no_plan / _with_plan — median of 5 GET /posts?limit=N
 *   freeze_check_us — mean time of one holdReason read (2,000 calls)
 */
import { suggestStrategy } from '../src/shared/strategy-suggest.js'
import { setupPublishing } from '../test/publishing/support.js'

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

export default async function main(args: string[]): Promise<void> {
  const n = Number(args[0] ?? 200)
  const w = await setupPublishing('sqlite')
  try {
    const base = `/api/workspaces/${w.ws}`
    for (let i = 0; i < n; i++) {
      const r = await w.manager.post(`${base}/posts`, {
        kind: 'free',
        parts: [
          { text: `Post ${i}: a quarter of growth` },
          { text: i % 10 === 0 ? 'Our earnings grew' : 'Thanks all' },
        ],
        channelIds: [w.ceoChannel],
      })
      if (r.status !== 201) throw new Error(`post ${r.status}`)
    }
    console.log(`created ${n} posts`)
    const list = async () => {
      const times: number[] = []
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now()
        const r = await w.owner.get<unknown[]>(`${base}/posts?limit=${n}`)
        times.push(performance.now() - t0)
        if (r.status !== 200 || r.body.length !== n) throw new Error(`list ${r.status}`)
      }
      return median(times)
    }
    await list() // warm-up
    const noPlan = await list()
    const plan = suggestStrategy('person', [w.ceoChannel])
    plan.guardrails.quietPeriods = [
      { from: Date.UTC(2026, 3, 1), to: Date.UTC(2026, 3, 8), reason: 'Q1 results' },
      { from: Date.UTC(2026, 6, 1), to: Date.UTC(2026, 6, 8), reason: 'Q2 results' },
    ]
    const saved = await w.ceo.put(`${base}/presences/${w.ceoPresence}/strategy`, plan)
    if (saved.status !== 200) throw new Error(`plan ${saved.status}`)
    const withPlan = await list()
    const calls = 2000
    const t0 = performance.now()
    for (let i = 0; i < calls; i++) await w.t.ctx.leader.freezes.holdReason(w.ws, w.ceoChannel)
    const freezeUs = ((performance.now() - t0) * 1000) / calls
    console.log(`guardrails_list_ms_no_plan: ${noPlan.toFixed(1)}`)
    console.log(`guardrails_list_ms_with_plan: ${withPlan.toFixed(1)}`)
    console.log(`freeze_check_us: ${freezeUs.toFixed(1)}`)
  } finally {
    await w.t.close()
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { findTerms, termPattern } from '../../src/leader/guardrail.match.js'
import type { GuardrailResult } from '../../src/leader/strategy.types.js'
import type { Post } from '../../src/publishing/post.types.js'
import { drain, type PublishingWorld, sandboxPublished, setupPublishing } from '../publishing/support.js'
import { TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'
import { addCfo, ceoPlan, savePlan } from './strategy.fixtures.js'

describe('guardrail term matching', () => {
  it('matches whole words in any case, with a plural, and never inside another word', () => {
    expect(termPattern('earnings').test('Our Q3 EARNINGS call')).toBe(true)
    expect(termPattern('earnings').test('earnings.')).toBe(true)
    expect(termPattern('earnings').test('yearnings and learnings')).toBe(false)
    expect(termPattern('forecast').test('Two forecasts were wrong')).toBe(true)
    expect(termPattern('forecast').test('forecaster')).toBe(false)
    expect(termPattern('share buyback').test('a share\n buyback soon')).toBe(true)
    expect(termPattern('Übernahme').test('die übernahme ist')).toBe(true)
    expect(termPattern('M&A').test('our m&a plans')).toBe(true)
    expect(findTerms('The lawsuit and the merger', ['merger', 'earnings', 'lawsuit'])).toEqual([
      'merger',
      'lawsuit',
    ])
  })
})

describeEachEngine('guardrails at approval', (engine: Engine) => {
  let w: PublishingWorld
  let base: string
  let cfo: TestClient
  let cfoMemberId: string
  const quiet = { from: Date.UTC(2026, 2, 10, 0, 0), to: Date.UTC(2026, 2, 12, 0, 0), reason: 'Q1 results' }

  beforeAll(async () => {
    w = await setupPublishing(engine)
    base = `/api/workspaces/${w.ws}`
    ;({ cfo, cfoMemberId } = await addCfo(w))
    const plan = ceoPlan(w, cfoMemberId)
    const saved = await savePlan(w.ceo, w, {
      ...plan,
      guardrails: { ...plan.guardrails, quietPeriods: [quiet] },
    })
    expect(saved.status).toBe(200)
  })
  afterAll(async () => {
    await w.t.close()
  })

  const draft = async (parts: string[], extra: Record<string, unknown> = {}) => {
    const r = await w.manager.post<Post>(`${base}/posts`, {
      kind: 'free',
      parts: parts.map((text) => ({ text })),
      channelIds: [w.ceoChannel],
      ...extra,
    })
    expect(r.status).toBe(201)
    return r.body
  }
  const get = async (id: string) => (await w.owner.get<Post>(`${base}/posts/${id}`)).body

  it('a flagged term needs the named second approver besides the leader, and says where it was found', async () => {
    const p = await draft(['A good quarter for the team.', 'Our Earnings beat the plan.'])
    expect((await w.manager.post(`${base}/posts/${p.id}/submit`)).status).toBe(200)
    const inReview = await get(p.id)
    expect(inReview.approvalState).toBe('in-review')
    const g = inReview.requirements.find((r) => r.kind === 'guardrail')!
    expect(g.memberId).toBe(cfoMemberId)
    expect(g.reason).toBe("'earnings' in part 2 needs approval by viewer person (CFO)")
    expect(inReview.requirements.map((r) => r.kind).sort()).toEqual(['guardrail', 'person'])

    const check = await w.ceo.get<GuardrailResult>(`${base}/posts/${p.id}/guardrails`)
    expect(check.status).toBe(200)
    expect(check.body.findings).toEqual([
      {
        kind: 'flagged-term',
        presenceId: w.ceoPresence,
        subject: 'earnings',
        where: 'part 2',
        message: "'earnings' in part 2 needs approval by viewer person (CFO)",
        needsSecondApproval: true,
      },
    ])

    // The phone approval page explains it too.
    const token = await w.t.ctx.publishing.links.create(w.ws, p.id, cfoMemberId, inReview.revision)
    const page = await new TestClient(w.t.app).request('GET', `/approve/${token}`)
    expect(page.body as unknown as string).toContain(
      '<li>&#39;earnings&#39; in part 2 needs approval by viewer person (CFO)</li>',
    )
    // The leader's approval alone does not let it out.
    expect((await w.ceo.post(`${base}/posts/${p.id}/approve`)).status).toBe(200)
    expect((await get(p.id)).approvalState).toBe('in-review')
    const now = await w.owner.post(`${base}/posts/${p.id}/publish-now`)
    expect(now.status).toBe(409)
    // The manager who drafted it cannot stand in for the named approver.
    expect((await w.manager.post(`${base}/posts/${p.id}/approve`)).status).toBe(403)
    expect((await cfo.post(`${base}/posts/${p.id}/approve`)).status).toBe(200)
    expect((await get(p.id)).approvalState).toBe('approved')
    expect((await w.owner.post(`${base}/posts/${p.id}/publish-now`)).status).toBe(200)
    await drain(w.t)
    expect((await get(p.id)).state).toBe('published')
    expect(
      (await sandboxPublished(w.t)).filter((i) => i.text === 'A good quarter for the team.'),
    ).toHaveLength(1)
  })

  it('checks per-channel variants, and a topic to avoid only warns', async () => {
    const p = await draft(['Plain words about politics'], {
      variants: { [w.ceoChannel]: [{ text: 'A merger is coming' }] },
    })
    const check = await w.ceo.get<GuardrailResult>(`${base}/posts/${p.id}/guardrails`)
    expect(check.body.findings.map((f) => [f.kind, f.subject, f.where, f.needsSecondApproval])).toEqual([
      ['avoid-topic', 'politics', 'the text', false],
      ['flagged-term', 'merger', 'the sandbox text for @dana-ortiz.sandbox', true],
    ])
    const post = await get(p.id)
    expect(post.requirements.filter((r) => r.kind === 'guardrail')).toHaveLength(1)
  })

  it('a clean post needs only the leader; a post scheduled inside a quiet period needs the second approver', async () => {
    const clean = await draft(['Thank you, support team'])
    expect((await get(clean.id)).requirements.map((r) => r.kind)).toEqual(['person'])

    const quietPost = await draft(['See you at the town hall'])
    const s = await w.manager.put(`${base}/posts/${quietPost.id}/schedule`, {
      mode: 'at',
      local: '2026-03-11T10:00',
      timeZone: 'UTC',
    })
    expect(s.status).toBe(200)
    const reqs = (await get(quietPost.id)).requirements
    const g = reqs.find((r) => r.kind === 'guardrail')!
    expect(g.reason).toBe(
      "Going out 2026-03-11 10:00 UTC falls in the quiet period 'Q1 results' (2026-03-10 00:00 to 2026-03-12 00:00 UTC) and needs approval by viewer person (CFO)",
    )
  })

  it('without a named approver any manager other than the drafter gives the second approval', async () => {
    const plan = ceoPlan(w, cfoMemberId)
    const saved = await savePlan(w.ceo, w, {
      ...plan,
      guardrails: { ...plan.guardrails, secondApproverMemberId: null },
    })
    expect(saved.status).toBe(200)
    const p = await draft(['Our forecast for 2027'])
    const g = (await get(p.id)).requirements.find((r) => r.kind === 'guardrail')!
    expect(g.memberId).toBeNull()
    expect(g.reason).toBe("'forecast' in the text needs a second approval by a manager")
    await w.manager.post(`${base}/posts/${p.id}/submit`)
    await w.ceo.post(`${base}/posts/${p.id}/approve`)
    expect((await w.manager.post(`${base}/posts/${p.id}/approve`)).status).toBe(403)
    expect((await w.owner.post(`${base}/posts/${p.id}/approve`)).status).toBe(200)
    expect((await get(p.id)).approvalState).toBe('approved')
  })
})

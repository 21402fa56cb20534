import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import type { Freeze, PillarUsage, StrategyVersion } from '../../src/leader/strategy.types.js'
import type { Post } from '../../src/publishing/post.types.js'
import type { Strategy, StrategyInput } from '../../src/shared/strategy.types.js'
import { DEFAULT_FLAGGED_TERMS } from '../../src/shared/strategy-suggest.js'
import { drain, type PublishingWorld, sandboxPublished, setupPublishing } from '../publishing/support.js'
import { describeEachEngine } from '../support/db.js'
import { addCfo, ceoPlan, savePlan } from './strategy.fixtures.js'

interface Plan {
  strategy: Strategy | null
  draft: StrategyInput
  pillarUsage: PillarUsage[]
  freeze: Freeze | null
  cadenceRule: string
}

describeEachEngine('leader strategy', (engine: Engine) => {
  let w: PublishingWorld
  let base: string
  let planUrl: string
  let cfoMemberId: string

  beforeAll(async () => {
    w = await setupPublishing(engine)
    base = `/api/workspaces/${w.ws}`
    planUrl = `${base}/presences/${w.ceoPresence}/strategy`
    ;({ cfoMemberId } = await addCfo(w))
  })
  afterAll(async () => {
    await w.t.close()
  })

  const get = async (id: string) => (await w.owner.get<Post>(`${base}/posts/${id}`)).body
  const published = async (text: string) =>
    (await sandboxPublished(w.t)).filter((i) => i.text === text).length

  it('suggests a plan before one is saved, from the presence and its channels', async () => {
    const r = await w.ceo.get<Plan>(planUrl)
    expect(r.status).toBe(200)
    expect(r.body.strategy).toBeNull()
    expect(r.body.draft.pillars.map((p) => p.key)).toEqual(['perspective', 'people', 'questions', 'company'])
    expect(r.body.draft.guardrails.flaggedTerms).toEqual(DEFAULT_FLAGGED_TERMS)
    expect(r.body.draft.audiences.find((a) => a.key === 'customers')!.channelIds).toEqual([w.ceoChannel])
    // 1 hour a week, writing alone: 30 minutes of posts = 1 post, 30 minutes of replies = 6.
    expect(r.body.draft.cadence).toEqual({ postsPerWeek: 1, repliesPerWeek: 6 })
    expect(r.body.cadenceRule).toContain('30 minutes')
  })

  it('the leader saves their own plan; every change is a version with who and what changed', async () => {
    const first = await savePlan(w.ceo, w, ceoPlan(w, cfoMemberId))
    expect(first.status).toBe(200)
    expect(first.body.version).toBe(1)
    expect(first.body.kind).toBe('person')
    expect((await savePlan(w.agent, w, ceoPlan(w, cfoMemberId))).status).toBe(403)
    const changed = ceoPlan(w, cfoMemberId, {
      hoursPerWeek: 3,
      cadence: { postsPerWeek: 3, repliesPerWeek: 18 },
    })
    const second = await w.manager.put<Strategy>(planUrl, { ...changed, expectedVersion: 1 })
    expect(second.status).toBe(200)
    expect(second.body.version).toBe(2)
    const stale = await w.ceo.put(planUrl, { ...changed, hoursPerWeek: 4, expectedVersion: 1 })
    expect(stale.status).toBe(409)
    // Saving the same plan again adds no version.
    expect((await w.manager.put<Strategy>(planUrl, changed)).body.version).toBe(2)
    const h = await w.ceo.get<StrategyVersion[]>(`${planUrl}/history`)
    expect(h.body.map((v) => [v.version, v.updatedByName, v.changed])).toEqual([
      [2, 'manager person', ['hoursPerWeek', 'cadence']],
      [
        1,
        'executive person',
        [
          'goals',
          'benefits',
          'audiences',
          'hoursPerWeek',
          'helpers',
          'companyResources',
          'cadence',
          'pillars',
          'rhythm',
          'guardrails',
        ],
      ],
    ])
    expect(h.body[1]!.strategy.hoursPerWeek).toBe(1)
    expect((await w.t.ctx.leader.strategies.getStrategy(w.ws, w.ceoPresence))!.hoursPerWeek).toBe(3)
  })

  it('the brand gets the simpler plan: no personal goals, no helpers, pillars about the company', async () => {
    const url = `${base}/presences/${w.brandPresence}/strategy`
    const r = await w.manager.get<Plan>(url)
    expect(r.body.draft.pillars.map((p) => p.key)).toEqual(['product', 'customers', 'company', 'service'])
    expect(r.body.draft.audiences).toEqual([
      { key: 'customers', visibility: 'public', channelIds: [w.brandChannel] },
    ])
    const saved = await w.manager.put<Strategy>(url, {
      ...r.body.draft,
      goals: { personal: false, professional: false, statement: 'Help customers' },
    })
    expect(saved.status).toBe(200)
    expect(saved.body.kind).toBe('brand')
    // Only managers and up edit the brand's plan; the CEO's own-presence right does not reach it.
    expect((await w.ceo.put(url, r.body.draft)).status).toBe(403)
  })

  it('refuses a plan that breaks the rules, naming the field', async () => {
    const plan = ceoPlan(w, cfoMemberId)
    const two = await savePlan(w.ceo, w, { ...plan, pillars: plan.pillars.slice(0, 2) })
    expect(two.status).toBe(400)
    const self = await savePlan(w.ceo, w, {
      ...plan,
      guardrails: { ...plan.guardrails, secondApproverMemberId: w.ceoMemberId },
    })
    expect(self.status).toBe(400)
    expect(self.body.errors).toEqual([
      { field: 'guardrails.secondApproverMemberId', reason: 'must be someone other than the leader' },
    ])
    const undisclosed = await savePlan(w.ceo, w, {
      ...plan,
      companyResources: { used: true, disclosure: '' },
    })
    expect(undisclosed.body.errors?.[0]?.field).toBe('companyResources.disclosure')
    const foreign = await savePlan(w.ceo, w, {
      ...plan,
      audiences: [{ key: 'public', visibility: 'public', channelIds: [w.brandChannel] }],
    })
    expect(foreign.body.errors?.[0]?.field).toBe('audiences.0.channelIds.0')
  })

  it('posts carry a pillar of the plan, and the plan shows which pillars are neglected', async () => {
    const ok = await w.manager.post<Post>(`${base}/posts`, {
      kind: 'free',
      parts: [{ text: 'Where we go next' }],
      channelIds: [w.ceoChannel],
      pillar: 'perspective',
    })
    expect(ok.status).toBe(201)
    expect(ok.body.pillar).toBe('perspective')
    const bad = await w.manager.post<{ errors: Array<{ field: string }> }>(`${base}/posts`, {
      kind: 'free',
      parts: [{ text: 'x' }],
      channelIds: [w.ceoChannel],
      pillar: 'gossip',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.errors[0]!.field).toBe('pillar')
    const edited = await w.manager.patch<Post>(`${base}/posts/${ok.body.id}`, { pillar: 'people' })
    expect(edited.body.pillar).toBe('people')
    const plan = await w.ceo.get<Plan>(planUrl)
    // 3 posts a week over 4 weeks across 4 pillars: 3 each is fair, fewer than 1.5 is neglected.
    expect(plan.body.pillarUsage).toEqual([
      { key: 'perspective', name: 'Point of view', posts: 0, neglected: true },
      { key: 'people', name: 'People and teams', posts: 1, neglected: true },
      { key: 'questions', name: 'Open questions', posts: 0, neglected: true },
      { key: 'company', name: 'Company news in my words', posts: 0, neglected: true },
    ])
    for (const text of ['Thanks, support', 'Thanks, sales'])
      await w.manager.post(`${base}/posts`, {
        kind: 'free',
        parts: [{ text }],
        channelIds: [w.ceoChannel],
        pillar: 'people',
      })
    const again = await w.ceo.get<Plan>(planUrl)
    expect(again.body.pillarUsage.find((p) => p.key === 'people')).toEqual({
      key: 'people',
      name: 'People and teams',
      posts: 3,
      neglected: false,
    })
  })

  it('a crisis freeze holds a scheduled post past its time, and lifting it sends the post once', async () => {
    const p = await w.manager.post<Post>(`${base}/posts`, {
      kind: 'free',
      parts: [{ text: 'Big launch tomorrow' }],
      channelIds: [w.ceoChannel],
    })
    await w.manager.put(`${base}/posts/${p.body.id}/schedule`, {
      mode: 'at',
      local: '2026-03-02T10:00',
      timeZone: 'UTC',
    })
    await w.manager.post(`${base}/posts/${p.body.id}/submit`)
    await w.ceo.post(`${base}/posts/${p.body.id}/approve`)
    expect((await get(p.body.id)).state).toBe('scheduled')

    expect((await w.agent.post(`${base}/presences/${w.ceoPresence}/freeze`, { reason: 'x' })).status).toBe(
      403,
    )
    const f = await w.ceo.post<{ freeze: Freeze & { byName: string }; held: number }>(
      `${base}/presences/${w.ceoPresence}/freeze`,
      { reason: 'Outage at a customer site' },
    )
    expect(f.status).toBe(200)
    expect(f.body.held).toBe(1)
    expect(f.body.freeze).toMatchObject({
      active: true,
      reason: 'Outage at a customer site',
      byName: 'executive person',
    })
    expect(await w.t.ctx.leader.freezes.isFrozen(w.ws, w.ceoPresence)).toBe(true)
    expect((await w.ceo.post(`${base}/presences/${w.ceoPresence}/freeze`, { reason: 'again' })).status).toBe(
      409,
    )
    const held = await get(p.body.id)
    expect(held.state).toBe('held')
    expect(held.deliveries[0]!.state).toBe('held')
    expect(held.deliveries[0]!.error).toBe('Held by a crisis freeze: Outage at a customer site')

    // A post approved during the freeze is queued, and the publish job holds it when it comes due.
    const during = await w.manager.post<Post>(`${base}/posts`, {
      kind: 'free',
      parts: [{ text: 'Written during the freeze' }],
      channelIds: [w.ceoChannel],
    })
    await w.manager.put(`${base}/posts/${during.body.id}/schedule`, {
      mode: 'at',
      local: '2026-03-02T10:30',
      timeZone: 'UTC',
    })
    await w.manager.post(`${base}/posts/${during.body.id}/submit`)
    await w.ceo.post(`${base}/posts/${during.body.id}/approve`)
    expect((await get(during.body.id)).state).toBe('scheduled')

    w.t.clock.advance(2 * 3600_000)
    await drain(w.t)
    expect(await published('Big launch tomorrow')).toBe(0)
    expect(await published('Written during the freeze')).toBe(0)
    expect((await get(during.body.id)).state).toBe('held')
    const history = await w.owner.get<Array<{ action: string; data: { reason?: string } }>>(
      `${base}/posts/${during.body.id}/history`,
    )
    expect(history.body.find((h) => h.action === 'held')!.data.reason).toBe(
      'Held by a crisis freeze: Outage at a customer site',
    )

    const lifted = await w.ceo.post<{ freeze: Freeze; released: number }>(
      `${base}/presences/${w.ceoPresence}/freeze/lift`,
    )
    expect(lifted.status).toBe(200)
    expect(lifted.body.released).toBe(2)
    expect(lifted.body.freeze.active).toBe(false)
    expect(lifted.body.freeze.liftedAt).toBe(w.t.clock.now())
    expect(await w.t.ctx.leader.freezes.isFrozen(w.ws, w.ceoPresence)).toBe(false)
    // Overdue: both go out now, once each.
    expect((await get(p.body.id)).deliveries[0]!.runAt).toBe(w.t.clock.now())
    await drain(w.t)
    await drain(w.t)
    expect((await get(p.body.id)).state).toBe('published')
    expect((await get(during.body.id)).state).toBe('published')
    expect(await published('Big launch tomorrow')).toBe(1)
    expect(await published('Written during the freeze')).toBe(1)
    const list = await w.ceo.get<Freeze[]>(`${base}/presences/${w.ceoPresence}/freezes`)
    expect(list.body.map((x) => [x.reason, x.active])).toEqual([['Outage at a customer site', false]])
  })
})

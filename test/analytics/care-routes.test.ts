import { afterAll, beforeAll, expect, it } from 'vitest'
import type { CareReport, DrillPage } from '../../src/analytics/care.types.js'
import type { Engine } from '../../src/db/database.js'
import { addMember, createTestApp, setupOwner, type TestApp, TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'

interface Problem {
  status: number
  errors?: Array<{ field: string; reason: string }>
}

describeEachEngine('care report routes', (engine: Engine) => {
  let t: TestApp
  let owner: TestClient
  let ws: string
  const base = () => `/api/workspaces/${ws}/reports/care`

  beforeAll(async () => {
    t = await createTestApp(engine)
    const s = await setupOwner(t.app)
    owner = s.owner
    ws = s.workspaceId
  })
  afterAll(async () => t.close())

  it('answers an empty workspace with every figure null or zero and the period asked for', async () => {
    const r = await owner.get<CareReport>(`${base()}?from=2026-02-01&to=2026-03-01&hours=business`)
    expect(r.status).toBe(200)
    // Europe/Berlin is UTC+1 in February: local midnight is 23:00 UTC the day before.
    expect(r.body.period).toEqual({ from: Date.UTC(2026, 0, 31, 23), to: Date.UTC(2026, 1, 28, 23) })
    expect(r.body.previous).toEqual({ from: Date.UTC(2026, 0, 3, 23), to: Date.UTC(2026, 0, 31, 23) })
    const fig = Object.fromEntries(r.body.figures.map((f) => [f.key, f]))
    expect(fig.conversations!.value).toBe(0)
    expect(fig.first_response_median!.value).toBeNull()
    expect(fig.first_response_median!.definition).toContain('business hours')
    expect(fig.backlog_open!.value).toBe(0)
    expect(r.body.series.find((s) => s.key === 'volume')!.points).toHaveLength(28)
  })

  it('measures in business hours by default when the workspace has opening hours, and says so', async () => {
    const r = await owner.get<CareReport>(`${base()}?from=2026-02-01&to=2026-03-01`)
    expect(r.body.hours).toBe('business')
    const median = r.body.figures.find((f) => f.key === 'first_response_median')!
    expect(median.definition).toContain('Measured in business hours only')
    const within = r.body.figures.find((f) => f.key === 'first_response_within_1h')!
    expect(within.basis).toEqual({ count: 0, of: 0, pending: 0 })
    const open = await owner.request('PATCH', `/api/workspaces/${ws}`, {
      businessHours: { alwaysOpen: true, days: {} },
    })
    expect(open.status).toBe(200)
    const always = await owner.get<CareReport>(`${base()}?from=2026-02-01&to=2026-03-01`)
    expect(always.body.hours).toBe('calendar')
    const explicit = await owner.get<CareReport>(`${base()}?from=2026-02-01&to=2026-03-01&hours=business`)
    expect(explicit.body.hours).toBe('business')
  })

  it('takes epoch ms and ISO date-times', async () => {
    const r = await owner.get<CareReport>(
      `${base()}?from=${Date.UTC(2026, 1, 1)}&to=2026-02-08T00:00:00Z&compare=none`,
    )
    expect(r.status).toBe(200)
    expect(r.body.period).toEqual({ from: Date.UTC(2026, 1, 1), to: Date.UTC(2026, 1, 8) })
    expect(r.body.previous).toBeUndefined()
  })

  it('refuses a bad range with the field named', async () => {
    const cases: Array<[string, string]> = [
      ['from=yesterday', 'from'],
      ['from=2026-02-30', 'from'],
      ['from=2026-03-01&to=2026-02-01', 'to'],
      ['from=2020-01-01&to=2026-01-01', 'to'],
      ['hours=weekly', 'hours'],
    ]
    for (const [qs, field] of cases) {
      const r = await owner.get<Problem>(`${base()}?${qs}`)
      expect(r.status, qs).toBe(400)
      expect(
        r.body.errors?.map((e) => e.field),
        qs,
      ).toContain(field)
    }
    const d = await owner.get<Problem>(`${base()}/drill?metric=nonsense`)
    expect(d.status).toBe(400)
    expect(d.body.errors?.[0]?.field).toBe('metric')
  })

  it('drills down with paging', async () => {
    const r = await owner.get<DrillPage>(`${base()}/drill?metric=conversations&from=2026-02-01&to=2026-03-01`)
    expect(r.status).toBe(200)
    expect(r.body).toEqual({ metric: 'conversations', items: [], total: 0, nextCursor: null })
  })

  it('needs reports.read, and hides other workspaces', async () => {
    const agent = await addMember(t.app, owner, ws, 'agent', `agent-${engine}@acme.example`)
    expect((await agent.get(base())).status).toBe(403)
    const viewer = await addMember(t.app, owner, ws, 'viewer', `viewer-${engine}@acme.example`)
    expect((await viewer.get(base())).status).toBe(200)
    await t.ctx.users.create({
      email: `eve-${engine}@other.example`,
      name: 'Eve',
      password: 'eves long password',
    })
    const eve = new TestClient(t.app)
    await eve.post('/api/auth/login', {
      email: `eve-${engine}@other.example`,
      password: 'eves long password',
    })
    await eve.post('/api/workspaces', { name: 'Other Co', timeZone: 'America/New_York' })
    expect((await eve.get(base())).status).toBe(404)
    expect((await eve.get(`${base()}/drill?metric=conversations`)).status).toBe(404)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatLocal } from '../../src/core/zoned-time.js'
import type { Engine } from '../../src/db/database.js'
import { describeEachEngine } from '../support/db.js'
import { drain, type PublishingWorld, sandboxPublished, setupPublishing } from './support.js'

type Post = {
  id: string
  state: string
  approvalState: string
  revision: number
  schedule: { mode: string; at: number | null; local: string | null; timeZone: string | null } | null
  deliveries: Array<{
    id: string
    channelId: string
    state: string
    url: string | null
    runAt: number | null
    error: string | null
  }>
  requirements: Array<{ kind: string; memberId: string | null; satisfiedBy: string | null }>
}
type Problem = { errors: Array<{ field: string; reason: string }> }

describeEachEngine('publishing API', (engine: Engine) => {
  let w: PublishingWorld
  let base: string

  beforeAll(async () => {
    w = await setupPublishing(engine)
    base = `/api/workspaces/${w.ws}`
  })
  afterAll(async () => w.t.close())

  const compose = (body: Record<string, unknown>, client = w.owner) =>
    client.post<Post>(`${base}/posts`, body)

  describe('compose and validate', () => {
    it('refuses over-long text with a message naming the channel', async () => {
      const r = await w.owner.post<Problem>(`${base}/posts`, {
        kind: 'free',
        parts: [{ text: 'x'.repeat(501) }],
        channelIds: [w.brandChannel],
      })
      expect(r.status).toBe(400)
      expect(r.body.errors[0]!.field).toBe('parts.0.text')
      expect(r.body.errors[0]!.reason).toBe(
        'Sandbox @acme.sandbox: text is 501 characters long; Sandbox allows 500',
      )
    })

    it('dry-run validation lists issues per channel, variants included', async () => {
      const r = await w.owner.post<{ issues: Array<{ channelId: string; field: string; reason: string }> }>(
        `${base}/posts/validate`,
        {
          kind: 'free',
          parts: [{ text: 'fine' }, { text: '' }],
          variants: { [w.ceoChannel]: [{ text: 'y'.repeat(600) }] },
          channelIds: [w.brandChannel, w.ceoChannel],
        },
      )
      expect(r.status).toBe(200)
      expect(r.body.issues.map((i) => [i.channelId, i.field])).toEqual([
        [w.brandChannel, 'parts.1.text'],
        [w.ceoChannel, `variants.${w.ceoChannel}.0.text`],
      ])
      expect(r.body.issues[1]!.reason).toContain('Sandbox @dana-ortiz.sandbox')
    })

    it('refuses an image without an upload and missing event fields', async () => {
      const r = await w.owner.post<Problem>(`${base}/posts`, {
        kind: 'event',
        fields: {
          title: 'Launch',
          startsAt: '2026-04-01T18:00',
          endsAt: '2026-04-01T17:00',
          timeZone: 'Europe/Berlin',
        },
        channelIds: [w.brandChannel],
      })
      expect(r.status).toBe(400)
      expect(r.body.errors.map((e) => e.field)).toEqual(['fields.endsAt', 'fields.place'])
    })

    it('writes an event post from its template and serves the .ics', async () => {
      const r = await compose({
        kind: 'event',
        fields: {
          title: 'Launch party',
          startsAt: '2026-04-01T18:00',
          endsAt: '2026-04-01T20:00',
          timeZone: 'Europe/Berlin',
          place: 'Berlin HQ',
        },
        channelIds: [w.brandChannel],
      })
      expect(r.status).toBe(201)
      expect((r.body as unknown as { parts: Array<{ text: string }> }).parts[0]!.text).toContain(
        '📅 Launch party',
      )
      const ics = await w.owner.request('GET', `${base}/posts/${r.body.id}/event.ics`)
      expect(ics.status).toBe(200)
      const text = ics.body as unknown as string
      expect(text).toContain('DTSTART:20260401T160000Z')
      expect(text).toContain('DTEND:20260401T180000Z')
      expect(text).toContain('LOCATION:Berlin HQ')
    })

    it('stores an image and checks alt text length per channel', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64')
      const m = await w.owner.post<{ id: string; byteSize: number }>(`${base}/media`, {
        mimeType: 'image/png',
        dataBase64: png,
      })
      expect(m.status).toBe(201)
      expect(m.body.byteSize).toBe(16)
      const bad = await w.owner.post<Problem>(`${base}/posts`, {
        kind: 'free',
        parts: [{ text: 'with image', images: [{ mediaId: m.body.id, altText: 'a'.repeat(1001) }] }],
        channelIds: [w.brandChannel],
      })
      expect(bad.status).toBe(400)
      expect(bad.body.errors[0]!.field).toBe('parts.0.images.0.altText')
      const ok = await compose({
        kind: 'free',
        parts: [{ text: 'with image', images: [{ mediaId: m.body.id, altText: 'Logo' }] }],
        channelIds: [w.brandChannel],
      })
      expect(ok.status).toBe(201)
    })
  })

  describe('approval policies', () => {
    it('a post for the CEO presence needs the CEO, and only the CEO can give it', async () => {
      const p = await compose({ kind: 'free', parts: [{ text: 'From Dana' }], channelIds: [w.ceoChannel] })
      const s = await w.owner.post<Post>(`${base}/posts/${p.body.id}/submit`)
      expect(s.body.state).toBe('in-review')
      expect(s.body.requirements).toEqual([
        { presenceId: w.ceoPresence, kind: 'person', memberId: w.ceoMemberId, satisfiedBy: null },
      ])
      const byManager = await w.manager.post(`${base}/posts/${p.body.id}/approve`)
      expect(byManager.status).toBe(403)
      const byCeo = await w.ceo.post<Post>(`${base}/posts/${p.body.id}/approve`)
      expect(byCeo.status).toBe(200)
      expect(byCeo.body.approvalState).toBe('approved')
      expect(byCeo.body.requirements[0]!.satisfiedBy).toBe(w.ceoMemberId)
      const notes = await w.t.ctx.notifications.list(
        w.ws,
        (await w.ceo.get<{ user: { id: string } }>('/api/session')).body.user.id,
      )
      expect(notes.map((n) => n.kind)).toContain('post.approval-requested')
    })

    it("an agent's draft needs a manager; changes requested go back with a comment", async () => {
      const p = await compose(
        { kind: 'free', parts: [{ text: 'Agent writes' }], channelIds: [w.brandChannel] },
        w.agent,
      )
      expect(p.status).toBe(201)
      const s = await w.agent.post<Post>(`${base}/posts/${p.body.id}/submit`)
      expect(s.body.requirements.map((r) => r.kind)).toEqual(['manager'])
      const rc = await w.manager.post<Post>(`${base}/posts/${p.body.id}/request-changes`, {
        comment: 'Shorter, @agent please',
      })
      expect(rc.body.state).toBe('changes-requested')
      const comments = await w.agent.get<Array<{ body: string }>>(`${base}/posts/${p.body.id}/comments`)
      expect(comments.body.map((c) => c.body)).toEqual(['Shorter, @agent please'])
      const edited = await w.agent.patch<Post>(`${base}/posts/${p.body.id}`, {
        parts: [{ text: 'Agent writes less' }],
      })
      expect(edited.body.revision).toBe(2)
      expect(edited.body.approvalState).toBe('draft')
      await w.agent.post(`${base}/posts/${p.body.id}/submit`)
      const ok = await w.manager.post<Post>(`${base}/posts/${p.body.id}/approve`)
      expect(ok.body.approvalState).toBe('approved')
      const agentCannotSchedule = await w.agent.put(`${base}/posts/${p.body.id}/schedule`, { mode: 'now' })
      expect(agentCannotSchedule.status).toBe(403)
    })

    it("counts what waits for each member: the CEO for her post, managers for an agent's", async () => {
      type Waiting = { count: number; postIds: string[] }
      const waiting = async (who: typeof w.owner) =>
        (await who.get<Waiting>(`${base}/approvals/waiting`)).body
      const before = { ceo: (await waiting(w.ceo)).count, manager: (await waiting(w.manager)).count }
      const forCeo = await compose({
        kind: 'free',
        parts: [{ text: 'Dana, please' }],
        channelIds: [w.ceoChannel],
      })
      await w.owner.post(`${base}/posts/${forCeo.body.id}/submit`)
      const byAgent = await compose(
        { kind: 'free', parts: [{ text: 'Agent asks' }], channelIds: [w.brandChannel] },
        w.agent,
      )
      await w.agent.post(`${base}/posts/${byAgent.body.id}/submit`)
      const ceo = await waiting(w.ceo)
      expect(ceo.count).toBe(before.ceo + 1)
      expect(ceo.postIds[0]).toBe(forCeo.body.id)
      const manager = await waiting(w.manager)
      expect(manager.count).toBe(before.manager + 1)
      expect(manager.postIds).toContain(byAgent.body.id)
      expect(manager.postIds).not.toContain(forCeo.body.id)
      // The drafter never waits for themself.
      expect((await waiting(w.agent)).postIds).not.toContain(byAgent.body.id)
      await w.ceo.post(`${base}/posts/${forCeo.body.id}/approve`)
      await w.manager.post(`${base}/posts/${byAgent.body.id}/approve`)
      expect((await waiting(w.ceo)).count).toBe(before.ceo)
      expect((await waiting(w.manager)).count).toBe(before.manager)
    })

    it('the one-tap link approves once without signing in, then is used up', async () => {
      const p = await compose({
        kind: 'free',
        parts: [{ text: 'Phone approval' }],
        channelIds: [w.ceoChannel],
      })
      await w.owner.put(`${base}/posts/${p.body.id}/schedule`, {
        mode: 'at',
        local: '2026-03-30T09:00',
        timeZone: 'Europe/Berlin',
      })
      const links = w.t.ctx.publishing.links
      const token = await links.create(w.ws, p.body.id, w.ceoMemberId, 1)
      await w.owner.post(`${base}/posts/${p.body.id}/submit`)
      const anon = new (await import('../support/app.js')).TestClient(w.t.app)
      const view = await anon.get<{ post: { title: string }; approver: { name: string } }>(
        `/api/approvals/${token}`,
      )
      expect(view.status).toBe(200)
      expect(view.body.approver.name).toBe('executive person')
      const page = await anon.request('GET', `/approve/${token}`)
      expect(page.status).toBe(200)
      expect(page.body as unknown as string).toContain('Approve')
      const decided = await anon.post<{ approvalState: string }>(`/api/approvals/${token}`, {
        decision: 'approve',
      })
      expect(decided.body.approvalState).toBe('approved')
      const again = await anon.post(`/api/approvals/${token}`, { decision: 'approve' })
      expect(again.status).toBe(404)
      const post = await w.owner.get<Post>(`${base}/posts/${p.body.id}`)
      // Approved with a schedule asked for earlier: it is queued at once.
      expect(post.body.state).toBe('scheduled')
      expect(post.body.deliveries[0]!.runAt).toBe(Date.UTC(2026, 2, 30, 7, 0))
    })
    it('comments notify the members they mention', async () => {
      const p = await compose({ kind: 'free', parts: [{ text: 'Mention me' }], channelIds: [w.brandChannel] })
      const c = await w.owner.post<{ mentions: string[] }>(`${base}/posts/${p.body.id}/comments`, {
        body: 'What do you think, @ceo?',
      })
      expect(c.status).toBe(201)
      expect(c.body.mentions).toEqual([w.ceoMemberId])
      const ceoUser = (await w.ceo.get<{ user: { id: string } }>('/api/session')).body.user.id
      const notes = await w.t.ctx.notifications.list(w.ws, ceoUser)
      expect(notes.find((n) => n.subjectId === p.body.id)?.kind).toBe('post.mentioned')
    })

    it('the phone page takes a request for changes from a plain form', async () => {
      const p = await compose({
        kind: 'free',
        parts: [{ text: 'Form approval' }],
        channelIds: [w.ceoChannel],
      })
      await w.owner.post(`${base}/posts/${p.body.id}/submit`)
      const token = await w.t.ctx.publishing.links.create(w.ws, p.body.id, w.ceoMemberId, 1)
      const res = await w.t.app.request(`/approve/${token}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'decision=request-changes&comment=Less+jargon',
      })
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('the drafter will see your comment')
      const post = await w.owner.get<Post>(`${base}/posts/${p.body.id}`)
      expect(post.body.state).toBe('changes-requested')
      const used = await w.t.app.request(`/approve/${token}`)
      expect(used.status).toBe(404)
    })
  })

  describe('scheduling', () => {
    async function approvedBrandPost(text: string): Promise<string> {
      const p = await compose({ kind: 'free', parts: [{ text }], channelIds: [w.brandChannel] })
      await w.owner.post(`${base}/posts/${p.body.id}/submit`)
      return p.body.id
    }

    it('schedules 09:00 Berlin on both sides of the spring DST change', async () => {
      const a = await approvedBrandPost('before DST')
      const b = await approvedBrandPost('after DST')
      const ra = await w.owner.put<Post>(`${base}/posts/${a}/schedule`, {
        mode: 'at',
        local: '2026-03-27T09:00',
        timeZone: 'Europe/Berlin',
      })
      const rb = await w.owner.put<Post>(`${base}/posts/${b}/schedule`, {
        mode: 'at',
        local: '2026-03-30T09:00',
        timeZone: 'Europe/Berlin',
      })
      expect(ra.body.schedule?.at).toBe(Date.UTC(2026, 2, 27, 8, 0))
      expect(rb.body.schedule?.at).toBe(Date.UTC(2026, 2, 30, 7, 0))
      expect(rb.body.state).toBe('scheduled')
      const cal = await w.owner.get<Array<{ postId: string; at: number }>>(
        `${base}/posts/calendar?from=${Date.UTC(2026, 2, 23)}&to=${Date.UTC(2026, 2, 31)}&channelId=${w.brandChannel}`,
      )
      expect(cal.body.filter((e) => e.postId === a || e.postId === b).map((e) => e.at)).toEqual([
        Date.UTC(2026, 2, 27, 8, 0),
        Date.UTC(2026, 2, 30, 7, 0),
      ])
    })

    it('schedules New York around the November DST change', async () => {
      const a = await approvedBrandPost('NY before')
      const b = await approvedBrandPost('NY after')
      const ra = await w.owner.put<Post>(`${base}/posts/${a}/schedule`, {
        mode: 'at',
        local: '2026-10-30T09:00',
        timeZone: 'America/New_York',
      })
      const rb = await w.owner.put<Post>(`${base}/posts/${b}/schedule`, {
        mode: 'at',
        local: '2026-11-02T09:00',
        timeZone: 'America/New_York',
      })
      expect(ra.body.schedule?.at).toBe(Date.UTC(2026, 9, 30, 13, 0))
      expect(rb.body.schedule?.at).toBe(Date.UTC(2026, 10, 2, 14, 0))
      expect(rb.body.schedule?.local).toBe('2026-11-02T09:00')
    })

    it('puts posts in the next free queue slot (weekdays 09:00 and 15:00 Berlin)', async () => {
      // The clock is Monday 2026-03-02 09:00 UTC = 10:00 Berlin.
      const a = await approvedBrandPost('slot one')
      const b = await approvedBrandPost('slot two')
      const ra = await w.owner.put<Post>(`${base}/posts/${a}/schedule`, { mode: 'queue' })
      const rb = await w.owner.put<Post>(`${base}/posts/${b}/schedule`, { mode: 'queue' })
      expect(ra.body.deliveries[0]!.runAt).toBe(Date.UTC(2026, 2, 2, 14, 0))
      expect(rb.body.deliveries[0]!.runAt).toBe(Date.UTC(2026, 2, 3, 8, 0))
    })

    it('gives posts queued at the same moment different slots', async () => {
      const ids = await Promise.all(['race one', 'race two', 'race three'].map((t) => approvedBrandPost(t)))
      const rs = await Promise.all(
        ids.map((id) => w.owner.put<Post>(`${base}/posts/${id}/schedule`, { mode: 'queue' })),
      )
      expect(rs.map((r) => r.status)).toEqual([200, 200, 200])
      const runAts = await w.t.ctx.db.kysely
        .selectFrom('post_deliveries')
        .select(['post_id', 'run_at', 'state'])
        .where('post_id', 'in', ids)
        .execute()
      expect(runAts.map((r) => r.state)).toEqual(['queued', 'queued', 'queued'])
      expect(new Set(runAts.map((r) => r.run_at)).size).toBe(3)
      // Each is one of the channel's slots (weekdays 09:00 and 15:00 Berlin).
      for (const r of runAts) expect(formatLocal(Number(r.run_at), 'Europe/Berlin')).toMatch(/T(09|15):00$/)
    })

    it('editing a scheduled post cancels its job; deleting one means it never goes out', async () => {
      const a = await approvedBrandPost('will be edited')
      const b = await approvedBrandPost('will be deleted')
      await w.owner.put(`${base}/posts/${a}/schedule`, {
        mode: 'at',
        local: '2026-03-02T10:30',
        timeZone: 'Europe/Berlin',
      })
      await w.owner.put(`${base}/posts/${b}/schedule`, {
        mode: 'at',
        local: '2026-03-02T10:30',
        timeZone: 'Europe/Berlin',
      })
      const before = await w.owner.get<Post>(`${base}/posts/${a}`)
      const oldJob = (
        await w.t.ctx.db.kysely
          .selectFrom('post_deliveries')
          .select('job_id')
          .where('id', '=', before.body.deliveries[0]!.id)
          .executeTakeFirstOrThrow()
      ).job_id!
      const edited = await w.owner.patch<Post>(`${base}/posts/${a}`, { parts: [{ text: 'was edited' }] })
      expect(edited.status).toBe(200)
      // No one else must approve the owner's brand post, so the new revision is queued again at once.
      expect(edited.body.state).toBe('scheduled')
      expect((await w.t.ctx.queue.get('publish.sandbox', oldJob))?.state).toBe('cancelled')
      expect((await w.owner.delete(`${base}/posts/${b}`)).status).toBe(204)
      w.t.clock.advance(60 * 60_000)
      await drain(w.t)
      const texts = (await sandboxPublished(w.t)).map((i) => i.text)
      expect(texts).toContain('was edited')
      expect(texts).not.toContain('will be edited')
      expect(texts).not.toContain('will be deleted')
      const after = await w.owner.get<Post>(`${base}/posts/${a}`)
      expect(after.body.state).toBe('published')
      // The Sandbox's own view of the post, inside Townhall (#22).
      expect(after.body.deliveries[0]!.url).toMatch(new RegExp(`^${w.t.ctx.config.publicUrl}/sandbox/[^/]+$`))
      const history = await w.owner.get<Array<{ action: string }>>(`${base}/posts/${a}/history`)
      expect(history.body.map((h) => h.action)).toEqual([
        'created',
        'submitted',
        'approved',
        'schedule-set',
        'scheduled',
        'edited',
        'scheduled',
        'published',
      ])
      expect((await w.owner.get(`${base}/posts/${b}`)).status).toBe(404)
    })
  })
})

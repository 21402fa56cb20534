import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import type { TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'
import { type PublishingWorld, setupPublishing } from './support.js'

type Problem = { title: string; detail: string }

// Issue #18 defect 7: an agent could delete anyone's draft.
describeEachEngine('deleting posts', (engine: Engine) => {
  let w: PublishingWorld
  let base: string

  beforeAll(async () => {
    w = await setupPublishing(engine)
    base = `/api/workspaces/${w.ws}`
  })
  afterAll(async () => w.t.close())

  const draft = async (client: TestClient, text: string) => {
    const r = await client.post<{ id: string }>(`${base}/posts`, {
      kind: 'free',
      parts: [{ text }],
      channelIds: [w.brandChannel],
    })
    expect(r.status).toBe(201)
    return r.body.id
  }

  it('refuses an agent deleting the owner’s draft (403) and keeps the draft', async () => {
    const id = await draft(w.owner, 'owner draft')
    const r = await w.agent.delete<Problem>(`${base}/posts/${id}`)
    expect(r.status).toBe(403)
    expect(r.body.detail).toBe('Your role (agent) does not allow post.delete-others.')
    const still = await w.owner.get<{ id: string; state: string }>(`${base}/posts/${id}`)
    expect(still.status).toBe(200)
    expect(still.body.state).toBe('draft')
  })

  it('lets an agent delete their own draft (204)', async () => {
    const id = await draft(w.agent, 'agent draft')
    const r = await w.agent.delete(`${base}/posts/${id}`)
    expect(r.status).toBe(204)
    expect((await w.owner.get(`${base}/posts/${id}`)).status).toBe(404)
  })

  it('lets a manager delete someone else’s draft (204)', async () => {
    const id = await draft(w.agent, 'agent draft for the manager')
    const r = await w.manager.delete(`${base}/posts/${id}`)
    expect(r.status).toBe(204)
    expect((await w.owner.get(`${base}/posts/${id}`)).status).toBe(404)
  })

  it('publishes the permission in GET …/permissions', async () => {
    const agent = await w.agent.get<{ allowed: string[] }>(`${base}/permissions`)
    const manager = await w.manager.get<{ allowed: string[] }>(`${base}/permissions`)
    expect(agent.body.allowed).not.toContain('post.delete-others')
    expect(manager.body.allowed).toContain('post.delete-others')
  })
})

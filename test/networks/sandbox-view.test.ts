import { afterAll, beforeAll, expect, it } from 'vitest'
import { createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'

interface SandboxPost {
  channelId: string
  world: { handle: string }
  item: { id: string; text: string | null; author: { brand: boolean; handle: string } }
  parent: { id: string } | null
  replies: Array<{ id: string; text: string | null; author: { brand: boolean } }>
}

/**
 * Issue #22: a Sandbox message's "open" link pointed at a dead host. It now opens the Sandbox's own
 * view of the post inside Townhall, for members of the workspace that owns the channel only.
 */
describeEachEngine('the Sandbox view of a post', (engine) => {
  let t: TestApp
  let owner: TestClient
  let other: TestClient
  let ws = ''
  let otherWs = ''
  let channelId = ''

  beforeAll(async () => {
    t = await createTestApp(engine)
    const s = await setupOwner(t.app)
    owner = s.owner
    ws = s.workspaceId
    const created = await owner.post<{ id: string }>('/api/workspaces', { name: 'Other Co', timeZone: 'UTC' })
    otherWs = created.body.id
    other = owner
    channelId = (await owner.post<{ id: string }>(`/api/workspaces/${ws}/channels/sandbox`, {})).body.id
  })
  afterAll(async () => t.close())

  it('links a published post to its view in Townhall and shows it with the replies under it', async () => {
    const published = await t.ctx.networks.connect.run(ws, channelId, (n) =>
      n.publish({ text: 'Our EU region is live', idempotencyKey: 'view-1' }),
    )
    const ref = published.parts[0]!
    expect(ref.url).toBe(`${t.ctx.config.publicUrl}/sandbox/${encodeURIComponent(ref.remoteId)}`)
    const reply = await t.ctx.networks.connect.run(ws, channelId, (n) =>
      n.reply(ref.remoteId, 'And it is fast'),
    )
    const view = await owner.get<SandboxPost>(
      `/api/workspaces/${ws}/sandbox/posts/${encodeURIComponent(ref.remoteId)}`,
    )
    expect(view.status).toBe(200)
    expect(view.body.channelId).toBe(channelId)
    expect(view.body.item).toMatchObject({
      id: ref.remoteId,
      text: 'Our EU region is live',
      author: { brand: true },
    })
    expect(view.body.parent).toBeNull()
    expect(view.body.replies.map((r) => [r.id, r.text])).toEqual([[reply.remoteId, 'And it is fast']])
    const child = await owner.get<SandboxPost>(
      `/api/workspaces/${ws}/sandbox/posts/${encodeURIComponent(reply.remoteId)}`,
    )
    expect(child.body.parent?.id).toBe(ref.remoteId)
  })

  it("answers 404 for another workspace's Sandbox post and for one that does not exist", async () => {
    const published = await t.ctx.networks.connect.run(ws, channelId, (n) =>
      n.publish({ text: 'Only for Acme', idempotencyKey: 'view-2' }),
    )
    const id = encodeURIComponent(published.parts[0]!.remoteId)
    expect((await other.get(`/api/workspaces/${otherWs}/sandbox/posts/${id}`)).status).toBe(404)
    expect((await owner.get(`/api/workspaces/${ws}/sandbox/posts/no-such-item`)).status).toBe(404)
  })
})

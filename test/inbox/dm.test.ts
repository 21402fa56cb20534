import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { DirectMessageService } from '../../src/inbox/direct-message.service.js'
import type { Network } from '../../src/networks/network.port.js'
import { describeEachEngine } from '../support/db.js'
import { type InboxFixture, inboxFixture } from './support.js'

describeEachEngine('inbox: continue in a direct message', (engine: Engine) => {
  let f: InboxFixture
  beforeAll(async () => {
    f = await inboxFixture(engine)
  })
  afterAll(async () => f.t.close())

  it('sends a DM through the Sandbox and links the DM conversation to the public one', async () => {
    expect(f.t.ctx.networks.registry.get('sandbox').capabilities.directMessages).toBe(true)
    const worlds = f.t.ctx.networks.worlds
    const w = await worlds.ensure({
      id: f.channel.id,
      handle: 'acme.sandbox',
      displayName: 'Acme',
      seed: 3,
      ratePerMinute: 0,
    })
    const run = <T>(work: (n: Network) => Promise<T>) =>
      f.t.ctx.networks.connect.run(f.workspaceId, f.channel.id, work)
    await worlds.addCustomerItem(w.id, {
      kind: 'mention',
      authorIndex: 4,
      text: '@acme.sandbox you charged me twice, order 5531',
    })
    const page = await run((n) => n.fetchActivity(null))
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, page.messages)
    const publicId = r.conversationIds[0]!

    const res = await f.owner.post<{ conversationId: string; message: { direction: string; text: string } }>(
      `/api/workspaces/${f.workspaceId}/inbox/conversations/${publicId}/move-to-dm`,
      { text: 'Sorry about that! Could you send us your email here?' },
    )
    expect(res.status).toBe(201)
    const dmId = res.body.conversationId
    expect(dmId).not.toBe(publicId)
    expect(res.body.message).toMatchObject({
      direction: 'out',
      text: 'Sorry about that! Could you send us your email here?',
    })
    // The DM really is on the network, in the person's DM conversation.
    const sent = await f.t.ctx.db.kysely
      .selectFrom('sandbox_items')
      .select(['kind', 'from_brand', 'conversation_id'])
      .where('world_id', '=', w.id)
      .where('from_brand', '=', 1)
      .where('kind', '=', 'direct-message')
      .execute()
    expect(sent).toEqual([{ kind: 'direct-message', from_brand: 1, conversation_id: 'dm-4' }])

    const dm = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, dmId)
    const pub = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, publicId)
    expect(dm.kind).toBe('direct')
    expect(dm.state).toBe('pending')
    expect(dm.contact.id).toBe(pub.contact.id)
    expect(pub.timeline.find((e) => e.kind === 'moved-to-dm')?.data.conversationId).toBe(dmId)
    expect(dm.timeline.find((e) => e.kind === 'moved-from-public')?.data.conversationId).toBe(publicId)

    // The customer's DM answer lands in the DM conversation and reopens it.
    f.t.clock.advance(60_000)
    await worlds.addCustomerItem(w.id, {
      kind: 'direct-message',
      authorIndex: 4,
      text: 'sure, it is ann@example.com',
    })
    const next = await run((n) => n.fetchActivity(page.cursor))
    const r2 = await f.t.ctx.inbox.ingest.ingest(f.channel, next.messages)
    expect(r2.conversationIds).toEqual([dmId])
    const dm2 = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, dmId)
    expect(dm2.state).toBe('open')
    expect(dm2.messages.map((m) => m.direction)).toEqual(['out', 'in'])

    // A DM conversation cannot be moved again.
    const again = await f.owner.post(
      `/api/workspaces/${f.workspaceId}/inbox/conversations/${dmId}/move-to-dm`,
      {
        text: 'hi',
      },
    )
    expect(again.status).toBe(400)
  })

  it('refuses where the network does not support DMs (Bluesky in Townhall)', async () => {
    const bluesky = f.t.ctx.networks.registry.get('bluesky').capabilities
    expect(bluesky.directMessages).toBe(false)
    const svc = new DirectMessageService(
      f.t.ctx.db.kysely,
      f.t.clock,
      f.t.ctx.inbox.conversations,
      f.t.ctx.networks.connect,
      () => bluesky,
    )
    const pub = await f.t.ctx.db.kysely
      .selectFrom('inbox_conversations')
      .select('id')
      .where('workspace_id', '=', f.workspaceId)
      .where('kind', '=', 'public')
      .executeTakeFirstOrThrow()
    await expect(
      svc.moveToDm(f.workspaceId, pub.id, { memberId: f.ownerMemberId, userId: 'owner' }, 'hello'),
    ).rejects.toThrow(/does not support direct messages/)
  })
})

/**
 * End to end against a real local AT Protocol network (PLC + PDS + AppView from @atproto/dev-env):
 * a customer mentions the brand; the poll job brings it into the inbox, classified; an agent answers
 * through the API; the reply is on Bluesky as a child of the mention; the first-response time is
 * recorded; a second send from a stale view is blocked with the new message.
 */
import { AtpAgent } from '@atproto/api'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import {
  type LocalBluesky,
  startLocalBluesky,
  type TestAccount,
} from '../../src/networks/bluesky/bluesky.testing.js'
import { addMember, createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'

describe('inbox on a local Bluesky network', () => {
  let local: LocalBluesky
  let brand: TestAccount
  let customer: TestAccount
  let t: TestApp
  let agent: TestClient
  let workspaceId: string
  let channelId: string
  let mention: { uri: string; cid: string }
  let conversationId: string
  let lastMessageId: string

  beforeAll(async () => {
    local = await startLocalBluesky(inject('postgresUrl'), 'inbox_e_e')
    brand = await local.createAccount('brand')
    customer = await local.createAccount('customer')
    await local.settle()
    t = await createTestApp('postgres', { outboundAllow: new URL(local.serviceUrl).host })
    t.clock.set(Date.now())
    const s = await setupOwner(t.app)
    workspaceId = s.workspaceId
    agent = await addMember(t.app, s.owner, workspaceId, 'agent', 'agent@acme.example')
    const presences = await s.owner.get<Array<{ id: string }>>(`/api/workspaces/${workspaceId}/presences`)
    const owner = await t.ctx.db.kysely
      .selectFrom('members')
      .select('user_id')
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirstOrThrow()
    const channel = await t.ctx.networks.connect.connectBluesky(
      workspaceId,
      {
        presenceId: presences.body[0]!.id,
        serviceUrl: local.serviceUrl,
        handle: brand.handle,
        appPassword: brand.appPassword,
      },
      { userId: owner.user_id },
    )
    channelId = channel.id
  })

  afterAll(async () => {
    await t?.close()
    await local?.close()
  })

  it('brings a mention into the inbox, classified, through the poll job', async () => {
    mention = await local.post(
      customer,
      `@${brand.handle} my order never arrived and nobody answers the phone. Can you help?`,
    )
    await local.settle()
    t.clock.set(Date.now())
    await t.ctx.inbox.poll.poll({ channelId, at: 0 })
    // A second, overlapping poll from the start stores nothing twice.
    await t.ctx.db.kysely
      .updateTable('inbox_channel_sync')
      .set({ cursor: null })
      .where('channel_id', '=', channelId)
      .execute()
    const sync = await t.ctx.db.kysely
      .selectFrom('inbox_channel_sync')
      .selectAll()
      .where('channel_id', '=', channelId)
      .executeTakeFirstOrThrow()
    await t.ctx.inbox.poll.poll({ channelId, at: sync.next_poll_at! })

    const list = await agent.get<{
      items: Array<
        Record<string, unknown> & { id: string; lastMessageId: string; contact: { handle: string } }
      >
    }>(`/api/workspaces/${workspaceId}/inbox/conversations?states=open`)
    expect(list.status).toBe(200)
    expect(list.body.items).toHaveLength(1)
    const conv = list.body.items[0]!
    expect(conv.contact.handle).toBe(customer.handle)
    expect(conv.sentiment).toBe('negative')
    expect(conv.intent).toBe('complaint')
    expect(conv.priority).toBe('high')
    expect(conv.state).toBe('open')
    expect(conv.unread).toBe(true)
    conversationId = conv.id
    lastMessageId = conv.lastMessageId
    const channel = await t.ctx.channels.get(workspaceId, channelId)
    expect(channel.lastSyncAt).not.toBeNull()
    expect(channel.status).toBe('connected')
  })

  it('answers in public: the reply is a child of the mention on Bluesky, and first-response time is recorded', async () => {
    const detail = await agent.get<{
      messages: Array<{ id: string; remoteId: string; classification: { intent: string } }>
    }>(`/api/workspaces/${workspaceId}/inbox/conversations/${conversationId}`)
    expect(detail.body.messages[0]!.remoteId).toBe(mention.uri)
    t.clock.set(Date.now())
    const sent = await agent.post<{
      id: string
      remoteId: string
      direction: string
      sentByMemberId: string
    }>(`/api/workspaces/${workspaceId}/inbox/conversations/${conversationId}/reply`, {
      text: 'Hi {{contact.name}}, sorry about that! DM us your order number and we will fix it today.',
      lastSeenMessageId: lastMessageId,
    })
    expect(sent.status).toBe(201)
    expect(sent.body.direction).toBe('out')
    await local.settle()

    const reader = new AtpAgent({ service: local.serviceUrl })
    await reader.login({ identifier: customer.handle, password: customer.password })
    const thread = await reader.app.bsky.feed.getPostThread({ uri: mention.uri, depth: 2 })
    const replies =
      (
        thread.data.thread as {
          replies?: Array<{ post: { uri: string; author: { did: string }; record: { text: string } } }>
        }
      ).replies ?? []
    const ours = replies.find((r) => r.post.uri === sent.body.remoteId)
    expect(ours?.post.author.did).toBe(brand.did)
    expect(ours?.post.record.text).toBe(
      'Hi Customer, sorry about that! DM us your order number and we will fix it today.',
    )

    const after = await agent.get<{
      firstResponseAt: number | null
      firstResponseMs: number | null
      sla: unknown
      timeline: Array<{ kind: string }>
    }>(`/api/workspaces/${workspaceId}/inbox/conversations/${conversationId}`)
    expect(after.body.firstResponseAt).not.toBeNull()
    expect(after.body.firstResponseMs).toBeGreaterThanOrEqual(0)
    expect(after.body.sla).toBeNull()
    expect(after.body.timeline.map((e) => e.kind)).toContain('reply')
  })

  it('blocks a send from a stale view and returns what was missed', async () => {
    const stale = await agent.post<{
      status: number
      newMessages: Array<{ direction: string; text: string }>
    }>(`/api/workspaces/${workspaceId}/inbox/conversations/${conversationId}/reply`, {
      text: 'Any update?',
      lastSeenMessageId: lastMessageId,
    })
    expect(stale.status).toBe(409)
    expect(stale.body.newMessages.map((m) => m.direction)).toEqual(['out'])
  })

  it("threads the customer's follow-up under our reply into the same conversation", async () => {
    const d = await agent.get<{ messages: Array<{ remoteId: string; direction: string }> }>(
      `/api/workspaces/${workspaceId}/inbox/conversations/${conversationId}`,
    )
    const ourUri = d.body.messages.find((m) => m.direction === 'out')!.remoteId
    const ourCid = (await customer.agent.getPosts({ uris: [ourUri] })).data.posts[0]!.cid
    await local.post(customer, 'Thanks, sent you a DM!', {
      root: mention,
      parent: { uri: ourUri, cid: ourCid },
    })
    await local.settle()
    // Time moves on between our reply and the customer's answer, as it does for real.
    t.clock.set(Math.max(Date.now(), t.clock.now() + 1000))
    // @NOTE the AppView indexes notifications asynchronously; poll (as the job would) until it shows up.
    for (let attempt = 0; attempt < 20; attempt++) {
      const sync = await t.ctx.db.kysely
        .selectFrom('inbox_channel_sync')
        .selectAll()
        .where('channel_id', '=', channelId)
        .executeTakeFirstOrThrow()
      await t.ctx.inbox.poll.poll({ channelId, at: sync.next_poll_at! })
      const n = await t.ctx.db.kysely
        .selectFrom('inbox_messages')
        .select('id')
        .where('conversation_id', '=', conversationId)
        .execute()
      if (n.length === 3) break
      await local.settle()
      await new Promise((r) => setTimeout(r, 250))
    }
    const after = await agent.get<{ messageCount: number; messages: Array<{ text: string }> }>(
      `/api/workspaces/${workspaceId}/inbox/conversations/${conversationId}`,
    )
    expect(after.body.messageCount).toBe(3)
    expect(after.body.messages.at(-1)!.text).toBe('Thanks, sent you a DM!')
  })
})

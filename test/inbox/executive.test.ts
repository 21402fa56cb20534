import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import type { ConversationDetail, ConversationDto, Page } from '../../src/inbox/inbox.view.js'
import type { IngestChannel } from '../../src/inbox/ingest.types.js'
import { addMember, type TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

/** An executive works the inbox of their own person presence, and sees nothing of the others. */
describeEachEngine('inbox: an executive on their own presence', (engine: Engine) => {
  let f: InboxFixture
  let exec: TestClient
  let agent: TestClient
  let leeChannel: IngestChannel
  let mine: string
  let brand: string
  let base: string

  beforeAll(async () => {
    f = await inboxFixture(engine)
    base = `/api/workspaces/${f.workspaceId}/inbox`
    exec = await addMember(f.t.app, f.owner, f.workspaceId, 'executive', 'lee@acme.example')
    agent = await addMember(f.t.app, f.owner, f.workspaceId, 'agent', 'ann@acme.example')
    const em = (await exec.get<{ memberId: string }>(`/api/workspaces/${f.workspaceId}/permissions`)).body
      .memberId
    const lee = await f.owner.post<{ id: string }>(`/api/workspaces/${f.workspaceId}/presences`, {
      kind: 'person',
      displayName: 'Lee Exec',
      memberId: em,
    })
    const ch = await f.t.ctx.channels.create(
      f.workspaceId,
      { presenceId: lee.body.id, network: 'sandbox', handle: 'lee.sandbox', remoteAccountId: 'lee-account' },
      null,
    )
    leeChannel = {
      id: ch.id,
      workspaceId: f.workspaceId,
      presenceId: lee.body.id,
      network: 'sandbox',
      remoteAccountId: 'lee-account',
    }
    // A customer writes to Lee on the Sandbox (a real world, so a reply goes through the network).
    const worlds = f.t.ctx.networks.worlds
    const w = await worlds.ensure({
      id: ch.id,
      handle: 'lee.sandbox',
      displayName: 'Lee',
      seed: 5,
      ratePerMinute: 0,
    })
    await worlds.addCustomerItem(w.id, {
      kind: 'mention',
      authorIndex: 2,
      text: '@lee.sandbox why did prices go up?',
    })
    const page = await f.t.ctx.networks.connect.run(f.workspaceId, ch.id, (n) => n.fetchActivity(null))
    mine = (await f.t.ctx.inbox.ingest.ingest(leeChannel, page.messages)).conversationIds[0]!
    // …and another customer writes to the brand.
    brand = (
      await f.t.ctx.inbox.ingest.ingest(f.channel, [
        activity({
          text: '@acme my parcel never arrived',
          author: { remoteId: 'bob', handle: 'bob.example' },
        }),
      ])
    ).conversationIds[0]!
  })
  afterAll(async () => f.t.close())

  it('lists, searches and counts only the conversations of their own presence', async () => {
    const list = await exec.get<Page<ConversationDto>>(`${base}/conversations`)
    expect(list.status).toBe(200)
    expect(list.body.items.map((c) => c.id)).toEqual([mine])
    expect(list.body.items[0]!.presenceId).toBe(leeChannel.presenceId)
    // Asking for the brand's presence by id gives nothing, not the brand's conversations.
    const other = await exec.get<Page<ConversationDto>>(
      `${base}/conversations?presenceIds=${f.channel.presenceId}`,
    )
    expect(other.body.items).toEqual([])
    const search = await exec.get<{
      conversations: Page<ConversationDto>
      contacts: Array<{ handle: string }>
    }>(`${base}/search?q=parcel`)
    expect(search.status).toBe(200)
    expect(search.body.conversations.items).toEqual([])
    expect(search.body.contacts).toEqual([])
    const own = await exec.get<{ conversations: Page<ConversationDto> }>(`${base}/search?q=prices`)
    expect(own.body.conversations.items.map((c) => c.id)).toEqual([mine])
    const counts = await exec.get<Array<{ id: string; total: number; unread: number }>>(
      `${base}/views/counts`,
    )
    expect(counts.body.find((v) => v.id === 'all-open')).toMatchObject({ total: 1, unread: 1 })
    // An agent still sees the whole inbox.
    const all = await agent.get<Page<ConversationDto>>(`${base}/conversations`)
    expect(all.body.items.map((c) => c.id).sort()).toEqual([mine, brand].sort())
  })

  it('opens, answers and notes their own conversations; another presence is 404', async () => {
    const d = await exec.get<ConversationDetail>(`${base}/conversations/${mine}`)
    expect(d.status).toBe(200)
    expect(d.body.messages[0]!.text).toBe('@lee.sandbox why did prices go up?')
    const sent = await exec.post<{ direction: string; text: string }>(`${base}/conversations/${mine}/reply`, {
      text: 'Costs went up; we held them as long as we could.',
      lastSeenMessageId: d.body.lastMessageId,
    })
    expect(sent.status).toBe(201)
    expect(sent.body).toMatchObject({
      direction: 'out',
      text: 'Costs went up; we held them as long as we could.',
    })
    expect((await exec.post(`${base}/conversations/${mine}/notes`, { text: 'answered myself' })).status).toBe(
      201,
    )
    expect((await exec.post(`${base}/conversations/${mine}/state`, { state: 'resolved' })).status).toBe(204)
    const after = await f.owner.get<ConversationDetail>(`${base}/conversations/${mine}`)
    expect(after.body.state).toBe('resolved')
    expect(after.body.firstResponseAt).not.toBeNull()

    const brandDetail = await f.owner.get<ConversationDetail>(`${base}/conversations/${brand}`)
    const brandMsg = brandDetail.body.messages[0]!.id
    expect((await exec.get(`${base}/conversations/${brand}`)).status).toBe(404)
    const r = await exec.post(`${base}/conversations/${brand}/reply`, {
      text: 'hello',
      lastSeenMessageId: brandDetail.body.lastMessageId,
    })
    expect(r.status).toBe(404)
    expect((await exec.post(`${base}/conversations/${brand}/notes`, { text: 'x' })).status).toBe(404)
    expect((await exec.post(`${base}/conversations/${brand}/state`, { state: 'spam' })).status).toBe(404)
    expect((await exec.post(`${base}/conversations/${brand}/move-to-dm`, { text: 'x' })).status).toBe(404)
    expect((await exec.post(`${base}/messages/${brandMsg}/triage`, { intent: 'question' })).status).toBe(404)
    const contact = await exec.get<{ conversations: Array<{ id: string }> }>(
      `${base}/contacts/${d.body.contact.id}`,
    )
    expect(contact.body.conversations.map((v) => v.id)).toEqual([mine])
    expect((await exec.get(`${base}/contacts/${brandDetail.body.contact.id}`)).status).toBe(404)
    const bulk = await exec.post<{ updated: number; notFound: string[] }>(`${base}/conversations/bulk`, {
      ids: [mine, brand],
      action: { type: 'priority', priority: 'high' },
    })
    expect(bulk.body).toEqual({ updated: 1, notFound: [brand] })
    const untouched = await f.owner.get<ConversationDetail>(`${base}/conversations/${brand}`)
    expect(untouched.body).toMatchObject({ state: 'open', priority: brandDetail.body.priority })
    expect(untouched.body.timeline.filter((e) => e.actorMemberId !== null)).toEqual([])
  })

  it('streams live events of their own presence only', async () => {
    const ctrl = new AbortController()
    const res = await f.t.app.request(`/api/workspaces/${f.workspaceId}/events`, {
      headers: { cookie: exec.cookie },
      signal: ctrl.signal,
    })
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (!text.includes('event: ready')) text += decoder.decode((await reader.read()).value)
    // The brand hears first, then Lee: Lee's stream must show only Lee's.
    const theirs = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({ text: '@acme hello again', author: { remoteId: 'carl', handle: 'carl.example' } }),
    ])
    const ours = await f.t.ctx.inbox.ingest.ingest(leeChannel, [
      activity({ text: '@lee.sandbox big fan', author: { remoteId: 'dora', handle: 'dora.example' } }),
    ])
    while (!text.includes(ours.conversationIds[0]!)) text += decoder.decode((await reader.read()).value)
    ctrl.abort()
    await reader.cancel().catch(() => {})
    const created = text
      .split('\n')
      .filter((l) => l.startsWith('data: ') && l.includes('message.created'))
      .map((l) => (JSON.parse(l.slice(6)) as { conversationId: string }).conversationId)
    expect(created).toEqual([ours.conversationIds[0]])
    expect(text).not.toContain(theirs.conversationIds[0]!)
  })

  it('keeps the inbox closed to an executive without a presence of their own', async () => {
    const other = await addMember(f.t.app, f.owner, f.workspaceId, 'executive', 'max@acme.example')
    expect((await other.get(`${base}/conversations`)).status).toBe(403)
    // Someone else's conversation is not theirs: 404, as for an executive with a presence.
    expect((await other.get(`${base}/conversations/${mine}`)).status).toBe(404)
    expect((await other.post(`${base}/conversations/${mine}/notes`, { text: 'x' })).status).toBe(404)
    // A viewer keeps reading the whole inbox and still cannot write.
    const viewer = await addMember(f.t.app, f.owner, f.workspaceId, 'viewer', 'vi@acme.example')
    expect((await viewer.get(`${base}/conversations/${brand}`)).status).toBe(200)
    expect((await viewer.post(`${base}/conversations/${brand}/notes`, { text: 'x' })).status).toBe(403)
  })
})

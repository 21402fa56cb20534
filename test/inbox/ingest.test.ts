import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { describeEachEngine } from '../support/db.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

describeEachEngine('inbox ingest', (engine: Engine) => {
  let f: InboxFixture
  beforeAll(async () => {
    f = await inboxFixture(engine)
  })
  afterAll(async () => f.t.close())

  const count = async (table: 'inbox_messages' | 'inbox_conversations' | 'inbox_contacts') =>
    Number(
      (
        await f.t.ctx.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('workspace_id', '=', f.workspaceId)
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('stores each message once across overlapping polls and repeats', async () => {
    const a = activity({ remoteId: 'm-1' })
    const b = activity({
      remoteId: 'm-2',
      author: { remoteId: 'bob-id', handle: 'bob.example', displayName: 'Bob' },
    })
    const c = activity({
      remoteId: 'm-3',
      author: { remoteId: 'carol-id', handle: 'carol.example', displayName: 'Carol' },
    })
    const first = await f.t.ctx.inbox.ingest.ingest(f.channel, [a, b, b])
    expect(first.stored).toBe(2)
    const second = await f.t.ctx.inbox.ingest.ingest(f.channel, [b, c])
    expect(second.stored).toBe(1)
    expect(second.duplicates).toBe(1)
    const third = await f.t.ctx.inbox.ingest.ingest(f.channel, [a, b, c])
    expect(third.stored).toBe(0)
    expect(await count('inbox_messages')).toBe(3)
    expect(await count('inbox_conversations')).toBe(3)
    expect(await count('inbox_contacts')).toBe(3)
  })

  it('takes an author’s details and counts from fresh messages only, not from a repeated one', async () => {
    const dave = (followerCount: number) => ({
      remoteId: 'dave-id',
      handle: 'dave.example',
      displayName: `Dave ${followerCount}`,
      followerCount,
    })
    const contact = (remoteId: string) =>
      f.t.ctx.db.kysely
        .selectFrom('inbox_contacts')
        .select(['display_name', 'follower_count', 'message_count'])
        .where('workspace_id', '=', f.workspaceId)
        .where('remote_id', '=', remoteId)
        .executeTakeFirst()
    const first = activity({ remoteId: 'd-1', author: dave(10) })
    await f.t.ctx.inbox.ingest.ingest(f.channel, [first])
    // A re-poll returns the stored message with the author's newer details, next to someone new.
    const repoll = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      { ...first, author: { ...first.author, ...dave(999) } },
      activity({
        remoteId: 'e-1',
        author: { remoteId: 'erin-id', handle: 'erin.example', displayName: 'Erin' },
      }),
    ])
    expect([repoll.stored, repoll.duplicates]).toEqual([1, 1])
    expect(await contact('dave-id')).toEqual({
      display_name: 'Dave 10',
      follower_count: 10,
      message_count: 1,
    })
    expect(await contact('erin-id')).toMatchObject({ display_name: 'Erin', message_count: 1 })
    await f.t.ctx.inbox.ingest.ingest(f.channel, [activity({ remoteId: 'd-2', author: dave(999) })])
    expect(await contact('dave-id')).toEqual({
      display_name: 'Dave 999',
      follower_count: 999,
      message_count: 2,
    })
  })

  it('classifies the message and links the contact', async () => {
    const page = await f.t.ctx.inbox.view.list(f.workspaceId, f.ownerMemberId, {})
    const alice = page.items.find((c) => c.contact.handle === 'alice.example')!
    expect(alice.state).toBe('open')
    expect(alice.contact.name).toBe('Alice')
    expect(alice.contact.followerCount).toBe(120)
    expect(alice.intent).toBe('complaint')
    expect(alice.sentiment).toBe('negative')
    expect(alice.priority).toBe('high')
    expect(alice.sla?.kind).toBe('first')
    const detail = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, alice.id)
    expect(detail.messages[0]!.classification?.needsReply).toBe(true)
  })

  it('threads replies into the conversation of their thread root, and DMs by person', async () => {
    const root = activity({ remoteId: 't-root', text: '@acme my flight was cancelled and nobody helps' })
    await f.t.ctx.inbox.ingest.ingest(f.channel, [root])
    const reply = activity({
      kind: 'reply',
      remoteId: 't-2',
      threadRootId: 't-root',
      parentId: 't-root',
      text: 'still waiting',
    })
    const deeper = activity({
      kind: 'reply',
      remoteId: 't-3',
      threadRootId: 't-root',
      parentId: 't-2',
      text: 'hello??',
    })
    const dm1 = activity({
      kind: 'direct-message',
      remoteId: 'dm-1',
      conversationId: 'dmc-1',
      text: 'can you check order 123',
    })
    const dm2 = activity({
      kind: 'direct-message',
      remoteId: 'dm-2',
      conversationId: 'dmc-1',
      text: 'thanks',
    })
    await f.t.ctx.inbox.ingest.ingest(f.channel, [deeper, reply, dm1, dm2])
    const rows = await f.t.ctx.db.kysely
      .selectFrom('inbox_messages')
      .select(['remote_id', 'conversation_id'])
      .where('remote_id', 'in', ['t-root', 't-2', 't-3', 'dm-1', 'dm-2'])
      .execute()
    const conv = Object.fromEntries(rows.map((r) => [r.remote_id, r.conversation_id]))
    expect(conv['t-2']).toBe(conv['t-root'])
    expect(conv['t-3']).toBe(conv['t-root'])
    expect(conv['dm-2']).toBe(conv['dm-1'])
    expect(conv['dm-1']).not.toBe(conv['t-root'])
    const thread = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, conv['t-root']!)
    expect(thread.messageCount).toBe(3)
    expect(thread.messages.map((m) => m.remoteId)).toEqual(['t-root', 't-2', 't-3'])
    expect(thread.kind).toBe('public')
  })

  it('counts likes, reposts and follows per day and post instead of storing them', async () => {
    const like = activity({ kind: 'like', remoteId: 'like-1', text: null, subjectRemoteId: 'our-post' })
    const like2 = activity({ kind: 'like', remoteId: 'like-2', text: null, subjectRemoteId: 'our-post' })
    const follow = activity({ kind: 'follow', remoteId: 'follow-1', text: null })
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [like, like2, follow, like])
    expect(r.counted).toBe(3)
    await f.t.ctx.inbox.ingest.ingest(f.channel, [like2])
    const counts = await f.t.ctx.inbox.view.activityCounts(f.workspaceId, { subjectRemoteId: 'our-post' })
    expect(counts.map((c) => [c.kind, c.count])).toEqual([['like', 2]])
    const stored = await f.t.ctx.db.kysely
      .selectFrom('inbox_messages')
      .select('id')
      .where('remote_id', '=', 'like-1')
      .execute()
    expect(stored).toEqual([])
  })

  it('reopens a resolved conversation when a new message arrives', async () => {
    const m = activity({ remoteId: 'ro-1', author: { remoteId: 'dan-id', handle: 'dan.example' } })
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [m])
    const id = r.conversationIds[0]!
    const actor = { memberId: f.ownerMemberId, userId: 'u' }
    await f.t.ctx.inbox.conversations.setState(f.workspaceId, id, actor, 'resolved')
    expect((await f.t.ctx.inbox.conversations.row(f.workspaceId, id)).state).toBe('resolved')
    await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({
        kind: 'reply',
        remoteId: 'ro-2',
        threadRootId: 'ro-1',
        parentId: 'ro-1',
        author: { remoteId: 'dan-id', handle: 'dan.example' },
      }),
    ])
    const detail = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, id)
    expect(detail.state).toBe('open')
    expect(detail.timeline.map((e) => [e.kind, e.data.to])).toContainEqual(['state', 'open'])
    expect(detail.sla?.kind).toBe('first')
  })

  it('keeps quotes, backslashes, emoji and line breaks as sent; a lone surrogate and NUL cannot break a batch', async () => {
    const text = 'He said "no refund" \\ C:\\path\n\ttab 👍🏽 café {"json": [1]} \ud83d end \u0000 nul'
    const name = 'Zoë "Z" \\ O\'Neil'
    const m = activity({
      remoteId: 'm-text',
      text,
      author: { remoteId: 'zoe-id', handle: 'zoe.example', displayName: name },
    })
    const ok = activity({
      remoteId: 'm-text-2',
      text: 'plain',
      author: { remoteId: 'yan-id', handle: 'yan.example' },
    })
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [m, ok])
    expect(r.stored).toBe(2)
    const row = await f.t.ctx.db.kysely
      .selectFrom('inbox_messages')
      .select(['text', 'author_name'])
      .where('remote_id', '=', 'm-text')
      .executeTakeFirstOrThrow()
    // Both engines store the same: U+FFFD for the lone surrogate and for NUL.
    expect(row.text).toBe(
      'He said "no refund" \\ C:\\path\n\ttab 👍🏽 café {"json": [1]} \ufffd end \ufffd nul',
    )
    expect(row.author_name).toBe(name)
  })

  it('two channels of the workspace on one network ingesting the same new people at once make one contact each', async () => {
    const presences = await f.owner.get<Array<{ id: string }>>(`/api/workspaces/${f.workspaceId}/presences`)
    const ch = await f.t.ctx.channels.create(
      f.workspaceId,
      {
        presenceId: presences.body[0]!.id,
        network: 'sandbox',
        handle: 'acme-care.sandbox',
        remoteAccountId: 'care-account',
      },
      null,
    )
    const second = { ...f.channel, id: ch.id, remoteAccountId: 'care-account' }
    const people = Array.from({ length: 40 }, (_, i) => ({
      remoteId: `race-${i}`,
      handle: `race${i}.example`,
    }))
    const batch = (prefix: string) =>
      people.map((author) => activity({ remoteId: `${prefix}-${author.remoteId}`, author }))
    const [a, b] = await Promise.all([
      f.t.ctx.inbox.ingest.ingest(f.channel, batch('one')),
      f.t.ctx.inbox.ingest.ingest(second, batch('two')),
    ])
    expect([a.stored, b.stored]).toEqual([40, 40])
    const contacts = await f.t.ctx.db.kysely
      .selectFrom('inbox_contacts')
      .select(['remote_id', 'network', 'handle', 'message_count'])
      .where('workspace_id', '=', f.workspaceId)
      .where('handle', 'like', 'race%')
      .orderBy('remote_id')
      .execute()
    expect(contacts).toHaveLength(40)
    expect(new Set(contacts.map((r) => r.remote_id)).size).toBe(40)
    expect(contacts.every((r) => r.network === 'sandbox' && r.remote_id?.startsWith('race-'))).toBe(true)
    expect(contacts.every((r) => Number(r.message_count) === 2)).toBe(true)
  })

  it('stores texts that look like the bulk encoding itself exactly as sent (NULL, empty, braces, spaces)', async () => {
    const texts = ['NULL', '', '  spaced  ', '{a,"b"},c}', 'null', '\\"', ',']
    const items = texts.map((text, i) =>
      activity({
        remoteId: `m-lit-${i}`,
        text,
        author: { remoteId: `lit-${i}`, handle: `lit${i}.example`, displayName: i === 0 ? 'NULL' : null },
      }),
    )
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, items)
    expect(r.stored).toBe(texts.length)
    const rows = await f.t.ctx.db.kysely
      .selectFrom('inbox_messages')
      .select(['remote_id', 'text', 'author_name'])
      .where('remote_id', 'like', 'm-lit-%')
      .orderBy('remote_id')
      .execute()
    expect(rows.map((x) => [x.remote_id, x.text])).toEqual(texts.map((t, i) => [`m-lit-${i}`, t]))
    expect(rows[0]!.author_name).toBe('NULL')
    expect(rows[1]!.author_name).toBeNull()
    const contact = await f.t.ctx.db.kysely
      .selectFrom('inbox_contacts')
      .select(['remote_name', 'display_name', 'handle'])
      .where('remote_id', '=', 'lit-0')
      .executeTakeFirstOrThrow()
    expect(contact).toEqual({ remote_name: 'NULL', display_name: 'NULL', handle: 'lit0.example' })
  })
})

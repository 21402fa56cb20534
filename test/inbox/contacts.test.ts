/**
 * Contacts (docs/adr/0022): one row per network account; a merge makes one point at the group's
 * contact, and messages from any account of the group count for it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { describeEachEngine } from '../support/db.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

const HOUR = 3_600_000
const T0 = Date.UTC(2026, 2, 1, 9, 0) // the day before the test clock's "now"

describeEachEngine('contacts', (engine: Engine) => {
  let f: InboxFixture
  const person = (name: string) => ({ remoteId: `${name}-id`, handle: `${name}.example`, displayName: name })
  const from = (name: string, createdAt: number) =>
    activity({ remoteId: `${name}-${createdAt}`, author: person(name), createdAt })
  const idOf = async (name: string) =>
    (
      await f.t.ctx.db.kysely
        .selectFrom('inbox_contacts')
        .select('id')
        .where('remote_id', '=', `${name}-id`)
        .executeTakeFirstOrThrow()
    ).id
  const row = async (id: string) =>
    f.t.ctx.db.kysely
      .selectFrom('inbox_contacts')
      .select(['merged_into', 'message_count', 'last_seen_at', 'seen_hour'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow()

  beforeAll(async () => {
    f = await inboxFixture(engine)
    await f.t.ctx.inbox.ingest.ingest(f.channel, [
      from('ann', T0),
      from('bob', T0 + 60_000),
      from('cy', T0 + 120_000),
      from('eve', T0 - 5 * HOUR),
    ])
  })
  afterAll(async () => f.t.close())

  it('makes one contact per account, each carrying its network and remote id', async () => {
    const rows = await f.t.ctx.db.kysely
      .selectFrom('inbox_contacts')
      .select(['handle', 'network', 'remote_id', 'remote_name', 'message_count', 'seen_hour'])
      .where('workspace_id', '=', f.workspaceId)
      .orderBy('handle')
      .execute()
    expect(
      rows.map((r) => [r.handle, r.network, r.remote_id, r.remote_name, Number(r.message_count)]),
    ).toEqual([
      ['ann.example', 'sandbox', 'ann-id', 'ann', 1],
      ['bob.example', 'sandbox', 'bob-id', 'bob', 1],
      ['cy.example', 'sandbox', 'cy-id', 'cy', 1],
      ['eve.example', 'sandbox', 'eve-id', 'eve', 1],
    ])
    expect(Number(rows[3]!.seen_hour)).toBe(Math.floor((T0 - 5 * HOUR) / HOUR))
  })

  it('lists contacts by the hour of their last message, newest first', async () => {
    const list = await f.t.ctx.inbox.contacts.list(f.workspaceId)
    expect(list.map((c) => c.handle)).toEqual(['cy.example', 'bob.example', 'ann.example', 'eve.example'])
    // Eve writes again, two hours later than the others: she moves to the top, her hour with her.
    await f.t.ctx.inbox.ingest.ingest(f.channel, [from('eve', T0 + 2 * HOUR)])
    const eve = await row(await idOf('eve'))
    expect(Number(eve.seen_hour)).toBe(Math.floor((T0 + 2 * HOUR) / HOUR))
    expect(Number(eve.message_count)).toBe(2)
    const again = await f.t.ctx.inbox.contacts.list(f.workspaceId)
    expect(again[0]!.handle).toBe('eve.example')
  })

  it('merges a group into another: every account points at the surviving contact', async () => {
    const [ann, bob, cy] = [await idOf('ann'), await idOf('bob'), await idOf('cy')]
    await f.t.ctx.inbox.contacts.merge(f.workspaceId, bob, cy)
    const merged = await f.t.ctx.inbox.contacts.merge(f.workspaceId, ann, bob)
    expect(merged.accounts.map((a) => a.handle).sort()).toEqual(['ann.example', 'bob.example', 'cy.example'])
    expect(merged.messageCount).toBe(3)
    expect((await row(cy)).merged_into).toBe(ann)
    expect((await row(bob)).merged_into).toBe(ann)
    // A merged contact is no longer a group of its own: nothing merges into it, or from it again.
    const refusal = (field: string) => ({
      status: 400,
      details: { fields: [{ field, reason: 'was merged into another contact already' }] },
    })
    await expect(f.t.ctx.inbox.contacts.merge(f.workspaceId, bob, await idOf('eve'))).rejects.toMatchObject(
      refusal('targetId'),
    )
    await expect(f.t.ctx.inbox.contacts.merge(f.workspaceId, ann, cy)).rejects.toMatchObject(
      refusal('sourceId'),
    )
    const listed = await f.t.ctx.inbox.contacts.list(f.workspaceId)
    expect(listed.map((c) => c.id)).not.toContain(bob)
    expect(listed.map((c) => c.id)).not.toContain(cy)
    // Searching the list by a merged account's handle or name finds the group, once.
    const search = async (q: string) =>
      (await f.t.ctx.inbox.contacts.list(f.workspaceId, { q })).map((c) => c.id)
    expect(await search('CY.example')).toEqual([ann])
    expect(await search('bob')).toEqual([ann])
    expect((await search('.example')).sort()).toEqual([ann, await idOf('eve')].sort())
    expect(await search('nobody')).toEqual([])
  })

  it('counts messages from several accounts of a group in one batch for the group', async () => {
    const ann = await idOf('ann')
    const before = Number((await row(ann)).message_count)
    const r = await f.t.ctx.inbox.ingest.ingest(f.channel, [
      from('bob', T0 + 3 * HOUR),
      from('cy', T0 + 3 * HOUR + 1000),
      from('cy', T0 + 3 * HOUR + 2000),
    ])
    expect(r.stored).toBe(3)
    const after = await row(ann)
    expect(Number(after.message_count)).toBe(before + 3)
    expect(Number(after.last_seen_at)).toBe(T0 + 3 * HOUR + 2000)
    expect(Number(after.seen_hour)).toBe(Math.floor((T0 + 3 * HOUR) / HOUR))
    for (const id of r.conversationIds) {
      const d = await f.t.ctx.inbox.view.detail(f.workspaceId, f.ownerMemberId, id)
      expect(d.contact.id).toBe(ann)
    }
  })
})

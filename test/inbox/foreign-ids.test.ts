import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Engine } from '../../src/db/database.js'
import { describeEachEngine } from '../support/db.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

type Problem = { errors: Array<{ field: string; reason: string }> }

/**
 * Issue #18 defect 6: rule conditions and saved views took another workspace's ids (201). Workspace
 * A is the fixture's; B is a second workspace of the same owner with its own channel, contact and team.
 */
describeEachEngine('inbox ids from another workspace', (engine: Engine) => {
  let f: InboxFixture
  let a: string
  const other = { channel: '', presence: '', contact: '', team: '', member: '' }
  let ownChannel = ''
  let ownContact = ''

  beforeAll(async () => {
    f = await inboxFixture(engine)
    a = `/api/workspaces/${f.workspaceId}/inbox`
    await f.t.ctx.inbox.ingest.ingest(f.channel, [
      activity({ author: { remoteId: 'own', handle: 'own.example' } }),
    ])
    ownChannel = f.channel.id
    ownContact = (
      await f.t.ctx.db.kysely
        .selectFrom('inbox_contacts')
        .select('id')
        .where('workspace_id', '=', f.workspaceId)
        .executeTakeFirstOrThrow()
    ).id
    const ws = await f.owner.post<{ id: string }>('/api/workspaces', { name: 'Other Co', timeZone: 'UTC' })
    expect(ws.status).toBe(201)
    const b = ws.body.id
    const presences = await f.owner.get<Array<{ id: string }>>(`/api/workspaces/${b}/presences`)
    other.presence = presences.body[0]!.id
    const ch = await f.t.ctx.channels.create(
      b,
      {
        presenceId: other.presence,
        network: 'sandbox',
        handle: 'other.sandbox',
        remoteAccountId: 'other-brand',
      },
      null,
    )
    other.channel = ch.id
    await f.t.ctx.inbox.ingest.ingest(
      {
        id: ch.id,
        workspaceId: b,
        presenceId: other.presence,
        network: 'sandbox',
        remoteAccountId: 'other-brand',
      },
      [activity({ author: { remoteId: 'theirs', handle: 'theirs.example' } })],
    )
    other.contact = (
      await f.t.ctx.db.kysely
        .selectFrom('inbox_contacts')
        .select('id')
        .where('workspace_id', '=', b)
        .executeTakeFirstOrThrow()
    ).id
    const team = await f.owner.post<{ id: string }>(`/api/workspaces/${b}/inbox/teams`, { name: 'Theirs' })
    expect(team.status).toBe(201)
    other.team = team.body.id
    other.member = (await f.owner.get<{ memberId: string }>(`/api/workspaces/${b}/permissions`)).body.memberId
  })
  afterAll(async () => f.t.close())

  const rule = (conditions: Record<string, unknown>) => ({
    name: 'Route it',
    conditions,
    actions: [{ type: 'label', label: 'x' }],
  })

  it.each([
    ['channelIds', 'conditions.channelIds.1', 'is not a channel of this workspace'],
    ['presenceIds', 'conditions.presenceIds.1', 'is not a presence of this workspace'],
    ['contactIds', 'conditions.contactIds.1', 'is not a contact of this workspace'],
  ] as const)(
    'refuses a rule whose %s name another workspace (create and update)',
    async (key, field, reason) => {
      const own = { channelIds: ownChannel, presenceIds: f.channel.presenceId, contactIds: ownContact }[key]
      const foreign = { channelIds: other.channel, presenceIds: other.presence, contactIds: other.contact }[
        key
      ]
      const created = await f.owner.post<Problem>(`${a}/rules`, rule({ [key]: [own, foreign] }))
      expect(created.status).toBe(400)
      expect(created.body.errors).toEqual([{ field, reason }])

      const ok = await f.owner.post<{ id: string; conditions: Record<string, string[]> }>(
        `${a}/rules`,
        rule({ [key]: [own] }),
      )
      expect(ok.status).toBe(201)
      expect(ok.body.conditions[key]).toEqual([own])
      const patched = await f.owner.patch<Problem>(`${a}/rules/${ok.body.id}`, {
        conditions: { [key]: [own, foreign] },
      })
      expect(patched.status).toBe(400)
      expect(patched.body.errors).toEqual([{ field, reason }])
      const kept = await f.owner.get<Array<{ id: string; conditions: Record<string, string[]> }>>(
        `${a}/rules`,
      )
      expect(kept.body.find((r) => r.id === ok.body.id)!.conditions[key]).toEqual([own])
    },
  )

  it.each([
    ['teamId', 'filters.teamId', 'is not a team of this workspace'],
    ['assignee', 'filters.assignee', 'is not a member of this workspace'],
    ['channelIds', 'filters.channelIds.0', 'is not a channel of this workspace'],
    ['presenceIds', 'filters.presenceIds.0', 'is not a presence of this workspace'],
    ['contactId', 'filters.contactId', 'is not a contact of this workspace'],
  ] as const)(
    'refuses a saved view whose %s is another workspace’s (create and update)',
    async (key, field, reason) => {
      const foreign = {
        teamId: other.team,
        assignee: other.member,
        channelIds: [other.channel],
        presenceIds: [other.presence],
        contactId: other.contact,
      }[key]
      const created = await f.owner.post<Problem>(`${a}/views`, {
        name: 'Theirs',
        filters: { [key]: foreign },
      })
      expect(created.status).toBe(400)
      expect(created.body.errors).toEqual([{ field, reason }])

      const ok = await f.owner.post<{ id: string }>(`${a}/views`, {
        name: 'Mine',
        filters: { states: ['open'] },
      })
      expect(ok.status).toBe(201)
      const patched = await f.owner.patch<Problem>(`${a}/views/${ok.body.id}`, {
        filters: { [key]: foreign },
      })
      expect(patched.status).toBe(400)
      expect(patched.body.errors).toEqual([{ field, reason }])
    },
  )

  it('still saves a view on its own team, assignee "me" and own contact', async () => {
    const team = await f.owner.post<{ id: string }>(`${a}/teams`, { name: 'Ours' })
    const r = await f.owner.post<{ filters: Record<string, unknown> }>(`${a}/views`, {
      name: 'Ours',
      filters: { teamId: team.body.id, assignee: 'me', contactId: ownContact, channelIds: [ownChannel] },
    })
    expect(r.status).toBe(201)
    expect(r.body.filters).toEqual({
      teamId: team.body.id,
      assignee: 'me',
      contactId: ownContact,
      channelIds: [ownChannel],
    })
  })
})

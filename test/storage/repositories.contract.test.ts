import { afterAll, beforeAll, expect, it } from 'vitest'
import { ManualClock } from '../../src/core/clock.js'
import { DomainError } from '../../src/core/errors.js'
import { Sealer } from '../../src/core/seal.js'
import type { Engine } from '../../src/db/database.js'
import { AuthService } from '../../src/identity/auth.service.js'
import { TokenService } from '../../src/identity/token.service.js'
import { UserRepository } from '../../src/identity/user.repository.js'
import { UserService } from '../../src/identity/user.service.js'
import { ChannelService } from '../../src/presence/channel.service.js'
import { PresenceService } from '../../src/presence/presence.service.js'
import { InvitationService } from '../../src/workspace/invitation.service.js'
import { MemberService } from '../../src/workspace/member.service.js'
import { WorkspaceService } from '../../src/workspace/workspace.service.js'
import { describeEachEngine, openTestDb, type TestDb } from '../support/db.js'

/** One contract for storage: the same services give the same answers on SQLite and PostgreSQL. */
describeEachEngine('storage contract', (engine: Engine) => {
  let db: TestDb
  const clock = new ManualClock(Date.UTC(2026, 2, 28, 23, 30))
  let users: UserService
  let auth: AuthService
  let tokens: TokenService
  let workspaces: WorkspaceService
  let members: MemberService
  let invitations: InvitationService
  let presences: PresenceService
  let channels: ChannelService
  const sealer = new Sealer(Buffer.alloc(32, 7))

  beforeAll(async () => {
    db = await openTestDb(engine)
    const k = db.kysely
    const repo = new UserRepository(k)
    users = new UserService(repo, clock)
    auth = new AuthService(k, repo, clock)
    tokens = new TokenService(k, clock)
    workspaces = new WorkspaceService(k, clock)
    members = new MemberService(k, clock)
    invitations = new InvitationService(k, clock)
    presences = new PresenceService(k, clock)
    channels = new ChannelService(k, sealer, clock)
  })
  afterAll(async () => db.destroy())

  it('stores users with normalized unique emails and hashed passwords', async () => {
    const u = await users.create({ email: ' Dana@Acme.Example ', name: 'Dana', password: 'long enough pw' })
    expect(u.email).toBe('dana@acme.example')
    expect(u.createdAt).toBe(clock.now())
    await expect(
      users.create({ email: 'dana@acme.example', name: 'D2', password: 'long enough pw' }),
    ).rejects.toMatchObject({ code: 'conflict' })
    const row = await db.kysely
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow()
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/)
    expect(row.password_hash).not.toContain('long enough pw')
  })

  it('round-trips epoch-millisecond timestamps as numbers', async () => {
    const u = await users.create({ email: 'time@acme.example', name: 'T', password: 'long enough pw' })
    const row = await db.kysely
      .selectFrom('users')
      .selectAll()
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow()
    expect(typeof row.created_at).toBe('number')
    expect(row.created_at).toBe(Date.UTC(2026, 2, 28, 23, 30))
  })

  it('creates a workspace with its owner and brand presence, and updates settings', async () => {
    const owner = await users.create({
      email: 'owner@acme.example',
      name: 'Owner',
      password: 'long enough pw',
    })
    const ws = await workspaces.create({ name: 'Acme', timeZone: 'Europe/Berlin' }, owner.id)
    expect(ws.role).toBe('owner')
    expect(ws.businessHours.days['1']).toEqual([['09:00', '17:00']])
    const list = await presences.list(ws.id)
    expect(list).toHaveLength(1)
    expect(list[0]).toMatchObject({ kind: 'brand', displayName: 'Acme', channelCount: 0 })
    const updated = await workspaces.update(
      ws.id,
      {
        timeZone: 'America/New_York',
        holidays: ['2026-12-25', '2026-01-01', '2026-12-25'],
        settings: { scorecardsVisibleToMembers: true },
      },
      owner.id,
    )
    expect(updated.timeZone).toBe('America/New_York')
    expect(updated.holidays).toEqual(['2026-01-01', '2026-12-25'])
    expect(updated.settings).toEqual({ scorecardsVisibleToMembers: true, firstResponseTargetMinutes: 60 })
    await expect(workspaces.update(ws.id, { timeZone: 'Mars/Olympus' }, owner.id)).rejects.toMatchObject({
      details: { fields: [{ field: 'timeZone', reason: 'must be an IANA time zone such as Europe/Berlin' }] },
    })
    await expect(
      workspaces.update(
        ws.id,
        { businessHours: { alwaysOpen: false, days: { '1': [['17:00', '09:00']] } } },
        owner.id,
      ),
    ).rejects.toBeInstanceOf(DomainError)
  })

  it('invites, accepts once, and keeps at least one owner', async () => {
    const owner = await users.create({ email: 'o2@acme.example', name: 'O2', password: 'long enough pw' })
    const ws = await workspaces.create({ name: 'Beta', timeZone: 'UTC' }, owner.id)
    const actor = { userId: owner.id, memberId: ws.memberId, role: 'owner' as const }
    const { token, invitation } = await invitations.create(
      ws.id,
      { role: 'agent', email: 'agent@acme.example' },
      actor,
    )
    expect(invitation.status).toBe('pending')
    expect((await invitations.preview(token)).workspaceName).toBe('Beta')
    const agent = await users.create({
      email: 'agent@acme.example',
      name: 'Agent',
      password: 'long enough pw',
    })
    const wrong = await users.create({
      email: 'other@acme.example',
      name: 'Other',
      password: 'long enough pw',
    })
    await expect(invitations.accept(token, wrong)).rejects.toMatchObject({ code: 'forbidden' })
    const joined = await invitations.accept(token, agent)
    expect(joined.workspaceId).toBe(ws.id)
    await expect(invitations.accept(token, agent)).rejects.toMatchObject({ code: 'not-found' })
    const list = await members.list(ws.id)
    expect(list.map((m) => [m.email, m.role])).toEqual([
      ['agent@acme.example', 'agent'],
      ['o2@acme.example', 'owner'],
    ])
    await expect(members.changeRole(ws.id, ws.memberId, 'admin', actor)).rejects.toMatchObject({
      code: 'conflict',
    })
    const agentActor = { userId: agent.id, memberId: joined.memberId, role: 'admin' as const }
    await expect(members.remove(ws.id, ws.memberId, agentActor)).rejects.toMatchObject({ code: 'forbidden' })
    clock.advance(8 * 24 * 3600_000)
    const late = await invitations.create(ws.id, { role: 'viewer' }, actor)
    clock.advance(8 * 24 * 3600_000)
    await expect(invitations.preview(late.token)).rejects.toMatchObject({ code: 'not-found' })
    expect((await invitations.list(ws.id)).map((i) => i.status)).toEqual(['expired', 'accepted'])
  })

  it('seals channel credentials at rest, bound to the channel, and wipes them on disconnect', async () => {
    const owner = await users.create({ email: 'o3@acme.example', name: 'O3', password: 'long enough pw' })
    const ws = await workspaces.create({ name: 'Gamma', timeZone: 'UTC' }, owner.id)
    const brand = (await presences.list(ws.id))[0]!
    const ch = await channels.create(
      ws.id,
      {
        presenceId: brand.id,
        network: 'bluesky',
        handle: 'gamma.example',
        credentials: { appPassword: 'abcd-efgh-ijkl-mnop' },
      },
      owner.id,
    )
    expect(Object.keys(ch)).not.toContain('credentials')
    const row = await db.kysely
      .selectFrom('channels')
      .selectAll()
      .where('id', '=', ch.id)
      .executeTakeFirstOrThrow()
    expect(row.credentials_sealed).toMatch(/^v1\./)
    expect(row.credentials_sealed).not.toContain('abcd-efgh')
    expect(() => sealer.open(row.credentials_sealed!, 'another-channel')).toThrow()
    expect(await channels.credentials(ch.id)).toEqual({ appPassword: 'abcd-efgh-ijkl-mnop' })
    expect((await presences.get(ws.id, brand.id)).channelCount).toBe(1)
    await channels.disconnect(ws.id, ch.id, owner.id)
    expect(await channels.credentials(ch.id)).toBeUndefined()
    expect((await channels.get(ws.id, ch.id)).status).toBe('disconnected')
    expect((await presences.get(ws.id, brand.id)).channelCount).toBe(0)
  })

  it('stores sessions and tokens only as hashes, and expires them', async () => {
    const u = await users.create({ email: 'sess@acme.example', name: 'S', password: 'long enough pw' })
    const { token, session } = await auth.login('SESS@acme.example', 'long enough pw', { ip: '127.0.0.9' })
    expect(session.user.id).toBe(u.id)
    const stored = await db.kysely
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', session.sessionId)
      .executeTakeFirstOrThrow()
    expect(stored.token_hash).toHaveLength(64)
    expect(stored.token_hash).not.toBe(token)
    expect((await auth.sessionFromToken(token))?.user.email).toBe('sess@acme.example')
    const pat = await tokens.create(u.id, 'ci', 1)
    expect((await tokens.authenticate(pat.token))?.user.id).toBe(u.id)
    clock.advance(2 * 24 * 3600_000)
    expect(await tokens.authenticate(pat.token)).toBeUndefined()
    clock.advance(31 * 24 * 3600_000)
    expect(await auth.sessionFromToken(token)).toBeUndefined()
  })
})

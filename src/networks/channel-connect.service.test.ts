import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTestApp, setupOwner, type TestApp } from '../../test/support/app.js'
import { describeEachEngine } from '../../test/support/db.js'
import { DomainError } from '../core/errors.js'
import { type Network, NetworkError, type NetworkFailure } from './network.port.js'
import { SANDBOX_CAPABILITIES } from './sandbox/sandbox.network.js'

describeEachEngine('ChannelConnectService', (engine) => {
  let t: TestApp
  let workspaceId: string
  let ownerId: string
  beforeAll(async () => {
    t = await createTestApp(engine)
    workspaceId = (await setupOwner(t.app)).workspaceId
    ownerId = (
      await t.db.kysely
        .selectFrom('members')
        .select('user_id')
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirstOrThrow()
    ).user_id
  })
  afterAll(async () => {
    await t?.close()
  })

  describe('Sandbox', () => {
    test('connects a Sandbox channel to the brand presence in one call, and again returns the same one', async () => {
      const ch = await t.ctx.networks.connect.connectSandbox(
        workspaceId,
        { seed: 7, ratePerMinute: 5 },
        { userId: ownerId },
      )
      expect(ch.network).toBe('sandbox')
      expect(ch.handle).toBe('acme.sandbox')
      expect(ch.displayName).toBe('Acme')
      expect(ch.status).toBe('connected')
      expect(ch.lastSyncAt).toBe(t.clock.now())
      expect(ch.followerCount).toBe(1200)
      expect(ch.settings).toMatchObject({ seed: 7, ratePerMinute: 5 })
      expect(typeof ch.settings.worldId).toBe('string')
      const again = await t.ctx.networks.connect.connectSandbox(workspaceId, {}, { userId: ownerId })
      expect(again.id).toBe(ch.id)
    })

    test('runs network calls with health tracking, and simulates a crisis', async () => {
      const [ch] = await t.ctx.channels.list(workspaceId)
      t.clock.advance(60_000)
      const page = await t.ctx.networks.connect.run(workspaceId, ch!.id, (n) => n.fetchActivity(null))
      expect(page.messages).toHaveLength(5)
      expect((await t.ctx.channels.get(workspaceId, ch!.id)).lastSyncAt).toBe(t.clock.now())
      const crisis = await t.ctx.networks.connect.setSandboxCrisis(workspaceId, ch!.id, true, 10)
      expect(crisis.settings.crisisUntil).toBe(t.clock.now() + 600_000)
      t.clock.advance(60_000)
      const loud = await t.ctx.networks.connect.run(workspaceId, ch!.id, (n) => n.fetchActivity(page.cursor))
      expect(loud.messages).toHaveLength(500)
      await t.ctx.networks.connect.setSandboxCrisis(workspaceId, ch!.id, false)
    })

    test('a removed Sandbox world makes the channel need reconnecting', async () => {
      const [ch] = await t.ctx.channels.list(workspaceId)
      await t.db.kysely
        .deleteFrom('sandbox_worlds')
        .where('id', '=', ch!.settings.worldId as string)
        .execute()
      const checked = await t.ctx.networks.connect.check(workspaceId, ch!.id)
      expect(checked.status).toBe('needs-reconnect')
      expect(checked.statusReason).toBe(
        'Sandbox no longer accepts the credentials of @acme.sandbox. Reconnect the channel.',
      )
    })

    test('disconnect wipes credentials and hides the channel', async () => {
      const [ch] = await t.ctx.channels.list(workspaceId)
      await t.ctx.networks.connect.disconnect(workspaceId, ch!.id, { userId: ownerId })
      const row = await t.db.kysely
        .selectFrom('channels')
        .selectAll()
        .where('id', '=', ch!.id)
        .executeTakeFirstOrThrow()
      expect(row.status).toBe('disconnected')
      expect(row.credentials_sealed).toBeNull()
      expect(await t.ctx.channels.list(workspaceId)).toHaveLength(0)
    })
  })

  describe('health', () => {
    let failure: NetworkFailure | null = null
    let channelId: string
    beforeAll(async () => {
      // @NOTE a stand-in network whose calls fail on demand, to drive each failure kind through health.
      t.ctx.networks.registry.register({
        id: 'flaky',
        label: 'Flaky',
        capabilities: { ...SANDBOX_CAPABILITIES, network: 'flaky', label: 'Flaky' },
        async create() {
          const answer = async () => {
            if (failure) throw new NetworkError(failure, `Flaky says ${failure.kind}`)
            return profile
          }
          const profile = {
            remoteId: 'f1',
            handle: 'flaky.example',
            displayName: 'Flaky',
            avatarUrl: null,
            followerCount: 3,
            followingCount: 1,
            postCount: 0,
          }
          return {
            capabilities: SANDBOX_CAPABILITIES,
            verify: answer,
            fetchProfile: answer,
          } as unknown as Network
        },
      })
      const presence = await t.db.kysely
        .selectFrom('presences')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirstOrThrow()
      channelId = (
        await t.ctx.channels.create(
          workspaceId,
          { presenceId: presence.id, network: 'flaky', handle: 'flaky.example', credentials: { token: 'x' } },
          ownerId,
        )
      ).id
    })

    async function check() {
      return t.ctx.networks.connect.check(workspaceId, channelId)
    }

    async function notifications() {
      return t.db.kysely.selectFrom('notifications').selectAll().where('subject_id', '=', channelId).execute()
    }

    test('auth-expired → needs reconnect, and the owner is notified once', async () => {
      failure = { kind: 'auth-expired' }
      const ch = await check()
      expect(ch.status).toBe('needs-reconnect')
      expect(ch.statusReason).toBe(
        'Flaky no longer accepts the credentials of @flaky.example. Reconnect the channel.',
      )
      await check()
      const sent = await notifications()
      expect(sent).toHaveLength(1)
      expect(sent[0]!.user_id).toBe(ownerId)
      expect(sent[0]!.kind).toBe('channel.needs-reconnect')
      expect(sent[0]!.title).toBe('Flaky channel @flaky.example needs reconnecting')
    })

    test('rate-limited → the time until which the channel waits', async () => {
      failure = { kind: 'rate-limited', retryAfterMs: 90_000 }
      const ch = await check()
      expect(ch.rateLimitedUntil).toBe(t.clock.now() + 90_000)
      failure = null
      t.clock.advance(30_000)
      const waiting = await t.ctx.networks.connect
        .run(workspaceId, channelId, (n) => n.fetchProfile())
        .catch((e: unknown) => e)
      expect((waiting as NetworkError).failure).toEqual({ kind: 'rate-limited', retryAfterMs: 60_000 })
      t.clock.advance(60_000)
    })

    test('transient → failing with the last error in plain words', async () => {
      failure = { kind: 'transient' }
      const ch = await check()
      expect(ch.status).toBe('failing')
      expect(ch.statusReason).toBe('Flaky says transient')
    })

    test('invalid-content is about one post and leaves the channel as it was', async () => {
      failure = { kind: 'invalid-content', reason: 'too long' }
      const ch = await check()
      expect(ch.status).toBe('failing')
    })

    test('success → connected, with the profile refreshed and the last sync time', async () => {
      failure = null
      t.clock.advance(120_000)
      const ch = await check()
      expect(ch.status).toBe('connected')
      expect(ch.statusReason).toBeNull()
      expect(ch.lastSyncAt).toBe(t.clock.now())
      expect(ch.rateLimitedUntil).toBeNull()
      expect(ch.followerCount).toBe(3)
    })

    test('connecting to a presence of another workspace is not found', async () => {
      const err = await t.ctx.networks.connect
        .connectSandbox(workspaceId, { presenceId: 'nope' }, { userId: ownerId })
        .catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect((err as DomainError).code).toBe('not-found')
    })
  })
})

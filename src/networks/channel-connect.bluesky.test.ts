import { afterAll, beforeAll, expect, inject, test } from 'vitest'
import { createTestApp, setupOwner, type TestApp } from '../../test/support/app.js'
import { describeNeedsPostgres } from '../../test/support/db.js'
import { DomainError } from '../core/errors.js'
import type { BlueskyCredentials } from './bluesky/bluesky.network.js'
import { type LocalBluesky, startLocalBluesky, type TestAccount } from './bluesky/bluesky.testing.js'

let local: LocalBluesky
let brand: TestAccount
let carol: TestAccount
let t: TestApp
let workspaceId: string
let presenceId: string
let ownerId: string

beforeAll(async () => {
  local = await startLocalBluesky(inject('postgresUrl'), 'channel_connect_bluesky_test')
  brand = await local.createAccount('brand')
  carol = await local.createAccount('carol')
  await local.settle()
  t = await createTestApp('sqlite', { outboundAllow: new URL(local.serviceUrl).host })
  workspaceId = (await setupOwner(t.app)).workspaceId
  const p = await t.db.kysely
    .selectFrom('presences')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow()
  presenceId = p.id
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
  await local?.close()
})

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(DomainError)
  return err as DomainError
}

// @NOTE generous per-test time: the local network shares two CPU cores with other test files.
describeNeedsPostgres('Connecting a Bluesky channel (local AT Protocol network)', { timeout: 90_000 }, () => {
  let channelId: string

  test('a wrong app password is refused before anything is stored', async () => {
    const err = await rejection(
      t.ctx.networks.connect.connectBluesky(
        workspaceId,
        {
          presenceId,
          serviceUrl: local.serviceUrl,
          handle: '@brand.test',
          appPassword: 'aaaa-bbbb-cccc-dddd',
        },
        { userId: ownerId },
      ),
    )
    expect(err.code).toBe('validation')
    expect(err.details.fields).toEqual([
      { field: 'appPassword', reason: 'Bluesky did not accept this handle and app password' },
    ])
    expect(await t.ctx.channels.list(workspaceId)).toHaveLength(0)
  })

  test('handle + app password connects, with the profile and a sealed session', async () => {
    const ch = await t.ctx.networks.connect.connectBluesky(
      workspaceId,
      { presenceId, serviceUrl: local.serviceUrl, handle: '@brand.test', appPassword: brand.appPassword },
      { userId: ownerId },
    )
    channelId = ch.id
    expect(ch.network).toBe('bluesky')
    expect(ch.handle).toBe('brand.test')
    expect(ch.displayName).toBe('Brand')
    expect(ch.remoteAccountId).toBe(brand.did)
    expect(ch.status).toBe('connected')
    expect(ch.settings).toEqual({ serviceUrl: local.serviceUrl })
    const creds = (await t.ctx.channels.credentials(ch.id)) as unknown as BlueskyCredentials
    expect(creds.identifier).toBe('brand.test')
    expect(creds.appPassword).toBe(brand.appPassword)
    expect(creds.session?.did).toBe(brand.did)
    const row = await t.db.kysely
      .selectFrom('channels')
      .select('credentials_sealed')
      .where('id', '=', ch.id)
      .executeTakeFirstOrThrow()
    expect(row.credentials_sealed?.startsWith('v1.')).toBe(true)
    expect(row.credentials_sealed).not.toContain(brand.appPassword)
  })

  test('the same account cannot be connected twice', async () => {
    const err = await rejection(
      t.ctx.networks.connect.connectBluesky(
        workspaceId,
        { presenceId, serviceUrl: local.serviceUrl, handle: 'brand.test', appPassword: brand.appPassword },
        { userId: ownerId },
      ),
    )
    expect(err.code).toBe('conflict')
  })

  test('a revoked app password marks the channel needs-reconnect and notifies the owner', async () => {
    await brand.agent.com.atproto.server.revokeAppPassword({ name: 'townhall' })
    // @NOTE access tokens outlive a revocation until they expire; drop the stored session as expiry would.
    const creds = (await t.ctx.channels.credentials(channelId)) as unknown as BlueskyCredentials
    await t.ctx.channels.replaceCredentials(channelId, {
      identifier: creds.identifier,
      appPassword: creds.appPassword,
    })
    const ch = await t.ctx.networks.connect.check(workspaceId, channelId)
    expect(ch.status).toBe('needs-reconnect')
    expect(ch.statusReason).toBe(
      'Bluesky no longer accepts the credentials of @brand.test. Reconnect the channel with a new app password.',
    )
    const sent = await t.db.kysely
      .selectFrom('notifications')
      .selectAll()
      .where('subject_id', '=', channelId)
      .execute()
    expect(sent.map((n) => [n.user_id, n.kind])).toEqual([[ownerId, 'channel.needs-reconnect']])
  })

  test('reconnecting with a new app password makes it healthy; another account’s password is refused', async () => {
    const wrong = await rejection(
      t.ctx.networks.connect.reconnect(workspaceId, channelId, {
        appPassword: carol.appPassword,
        handle: 'carol.test',
      }),
    )
    expect(wrong.details.fields?.[0]).toEqual({
      field: 'appPassword',
      reason: 'this app password belongs to @carol.test, not @brand.test',
    })
    const fresh = await brand.agent.com.atproto.server.createAppPassword({ name: 'townhall-2' })
    const ch = await t.ctx.networks.connect.reconnect(workspaceId, channelId, {
      appPassword: fresh.data.password,
    })
    expect(ch.status).toBe('connected')
    expect(ch.statusReason).toBeNull()
    const creds = (await t.ctx.channels.credentials(channelId)) as unknown as BlueskyCredentials
    expect(creds.appPassword).toBe(fresh.data.password)
  })

  test('publishing through the channel works after reconnecting', async () => {
    const res = await t.ctx.networks.connect.run(workspaceId, channelId, (n) =>
      n.publish({ text: 'We are back', idempotencyKey: 'back-1' }),
    )
    expect(res.remoteId.startsWith(`at://${brand.did}/app.bsky.feed.post/`)).toBe(true)
  })
})

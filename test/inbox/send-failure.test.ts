import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sendFailure } from '../../src/inbox/send-failure.js'
import { NetworkError } from '../../src/networks/network.port.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

/** Issue #18 (found by the security walk): a network's "no such recipient" was answered 503. */
describe('a network refusing a reply or a direct message', () => {
  it('is a 503 only when the network is down or unsure', () => {
    const status = (failure: ConstructorParameters<typeof NetworkError>[0]) =>
      sendFailure(new NetworkError(failure, 'x'), 'message').status
    expect(status({ kind: 'not-found' })).toBe(409)
    expect(status({ kind: 'auth-expired' })).toBe(409)
    expect(status({ kind: 'invalid-content', reason: 'too long' })).toBe(400)
    expect(status({ kind: 'rate-limited', retryAfterMs: 1500 })).toBe(429)
    expect(
      sendFailure(new NetworkError({ kind: 'rate-limited', retryAfterMs: 1500 }, 'slow down'), 'reply')
        .details,
    ).toEqual({
      retryAfterSeconds: 2,
    })
    expect(status({ kind: 'transient' })).toBe(503)
    expect(status({ kind: 'unknown-outcome' })).toBe(503)
  })

  describe('through the API', () => {
    let f: InboxFixture
    let conversationId: string
    let ch: { id: string }
    beforeAll(async () => {
      f = await inboxFixture('sqlite')
      // A presence of its own: the fixture's channel has no Sandbox world behind it.
      const presence = await f.owner.post<{ id: string }>(`/api/workspaces/${f.workspaceId}/presences`, {
        kind: 'person',
        displayName: 'Dana Ortiz',
      })
      const presenceId = presence.body.id
      ch = await f.t.ctx.networks.connect.connectSandbox(
        f.workspaceId,
        { presenceId, ratePerMinute: 0 },
        { userId: null },
      )
      // An author the Sandbox has never heard of: sending them a DM finds no recipient.
      await f.t.ctx.inbox.ingest.ingest(
        { id: ch.id, workspaceId: f.workspaceId, presenceId, network: 'sandbox', remoteAccountId: null },
        [activity({ author: { remoteId: 'not-a-sandbox-person' } })],
      )
      conversationId = (
        await f.t.ctx.db.kysely
          .selectFrom('inbox_conversations')
          .select('id')
          .where('channel_id', '=', ch.id)
          .executeTakeFirstOrThrow()
      ).id
    })
    afterAll(async () => f.t.close())

    it('answers a DM to an account the network does not know with 409', async () => {
      const r = await f.owner.post<{ status: number; detail: string }>(
        `/api/workspaces/${f.workspaceId}/inbox/conversations/${conversationId}/move-to-dm`,
        { text: 'Could you send us your order number?' },
      )
      expect(r.status).toBe(409)
      expect(r.body.detail).toBe("The customer's account no longer exists on the network")
    })
  })
})

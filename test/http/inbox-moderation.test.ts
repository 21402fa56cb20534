import { afterAll, beforeAll, expect, test } from 'vitest'
import { BLUESKY_CAPABILITIES } from '../../src/networks/bluesky/bluesky.capabilities.js'
import { metaSignature } from '../../src/networks/meta/meta-webhook.service.js'
import { moderateOn } from '../../src/networks/moderation.port.js'
import type { Network } from '../../src/networks/network.port.js'
import { NetworkError } from '../../src/networks/network.port.js'
import { SANDBOX_CAPABILITIES } from '../../src/networks/sandbox/sandbox.network.js'
import { createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'
import { GraphFake } from '../support/graph-fake.js'
import { writeMetaOpenApi } from '../support/meta-openapi.js'
import { type PrismServer, startPrism } from '../support/prism.js'

const PAGE = { id: '104000000000011', name: 'Acme', username: 'acme' }
const IG = { id: '178414000000011', username: 'acme.ig' }
const SECRET = 'meta-secret-moderation'

let prism: PrismServer
let fake: GraphFake
beforeAll(async () => {
  prism = await startPrism({ spec: writeMetaOpenApi(`/tmp/meta-openapi-mod-${process.pid}.json`) })
  fake = await new GraphFake(prism.url, PAGE, IG).start()
})
afterAll(async () => {
  await fake?.stop()
  await prism?.stop()
})

test('the Sandbox and Bluesky answer "unsupported" on the action, without a request', async () => {
  for (const capabilities of [SANDBOX_CAPABILITIES, BLUESKY_CAPABILITIES]) {
    const err = await moderateOn({ capabilities } as Network, { remoteId: 'x' }, 'hide').catch(
      (e: unknown) => e,
    )
    expect(err).toBeInstanceOf(NetworkError)
    expect((err as NetworkError).failure).toEqual({
      kind: 'invalid-content',
      field: 'action',
      reason: `${capabilities.label} does not let us hide here`,
    })
  }
})

describeEachEngine('Moderation from the inbox', (engine) => {
  let t: TestApp
  let owner: TestClient
  let ws: string
  let post: string
  beforeAll(async () => {
    t = await createTestApp(engine, { outboundAllow: fake.host })
    const s = await setupOwner(t.app)
    owner = s.owner
    ws = s.workspaceId
    const presences = await owner.get<{ id: string }[]>(`/api/workspaces/${ws}/presences`)
    await t.ctx.networks.oauth.apps.save(ws, 'meta', { clientId: '1234567890', clientSecret: SECRET }, null)
    await t.ctx.channels.create(
      ws,
      {
        presenceId: presences.body[0]?.id as string,
        network: 'facebook',
        handle: 'acme',
        displayName: 'Acme',
        remoteAccountId: PAGE.id,
        settings: { pageId: PAGE.id, graphUrl: fake.url },
        credentials: { pageAccessToken: 'page-token' },
      },
      null,
    )
    post = fake.visitorPost('placeholder', { id: PAGE.id, name: PAGE.name })
  })
  afterAll(async () => t?.close())

  /** A customer comments on the network and Meta pushes it; returns the comment and its inbox message. */
  async function spamArrives(): Promise<{ comment: string; conversationId: string; messageId: string }> {
    const comment = fake.comment(post, 'Cheap followers at spam.example', { id: '9666', name: 'Spammer' })
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: PAGE.id,
          time: 1772442000,
          changes: [
            {
              field: 'feed',
              value: {
                from: { id: '9666', name: 'Spammer' },
                post_id: post,
                comment_id: comment,
                parent_id: post,
                message: 'Cheap followers at spam.example',
                created_time: 1772442000,
                item: 'comment',
                verb: 'add',
              },
            },
          ],
        },
      ],
    })
    const r = await t.app.request('/api/webhooks/meta', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
      body,
    })
    expect(r.status).toBe(200)
    const row = await t.ctx.db.kysely
      .selectFrom('inbox_messages')
      .select(['id', 'conversation_id'])
      .where('remote_id', '=', comment)
      .executeTakeFirstOrThrow()
    return { comment, conversationId: row.conversation_id, messageId: row.id }
  }

  const moderate = (m: { conversationId: string; messageId: string }, action: string) =>
    owner.post<{ errors?: { field: string; reason: string }[] }>(
      `/api/workspaces/${ws}/inbox/conversations/${m.conversationId}/messages/${m.messageId}/moderate`,
      { action },
    )

  test('hide, unhide and like a comment that arrived by webhook', async () => {
    const m = await spamArrives()
    expect((await moderate(m, 'hide')).status).toBe(200)
    expect(fake.items.get(m.comment)?.hidden).toBe(true)
    expect((await moderate(m, 'unhide')).status).toBe(200)
    expect(fake.items.get(m.comment)?.hidden).toBe(false)
    expect((await moderate(m, 'like')).status).toBe(200)
    expect(fake.items.get(m.comment)?.likes).toBe(1)
  })

  test('hide from the Page for spam hides the comment and blocks its author; delete removes it', async () => {
    const m = await spamArrives()
    expect((await moderate(m, 'ban-author')).status).toBe(200)
    expect(fake.items.get(m.comment)?.hidden).toBe(true)
    expect(fake.blocked).toContain('9666')
    expect((await moderate(m, 'delete')).status).toBe(200)
    expect(fake.items.has(m.comment)).toBe(false)
    const gone = await moderate(m, 'delete')
    expect(gone.status).toBe(409)
  })

  test('an unknown action is a 400 naming the field', async () => {
    const m = await spamArrives()
    const r = await moderate(m, 'shadowban')
    expect(r.status).toBe(400)
    expect(r.body.errors?.[0]?.field).toBe('action')
  })

  test('a revoked Page token (Graph code 190) is a 409 and turns the channel Needs reconnect', async () => {
    const m = await spamArrives()
    fake.failNext({
      route: 'POST /{id}',
      status: 400,
      body: {
        error: {
          message: 'Error validating access token: The session has been invalidated',
          type: 'OAuthException',
          code: 190,
          error_subcode: 460,
        },
      },
    })
    const r = await moderate(m, 'hide')
    expect(r.status).toBe(409)
    const channels = await owner.get<{ network: string; status: string; statusReason: string | null }[]>(
      `/api/workspaces/${ws}/channels`,
    )
    const fb = channels.body.find((c) => c.network === 'facebook')
    expect(fb?.status).toBe('needs-reconnect')
    expect(fb?.statusReason).toContain('Reconnect the channel')
  })

  test("Prism's validator flagged none of the requests", () => {
    expect(prism.violations(), prism.violationMessages().join('\n')).toBe(0)
  })
})

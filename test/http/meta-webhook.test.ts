import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createLogger } from '../../src/core/logger.js'
import { metaSignature, metaVerifyToken } from '../../src/networks/meta/meta-webhook.service.js'
import { createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'

const PAGE = '104000000000009'
const IG = '178414000000009'
const SECRET = 'meta-app-secret-for-tests'
const recorded = (path: string) =>
  readFileSync(new URL(`../../src/networks/${path}`, import.meta.url), 'utf8')

interface Conversation {
  id: string
  kind: string
  channelId: string
  lastMessageId: string | null
}

describeEachEngine('Meta webhooks', (engine) => {
  let t: TestApp
  let owner: TestClient
  let ws: string
  let fbChannel: string
  let igChannel: string
  const lines: Record<string, unknown>[] = []

  beforeAll(async () => {
    const logger = createLogger('info', {
      write(line: string) {
        lines.push(JSON.parse(line) as Record<string, unknown>)
      },
    })
    t = await createTestApp(engine, { logger })
    const s = await setupOwner(t.app)
    owner = s.owner
    ws = s.workspaceId
    const presences = await owner.get<{ id: string; kind: string }[]>(`/api/workspaces/${ws}/presences`)
    const brand = presences.body[0]?.id as string
    await t.ctx.networks.oauth.apps.save(ws, 'meta', { clientId: '1234567890', clientSecret: SECRET }, null)
    fbChannel = (
      await t.ctx.channels.create(
        ws,
        {
          presenceId: brand,
          network: 'facebook',
          handle: 'acme',
          displayName: 'Acme',
          remoteAccountId: PAGE,
          settings: { pageId: PAGE },
          credentials: { pageAccessToken: 'page-token' },
        },
        null,
      )
    ).id
    igChannel = (
      await t.ctx.channels.create(
        ws,
        {
          presenceId: brand,
          network: 'instagram',
          handle: 'acme.ig',
          remoteAccountId: IG,
          settings: { igUserId: IG, pageId: PAGE },
          credentials: { pageAccessToken: 'page-token' },
        },
        null,
      )
    ).id
  })
  afterAll(async () => t?.close())

  const deliver = (body: string, signature: string | null = metaSignature(SECRET, body)) =>
    t.app.request('/api/webhooks/meta', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-hub-signature-256': signature } : {}),
      },
      body,
    })

  async function conversations(): Promise<Conversation[]> {
    const r = await owner.get<{ items: Conversation[] }>(`/api/workspaces/${ws}/inbox/conversations`)
    return r.body.items
  }

  test('the handshake echoes hub.challenge only for our verify token', async () => {
    const app = await t.ctx.networks.oauth.apps.resolve(ws, 'meta')
    const token = metaVerifyToken(app as NonNullable<typeof app>)
    const ok = await t.app.request(
      `/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
    )
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('1158201444')
    const bad = await t.app.request(
      '/api/webhooks/meta?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1',
    )
    expect(bad.status).toBe(403)
    // @NOTE the request log redacts the verify token from the query.
    expect(JSON.stringify(lines)).not.toContain(token)
    expect(lines.some((l) => String(l.query).includes('hub.verify_token=%5Bredacted%5D'))).toBe(true)
  })

  test('a signed comment lands in the inbox as a public conversation; the reaction is ignored', async () => {
    const body = recorded('facebook/recorded/webhook-feed-comment.json')
    const r = await deliver(body)
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ stored: 1, duplicates: 0, ignored: 1 })
    const convs = (await conversations()).filter((c) => c.channelId === fbChannel)
    expect(convs).toHaveLength(1)
    const again = await deliver(body)
    expect(await again.json()).toEqual({ stored: 0, duplicates: 1, ignored: 1 })
  })

  test('visitor posts, recommendations, Messenger and Instagram comments arrive; echoes do not', async () => {
    const before = (await conversations()).length
    const wall = await deliver(recorded('facebook/recorded/webhook-visitor-post-and-rating.json'))
    expect(await wall.json()).toEqual({ stored: 2, duplicates: 0, ignored: 0 })
    const dm = await deliver(recorded('facebook/recorded/webhook-messages.json'))
    expect(await dm.json()).toEqual({ stored: 1, duplicates: 0, ignored: 1 })
    const ig = await deliver(recorded('instagram/recorded/webhook-comments.json'))
    expect(await ig.json()).toEqual({ stored: 1, duplicates: 0, ignored: 0 })
    const convs = await conversations()
    expect(convs.length).toBe(before + 4)
    expect(convs.filter((c) => c.kind === 'direct').map((c) => c.channelId)).toEqual([fbChannel])
    expect(convs.some((c) => c.channelId === igChannel)).toBe(true)
  })

  test('a wrong or missing signature is 401 and logged without the body', async () => {
    const body = recorded('facebook/recorded/webhook-messages.json').replace(
      'where is my order',
      'secret words',
    )
    lines.length = 0
    const forged = await deliver(body, metaSignature('not-the-secret', body))
    expect(forged.status).toBe(401)
    const missing = await deliver(body, null)
    expect(missing.status).toBe(401)
    const refused = lines.filter((l) => l.msg === 'meta webhook refused')
    expect(refused.map((l) => l.status)).toEqual([401, 401])
    expect(JSON.stringify(lines)).not.toContain('secret words')
  })

  test('malformed, oversized and unknown-object bodies are clear 4xx with a log line; the process keeps serving', async () => {
    lines.length = 0
    const notJson = '{"object": "page", "entry": ['
    const malformed = await deliver(notJson)
    expect(malformed.status).toBe(400)
    expect(((await malformed.json()) as { detail: string }).detail).toBe(
      'Meta webhook refused: the body is not JSON.',
    )
    const noEntries = JSON.stringify({ object: 'page' })
    expect((await deliver(noEntries)).status).toBe(400)
    const unknown = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: PAGE, changes: [] }],
    })
    const u = await deliver(unknown)
    expect(u.status).toBe(400)
    expect(((await u.json()) as { errors: { field: string; reason: string }[] }).errors[0]).toEqual({
      field: 'body',
      reason: 'object "whatsapp_business_account" is not one Townhall subscribes to',
    })
    const big = JSON.stringify({ object: 'page', entry: [{ id: PAGE, pad: 'x'.repeat(1_100_000) }] })
    expect((await deliver(big)).status).toBe(413)
    expect(lines.filter((l) => l.msg === 'meta webhook refused').length).toBeGreaterThanOrEqual(3)
    const still = await deliver(recorded('facebook/recorded/webhook-feed-comment.json'))
    expect(still.status).toBe(200)
  })
})

/**
 * Meta's part of `npm run bench -- x-meta` (#20).
 * - webhook_to_inbox_p95_ms: a signed Meta webhook delivery (one new customer comment) posted to
 *   /api/webhooks/meta until its conversation is listed by GET …/inbox/conversations (last active in its second), over the
 *   in-process HTTP stack (app.request, no socket) on SQLite. `--deliveries` (default 200), one at a time.
 * - publish_per_s_facebook / publish_per_s_instagram: posts published by the adapters through the
 *   stateful Graph fake with Prism validating every request (test/support/graph-fake.ts), `--posts`
 *   (default 60) with 4 at a time; Instagram posts carry one image (upload, container, publish).
 * - prism_violations_meta: requests Prism's validator flagged during those runs (goal 0).
 */
import { createLogger } from '../src/core/logger.js'
import { FacebookNetwork } from '../src/networks/facebook/facebook.network.js'
import { InstagramNetwork } from '../src/networks/instagram/instagram.network.js'
import { metaSignature } from '../src/networks/meta/meta-webhook.service.js'
import { createTestApp, setupOwner } from '../test/support/app.js'
import { GraphFake } from '../test/support/graph-fake.js'
import { writeMetaOpenApi } from '../test/support/meta-openapi.js'
import { startPrism } from '../test/support/prism.js'
import { arg } from './support.js'

const PAGE = '104000000000077'
const IG = '178414000000077'
const SECRET = 'bench-meta-app-secret'

function letters(n: number): string {
  return [...n.toString(26)].map((d) => String.fromCharCode(97 + Number.parseInt(d, 26))).join('')
}

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0
}

async function webhookToInbox(deliveries: number): Promise<number> {
  const t = await createTestApp('sqlite', { logger: createLogger('silent') })
  try {
    const { owner, workspaceId: ws } = await setupOwner(t.app)
    const presences = await owner.get<{ id: string }[]>(`/api/workspaces/${ws}/presences`)
    await t.ctx.networks.oauth.apps.save(ws, 'meta', { clientId: '1234567890', clientSecret: SECRET }, null)
    await t.ctx.channels.create(
      ws,
      {
        presenceId: presences.body[0]?.id as string,
        network: 'facebook',
        handle: 'acme',
        displayName: 'Acme',
        remoteAccountId: PAGE,
        settings: { pageId: PAGE },
        credentials: { pageAccessToken: 'page-token' },
      },
      null,
    )
    const times: number[] = []
    // @NOTE each comment one second apart in the past, so its conversation is the one last active in that second.
    const start = Math.floor(t.clock.now() / 1000) - deliveries - 1
    for (let i = 0; i < deliveries; i++) {
      const marker = `parcel${letters(i)}late`
      const body = JSON.stringify({
        object: 'page',
        entry: [
          {
            id: PAGE,
            time: start + i,
            changes: [
              {
                field: 'feed',
                value: {
                  from: { id: `91${i}`, name: `Customer ${i}` },
                  post_id: `${PAGE}_${1000 + i}`,
                  comment_id: `${1000 + i}_${i}`,
                  parent_id: `${PAGE}_${1000 + i}`,
                  message: `My order is late, ref ${marker}, where is it?`,
                  created_time: start + i,
                  item: 'comment',
                  verb: 'add',
                },
              },
            ],
          },
        ],
      })
      const started = performance.now()
      const res = await t.app.request('/api/webhooks/meta', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(SECRET, body) },
        body,
      })
      if (res.status !== 200) throw new Error(`delivery ${i}: ${res.status} ${await res.text()}`)
      for (;;) {
        const list = await owner.get<{ items: { preview: string }[] }>(
          `/api/workspaces/${ws}/inbox/conversations`,
        )
        if (list.body.items.some((c) => c.preview.includes(marker))) break
        if (performance.now() - started > 10_000) throw new Error(`delivery ${i} never became visible`)
      }
      times.push(performance.now() - started)
    }
    return p95(times)
  } finally {
    await t.close()
  }
}

async function publishRate(
  posts: number,
): Promise<{ facebook: number; instagram: number; violations: number; requests: number }> {
  const prism = await startPrism({ spec: writeMetaOpenApi(`/tmp/meta-openapi-bench-${process.pid}.json`) })
  const fake = await new GraphFake(
    prism.url,
    { id: PAGE, name: 'Acme', username: 'acme' },
    { id: IG, username: 'acme.ig' },
  ).start()
  try {
    const fb = new FacebookNetwork({ baseUrl: fake.url, pageId: PAGE, pageAccessToken: 'page-token' })
    const ig = new InstagramNetwork({
      baseUrl: fake.url,
      igUserId: IG,
      pageId: PAGE,
      accessToken: 'page-token',
    })
    const jpeg = {
      data: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]),
      mimeType: 'image/jpeg',
      altText: 'A bicycle',
    }
    const rate = async (one: (i: number) => Promise<unknown>) => {
      let next = 0
      const started = performance.now()
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < posts) await one(next++)
        }),
      )
      return posts / ((performance.now() - started) / 1000)
    }
    const facebook = await rate((i) => fb.publish({ text: `Bench post ${i}`, idempotencyKey: `b-${i}` }))
    const instagram = await rate((i) =>
      ig.publish({ text: `Bench post ${i}`, idempotencyKey: `i-${i}`, images: [jpeg] }),
    )
    return { facebook, instagram, violations: prism.violations(), requests: prism.requests() }
  } finally {
    await fake.stop()
    await prism.stop()
  }
}

/** Runs Meta's part and returns its figures as `name → value`. */
export async function runMetaBench(args: string[]): Promise<Record<string, number>> {
  const deliveries = Math.min(arg(args, 'deliveries', 200), 2000)
  const posts = Math.min(arg(args, 'posts', 60), 500)
  console.log(`meta: ${deliveries} webhook deliveries, ${posts} posts per network`)
  const webhook = await webhookToInbox(deliveries)
  const pub = await publishRate(posts)
  console.log(`meta: Prism saw ${pub.requests} requests`)
  return {
    webhook_to_inbox_p95_ms: Math.round(webhook * 10) / 10,
    publish_per_s_facebook: Math.round(pub.facebook * 10) / 10,
    publish_per_s_instagram: Math.round(pub.instagram * 10) / 10,
    prism_violations_meta: pub.violations,
  }
}

/**
 * X's part of `npm run bench -- x-meta` (#20).
 * - publish_per_s_x: posts published by the X adapter (`--posts`, default 60, 4 at a time) through the
 *   stateful X double with Prism validating every request against x-openapi.json (src/networks/x/x.testing.ts),
 *   all through the guarded outbound client, on loopback. Every 4th post carries an image with alt text
 *   (upload + metadata + post: 3 requests).
 * - prism_violations_x: requests Prism's validator flagged during the run (goal 0).
 */
import { parseAllowList } from '../src/core/outbound/address-policy.js'
import { createOutboundClient } from '../src/core/outbound/outbound.client.js'
import { OAuthSession } from '../src/networks/oauth/oauth-session.js'
import { XClient, XRateBudgets } from '../src/networks/x/x.client.js'
import { XNetwork } from '../src/networks/x/x.network.js'
import { X_OAUTH } from '../src/networks/x/x.oauth.js'
import { startXDouble } from '../src/networks/x/x.testing.js'
import { specPath, startPrism } from '../test/support/prism.js'
import { arg } from './support.js'

export async function runXBench(args: string[]): Promise<Record<string, number>> {
  const posts = arg(args, 'posts', 60)
  const prism = await startPrism({ spec: specPath('x-openapi.json') })
  const x = await startXDouble({ prismUrl: prism.url })
  const outbound = createOutboundClient({ allow: parseAllowList('127.0.0.1') })
  try {
    const now = () => Date.now()
    const session = new OAuthSession({
      app: {
        app: 'x',
        clientId: x.oauth.clientId,
        clientSecret: x.oauth.clientSecret,
        endpoints: { ...X_OAUTH.defaults, tokenUrl: `${x.url}/2/oauth2/token`, apiBaseUrl: x.url },
        source: 'workspace',
      },
      provider: X_OAUTH,
      grant: { ...x.initialGrant(), scope: [], tokenType: 'bearer' },
      save: async () => {},
      fetch: outbound.fetch,
      now,
    })
    const network = new XNetwork({
      client: new XClient({
        apiBaseUrl: x.url,
        session,
        fetch: outbound.fetch,
        budgets: new XRateBudgets(),
        budgetScope: 'bench',
        timeoutMs: 20_000,
        now,
      }),
      userId: x.brand.id,
      username: x.brand.username,
      timeoutMs: 20_000,
      now,
    })
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13])
    console.log(`x: publishing ${posts} posts through Prism (4 at a time)…`)
    const started = performance.now()
    let next = 0
    const worker = async () => {
      while (next < posts) {
        const i = next++
        await network.publish({
          text: `Bench post ${i} from Townhall https://example.com/p/${i}`,
          images: i % 4 === 0 ? [{ data: png, mimeType: 'image/png', altText: `Chart ${i}` }] : undefined,
          idempotencyKey: `bench-${i}`,
        })
      }
    }
    await Promise.all([worker(), worker(), worker(), worker()])
    const seconds = (performance.now() - started) / 1000
    await new Promise((r) => setTimeout(r, 200)) // Prism's last log lines
    for (const m of prism.violationMessages()) console.log(`x: prism flagged ${m}`)
    return {
      publish_per_s_x: Math.round((posts / seconds) * 10) / 10,
      prism_violations_x: prism.violations(),
    }
  } finally {
    await outbound.close()
    await x.close()
    await prism.stop()
  }
}

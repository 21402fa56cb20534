import { afterAll, beforeAll, expect, test } from 'vitest'
import { GraphFake } from '../../../test/support/graph-fake.js'
import { writeMetaOpenApi } from '../../../test/support/meta-openapi.js'
import { type PrismServer, startPrism } from '../../../test/support/prism.js'
import type { OAuthApp, OAuthGrant } from '../oauth/oauth.provider.js'
import { FACEBOOK_OAUTH, INSTAGRAM_OAUTH, META_DEFAULTS } from './meta.oauth.js'

let prism: PrismServer
let fake: GraphFake
const exchanged: URL[] = []

beforeAll(async () => {
  prism = await startPrism({ spec: writeMetaOpenApi(`/tmp/meta-openapi-oauth-${process.pid}.json`) })
  fake = await new GraphFake(
    prism.url,
    { id: '104000000000005', name: 'Acme', username: 'acme' },
    { id: '178414000000005', username: 'acme.ig' },
  ).start()
})
afterAll(async () => {
  await fake?.stop()
  await prism?.stop()
})

const grant: OAuthGrant = {
  accessToken: 'short-user-token',
  refreshToken: null,
  expiresAt: null,
  scope: [],
  tokenType: 'bearer',
}

function io() {
  const app: OAuthApp = {
    app: 'meta',
    clientId: '1234567890',
    clientSecret: 'meta-secret',
    endpoints: {
      ...META_DEFAULTS,
      tokenUrl: 'https://token.example/oauth/access_token',
      apiBaseUrl: fake.url,
    },
    source: 'workspace',
  }
  // @NOTE the token exchange belongs to the authorization server, not the Graph specs: answered here.
  const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input))
    if (url.host === 'token.example') {
      exchanged.push(url)
      return Response.json({ access_token: 'long-user-token', token_type: 'bearer', expires_in: 5_183_944 })
    }
    return fetch(url, init)
  }
  return { app, fetch: fetchFn, now: () => Date.now() }
}

test('Facebook Login lists the Pages with their Page tokens, after exchanging for a long-lived user token', async () => {
  const choices = await FACEBOOK_OAUTH.accounts(grant, io())
  expect(exchanged.at(-1)?.searchParams.get('grant_type')).toBe('fb_exchange_token')
  expect(exchanged.at(-1)?.searchParams.get('fb_exchange_token')).toBe('short-user-token')
  expect(choices.map((c) => [c.remoteId, c.handle, c.description])).toEqual([
    ['104000000000005', 'acme', 'Facebook Page · Retail'],
    ['104999', '104999', 'Facebook Page · Blog'],
  ])
  expect(choices[0]?.credentials).toEqual({ pageAccessToken: 'page-token-104000000000005' })
  expect(choices[0]?.settings).toEqual({ pageId: '104000000000005', graphUrl: fake.url })
  expect(fake.requests.at(-1)).toBe('GET /me/accounts')
})

test('Instagram offers the professional accounts linked to those Pages, with the Page token', async () => {
  const choices = await INSTAGRAM_OAUTH.accounts(grant, io())
  expect(choices).toHaveLength(1)
  expect(choices[0]).toMatchObject({
    remoteId: '178414000000005',
    handle: 'acme.ig',
    credentials: { pageAccessToken: 'page-token-104000000000005' },
    settings: { igUserId: '178414000000005', pageId: '104000000000005', graphUrl: fake.url },
  })
  expect(INSTAGRAM_OAUTH.scopes).toContain('instagram_content_publish')
  expect(FACEBOOK_OAUTH.webhookPath).toBe('/api/webhooks/meta')
})

test("Prism's validator flagged none of the requests", () => {
  expect(prism.violations(), prism.violationMessages().join('\n')).toBe(0)
})

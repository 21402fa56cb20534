import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { X_SCOPES } from '../../src/networks/x/x.oauth.js'
import { startXDouble, type XDouble } from '../../src/networks/x/x.testing.js'
import { type OAuthServer, startOAuthServer } from '../support/oauth-server.js'
import { type PrismServer, specPath, startPrism } from '../support/prism.js'
import { describeInBrowser, type E2E, jsErrors, newPage, screenshot, startE2E } from './support/harness.js'

/**
 * Issue 20 in Chromium: an owner registers the X app in Settings, connects X for the brand through a
 * real authorization server's sign-in and consent pages (oidc-provider configured as X), sees the
 * channel connected, and sees it turn to Needs reconnect when the grant is revoked, then reconnects.
 */
describeInBrowser('connecting X in Chromium', { timeout: 180_000 }, () => {
  let e2e: E2E
  let page: Page
  let as: OAuthServer
  let prism: PrismServer
  let x: XDouble
  let workspaceId = ''

  beforeAll(async () => {
    prism = await startPrism({ spec: specPath('x-openapi.json') })
    e2e = await startE2E({ outboundAllow: '127.0.0.1' })
    as = await startOAuthServer({
      clientId: 'townhall-x',
      clientSecret: 'e2e-x-secret',
      redirectUri: `${e2e.baseUrl}/api/oauth/callback/x`,
      scopes: X_SCOPES,
      offlineScope: 'offline.access',
    })
    x = await startXDouble({ prismUrl: prism.url, verifyToken: (t) => as.isActive(t) })
    page = (await newPage(e2e)).page
    const r = await page.request.post('/api/setup', {
      data: {
        name: 'Sam Social',
        email: 'sam@acme.example',
        password: 'correct horse battery',
        workspaceName: 'Acme',
        timeZone: 'Europe/Berlin',
      },
    })
    expect(r.status()).toBe(201)
    workspaceId = ((await r.json()) as { currentWorkspaceId: string }).currentWorkspaceId
  }, 300_000)

  afterAll(async () => {
    await e2e?.close()
    await x?.close()
    await as?.close()
    await prism?.stop()
  })

  it('shows the callback URL and scopes in Settings and stores the X app', async () => {
    await page.goto('/settings')
    const form = page.getByRole('form', { name: 'X app' })
    await form.getByText('Not set up yet.').waitFor()
    expect(await form.locator('input[readonly]').first().inputValue()).toBe(
      `${e2e.baseUrl}/api/oauth/callback/x`,
    )
    await form.getByText('permissions Townhall asks for').click()
    await form.getByText('offline.access').waitFor()
    await form.getByLabel('Client id').fill('townhall-x')
    await form.getByLabel('Client secret').fill('e2e-x-secret')
    await form.getByText('Use other endpoints').click()
    await form.getByLabel('Authorization URL').fill(as.authorizationUrl)
    await form.getByLabel('Token URL').fill(as.tokenUrl)
    await form.getByLabel('API base URL').fill(x.url)
    await form.getByLabel('Issuer').fill(as.issuer)
    await form.getByRole('button', { name: 'Save X app' }).click()
    await form.getByText('This workspace uses its own app.').waitFor()
    await screenshot(page, 'x-connect-01-settings')
  })

  async function consentAtX(login: string) {
    await page.waitForURL((u) => u.href.startsWith(as.issuer))
    await page.locator('input[name="login"]').fill(login)
    await page.locator('input[name="password"]').fill('any password')
    await screenshot(page, 'x-connect-03-authorization-server-login')
    await page.getByRole('button', { name: 'Sign-in' }).click()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL((u) => u.href.startsWith(`${e2e.baseUrl}/channels`))
  }

  it('connects X for the brand through the sign-in and consent pages', async () => {
    await page.goto('/channels')
    await page.getByRole('button', { name: 'Connect X' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('Speaks for').waitFor()
    await screenshot(page, 'x-connect-02-dialog', { fullPage: false })
    await dialog.getByRole('button', { name: 'Continue to X' }).click()
    await consentAtX('acme-social')
    await page.getByText('Connected. Townhall now publishes and listens through this account.').waitFor()
    const row = page.getByRole('listitem', { name: 'X @acmebrand' })
    await row.getByText('Connected', { exact: true }).waitFor()
    await screenshot(page, 'x-connect-04-connected')
    const api = await page.request.get(`/api/workspaces/${workspaceId}/channels`)
    const list = (await api.json()) as Array<{ network: string; handle: string; status: string }>
    expect(list.filter((c) => c.network === 'x')).toEqual([
      expect.objectContaining({ handle: 'acmebrand', status: 'connected' }),
    ])
  })

  it('turns the channel to Needs reconnect when the grant is revoked, and reconnects it', async () => {
    await as.revokeAll('acme-social')
    const row = page.getByRole('listitem', { name: 'X @acmebrand' })
    await row.getByRole('button', { name: 'Check now' }).click()
    await row.getByText('Needs reconnect').waitFor()
    await row
      .getByRole('alert')
      .getByText(/X no longer accepts/)
      .waitFor()
    await screenshot(page, 'x-connect-05-needs-reconnect')
    await row.getByRole('button', { name: 'Reconnect' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Continue to X' }).click()
    // @NOTE the authorization server still has this browser's sign-in and the person's consent, so it
    // sends the browser straight back with a new code, as X does for an app the account already allowed.
    await page.waitForURL((u) => u.href.startsWith(`${e2e.baseUrl}/channels?connected=`))
    await page
      .getByRole('listitem', { name: 'X @acmebrand' })
      .getByText('Connected', { exact: true })
      .waitFor()
    await screenshot(page, 'x-connect-06-reconnected')
    expect(jsErrors(page)).toEqual([])
    expect(prism.violations(), prism.violationMessages().join('\n')).toBe(0)
  })
})

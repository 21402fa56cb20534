import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  call,
  callWithStatus,
  describeInBrowser,
  type E2E,
  jsErrors,
  newPage,
  screenshot,
  startE2E,
} from './support/harness.js'

const OWNER = { name: 'Dana Ortiz', email: 'dana@acme.example', password: 'correct horse battery' }

/** Issue #18 defects 2 and 8 in the browser: "Sign out everywhere", and the paused-copy banner. */
describeInBrowser('account security and paused copies in Chromium', { timeout: 120_000 }, () => {
  let e2e: E2E
  let page: Page

  beforeAll(async () => {
    e2e = await startE2E()
    page = (await newPage(e2e)).page
    await page.goto('/')
    await call(page, 'POST', '/api/setup', { ...OWNER, workspaceName: 'Acme', timeZone: 'Europe/Berlin' })
  }, 300_000)
  afterAll(async () => {
    await e2e?.close()
  })

  it('signs out everywhere from the account page, keeping only the token ticked', async () => {
    const other = (await newPage(e2e)).page
    await other.goto('/')
    await call(other, 'POST', '/api/auth/login', { email: OWNER.email, password: OWNER.password })
    const keep = await call<{ token: string; info: { id: string } }>(page, 'POST', '/api/me/tokens', {
      name: 'Keep me',
    })
    const drop = await call<{ token: string }>(page, 'POST', '/api/me/tokens', { name: 'Drop me' })

    await page.goto('/account/tokens')
    await page.getByRole('button', { name: 'Sign out everywhere' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('Your API tokens are revoked too. Keep any?').waitFor()
    await dialog.getByLabel(/Keep “Keep me”/).check()
    await screenshot(page, 'security-01-sign-out-everywhere', { fullPage: false })
    await dialog.getByRole('button', { name: 'Sign out everywhere' }).click()
    await page
      .getByText('Signed out of 1 other session(s) and revoked 1 token(s).', { exact: false })
      .waitFor()

    const bearer = async (token: string) =>
      (await fetch(`${e2e.baseUrl}/api/workspaces`, { headers: { authorization: `Bearer ${token}` } })).status
    expect(await bearer(keep.token)).toBe(200)
    expect(await bearer(drop.token)).toBe(401)
    expect((await callWithStatus(other, 'GET', '/api/session')).status).toBe(401)
    expect((await callWithStatus(page, 'GET', '/api/session')).status).toBe(200)
    expect(jsErrors(page)).toEqual([])
  })

  it('shows the paused banner on every page and an instance owner resumes from it', async () => {
    await e2e.server.ctx.instance.pause('restored from test.sqlite')
    await page.goto('/presences')
    const banner = page.locator('[data-paused-banner]')
    await banner.getByText('This copy is paused after a restore; resume to start publishing').waitFor()
    await screenshot(page, 'security-02-paused-banner')
    await page.goto('/publishing')
    await banner.waitFor()
    await banner.getByRole('button', { name: 'Resume' }).click()
    await banner.waitFor({ state: 'detached' })
    expect(await e2e.server.ctx.instance.paused()).toBeNull()
    await page.reload()
    await page.getByRole('heading', { name: 'Publishing' }).first().waitFor()
    expect(await banner.count()).toBe(0)
    expect(jsErrors(page)).toEqual([])
  })
})

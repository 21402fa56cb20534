import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeInBrowser, type E2E, jsErrors, newPage, screenshot, startE2E } from './support/harness.js'

/** Issue 3's UI: try the Sandbox in one click, see health, run a crisis, refuse a bad Bluesky login, disconnect. */
describeInBrowser('channels page in Chromium', { timeout: 120_000 }, () => {
  let e2e: E2E
  let page: Page
  let workspaceId = ''

  beforeAll(async () => {
    e2e = await startE2E()
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
  })

  it('connects a Sandbox to the brand in one click from the empty state', async () => {
    await page.goto('/channels')
    await page.getByText('No channels yet').waitFor()
    await screenshot(page, 'channels-01-empty')
    await page.getByRole('button', { name: 'Try Townhall with the Sandbox' }).click()
    const row = page.locator('li.list-row').first()
    await row.getByText('Sandbox', { exact: true }).waitFor()
    expect(await row.getByText('Connected', { exact: true }).count()).toBe(1)
    const api = await page.request.get(`/api/workspaces/${workspaceId}/channels`)
    const channels = (await api.json()) as Array<{ network: string; status: string; credentials?: unknown }>
    expect(channels).toHaveLength(1)
    expect(channels[0]).toMatchObject({ network: 'sandbox', status: 'connected' })
    expect(channels[0]!.credentials).toBeUndefined()
    await screenshot(page, 'channels-02-sandbox-connected')
  })

  it('starts and ends a simulated crisis', async () => {
    await page.getByRole('button', { name: 'Start a crisis' }).click()
    // It asks first, and says what it will do.
    const confirm = page.getByRole('dialog')
    await confirm.getByText('the Sandbox plays an outage going viral').waitFor()
    await confirm.getByRole('button', { name: 'Start the crisis' }).click()
    await page.getByText('Simulated crisis running: an outage is going viral.').waitFor()
    await screenshot(page, 'channels-03-crisis')
    await page.getByRole('button', { name: 'End crisis' }).click()
    await page.getByRole('button', { name: 'Start a crisis' }).waitFor()
  })

  it('refuses a Bluesky connection it cannot verify, with the reason in the dialog', async () => {
    await page.getByRole('button', { name: 'Connect Bluesky' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByText('Connect a Bluesky account').waitFor()
    await dialog.getByRole('button', { name: 'Connect' }).click()
    await dialog.getByText('Enter the account’s handle, e.g. acme.bsky.social').waitFor()
    await dialog.getByLabel('Handle').fill('acme.example')
    await dialog.getByLabel('App password').fill('abcd-efgh-ijkl-mnop')
    // An internal address is refused before the handle and app password are sent anywhere (#18).
    await dialog.getByLabel('Service URL').fill('http://127.0.0.1:9')
    await dialog.getByRole('button', { name: 'Connect' }).click()
    await dialog.getByText(/points to a loopback, private or otherwise internal address/).waitFor()
    await screenshot(page, 'channels-04-bluesky-refused', { fullPage: false })
    const listed = (await (
      await page.request.get(`/api/workspaces/${workspaceId}/channels`)
    ).json()) as unknown[]
    expect(listed).toHaveLength(1)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
  })

  it('disconnects after confirmation and wipes the channel from the list', async () => {
    const row = page.locator('li.list-row').first()
    await row.getByRole('button', { name: /^Disconnect @/ }).click()
    const confirm = page.getByRole('dialog')
    await confirm.getByText('wipes its stored credentials').waitFor()
    await confirm.getByRole('button', { name: 'Disconnect' }).click()
    await page.getByText('No channels yet').waitFor()
    expect(jsErrors(page)).toEqual([])
  })
})

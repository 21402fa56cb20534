import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeInBrowser, type E2E, jsErrors, newPage, screenshot, startE2E } from './support/harness.js'

/** Issue #23's organiser page: draft a giveaway (a bad end shown at its field), open it, see the commitment. */
describeInBrowser('giveaways page in Chromium', { timeout: 180_000 }, () => {
  let e2e: E2E
  let page: Page
  let workspaceId = ''
  const local = (ms: number) => new Date(ms).toISOString().slice(0, 16)

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

  it('drafts a giveaway, refusing an end before the start at the field, then opens it', async () => {
    const session = (await (await page.request.get('/api/session')).json()) as { csrfToken: string }
    const ch = await page.request.post(`/api/workspaces/${workspaceId}/channels/sandbox`, {
      data: { ratePerMinute: 0 },
      headers: { 'x-csrf-token': session.csrfToken },
    })
    expect(ch.status()).toBe(201)
    await page.goto('/giveaways')
    await page.getByText('No giveaways yet').waitFor()
    const day = 86_400_000
    await page.getByLabel('Title').fill('Win a mug')
    await page.getByLabel('Prize', { exact: true }).fill('Townhall mug')
    await page.getByLabel('Time zone').fill('UTC')
    await page.getByLabel('Starts').fill(local(Date.now() + 2 * day))
    await page.getByLabel('Ends').fill(local(Date.now() + day))
    await page.getByLabel('Keyword or #hashtag replies must contain').fill('#mug')
    await page.getByLabel('Sponsor', { exact: true }).fill('Acme SAS')
    await page.getByLabel('Sponsor address').fill('1 rue de la Paix, Paris')
    await page.getByLabel('Free way to enter without a social account').fill('Send a postcard to Acme SAS.')
    await page.getByRole('button', { name: 'Create draft' }).click()
    await page.getByText('must be after startsAt').waitFor()
    await screenshot(page, 'giveaways-01-bad-end')
    await page.getByLabel('Ends').fill(local(Date.now() + 3 * day))
    await page.getByRole('button', { name: 'Create draft' }).click()
    await page.getByRole('heading', { name: 'Win a mug' }).waitFor()
    await page.getByRole('button', { name: 'Open and publish the commitment' }).click()
    const commitment = page.locator('p', { hasText: /drand quicknet round \d+/ })
    await commitment.waitFor()
    expect(await commitment.locator('code').textContent()).toMatch(/^[0-9a-f]{64}$/)
    expect(await page.getByText('Open', { exact: true }).count()).toBe(1)
    await screenshot(page, 'giveaways-02-open')
    expect(jsErrors(page)).toEqual([])
  })
})

import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { call, describeInBrowser, type E2E, jsErrors, screenshot, startE2E } from './support/harness.js'
import { acmeWithMember } from './support/inbox-seed.js'

const SAM = { name: 'Sam Rivera', email: 'sam@acme.example', password: 'correct horse battery' }
const LEE = { name: 'Lee Chen', email: 'lee@acme.example', password: 'a long executive passphrase' }

interface Channel {
  id: string
  presenceId: string
  network: string
}

/**
 * Issue #22, "leaders can't get a channel of their own": the Connect link on a leader's presence
 * card keeps the presence, an executive manages their own presence's channels, and each presence
 * gets a Sandbox of its own instead of the brand's.
 */
describeInBrowser('a leader connects a Sandbox of their own in Chromium', { timeout: 120_000 }, () => {
  let e2e: E2E
  let sam: Page
  let lee: Page
  let wid = ''
  let brandId = ''
  let leeId = ''

  beforeAll(async () => {
    e2e = await startE2E()
    ;({ owner: sam, member: lee, workspaceId: wid } = await acmeWithMember(e2e, SAM, LEE, 'executive'))
    const session = await call<{ workspaces: Array<{ id: string; memberId: string }> }>(
      lee,
      'GET',
      '/api/session',
    )
    const memberId = session.workspaces.find((w) => w.id === wid)!.memberId
    const presences = await call<Array<{ id: string; kind: string }>>(
      sam,
      'GET',
      `/api/workspaces/${wid}/presences`,
    )
    brandId = presences.find((p) => p.kind === 'brand')!.id
    const created = await call<{ id: string }>(sam, 'POST', `/api/workspaces/${wid}/presences`, {
      kind: 'person',
      displayName: 'Lee Chen',
      title: 'CEO',
      memberId,
    })
    leeId = created.id
  }, 300_000)

  afterAll(async () => {
    await e2e?.close()
  })

  it('lets the owner give the brand its Sandbox from the dialog, choosing whom it speaks for', async () => {
    await sam.goto('/channels')
    await sam.getByRole('button', { name: 'Add a Sandbox' }).first().click()
    const dialog = sam.getByRole('dialog')
    await dialog.getByLabel('Speaks for').selectOption(brandId)
    await dialog.getByRole('button', { name: 'Add Sandbox' }).click()
    await sam.locator('li.list-row').getByText('for Acme').waitFor()
    const channels = await call<Channel[]>(sam, 'GET', `/api/workspaces/${wid}/channels`)
    expect(channels.map((c) => [c.network, c.presenceId])).toEqual([['sandbox', brandId]])
  })

  it('preselects the only channel in the composer, so the first post needs no extra click', async () => {
    await sam.goto('/publishing/new')
    await sam.getByRole('heading', { name: 'New post' }).waitFor()
    const box = sam.getByRole('region', { name: 'Acme' }).getByRole('checkbox')
    expect(await box.isChecked()).toBe(true)
  })

  it('takes the executive from their presence card to Channels for that presence, not "View only"', async () => {
    await lee.goto('/presences')
    const card = lee.getByRole('article', { name: 'Lee Chen' })
    await card.getByRole('link', { name: 'Connect' }).click()
    await lee.waitForURL(`**/channels?presence=${leeId}`)
    expect(await lee.getByText('View only').count()).toBe(0)
    await lee.getByRole('button', { name: 'Add a Sandbox' }).click()
    const dialog = lee.getByRole('dialog')
    // The presence the link was for is chosen; the brand is not offered to an executive.
    expect(await dialog.getByLabel('Speaks for').inputValue()).toBe(leeId)
    expect(await dialog.getByRole('option').allTextContents()).toEqual(['Lee Chen'])
    await screenshot(lee, 'leader-channel-01-dialog', { fullPage: false })
    await dialog.getByRole('button', { name: 'Add Sandbox' }).click()
    await lee.locator('li.list-row').getByText('for Lee Chen').waitFor()
    await screenshot(lee, 'leader-channel-02-connected')
  })

  it("gives the leader a Sandbox channel of their own, and leaves the brand's to the team", async () => {
    const channels = await call<Channel[]>(sam, 'GET', `/api/workspaces/${wid}/channels`)
    const sandboxes = channels.filter((c) => c.network === 'sandbox')
    expect(sandboxes.map((c) => c.presenceId).sort()).toEqual([brandId, leeId].sort())
    expect(new Set(sandboxes.map((c) => c.id)).size).toBe(2)
    const brandRow = lee.locator('li.list-row', { hasText: 'for Acme' })
    const leeRow = lee.locator('li.list-row', { hasText: 'for Lee Chen' })
    expect(await leeRow.getByRole('button', { name: 'Check now' }).count()).toBe(1)
    expect(await brandRow.getByRole('button', { name: 'Check now' }).count()).toBe(0)
    expect(jsErrors(lee)).toEqual([])
  })
})

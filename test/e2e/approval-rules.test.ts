import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { call, describeInBrowser, type E2E, jsErrors, screenshot, startE2E } from './support/harness.js'
import { acmeWithMember } from './support/inbox-seed.js'

const SAM = { name: 'Sam Rivera', email: 'sam@acme.example', password: 'correct horse battery' }
const ALEX = { name: 'Alex Kim', email: 'alex@acme.example', password: 'an agent passphrase here' }

interface Post {
  id: string
  state: string
  requirements: Array<{ kind: string; satisfiedBy: string | null }>
}

/**
 * Issue #22, composer and approvals: approval rules per presence in Settings, the rule shown on the
 * post ("Needs a manager"), and a count in the navigation of what waits for the approver.
 */
describeInBrowser('approval rules and what waits for an approver in Chromium', { timeout: 120_000 }, () => {
  let e2e: E2E
  let sam: Page
  let alex: Page
  let wid = ''
  let channelId = ''

  beforeAll(async () => {
    e2e = await startE2E()
    ;({ owner: sam, member: alex, workspaceId: wid } = await acmeWithMember(e2e, SAM, ALEX, 'agent'))
    channelId = (await call<{ id: string }>(sam, 'POST', `/api/workspaces/${wid}/channels/sandbox`, {})).id
  }, 300_000)

  afterAll(async () => {
    await e2e?.close()
  })

  const draft = async (text: string) => {
    const p = await call<Post>(alex, 'POST', `/api/workspaces/${wid}/posts`, {
      kind: 'free',
      parts: [{ text }],
      channelIds: [channelId],
    })
    return call<Post>(alex, 'POST', `/api/workspaces/${wid}/posts/${p.id}/submit`)
  }

  it('lets the owner turn the brand’s rule for agents off in Settings, so an agent’s post needs nobody', async () => {
    await sam.goto('/settings')
    const rules = sam.getByRole('region', { name: 'Approval rules for Acme' })
    const agents = rules.getByRole('switch', { name: 'Agents’ posts need a manager' })
    expect(await agents.getAttribute('aria-checked')).toBe('true')
    await agents.click()
    await expect.poll(() => agents.getAttribute('aria-checked')).toBe('false')
    await screenshot(sam, 'approval-rules-01-settings')
    const submitted = await draft('Our service desk is open until 18:00 today.')
    expect(submitted.requirements).toEqual([])
    expect(submitted.state).not.toBe('in-review')
  })

  it('with the rule on, shows "Needs a manager" on the post and a count in the approver’s navigation', async () => {
    await sam.reload()
    const agents = sam
      .getByRole('region', { name: 'Approval rules for Acme' })
      .getByRole('switch', { name: 'Agents’ posts need a manager' })
    await agents.click()
    await expect.poll(() => agents.getAttribute('aria-checked')).toBe('true')
    const submitted = await draft('New opening hours from Monday: 8:00 to 20:00.')
    expect(submitted.state).toBe('in-review')
    expect(submitted.requirements.map((r) => r.kind)).toEqual(['manager'])

    await sam.goto('/inbox')
    const nav = sam.getByRole('link', { name: 'Publishing, 1 waiting for your approval' })
    await nav.waitFor()
    // The agent who wrote it waits for nobody.
    await alex.goto('/inbox')
    await alex.getByRole('link', { name: 'Publishing', exact: true }).waitFor()
    expect(await alex.getByRole('link', { name: /waiting for your approval/ }).count()).toBe(0)
    await sam.goto(`/publishing/posts/${submitted.id}`)
    await sam.getByText('Needs a manager').waitFor()
    await screenshot(sam, 'approval-rules-02-needs-manager')
    await sam.getByRole('button', { name: 'Approve' }).click()
    await sam.getByText('Approved by Sam Rivera').first().waitFor()
    await sam.goto('/publishing')
    await sam.getByRole('link', { name: 'Publishing', exact: true }).waitFor()
    expect(await sam.getByRole('link', { name: /waiting for your approval/ }).count()).toBe(0)
    expect(jsErrors(sam)).toEqual([])
  })
})

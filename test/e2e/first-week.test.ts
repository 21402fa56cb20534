import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { addDays, todayIn } from '../../web/src/pages/reports/reports-api.js'
import {
  call,
  describeInBrowser,
  type E2E,
  jsErrors,
  newPage,
  screenshot,
  startE2E,
} from './support/harness.js'
import { brandRepliesTo, pushMention, sandboxChannel } from './support/inbox-seed.js'

const SAM = { name: 'Sam Rivera', email: 'sam@acme.example', password: 'correct horse battery' }
const LEE = { name: 'Lee Chen', email: 'lee@acme.example', password: 'a long executive passphrase' }
const ALEX = { name: 'Alex Kim', email: 'alex@acme.example', password: 'an agent passphrase here' }
const TZ = 'Europe/Berlin'

interface Post {
  id: string
  state: string
  approvalState: string
  requirements: Array<{ kind: string; satisfiedBy: string | null }>
}

/**
 * Issue #22's proof, the path a new team walks in its first week: setup → the Sandbox from the
 * landing page → a leader's own Sandbox channel → the leader approves a post in their name → an
 * agent's brand post approved by a manager under an approval rule → a reply in the inbox → the
 * report with the same dates on screen, in the link and in the file name.
 */
describeInBrowser('a new team’s first week in Chromium', { timeout: 180_000 }, () => {
  let e2e: E2E
  let sam: Page
  let lee: Page
  let alex: Page
  let wid = ''
  let brandChannel = ''
  let leeChannel = ''
  let leePresence = ''

  beforeAll(async () => {
    e2e = await startE2E()
    sam = (await newPage(e2e)).page
    lee = (await newPage(e2e)).page
    alex = (await newPage(e2e)).page
  }, 300_000)

  afterAll(async () => {
    await e2e?.close()
  })

  const join = async (page: Page, person: typeof LEE, role: string) => {
    const invite = await call<{ token: string }>(sam, 'POST', `/api/workspaces/${wid}/invitations`, {
      role,
      email: person.email,
    })
    await page.goto('/')
    await call(page, 'POST', `/api/invitations/${invite.token}/accept`, person)
    const s = await call<{ workspaces: Array<{ id: string; memberId: string }> }>(page, 'GET', '/api/session')
    return s.workspaces.find((w) => w.id === wid)!.memberId
  }

  it('sets up and lands on a page that offers the Sandbox and a checklist', async () => {
    await sam.goto('/')
    await sam.getByRole('heading', { name: 'Set up Townhall' }).waitFor()
    await sam.getByLabel('Full name').fill(SAM.name)
    await sam.getByLabel('Work email').fill(SAM.email)
    await sam.getByLabel('Password').fill(SAM.password)
    await sam.getByLabel('Workspace name').fill('Acme')
    await sam.getByRole('button', { name: 'Create account and workspace' }).click()
    await sam.getByRole('heading', { name: 'Presences' }).waitFor()
    wid = (await call<{ currentWorkspaceId: string }>(sam, 'GET', '/api/session')).currentWorkspaceId
    const card = sam.locator('.getting-started')
    await card.getByText('0 of 4 done').waitFor()
    await screenshot(sam, 'first-week-01-landing')
    await card.getByRole('button', { name: 'Try Townhall with the Sandbox' }).click()
    await card.getByText('1 of 4 done').waitFor()
    const checklist = card.getByRole('list', { name: 'Getting started checklist' })
    expect(await checklist.locator('li.is-done').allTextContents()).toEqual([
      'Connect a channel (or the Sandbox) (done)',
    ])
    const channels = await call<Array<{ id: string; network: string }>>(
      sam,
      'GET',
      `/api/workspaces/${wid}/channels`,
    )
    expect(channels.map((c) => c.network)).toEqual(['sandbox'])
    brandChannel = channels[0]!.id
  })

  it('ticks the team and the leader off as they join, and gives the leader a Sandbox of their own', async () => {
    const leeMember = await join(lee, LEE, 'executive')
    await join(alex, ALEX, 'agent')
    leePresence = (
      await call<{ id: string }>(sam, 'POST', `/api/workspaces/${wid}/presences`, {
        kind: 'person',
        displayName: LEE.name,
        title: 'CEO',
        memberId: leeMember,
      })
    ).id
    await sam.reload()
    await sam.locator('.getting-started').getByText('3 of 4 done').waitFor()

    await lee.goto('/presences')
    await lee.getByRole('article', { name: LEE.name }).getByRole('link', { name: 'Connect' }).click()
    await lee.getByRole('button', { name: 'Add a Sandbox' }).click()
    await lee.getByRole('dialog').getByRole('button', { name: 'Add Sandbox' }).click()
    await lee.locator('li.list-row').getByText(`for ${LEE.name}`).waitFor()
    const channels = await call<Array<{ id: string; presenceId: string }>>(
      lee,
      'GET',
      `/api/workspaces/${wid}/channels`,
    )
    leeChannel = channels.find((c) => c.presenceId === leePresence)!.id
    expect(leeChannel).not.toBe(brandChannel)
  })

  it('has the leader approve a post in their name from the count in the navigation', async () => {
    const draft = await call<Post>(sam, 'POST', `/api/workspaces/${wid}/posts`, {
      kind: 'free',
      parts: [{ text: 'Proud of the team that shipped our EU region this week.' }],
      channelIds: [leeChannel],
    })
    const submitted = await call<Post>(sam, 'POST', `/api/workspaces/${wid}/posts/${draft.id}/submit`)
    expect(submitted.requirements.map((r) => r.kind)).toEqual(['person'])
    await lee.goto('/inbox')
    await lee.getByRole('link', { name: 'Publishing, 1 waiting for your approval' }).waitFor()
    await lee.goto(`/publishing/posts/${draft.id}`)
    await lee.getByText(`Needs ${LEE.name}`).waitFor()
    await lee.getByRole('button', { name: 'Approve' }).click()
    await lee.getByText(`Approved by ${LEE.name}`).first().waitFor()
    const after = await call<Post>(lee, 'GET', `/api/workspaces/${wid}/posts/${draft.id}`)
    expect(after.approvalState).toBe('approved')
    // Every time on the page is in the workspace's zone, labelled, with the reader's own on hover.
    const times = lee.locator('main time')
    expect(await times.count()).toBeGreaterThan(0)
    for (const text of await times.allTextContents()) expect(text).toMatch(/\(Europe\/Berlin\)$/)
    expect(await times.first().getAttribute('title')).toMatch(/^Your time: /)
  })

  it("has a manager approve an agent's brand post under the brand's approval rule", async () => {
    await sam.goto('/settings')
    const rule = sam
      .getByRole('region', { name: 'Approval rules for Acme' })
      .getByRole('switch', { name: 'Agents’ posts need a manager' })
    expect(await rule.getAttribute('aria-checked')).toBe('true')
    const draft = await call<Post>(alex, 'POST', `/api/workspaces/${wid}/posts`, {
      kind: 'support-notice',
      fields: { service: 'Checkout', status: 'resolved', details: 'Payments work again.' },
      parts: [{ text: 'Checkout is working again. Thanks for your patience.' }],
      channelIds: [brandChannel],
    })
    await call<Post>(alex, 'POST', `/api/workspaces/${wid}/posts/${draft.id}/submit`)
    await sam.goto('/publishing')
    await sam.getByRole('link', { name: 'Publishing, 1 waiting for your approval' }).waitFor()
    await sam.goto(`/publishing/posts/${draft.id}`)
    await sam.getByText('Needs a manager').waitFor()
    await sam.getByRole('button', { name: 'Approve' }).click()
    await sam.getByText(`Approved by ${SAM.name}`).first().waitFor()
    expect((await call<Post>(sam, 'GET', `/api/workspaces/${wid}/posts/${draft.id}`)).approvalState).toBe(
      'approved',
    )
  })

  it('answers a customer in the inbox, and the Sandbox gets the reply', async () => {
    const ch = await sandboxChannel(e2e, brandChannel)
    const m = await pushMention(e2e, ch, { authorIndex: 3, text: '@acme my card was charged twice, help?' })
    await sam.goto(`/inbox/${m.conversationId}`)
    await sam.locator('.conv-header h2').waitFor()
    await sam.keyboard.press('r')
    await sam.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Reply')
    const text = 'Sorry about that! We refunded the second charge, it shows within 3 days.'
    await sam.keyboard.type(text)
    await sam.keyboard.press('Control+Enter')
    await sam.locator('.msg-ours').filter({ hasText: text }).waitFor()
    expect(await brandRepliesTo(e2e, m.remoteId)).toEqual([text])
  })

  it('shows the report with one range on screen, in the export link and in the file name', async () => {
    const today = todayIn(TZ)
    const from = addDays(today, -29)
    await sam.goto('/reports')
    await expect
      .poll(() => sam.locator('.range-summary').textContent())
      .toContain(`${from} to ${today} (${TZ})`)
    const pdf = await sam.getByRole('link', { name: 'Download PDF' }).getAttribute('href')
    const q = new URL(pdf!, 'http://x').searchParams
    // The API's end is exclusive (documented): the day after the last one shown.
    expect([q.get('from'), q.get('to')]).toEqual([from, addDays(today, 1)])
    const [download] = await Promise.all([
      sam.waitForEvent('download'),
      sam.getByRole('link', { name: 'Download PDF' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`care-report-${from}-${today}.pdf`)
    await screenshot(sam, 'first-week-02-report')
    expect(jsErrors(sam)).toEqual([])
    expect(jsErrors(lee)).toEqual([])
  })
})

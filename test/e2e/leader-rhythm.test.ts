import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  call,
  describeInBrowser,
  type E2E,
  jsErrors,
  newPage,
  PHONE,
  screenshot,
  startE2E,
} from './support/harness.js'

const CEO = { name: 'Dana Ortiz', email: 'dana@acme.example', password: 'correct horse battery' }
const COMMS = { name: 'Sam Rivera', email: 'sam@acme.example', password: 'comms team passphrase' }

/**
 * The leader's week on a phone: a draft tagged with a pillar waits for Dana; she approves it from
 * the digest's one-tap link; then she practises on the Sandbox (sped up) and reads her results.
 */
// @NOTE generous per-test time: the suite shares two CPU cores with other test files and builds.
describeInBrowser('leader rhythm in Chromium', { timeout: 120_000 }, () => {
  let e2e: E2E
  let desk: Page
  let phone: Page
  let comms: Page
  let wid = ''
  let leaderId = ''
  let postId = ''
  let pillarName = ''

  beforeAll(async () => {
    e2e = await startE2E()
    desk = (await newPage(e2e)).page
    phone = (await newPage(e2e, PHONE)).page
    comms = (await newPage(e2e)).page
  }, 300_000)

  afterAll(async () => {
    await e2e?.close()
  })

  it('sets up Dana’s presence with a plan, and a comms manager drafts a post tagged with a pillar', async () => {
    await desk.goto('/')
    await desk.getByRole('heading', { name: 'Set up Townhall' }).waitFor()
    await call(desk, 'POST', '/api/setup', { ...CEO, workspaceName: 'Acme', timeZone: 'Europe/Berlin' })
    const session = await call<{ currentWorkspaceId: string; workspaces: Array<{ memberId: string }> }>(
      desk,
      'GET',
      '/api/session',
    )
    wid = session.currentWorkspaceId
    leaderId = (
      await call<{ id: string }>(desk, 'POST', `/api/workspaces/${wid}/presences`, {
        kind: 'person',
        displayName: CEO.name,
        title: 'CEO',
        memberId: session.workspaces[0]!.memberId,
      })
    ).id
    const channel = await call<{ id: string }>(desk, 'POST', `/api/workspaces/${wid}/channels/sandbox`, {
      presenceId: leaderId,
    })
    const plan = await call<{
      draft: Record<string, unknown> & { pillars: Array<{ key: string; name: string }> }
    }>(desk, 'GET', `/api/workspaces/${wid}/presences/${leaderId}/strategy`)
    await call(desk, 'PUT', `/api/workspaces/${wid}/presences/${leaderId}/strategy`, {
      ...plan.draft,
      cadence: { postsPerWeek: 2, repliesPerWeek: 5 },
    })
    const pillar = plan.draft.pillars[0]!
    pillarName = pillar.name
    const invite = await call<{ token: string }>(desk, 'POST', `/api/workspaces/${wid}/invitations`, {
      role: 'manager',
      email: COMMS.email,
    })
    await comms.goto('/')
    await call(comms, 'POST', `/api/invitations/${invite.token}/accept`, COMMS)
    postId = (
      await call<{ id: string }>(comms, 'POST', `/api/workspaces/${wid}/posts`, {
        kind: 'free',
        title: 'What I learned from our customers this quarter',
        parts: [{ text: 'Three things our customers taught me this quarter, in one thread.' }],
        channelIds: [channel.id],
        pillar: pillar.key,
      })
    ).id
    const submitted = await call<{ approvalState: string }>(
      comms,
      'POST',
      `/api/workspaces/${wid}/posts/${postId}/submit`,
    )
    expect(submitted.approvalState).toBe('in-review')
  })

  it('Dana approves the draft from her digest’s one-tap link on her phone', async () => {
    await phone.goto('/login')
    await phone.waitForLoadState('networkidle')
    await call(phone, 'POST', '/api/auth/login', { email: CEO.email, password: CEO.password })
    await phone.goto(`/leader/digest/${leaderId}`)
    await phone.getByRole('heading', { name: `Your week, ${CEO.name}` }).waitFor({ timeout: 60_000 })
    const drafts = phone.getByRole('region', { name: 'Drafts waiting for your approval (1)' })
    const item = phone.locator(`[data-draft="${postId}"]`)
    await item.getByText('What I learned from our customers this quarter').waitFor()
    await expect(item.locator('.badge').textContent()).resolves.toBe(pillarName)
    await screenshot(phone, 'leader-01-digest-phone')
    await item.getByRole('button', { name: 'Approve in one tap' }).click()
    await phone.waitForURL(/\/approve\//)
    await phone.getByRole('heading', { name: 'What I learned from our customers this quarter' }).waitFor()
    const approveUrl = phone.url()
    await phone.getByRole('button', { name: 'Approve', exact: true }).click()
    await phone.getByRole('heading', { name: /^Approved\./ }).waitFor()
    await screenshot(phone, 'leader-02-approved-phone')
    const post = await call<{ approvalState: string }>(desk, 'GET', `/api/workspaces/${wid}/posts/${postId}`)
    expect(post.approvalState).toBe('approved')
    // the link works once
    await phone.goto(approveUrl)
    await phone.getByRole('heading', { name: 'This approval link was already used' }).waitFor()
    await phone.goto(`/leader/digest/${leaderId}`)
    await phone.getByRole('heading', { name: 'Drafts waiting for your approval (0)' }).waitFor()
    expect(await drafts.count()).toBe(0)
    expect(jsErrors(phone)).toEqual([])
  })

  it('Dana practises on the Sandbox (sped up) and sees her results', async () => {
    await phone.goto(`/leader/practice/${leaderId}?speed=60`)
    await phone.getByRole('heading', { name: 'PRACTICE on the Sandbox' }).waitFor()
    await phone.getByText('Nothing you write here reaches a real network.').waitFor()
    await phone.getByRole('button', { name: 'Start practice' }).click()
    // speed 60: the four-minute script arrives in about four seconds
    await phone
      .getByRole('heading', { name: 'PRACTICE session: 8 of 8 messages arrived' })
      .waitFor({ timeout: 30_000 })
    await screenshot(phone, 'leader-03-practice-running')
    const sessions = await call<
      Array<{ practicePresenceId: string; messages: Array<{ text: string; tone: string }> }>
    >(phone, 'GET', `/api/workspaces/${wid}/leaders/${leaderId}/practice`)
    const practice = sessions[0]!
    const presence = await call<{ displayName: string }>(
      phone,
      'GET',
      `/api/workspaces/${wid}/presences/${practice.practicePresenceId}`,
    )
    expect(presence.displayName).toBe(`PRACTICE · ${CEO.name}`)
    // Dana answers the first friendly and the first hostile message in the inbox (on her laptop)
    const list = await call<{ items: Array<{ id: string; preview: string }> }>(
      phone,
      'GET',
      `/api/workspaces/${wid}/inbox/conversations?presenceIds=${practice.practicePresenceId}`,
    )
    expect(list.items).toHaveLength(8)
    for (const tone of ['friendly', 'hostile']) {
      const m = practice.messages.find((x) => x.tone === tone)!
      const conv = list.items.find((c) => c.preview === m.text)!
      const text =
        tone === 'friendly'
          ? 'Thank you, that means a lot!'
          : 'I hear you. We will fix this, and I will follow up today.'
      await desk.goto(`/inbox/${conv.id}`)
      await desk.getByLabel('Reply').fill(text)
      await desk.getByLabel('Reply').press('Control+Enter')
      await desk.locator('.msg-ours').filter({ hasText: text }).waitFor()
    }
    await phone.locator('[data-practice-messages] .badge-success', { hasText: 'answered' }).nth(1).waitFor()
    await phone.getByRole('button', { name: 'Finish practice' }).click()
    await phone.getByRole('heading', { name: 'Your PRACTICE results' }).waitFor()
    await expect(phone.locator('[data-result="replies"]').textContent()).resolves.toBe('2 of 8 messages')
    const tips = await phone.locator('[data-result="suggestions"] li').allTextContents()
    expect(tips[0]).toMatch(/^Answer hostile messages too: 2 of 3 got no reply/)
    expect(tips).toContain(
      'Answer the questions: 3 of 3 curious messages waited in vain. Questions are the easiest way to show what you know.',
    )
    await screenshot(phone, 'leader-04-practice-results')
    expect(jsErrors(phone)).toEqual([])
  })

  it('shows the scorecard with 12 weeks and the week so far, and the team view for the owner', async () => {
    await phone.goto(`/leader/scorecard/${leaderId}`)
    await phone.getByRole('heading', { name: 'Scorecard' }).waitFor()
    await expect(phone.locator('[data-score="consistency"]').textContent()).resolves.toBe(
      '0 % (0 of 12 weeks)',
    )
    await expect(phone.locator('table tbody tr').count()).resolves.toBe(13)
    await phone.getByText('Plan: 2 posts and 5 replies a week').waitFor()
    await screenshot(phone, 'leader-05-scorecard-phone')
    await desk.goto('/leader/rhythm')
    await desk.getByRole('heading', { name: 'Leaders’ weekly rhythm' }).waitFor()
    // the team view: the brand and Dana, never the practice presence
    await desk.getByRole('heading', { name: CEO.name, exact: true }).waitFor()
    await desk.getByRole('heading', { name: 'Acme', exact: true }).waitFor()
    await expect(desk.getByText(`PRACTICE · ${CEO.name}`).count()).resolves.toBe(0)
    await screenshot(desk, 'leader-06-team')
    expect(jsErrors(phone)).toEqual([])
    expect(jsErrors(desk)).toEqual([])
  })
})

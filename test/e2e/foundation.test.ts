import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  apiStatusFromPage,
  DESKTOP,
  describeInBrowser,
  type E2E,
  jsErrors,
  newPage,
  PHONE,
  screenshot,
  startE2E,
} from './support/harness.js'

const OWNER = {
  name: 'Dana Ortiz',
  email: 'dana@acme.example',
  password: 'correct horse battery',
  workspace: 'Acme',
}
const EXEC = { name: 'Erin Chen', email: 'erin@acme.example', password: 'executive passphrase' }
const VIEWER = { name: 'Victor Lang', email: 'victor@acme.example', password: 'viewer passphrase 1' }

/**
 * One story, in order: first-run setup → log out and in → create a person presence → invite a
 * viewer → the viewer accepts on a phone and sees only what the role allows.
 */
// @NOTE generous per-test time: the suite shares two CPU cores with other test files and builds.
describeInBrowser('web app in Chromium', { timeout: 120_000 }, () => {
  let e2e: E2E
  let owner: Page
  let inviteUrl = ''
  let workspaceId = ''

  // A fresh clone builds the web app here first, which on a busy machine takes a while.
  beforeAll(async () => {
    e2e = await startE2E()
    owner = (await newPage(e2e)).page
  }, 300_000)

  afterAll(async () => {
    await e2e?.close()
  })

  it('runs first-run setup with field errors next to the fields and no default password', async () => {
    await owner.goto('/')
    await owner.getByRole('heading', { name: 'Set up Townhall' }).waitFor()
    expect(await owner.title()).toBe('Set up Townhall · Townhall')
    await screenshot(owner, '01-setup')

    await owner.getByLabel('Password').fill('short')
    await owner.getByRole('button', { name: 'Create account and workspace' }).click()
    const passwordField = owner.locator('.field', { has: owner.getByLabel('Password') })
    await expect(passwordField.locator('.field-error').textContent()).resolves.toBe(
      'Use at least 10 characters',
    )
    await expect(
      owner
        .locator('.field', { has: owner.getByLabel('Full name') })
        .locator('.field-error')
        .textContent(),
    ).resolves.toBe('Enter your name')
    await screenshot(owner, '02-setup-errors')

    await owner.getByLabel('Full name').fill(OWNER.name)
    await owner.getByLabel('Work email').fill(OWNER.email)
    await owner.getByLabel('Password').fill(OWNER.password)
    await owner.getByLabel('Workspace name').fill(OWNER.workspace)
    const tz = owner.getByLabel('Time zone')
    expect(await tz.inputValue()).toContain('Europe/Berlin')
    await tz.click()
    await tz.fill('new york')
    await owner.getByRole('option', { name: /America\/New York/ }).click()
    expect(await tz.inputValue()).toContain('America/New York')
    await owner.getByRole('button', { name: 'Create account and workspace' }).click()

    await owner.getByRole('heading', { name: 'Presences' }).waitFor()
    expect(new URL(owner.url()).pathname).toBe('/presences')
    await expect(owner.locator('.ws-name').textContent()).resolves.toBe(OWNER.workspace)
    // @NOTE the list loads after the page heading: wait for it (under a full CI run this took seconds).
    await owner.getByRole('heading', { name: 'No people yet' }).waitFor()
    const session = await owner.evaluate(async () => (await fetch('/api/session')).json())
    expect(session.workspaces[0]).toMatchObject({
      name: OWNER.workspace,
      timeZone: 'America/New_York',
      role: 'owner',
    })
    workspaceId = session.currentWorkspaceId
    await screenshot(owner, '03-presences-empty')
  })

  it('logs out and back in, showing a wrong password as an error', async () => {
    await owner.getByRole('button', { name: 'Account menu' }).click()
    await owner.getByRole('menuitem', { name: 'You are available Set away' }).click()
    await owner.getByRole('menuitem', { name: 'You are away Set available' }).waitFor()
    const members = await owner.evaluate(
      async (wid) => (await fetch(`/api/workspaces/${wid}/members`)).json(),
      workspaceId,
    )
    expect(members[0]).toMatchObject({ email: OWNER.email, availability: 'away' })
    await screenshot(owner, '04-user-menu', { fullPage: false })
    await owner.getByRole('menuitem', { name: 'Log out' }).click()
    await owner.getByRole('heading', { name: 'Log in' }).waitFor()
    await expect(owner.getByRole('status').textContent()).resolves.toBe('You have been logged out.')
    expect(await owner.evaluate(async () => (await fetch('/api/session')).status)).toBe(401)

    await owner.getByLabel('Email').fill(OWNER.email)
    await owner.getByLabel('Password').fill('not the password')
    await owner.getByRole('button', { name: 'Log in' }).click()
    await owner.locator('.alert-error').waitFor()
    await screenshot(owner, '05-login-error')

    await owner.getByLabel('Password').fill(OWNER.password)
    await owner.getByRole('button', { name: 'Log in' }).click()
    await owner.getByRole('heading', { name: 'Presences' }).waitFor()
    expect(new URL(owner.url()).pathname).toBe('/presences')
  })

  it('creates a person presence linked to a member', async () => {
    await owner.getByRole('button', { name: 'New presence' }).click()
    const dialog = owner.getByRole('dialog', { name: 'New person presence' })
    await dialog.getByRole('button', { name: 'Create presence' }).click()
    await expect(dialog.locator('.field-error').first().textContent()).resolves.toBe(
      'Enter the person’s name as the public sees it',
    )
    await dialog.getByLabel('Display name').fill(OWNER.name)
    await dialog.getByLabel('Title').fill('CEO')
    await dialog.getByLabel('Linked member').selectOption({ label: `${OWNER.name} (${OWNER.email})` })
    await screenshot(owner, '06-presence-dialog', { fullPage: false })
    await dialog.getByRole('button', { name: 'Create presence' }).click()

    const card = owner.getByRole('article', { name: OWNER.name })
    await card.waitFor()
    await expect(card.locator('.list-meta').textContent()).resolves.toBe('CEO')
    await expect(card.locator('dd').nth(1).textContent()).resolves.toBe(OWNER.name)
    const list = await owner.evaluate(
      async (wid) => (await fetch(`/api/workspaces/${wid}/presences`)).json(),
      workspaceId,
    )
    const person = list.find((p: { kind: string }) => p.kind === 'person')
    expect(person).toMatchObject({ displayName: OWNER.name, title: 'CEO', kind: 'person' })
    expect(person.memberId).toBeTruthy()
    await screenshot(owner, '07-presences')
  })

  it('invites a viewer by link, shown once, and lists it as pending', async () => {
    await owner.getByRole('link', { name: 'Members' }).click()
    await owner.getByRole('heading', { name: 'Members' }).waitFor()
    await owner.getByRole('heading', { name: 'No pending invitations' }).waitFor()
    await owner.getByRole('button', { name: 'Invite people' }).click()
    const dialog = owner.getByRole('dialog', { name: 'Invite someone' })
    await dialog.getByLabel('Role').selectOption('viewer')
    await dialog.getByLabel('Email').fill(VIEWER.email)
    await dialog.getByRole('button', { name: 'Create invitation link' }).click()

    const done = owner.getByRole('dialog', { name: 'Invitation link created' })
    inviteUrl = await done.getByLabel('Invitation link').inputValue()
    expect(inviteUrl).toMatch(new RegExp(`^${e2e.baseUrl}/invite/[A-Za-z0-9_-]+$`))
    await screenshot(owner, '08-invitation-link', { fullPage: false })
    await done.getByRole('button', { name: 'Done' }).click()

    const row = owner.locator('.list-row', { hasText: VIEWER.email })
    await row.waitFor()
    await expect(row.locator('.badge').textContent()).resolves.toBe('Viewer')
    await screenshot(owner, '09-members')
  })

  it('edits settings: business hours, holidays and the scorecard toggle', async () => {
    await owner.getByRole('link', { name: 'Settings' }).click()
    await owner.getByRole('heading', { name: 'Business hours' }).waitFor()
    await owner.getByLabel('Saturday').check()
    await owner.getByLabel('Saturday opens').fill('10:00')
    await owner.getByLabel('Saturday closes').fill('14:00')
    await owner.getByLabel('Holiday date').fill('2026-12-25')
    await owner.getByRole('button', { name: 'Add holiday' }).click()
    await owner.getByRole('switch', { name: 'Members see each other’s scorecards' }).click()
    await owner.getByRole('button', { name: 'Save settings' }).click()
    await owner.getByText('All changes saved.').waitFor()

    const ws = await owner.evaluate(
      async (wid) => (await fetch(`/api/workspaces/${wid}`)).json(),
      workspaceId,
    )
    expect(ws.businessHours.days['6']).toEqual([['10:00', '14:00']])
    expect(ws.businessHours.days['1']).toEqual([['09:00', '17:00']])
    expect(ws.holidays).toEqual(['2026-12-25'])
    expect(ws.settings.scorecardsVisibleToMembers).toBe(true)
    await screenshot(owner, '10-settings')
    await owner.setViewportSize(PHONE)
    await screenshot(owner, '10-settings-phone')
    await owner.goto('/presences')
    await owner.getByRole('article', { name: OWNER.name }).waitFor()
    await screenshot(owner, '10-presences-phone')
    await owner.setViewportSize(DESKTOP)
  })

  it('creates a personal API token shown once, and lists workspaces', async () => {
    await owner.goto('/account/tokens')
    await owner.getByRole('heading', { name: 'No tokens yet' }).waitFor()
    await owner.getByLabel('Name').fill('Reporting script')
    await owner.getByRole('button', { name: 'Create token' }).click()
    const token = await owner.getByLabel('New API token').inputValue()
    expect(token).toMatch(/^thpat_/)
    await owner.locator('.list-row', { hasText: 'Reporting script' }).waitFor()
    await screenshot(owner, '11-api-tokens')
    // The token works as a bearer credential until it is revoked.
    const asBearer = (t: string) =>
      fetch(`${e2e.baseUrl}/api/workspaces`, { headers: { authorization: `Bearer ${t}` } })
    expect((await asBearer(token)).status).toBe(200)
    await owner
      .locator('.list-row', { hasText: 'Reporting script' })
      .getByRole('button', { name: 'Revoke' })
      .click()
    await owner
      .getByRole('dialog', { name: 'Revoke “Reporting script”?' })
      .getByRole('button', { name: 'Revoke token' })
      .click()
    await owner
      .locator('.list-row', { hasText: 'Reporting script' })
      .getByText('Revoked', { exact: true })
      .waitFor()
    expect((await asBearer(token)).status).toBe(401)

    await owner.goto('/workspaces')
    await owner.locator('.list-row', { hasText: OWNER.workspace }).getByText('Current').waitFor()
    await owner.getByRole('button', { name: 'New workspace' }).click()
    const dialog = owner.getByRole('dialog', { name: 'Create a workspace' })
    await dialog.getByLabel('Workspace name').fill('Acme Labs')
    await dialog.getByRole('button', { name: 'Create workspace' }).click()
    await owner.getByRole('heading', { name: 'Presences' }).waitFor()
    await expect(owner.locator('.ws-name').textContent()).resolves.toBe('Acme Labs')
    await owner.getByRole('article', { name: 'Acme Labs' }).waitFor()

    await owner.getByRole('button', { name: /^Workspace: Acme Labs/ }).click()
    await screenshot(owner, '12-workspace-switcher', { fullPage: false })
    await owner.getByRole('menuitem', { name: OWNER.workspace, exact: true }).click()
    await owner.locator('.ws-name', { hasText: /^Acme$/ }).waitFor()
    await owner.getByRole('article', { name: OWNER.name }).waitFor()
    await owner.goto('/workspaces')
    await owner
      .locator('.list-row', { hasText: 'Acme Labs' })
      .getByRole('button', { name: 'Switch' })
      .waitFor()
    await screenshot(owner, '12-workspaces')
    await owner.goto('/inbox')
    await owner.getByRole('heading', { name: 'Connect a channel to fill your inbox' }).waitFor()
    await screenshot(owner, '13-inbox-empty')
    expect(jsErrors(owner)).toEqual([])
  })

  it('lets the invited viewer join on a phone and see only what a viewer may do', async () => {
    const { page, context } = await newPage(e2e, PHONE)
    await page.goto(inviteUrl)
    await page.getByRole('heading', { name: `Join ${OWNER.workspace}` }).waitFor()
    const summary = page.locator('.invite-summary')
    await expect(summary.locator('strong').allTextContents()).resolves.toEqual([OWNER.name, OWNER.workspace])
    await expect(summary.locator('.badge').textContent()).resolves.toBe('Viewer')
    expect(await page.getByLabel('Email').inputValue()).toBe(VIEWER.email)
    await screenshot(page, '14-invite-phone')

    await page.getByLabel('Full name').fill(VIEWER.name)
    await page.getByLabel('Password').fill(VIEWER.password)
    await page.getByRole('button', { name: 'Create account and join' }).click()
    await page.getByRole('heading', { name: 'Presences' }).waitFor()
    await page.getByRole('article', { name: OWNER.name }).waitFor()
    expect(await page.getByRole('button', { name: 'New presence' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Edit / }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Delete / }).count()).toBe(0)
    await screenshot(page, '15-presences-viewer-phone')

    // The server refuses what the UI hides.
    expect(
      await apiStatusFromPage(page, 'POST', `/api/workspaces/${workspaceId}/presences`, {
        kind: 'person',
        displayName: 'Mallory',
      }),
    ).toBe(403)
    expect(
      await apiStatusFromPage(page, 'POST', `/api/workspaces/${workspaceId}/invitations`, { role: 'admin' }),
    ).toBe(403)

    await page.getByRole('button', { name: 'Open navigation' }).click()
    await page.getByRole('link', { name: 'Members' }).waitFor()
    await screenshot(page, '16-navigation-phone', { fullPage: false })
    await page.getByRole('link', { name: 'Members' }).click()
    await page.locator('.list-row', { hasText: OWNER.email }).waitFor()
    expect(await page.getByRole('button', { name: 'Invite people' }).count()).toBe(0)
    expect(await page.getByRole('combobox', { name: /^Role of / }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Remove' }).count()).toBe(0)
    await expect(
      page.locator('.list-row', { hasText: VIEWER.email }).locator('.badge').allTextContents(),
    ).resolves.toEqual(['You', 'Viewer'])
    await screenshot(page, '17-members-viewer-phone')

    await page.getByRole('button', { name: 'Open navigation' }).click()
    await page.getByRole('link', { name: 'Settings' }).click()
    await page.getByText('Only owners and admins can change these settings.', { exact: false }).waitFor()
    expect(await page.getByLabel('Workspace name').isDisabled()).toBe(true)
    expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0)
    await screenshot(page, '18-settings-viewer-phone')
    expect(jsErrors(page)).toEqual([])

    await page.goto('/logout')
    await page.getByRole('heading', { name: 'Log in' }).waitFor()
    await expect(page.getByRole('status').textContent()).resolves.toBe('You have been logged out.')
    expect(await page.evaluate(async () => (await fetch('/api/session')).status)).toBe(401)

    await page.goto('/invite/not-a-real-token')
    await page.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor()
    await context.close()
  })

  it('shows the owner the new member and lets them change the role', async () => {
    await owner.goto('/members')
    const select = owner.getByRole('combobox', { name: `Role of ${VIEWER.name}` })
    await select.waitFor()
    expect(await select.inputValue()).toBe('viewer')
    const patched = owner.waitForResponse(
      (r) => r.request().method() === 'PATCH' && r.url().includes('/members/'),
    )
    await select.selectOption('agent')
    expect((await patched).status()).toBe(200)
    const members = await owner.evaluate(
      async (wid) => (await fetch(`/api/workspaces/${wid}/members`)).json(),
      workspaceId,
    )
    expect(members.find((m: { email: string }) => m.email === VIEWER.email)).toMatchObject({
      name: VIEWER.name,
      role: 'agent',
    })
    await owner
      .locator('.list-row', { hasText: VIEWER.email })
      .getByRole('button', { name: 'Remove' })
      .click()
    await owner.getByRole('dialog', { name: `Remove ${VIEWER.name}?` }).waitFor()
    await screenshot(owner, '19-remove-member-confirm', { fullPage: false })
    await owner.getByRole('button', { name: 'Remove member' }).click()
    await owner.locator('.list-row', { hasText: VIEWER.email }).waitFor({ state: 'detached' })
  })

  it('lets an executive edit only their own person presence', async () => {
    await owner.goto('/members')
    await owner.getByRole('button', { name: 'Invite people' }).click()
    const dialog = owner.getByRole('dialog', { name: 'Invite someone' })
    await dialog.getByLabel('Role').selectOption('executive')
    await dialog.getByRole('button', { name: 'Create invitation link' }).click()
    const revokedUrl = await owner
      .getByRole('dialog', { name: 'Invitation link created' })
      .getByLabel('Invitation link')
      .inputValue()
    await owner.getByRole('button', { name: 'Done' }).click()
    await owner.locator('.list-row', { hasText: 'Anyone with the link' }).waitFor()
    await owner
      .locator('.list-row', { hasText: 'Anyone with the link' })
      .getByRole('button', { name: 'Revoke' })
      .click()
    await owner.getByRole('button', { name: 'Revoke link' }).click()
    await owner.getByRole('heading', { name: 'No pending invitations' }).waitFor()
    const gone = await fetch(`${e2e.baseUrl}/api/invitations/${revokedUrl.split('/').at(-1)}`)
    expect(gone.status).toBeGreaterThanOrEqual(400)

    await owner.getByRole('button', { name: 'Invite people' }).click()
    await owner.getByRole('dialog', { name: 'Invite someone' }).getByLabel('Role').selectOption('executive')
    await owner.getByRole('button', { name: 'Create invitation link' }).click()
    const url = await owner
      .getByRole('dialog', { name: 'Invitation link created' })
      .getByLabel('Invitation link')
      .inputValue()
    await owner.getByRole('button', { name: 'Done' }).click()

    const { page, context } = await newPage(e2e, PHONE)
    await page.goto(url)
    await page.getByLabel('Full name').fill(EXEC.name)
    await page.getByLabel('Email').fill(EXEC.email)
    await page.getByLabel('Password').fill(EXEC.password)
    await page.getByRole('button', { name: 'Create account and join' }).click()
    await page.getByRole('heading', { name: 'Presences' }).waitFor()

    await owner.goto('/presences')
    await owner.getByRole('button', { name: 'New presence' }).click()
    const create = owner.getByRole('dialog', { name: 'New person presence' })
    await create.getByLabel('Display name').fill(EXEC.name)
    await create.getByLabel('Title').fill('CFO')
    await create.getByLabel('Linked member').selectOption({ label: `${EXEC.name} (${EXEC.email})` })
    await create.getByRole('button', { name: 'Create presence' }).click()
    await owner.getByRole('article', { name: EXEC.name }).waitFor()

    await page.reload()
    await page.getByRole('article', { name: EXEC.name }).waitFor()
    expect(await page.getByRole('button', { name: 'New presence' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: `Edit ${OWNER.name}` }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Delete / }).count()).toBe(0)
    await page.getByRole('button', { name: `Edit ${EXEC.name}` }).click()
    const edit = page.getByRole('dialog', { name: `Edit ${EXEC.name}` })
    expect(await edit.getByLabel('Linked member').isDisabled()).toBe(true)
    await edit.getByLabel('Title').fill('Chief Financial Officer')
    await screenshot(page, '20-executive-edits-own-presence-phone', { fullPage: false })
    await edit.getByRole('button', { name: 'Save changes' }).click()
    await edit.waitFor({ state: 'detached' })
    await page
      .getByRole('article', { name: EXEC.name })
      .getByText('Chief Financial Officer', { exact: true })
      .waitFor()

    const presences = await page.evaluate(
      async (wid) => (await fetch(`/api/workspaces/${wid}/presences`)).json(),
      workspaceId,
    )
    const dana = presences.find((p: { displayName: string }) => p.displayName === OWNER.name)
    expect(
      await apiStatusFromPage(page, 'PATCH', `/api/workspaces/${workspaceId}/presences/${dana.id}`, {
        title: 'Intern',
      }),
    ).toBe(403)
    expect(jsErrors(page)).toEqual([])
    await context.close()
  })
})

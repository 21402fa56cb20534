import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startSmtp } from '../support/smtp.js'
import {
  call,
  describeInBrowser,
  type E2E,
  jsErrors,
  mailText,
  newPage,
  PHONE,
  screenshot,
  startE2E,
} from './support/harness.js'

const CEO = { name: 'Dana Ortiz', email: 'dana@acme.example', password: 'correct horse battery' }
const COMMS = { name: 'Sam Rivera', email: 'sam@acme.example', password: 'comms team passphrase' }
const TZ = 'America/New_York'
/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

/** Tomorrow's calendar date in `tz`, as YYYY-MM-DD. */
function tomorrowIn(tz: string): string {
  const d = new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
  return d.format(Date.now() + 86_400_000)
}
const addDays = (ymd: string, n: number) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/**
 * One story: a comms manager composes a thread for the brand and the CEO, fixes an over-long
 * variant in place, sends it for approval; the CEO approves on her phone; it shows on the calendar
 * (and moves by drag and drop); it publishes to the Sandbox and the post shows the public link.
 */
// @NOTE generous per-test time: the suite shares two CPU cores with other test files and builds.
describeInBrowser('publishing in Chromium', { timeout: 120_000 }, () => {
  let e2e: E2E
  let ceo: Page
  let comms: Page
  let wid = ''
  let brandChannel = { id: '', handle: '' }
  let ceoChannel = { id: '', handle: '' }
  let postId = ''
  const day = tomorrowIn(TZ)

  let smtp: Awaited<ReturnType<typeof startSmtp>>

  beforeAll(async () => {
    smtp = await startSmtp()
    e2e = await startE2E({ smtpUrl: smtp.url })
    ceo = (await newPage(e2e)).page
    comms = (await newPage(e2e)).page
  }, 300_000)

  afterAll(async () => {
    await e2e?.close()
    await smtp?.stop()
  })

  it('sets up the workspace: the CEO presence needs Dana’s approval, two Sandbox channels, a comms manager', async () => {
    await ceo.goto('/')
    await ceo.getByRole('heading', { name: 'Set up Townhall' }).waitFor()
    await call(ceo, 'POST', '/api/setup', { ...CEO, workspaceName: 'Acme', timeZone: TZ })
    const session = await call<{ currentWorkspaceId: string; workspaces: Array<{ memberId: string }> }>(
      ceo,
      'GET',
      '/api/session',
    )
    wid = session.currentWorkspaceId
    const person = await call<{ id: string }>(ceo, 'POST', `/api/workspaces/${wid}/presences`, {
      kind: 'person',
      displayName: CEO.name,
      title: 'CEO',
      memberId: session.workspaces[0]!.memberId,
    })
    const policy = await call<{ personApproval: boolean }>(
      ceo,
      'GET',
      `/api/workspaces/${wid}/presences/${person.id}/approval-policy`,
    )
    expect(policy.personApproval).toBe(true)
    brandChannel = await call(ceo, 'POST', `/api/workspaces/${wid}/channels/sandbox`, {})
    ceoChannel = await call(ceo, 'POST', `/api/workspaces/${wid}/channels/sandbox`, { presenceId: person.id })
    const invite = await call<{ token: string }>(ceo, 'POST', `/api/workspaces/${wid}/invitations`, {
      role: 'manager',
      email: COMMS.email,
    })
    await comms.goto('/')
    await call(comms, 'POST', `/api/invitations/${invite.token}/accept`, COMMS)
    await comms.goto('/publishing')
    await comms.getByRole('heading', { name: 'Publishing' }).waitFor()
    await comms.getByRole('heading', { name: 'No posts yet' }).waitFor()
    await screenshot(comms, 'pub-01-empty')
  })

  it('composes a thread for two channels and fixes an over-long variant in place', async () => {
    await comms.getByRole('link', { name: 'Write the first post' }).click()
    await comms.getByRole('heading', { name: 'New post' }).waitFor()
    const brand = comms.getByRole('region', { name: 'Acme' })
    await brand.getByRole('checkbox').check()
    await comms.getByRole('region', { name: CEO.name }).getByRole('checkbox').check()
    await expect(brand.getByText('Sandbox', { exact: true }).count()).resolves.toBe(1)

    await comms.getByLabel('Kind of post').selectOption('announcement')
    await comms.getByLabel('Internal title').fill('Q3 launch')
    await comms.getByLabel('Headline').fill('Acme Cloud is now available in Europe')
    await comms.getByLabel('Link').fill('https://acme.example/eu')
    await comms.getByRole('button', { name: 'Write the text from these fields' }).click()
    await expect
      .poll(() => comms.getByRole('textbox', { name: 'Text', exact: true }).inputValue())
      .toContain('Acme Cloud is now available in Europe')
    await comms.getByRole('button', { name: 'Add a part to the thread' }).click()
    await comms
      .getByRole('textbox', { name: 'Part 2 of 2', exact: true })
      .fill('Data stays in Frankfurt. Read the details on our blog.')
    await expect(
      comms.getByRole('list', { name: 'Length of part 2 of 2' }).getByRole('listitem').allTextContents(),
    ).resolves.toEqual([`Sandbox @${brandChannel.handle} 54 / 500`, `Sandbox @${ceoChannel.handle} 54 / 500`])

    // Dana's channel gets its own, far too long, text.
    await comms.getByRole('tab', { name: `Sandbox @${ceoChannel.handle}` }).click()
    await comms
      .getByRole('button', { name: `Write a separate text for Sandbox @${ceoChannel.handle}` })
      .click()
    const long = `Personal note from Dana: ${'We built this for our European customers. '.repeat(14)}`
    await comms.getByRole('textbox', { name: 'Part 1 of 2', exact: true }).fill(long)
    const error = `Sandbox @${ceoChannel.handle}: text is ${[...long].length} characters long; Sandbox allows 500`
    await comms
      .locator('.part', { has: comms.getByRole('textbox', { name: 'Part 1 of 2', exact: true }) })
      .getByText(error)
      .waitFor()
    await comms.getByRole('button', { name: 'Save and send for approval' }).click()
    await comms.getByText('Fix what is marked below; each message names the channel it is about.').waitFor()
    await screenshot(comms, 'pub-02-composer-error')

    await comms
      .getByRole('textbox', { name: 'Part 1 of 2', exact: true })
      .fill('A personal note: we built this for our European customers. — Dana')
    await comms.getByText(error).waitFor({ state: 'detached' })
    await expect(comms.locator('.counter-over').count()).resolves.toBe(0)
    await screenshot(comms, 'pub-03-composer-fixed')
    await comms.getByRole('button', { name: 'Save and send for approval' }).click()

    await comms.getByRole('heading', { name: 'Q3 launch' }).waitFor()
    postId = new URL(comms.url()).pathname.split('/')[3]!
    const approval = comms.getByRole('region', { name: 'Approval' })
    await approval.getByText('Waiting').waitFor()
    await expect(approval.locator('dd').first().textContent()).resolves.toBe(COMMS.name)
    const post = await call<{ approvalState: string; parts: unknown[]; variants: Record<string, unknown[]> }>(
      comms,
      'GET',
      `/api/workspaces/${wid}/posts/${postId}`,
    )
    expect(post.approvalState).toBe('in-review')
    expect(post.parts).toHaveLength(2)
    expect(Object.keys(post.variants)).toEqual([ceoChannel.id])
  })

  it('schedules it for tomorrow 09:00 New York time, kept until approved', async () => {
    const schedule = comms.getByRole('region', { name: 'Schedule' })
    await schedule.getByLabel('At a date and time').check()
    await schedule.getByLabel('Date and time', { exact: true }).fill(`${day}T09:00`)
    await schedule.getByRole('button', { name: 'Schedule' }).click()
    await schedule.getByText(/Goes out .* 9:00 AM \(America\/New York\) once approved/).waitFor()
    await screenshot(comms, 'pub-04-post-in-review')
  })

  it('lets Dana approve in one tap from the link in her email, on her phone, without logging in', async () => {
    let mail: string | undefined
    for (let i = 0; i < 100 && !mail; i++) {
      mail = smtp.received.find(
        (m) => m.to.includes(CEO.email) && /Subject: Approval needed/.test(m.raw),
      )?.raw
      if (!mail) await new Promise((r) => setTimeout(r, 100))
    }
    expect(mail, 'an approval email reached Dana').toBeDefined()
    const text = mailText(mail!)
    expect(text).toContain('Q3 launch')
    const link = /https?:\/\/[^\s"<>]+\/approve\/[A-Za-z0-9_.-]+/.exec(text)?.[0]
    expect(link?.startsWith(e2e.baseUrl)).toBe(true)

    const { page } = await newPage(e2e, PHONE)
    await page.goto(link!)
    expect(await page.locator('h1').textContent()).toBe('Q3 launch')
    await page.getByText('A personal note: we built this for our European customers. — Dana').waitFor()
    await screenshot(page, 'pub-05-phone-approval-link')
    await page.getByRole('button', { name: 'Approve', exact: true }).click()
    await page.getByRole('heading', { name: /^Approved\./ }).waitFor()
    await screenshot(page, 'pub-06-phone-approved')
    // The link is single-use: opening it again approves nothing.
    await page.goto(link!)
    expect(await page.getByRole('button', { name: 'Approve', exact: true }).count()).toBe(0)
    expect(jsErrors(page)).toEqual([])

    const post = await call<{
      state: string
      approvals: Array<{ state: string; decidedBy?: { name?: string } | null }>
    }>(comms, 'GET', `/api/workspaces/${wid}/posts/${postId}`)
    expect(post.state).toBe('scheduled')
  })

  it('shows Dana the approval in the app too, on her phone', async () => {
    const { page } = await newPage(e2e, PHONE)
    await page.goto('/login')
    await page.getByLabel('Email').fill(CEO.email)
    await page.getByLabel('Password').fill(CEO.password)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('heading', { name: 'Presences' }).waitFor()
    await page.goto(`/publishing/posts/${postId}`)
    await page.getByRole('heading', { name: 'Q3 launch' }).waitFor()
    const approval = page.getByRole('region', { name: 'Approval' })
    await approval.getByText(`Approved by ${CEO.name}`).waitFor()
    await screenshot(page, 'pub-07-phone-approved')
    expect(jsErrors(page)).toEqual([])
  })

  it('shows the post on the calendar and moves it a day by drag and drop', async () => {
    await comms.goto('/publishing/calendar')
    await comms.getByRole('heading', { name: 'Calendar' }).waitFor()
    const cell = comms.getByRole('region', { name: day, exact: true })
    if ((await cell.count()) === 0) await comms.getByRole('button', { name: 'Next month' }).click()
    const entries = cell.locator('.cal-entry')
    await expect.poll(() => entries.count()).toBe(2)
    await expect(entries.first().textContent()).resolves.toMatch(/^9:00 AMQ3 launch@/)
    await screenshot(comms, 'pub-08-calendar')

    const next = addDays(day, 1)
    let target = comms.getByRole('region', { name: next, exact: true })
    if ((await target.count()) === 0) {
      await comms.getByLabel('View').selectOption('week')
      target = comms.getByRole('region', { name: next, exact: true })
    }
    // HTML5 drag and drop, event by event (as a mouse drag delivers them to the page).
    const dataTransfer = await comms.evaluateHandle(() => new DataTransfer())
    await entries.first().dispatchEvent('dragstart', { dataTransfer })
    await target.dispatchEvent('dragenter', { dataTransfer })
    await target.dispatchEvent('dragover', { dataTransfer })
    await target.dispatchEvent('drop', { dataTransfer })
    await expect.poll(() => target.locator('.cal-entry').count()).toBe(2)
    const moved = await call<{ schedule: { local: string; timeZone: string } }>(
      comms,
      'GET',
      `/api/workspaces/${wid}/posts/${postId}`,
    )
    expect(moved.schedule).toMatchObject({ local: `${next}T09:00`, timeZone: TZ })
    await screenshot(comms, 'pub-09-calendar-moved')
  })

  it('lets the owner add a signed webhook for published posts', async () => {
    await ceo.goto('/publishing/webhooks')
    await ceo.getByRole('heading', { name: 'No webhooks yet' }).waitFor()
    await ceo.getByRole('button', { name: 'Add webhook' }).click()
    await ceo.getByText('Enter an http(s) address').waitFor()
    await ceo.getByLabel('Address').fill('https://hooks.acme.example/townhall')
    await ceo.getByLabel('A post failed').uncheck()
    await ceo.getByRole('button', { name: 'Add webhook' }).click()
    expect(await ceo.getByLabel('Signing secret').inputValue()).not.toBe('')
    const row = ceo.locator('.delivery', { hasText: 'https://hooks.acme.example/townhall' })
    await row.getByText('A post was published · A post’s outcome is unknown').waitFor()
    await screenshot(ceo, 'pub-10-webhooks')
  })

  it('publishes now to the Sandbox and shows the public link on the post', async () => {
    await comms.goto(`/publishing/posts/${postId}`)
    const schedule = comms.getByRole('region', { name: 'Schedule' })
    await schedule.getByLabel(/^Publish now/).check()
    await schedule.getByRole('button', { name: 'Publish now' }).click()
    for (const ch of [brandChannel, ceoChannel]) {
      const row = comms.getByRole('region', { name: `Sandbox @${ch.handle}` })
      const link = row.getByRole('link', { name: 'View the post on Sandbox' })
      await link.waitFor({ timeout: 90_000 })
      // The Sandbox's own view of the post, inside Townhall (#22: was a dead sandbox.townhall.invalid host).
      expect(await link.getAttribute('href')).toMatch(new RegExp(`^${e2e.baseUrl}/sandbox/`))
      await expect(row.locator('.badge').textContent()).resolves.toBe('Published')
    }
    await comms.getByRole('heading', { name: 'Q3 launch' }).locator('..').getByText('Published').waitFor()
    await comms
      .getByRole('region', { name: 'History' })
      .getByText('Approved', { exact: false })
      .first()
      .waitFor()
    await screenshot(comms, 'pub-11-published')
    expect(jsErrors(comms)).toEqual([])
    const href = await comms
      .getByRole('region', { name: `Sandbox @${brandChannel.handle}` })
      .getByRole('link', { name: 'View the post on Sandbox' })
      .getAttribute('href')
    await comms.goto(href!)
    await comms.getByRole('heading', { name: 'On the Sandbox' }).waitFor()
    await comms
      .getByRole('article')
      .first()
      .getByText('Acme Cloud is now available in Europe', { exact: false })
      .waitFor()
    await comms.goBack()

    // The webhook's delivery log lists the event (delivery to the made-up address fails and is retried).
    await ceo.goto('/publishing/webhooks')
    await ceo.getByRole('button', { name: 'Delivery log' }).click()
    await expect
      .poll(async () => {
        await ceo.getByRole('button', { name: 'Hide log' }).click()
        await ceo.getByRole('button', { name: 'Delivery log' }).click()
        return ceo.locator('.timeline li', { hasText: 'A post was published' }).count()
      })
      .toBeGreaterThan(0)
    await screenshot(ceo, 'pub-12-webhook-log')
    expect(jsErrors(ceo)).toEqual([])
  })

  it('comments with an @mention on the published post', async () => {
    const comments = comms.getByRole('region', { name: 'Comments' })
    await comments.getByLabel('Add a comment').fill('Great launch, @da')
    await comments.getByRole('button', { name: `${CEO.name} @dana` }).click()
    expect(await comments.getByLabel('Add a comment').inputValue()).toBe('Great launch, @dana ')
    await comments.getByRole('button', { name: 'Comment' }).click()
    await comments
      .locator('.comment', { hasText: COMMS.name })
      .locator('.mention', { hasText: '@dana' })
      .waitFor()
    const list = await call<Array<{ mentions: string[] }>>(
      comms,
      'GET',
      `/api/workspaces/${wid}/posts/${postId}/comments`,
    )
    expect(list[0]!.mentions).toHaveLength(1)
  })

  it('drafts an event from its template, offers the .ics, duplicates and deletes', async () => {
    await comms.goto('/publishing/new')
    // The last post's channels are chosen again (#22); this one is for the brand only.
    const ceoBox = comms.getByRole('region', { name: CEO.name }).getByRole('checkbox')
    expect(await ceoBox.isChecked()).toBe(true)
    expect(await comms.getByRole('region', { name: 'Acme' }).getByRole('checkbox').isChecked()).toBe(true)
    await ceoBox.uncheck()
    await comms.getByLabel('Kind of post').selectOption('event')
    await comms.getByLabel('Internal title').fill('EU launch webinar')
    await comms.getByLabel('Event title').fill('Acme Cloud EU launch webinar')
    await comms.getByLabel('Starts').fill(`${day}T16:00`)
    await comms.getByLabel('Ends').fill(`${day}T17:00`)
    await comms.getByLabel('Event link').fill('https://acme.example/webinar')
    await comms.getByRole('button', { name: 'Write the text from these fields' }).click()
    await expect
      .poll(() => comms.getByRole('textbox', { name: 'Text', exact: true }).inputValue())
      .toContain('Acme Cloud EU launch webinar')
    // An image: the composer asks for its alt text.
    await comms.getByLabel('Add an image to text').setInputFiles({
      name: 'banner.png',
      mimeType: 'image/png',
      buffer: Buffer.from(PNG, 'base64'),
    })
    const alt = comms.getByLabel('Alt text for image 1')
    await alt.waitFor()
    await comms.getByText('Alt text makes the image usable for everyone.').waitFor()
    await alt.fill('The Acme Cloud logo over a map of Europe')
    await screenshot(comms, 'pub-13-event-composer')
    await comms.getByRole('button', { name: 'Save draft' }).click()
    await comms.getByRole('heading', { name: 'EU launch webinar' }).waitFor()
    await comms.getByRole('img', { name: 'The Acme Cloud logo over a map of Europe' }).waitFor()
    const ics = comms.getByRole('link', { name: 'Download the event (.ics)' })
    const href = (await ics.getAttribute('href'))!
    const body = await comms.evaluate(async (u) => (await fetch(u)).text(), href)
    expect(body).toContain('BEGIN:VCALENDAR')
    expect(body).toContain('Acme Cloud EU launch webinar')

    await comms.getByRole('button', { name: 'Duplicate' }).click()
    await comms.getByRole('heading', { name: 'Edit post' }).waitFor()
    expect(await comms.getByLabel('Internal title').inputValue()).toBe('EU launch webinar (copy)')
    await comms.getByRole('button', { name: 'Save draft' }).click()
    await comms.getByRole('heading', { name: 'EU launch webinar (copy)' }).waitFor()
    await comms.getByRole('button', { name: 'Delete' }).click()
    await comms
      .getByRole('dialog', { name: 'Delete “EU launch webinar (copy)”?' })
      .getByRole('button', { name: 'Delete post' })
      .click()
    await comms.getByRole('heading', { name: 'Publishing' }).waitFor()
    await comms.locator('.list-row', { hasText: 'EU launch webinar' }).first().waitFor()
    await expect(comms.locator('.list-row', { hasText: '(copy)' }).count()).resolves.toBe(0)
    await screenshot(comms, 'pub-14-posts')
    expect(jsErrors(comms)).toEqual([])
  })
})

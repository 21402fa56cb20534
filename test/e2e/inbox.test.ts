import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ConversationDetail } from '../../src/inbox/inbox.view.js'
import {
  describeInBrowser,
  type E2E,
  jsErrors,
  newPage,
  PHONE,
  screenshot,
  startE2E,
} from './support/harness.js'
import {
  acmeWithMember,
  brandRepliesTo,
  call,
  person,
  pushMention,
  type SandboxChannel,
  sandboxChannel,
} from './support/inbox-seed.js'

const SAM = { name: 'Sam Rivera', email: 'sam@acme.example', password: 'correct horse battery' }
const KIM = { name: 'Kim Lee', email: 'kim@acme.example', password: 'another long passphrase' }
const SAVED = "Hi {{contact.name}}, sorry about that. {{agent.name}} here, I'll sort it out today."

/**
 * Issue 5's inbox in the browser: classified triage with a rule's effect, the keyboard flow, saved
 * replies checked on the Sandbox, collision blocking between two agents, SLA warnings.
 */
// @NOTE generous per-test time: the suite shares two CPU cores with other test files and builds.
describeInBrowser('inbox in Chromium', { timeout: 120_000 }, () => {
  let e2e: E2E
  let sam: Page
  let kim: Page
  let wid = ''
  let kimId = ''
  let samId = ''
  let ch: SandboxChannel
  const seeded: Record<string, { remoteId: string; conversationId: string }> = {}
  const api = (path: string) => `/api/workspaces/${wid}/inbox${path}`
  const detail = (id: string) => call<ConversationDetail>(sam, 'GET', api(`/conversations/${id}`))
  const row = (page: Page, id: string) => page.locator(`li[data-conversation="${id}"]`)

  beforeAll(async () => {
    e2e = await startE2E()
    ;({ owner: sam, member: kim, workspaceId: wid } = await acmeWithMember(e2e, SAM, KIM, 'agent'))
    const members = await call<Array<{ id: string; name: string }>>(
      sam,
      'GET',
      `/api/workspaces/${wid}/members`,
    )
    kimId = members.find((m) => m.name === KIM.name)!.id
    samId = members.find((m) => m.name === SAM.name)!.id
    // A quiet Sandbox: only what the tests say arrives.
    const channel = await call<{ id: string }>(sam, 'POST', `/api/workspaces/${wid}/channels/sandbox`, {
      ratePerMinute: 0,
    })
    ch = await sandboxChannel(e2e, channel.id)
    // Around-the-clock targets in minutes, so the real clock can show a warning and a breach.
    for (const [priority, first, warn] of [
      ['urgent', 60, 15],
      ['high', 60, 15],
      ['normal', 10, 5],
      ['low', 1440, 60],
    ] as const)
      await call(sam, 'PUT', api(`/sla-policies/${priority}`), {
        firstResponseMinutes: first,
        nextResponseMinutes: first,
        businessHours: false,
        warnBeforeMinutes: warn,
      })
    await call(sam, 'POST', api('/rules'), {
      name: 'Refunds',
      conditions: { keywords: ['refund'] },
      actions: [
        { type: 'label', label: 'billing' },
        { type: 'assign-member', memberId: kimId },
      ],
    })
    await call(sam, 'POST', api('/saved-replies'), { name: 'Apology', shortcut: 'sorry', body: SAVED })
  }, 300_000)

  afterAll(async () => {
    await e2e?.close()
  })

  it('shows an empty inbox that teaches, then seeded messages classified, filtered by intent, with a rule’s effect', async () => {
    await sam.goto('/inbox')
    await sam.getByRole('heading', { name: 'Nothing waiting here' }).waitFor()
    seeded.complaint = await pushMention(e2e, ch, {
      authorIndex: 1,
      text: '@acme my flight was cancelled and nobody answers, this is terrible service',
    })
    seeded.question = await pushMention(e2e, ch, {
      authorIndex: 2,
      text: '@acme what time does the store open on sunday?',
    })
    seeded.praise = await pushMention(e2e, ch, { authorIndex: 3, text: '@acme love the new app, great job!' })
    seeded.refund = await pushMention(e2e, ch, {
      authorIndex: 4,
      text: '@acme I want a refund for my broken order',
    })
    // Live: the list fills without a reload.
    await row(sam, seeded.refund.conversationId).waitFor()
    for (const [key, intent, sentiment] of [
      ['complaint', 'complaint', 'negative'],
      ['question', 'question', 'neutral'],
      ['refund', 'complaint', 'negative'],
    ] as const) {
      const r = row(sam, seeded[key]!.conversationId)
      await r.waitFor()
      const d = await detail(seeded[key]!.conversationId)
      expect([d.intent, d.sentiment]).toEqual([intent, sentiment])
      expect(await r.locator(`[data-intent="${intent}"]`).count()).toBe(1)
      expect(await r.locator(`[data-sentiment="${sentiment}"]`).count()).toBe(1)
      const author = person(ch, key === 'complaint' ? 1 : key === 'question' ? 2 : 4)
      expect(await r.locator('.conv-name').innerText()).toBe(author.displayName)
      expect(await r.locator('.conv-handle').innerText()).toBe(`@${author.handle}`)
      if (d.priority !== 'normal') expect(await r.locator(`[data-priority="${d.priority}"]`).count()).toBe(1)
    }
    expect((await detail(seeded.complaint.conversationId)).priority).toMatch(/^(high|urgent)$/)
    expect((await detail(seeded.question.conversationId)).priority).toBe('normal')
    await screenshot(sam, 'inbox-01-triage')

    await sam.getByText('Filters', { exact: true }).click()
    await sam.getByLabel('Intent').selectOption('complaint')
    await row(sam, seeded.question.conversationId).waitFor({ state: 'detached' })
    const ids = await sam
      .locator('li[data-conversation]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation')))
    expect(ids.sort()).toEqual([seeded.complaint.conversationId, seeded.refund.conversationId].sort())

    // The rule's effect: labelled, assigned to Kim, and said so on the timeline.
    const refundRow = row(sam, seeded.refund.conversationId)
    expect(await refundRow.locator('.label-chip').innerText()).toBe('billing')
    expect(await refundRow.locator('.conv-assignee').innerText()).toContain(KIM.name)
    await refundRow.locator('.conv-open').click()
    const rule = sam.locator('.rule-event').first()
    await rule.waitFor()
    expect(await rule.innerText()).toContain('Rule Refunds')
    expect(await sam.locator('.rule-event').allInnerTexts()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('rule Refunds labelled this billing'),
        expect.stringContaining('rule Refunds assigned this'),
      ]),
    )
    await screenshot(sam, 'inbox-02-rule-effect')

    // The current filter becomes a saved view, listed with its counts.
    await sam.getByRole('button', { name: 'Save as view' }).click()
    await sam.getByLabel('View name').fill('Complaints')
    await sam.getByLabel('View name').press('Enter')
    const saved = sam.locator('.view-item').filter({ hasText: 'Complaints' })
    await saved.waitFor()
    expect(await saved.getAttribute('aria-current')).toBe('true')
    await sam.waitForFunction(
      () =>
        [...document.querySelectorAll('.view-item')]
          .find((e) => e.textContent?.includes('Complaints'))
          ?.querySelector('.view-total')?.textContent === '2',
    )
    const views = await call<Array<{ name: string; filters: Record<string, unknown> }>>(
      sam,
      'GET',
      api('/views'),
    )
    expect(views.map((v) => [v.name, v.filters])).toEqual([
      ['Complaints', { states: ['open'], intents: ['complaint'] }],
    ])
  })

  it('works the queue without the mouse: j/k, Enter, r, Ctrl+Enter, e, ?, /', async () => {
    await sam.goto('/inbox')
    await sam.locator('li[data-conversation]').first().waitFor()
    const cursorIndex = () => sam.locator('li.is-cursor').getAttribute('data-index')
    // A fresh list has no cursor yet: the first j lands on the top conversation, not the second (#22).
    expect(await sam.locator('li.is-cursor').count()).toBe(0)
    await sam.keyboard.press('j')
    expect(await cursorIndex()).toBe('0')
    await sam.keyboard.press('j')
    await sam.keyboard.press('j')
    expect(await cursorIndex()).toBe('2')
    await sam.keyboard.press('k')
    expect(await cursorIndex()).toBe('1')
    const target = (await sam.locator('li.is-cursor').getAttribute('data-conversation'))!
    await sam.keyboard.press('Enter')
    await sam.waitForURL(`**/inbox/${target}`)
    await sam.locator('.conv-header h2').waitFor()
    await sam.keyboard.press('r')
    await sam.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Reply')
    // Letters typed into the reply are text, not shortcuts (e would resolve, j would move).
    const text = 'Thanks for reaching out, we are on it and will get back to you just now'
    await sam.keyboard.type(text)
    expect(await sam.getByLabel('Reply').inputValue()).toBe(text)
    await sam.keyboard.press('Control+Enter')
    await sam.locator('.msg-ours').filter({ hasText: text }).waitFor()
    const sent = await detail(target)
    expect(sent.messages.at(-1)).toMatchObject({ direction: 'out', text })
    expect(sent.firstResponseMs).not.toBeNull()
    const remoteId = sent.messages.find((m) => m.direction === 'in')!.remoteId
    expect(await brandRepliesTo(e2e, remoteId)).toEqual([text])

    await sam.keyboard.press('Escape')
    // a: assign (type to find, Enter takes the first match); l: label (Enter adds, Esc closes).
    await sam.keyboard.press('a')
    await sam.getByRole('dialog', { name: 'Assign conversation' }).waitFor()
    await sam.keyboard.type('kim')
    await sam.keyboard.press('Enter')
    await sam.getByRole('dialog', { name: 'Assign conversation' }).waitFor({ state: 'detached' })
    await sam.locator('.conv-actions').getByRole('button', { name: KIM.name }).waitFor()
    expect((await detail(target)).assigneeMemberId).toBe(kimId)
    await sam.keyboard.press('l')
    const labels = sam.getByRole('dialog', { name: 'Labels' })
    await labels.waitFor()
    await sam.keyboard.type('fan-mail')
    await sam.keyboard.press('Enter')
    await labels.getByRole('button', { name: 'Remove label fan-mail' }).waitFor()
    await sam.keyboard.press('Escape')
    await labels.waitFor({ state: 'detached' })
    expect((await detail(target)).labels).toEqual(['fan-mail'])
    await sam.keyboard.press('e')
    await sam.locator('.conv-header [data-state="resolved"]').waitFor()
    expect((await detail(target)).state).toBe('resolved')

    await sam.keyboard.press('?')
    const overlay = sam.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await overlay.waitFor()
    for (const label of [
      'Next conversation',
      'Reply in public',
      'Write an internal note',
      'Resolve',
      'Assign',
      'Label',
      'Search',
    ])
      expect(await overlay.getByText(label, { exact: true }).count()).toBe(1)
    await screenshot(sam, 'inbox-03-shortcuts', { fullPage: false })
    await sam.keyboard.press('Escape')
    await overlay.waitFor({ state: 'detached' })

    await sam.keyboard.press('Escape')
    await sam.waitForURL(/\/inbox$/)
    await sam.keyboard.press('/')
    await sam.waitForFunction(
      () => document.activeElement?.getAttribute('aria-label') === 'Search conversations',
    )
    await sam.keyboard.type('refund')
    await sam.keyboard.press('Enter')
    await row(sam, seeded.question!.conversationId).waitFor({ state: 'detached' })
    const ids = await sam
      .locator('li[data-conversation]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation')))
    expect(ids).toEqual([seeded.refund!.conversationId])
    expect(jsErrors(sam)).toEqual([])
  })

  it('fills a saved reply with the contact’s and the agent’s names, and the Sandbox receives that text', async () => {
    seeded.damaged = await pushMention(e2e, ch, {
      authorIndex: 5,
      text: '@acme my package arrived damaged, not happy',
    })
    await sam.goto(`/inbox/${seeded.damaged.conversationId}`)
    await sam.locator('.conv-header h2').waitFor()
    // Limits are checked as you type, in the network's own units (the Sandbox allows 500).
    await sam.getByLabel('Reply').fill('x'.repeat(501))
    await sam.locator('.composer-count.is-over').filter({ hasText: '501 / 500' }).waitFor()
    expect(await sam.locator('.composer-issues li').allTextContents()).toEqual([
      expect.stringMatching(/^text .*500/),
    ])
    expect(await sam.getByRole('button', { name: /^Send reply/ }).isDisabled()).toBe(true)
    await sam.getByRole('button', { name: 'Saved replies' }).click()
    await sam
      .getByRole('dialog', { name: 'Saved replies' })
      .getByRole('button', { name: /Apology/ })
      .click()
    const contactName = person(ch, 5).displayName
    const expected = `Hi ${contactName}, sorry about that. ${SAM.name} here, I'll sort it out today.`
    await sam.waitForFunction(
      (v) =>
        (document.querySelector('textarea[aria-label="Reply"]') as HTMLTextAreaElement | null)?.value === v,
      expected,
    )
    await screenshot(sam, 'inbox-04-saved-reply')
    await sam.getByLabel('Reply').press('Control+Enter')
    await sam.locator('.msg-ours').filter({ hasText: expected }).waitFor()
    expect(await brandRepliesTo(e2e, seeded.damaged.remoteId)).toEqual([expected])

    // The contact card: mute the person, and note something for the team.
    const card = sam.getByRole('complementary', { name: 'Contact' })
    await card.getByRole('button', { name: 'Mute' }).click()
    await card.getByRole('button', { name: 'Unmute' }).waitFor()
    await card.getByLabel('Contact notes').fill('Prefers replies in the morning')
    await card.getByLabel('Contact notes').blur()
    const contactId = (await detail(seeded.damaged.conversationId)).contact.id
    await sam.waitForFunction(
      async (url) => ((await (await fetch(url)).json()) as { notes: string }).notes !== '',
      api(`/contacts/${contactId}`),
    )
    const contact = await call<{ muted: boolean; blocked: boolean; notes: string }>(
      sam,
      'GET',
      api(`/contacts/${contactId}`),
    )
    expect(contact).toMatchObject({ muted: true, blocked: false, notes: 'Prefers replies in the morning' })
  })

  it('shows two agents each other, blocks the second send and shows the new reply, then sends knowingly', async () => {
    seeded.collide = await pushMention(e2e, ch, {
      authorIndex: 6,
      text: '@acme is the outage in berlin fixed yet?',
    })
    const url = `/inbox/${seeded.collide.conversationId}`
    await sam.goto(url)
    await kim.goto(url)
    await sam.locator('.conv-header h2').waitFor()
    await kim.locator('.conv-header h2').waitFor()
    await sam
      .locator('.viewer')
      .filter({ hasText: `${KIM.name} is viewing` })
      .waitFor()
    await kim.getByLabel('Reply').fill('Hello! Engineers are working on it, more soon.')
    await sam
      .locator('.viewer')
      .filter({ hasText: `${KIM.name} is typing` })
      .waitFor()
    await screenshot(sam, 'inbox-05-collision-typing', { fullPage: false })

    const samText = 'Yes, it was fixed ten minutes ago. Sorry for the trouble!'
    await sam.getByLabel('Reply').fill(samText)
    await sam.getByLabel('Reply').press('Control+Enter')
    await sam.locator('.msg-ours').filter({ hasText: samText }).waitFor()

    await kim.getByLabel('Reply').press('Control+Enter')
    const alert = kim.locator('.collision')
    await alert.waitFor()
    expect(await alert.innerText()).toContain('Not sent: new activity arrived')
    expect(await alert.locator('.collision-msg').allInnerTexts()).toEqual([expect.stringContaining(samText)])
    await screenshot(kim, 'inbox-06-collision-blocked', { fullPage: false })
    expect(await brandRepliesTo(e2e, seeded.collide.remoteId)).toEqual([samText])

    await alert.getByRole('button', { name: 'Send anyway' }).click()
    await alert.waitFor({ state: 'detached' })
    await kim.locator('.msg-ours').filter({ hasText: 'Engineers are working on it' }).waitFor()
    expect(await brandRepliesTo(e2e, seeded.collide.remoteId)).toEqual([
      samText,
      'Hello! Engineers are working on it, more soon.',
    ])
    const d = await detail(seeded.collide.conversationId)
    expect(d.messages.filter((m) => m.direction === 'out').map((m) => m.sentByMemberId)).toEqual([
      samId,
      kimId,
    ])
    expect(jsErrors(kim)).toEqual([])
  })

  it('warns before the first-response target and shows a breach', async () => {
    seeded.near = await pushMention(e2e, ch, {
      authorIndex: 7,
      text: '@acme what time does the store open on saturday?',
      ageMinutes: 7,
    })
    seeded.late = await pushMention(e2e, ch, {
      authorIndex: 8,
      text: '@acme what time does the shop close tonight?',
      ageMinutes: 20,
    })
    seeded.fresh = await pushMention(e2e, ch, { authorIndex: 9, text: '@acme do you sell gift cards?' })
    const near = await detail(seeded.near.conversationId)
    const late = await detail(seeded.late.conversationId)
    expect([near.priority, late.priority]).toEqual(['normal', 'normal'])
    expect(near.sla!.timeLeftMs).toBeGreaterThan(0)
    expect(near.sla!.timeLeftMs).toBeLessThanOrEqual(5 * 60_000)
    expect(late.sla!.timeLeftMs).toBeLessThan(0)

    await sam.goto('/inbox')
    const nearBadge = row(sam, seeded.near.conversationId).locator('.sla-badge')
    const lateBadge = row(sam, seeded.late.conversationId).locator('.sla-badge')
    await nearBadge.waitFor()
    expect(await nearBadge.getAttribute('data-sla')).toBe('warning')
    expect(await nearBadge.innerText()).toMatch(/^\d+m left$/)
    expect(await lateBadge.getAttribute('data-sla')).toBe('breached')
    expect(await lateBadge.innerText()).toMatch(/^SLA breached \d+m ago$/)
    // A fresh question is well within its target.
    expect((await detail(seeded.fresh.conversationId)).priority).toBe('normal')
    expect(await row(sam, seeded.fresh.conversationId).locator('.sla-badge').getAttribute('data-sla')).toBe(
      'ok',
    )
    await screenshot(sam, 'inbox-07-sla')
  })

  it('writes an internal note with an @mention (n), and resolves a checked selection in bulk', async () => {
    await sam.goto(`/inbox/${seeded.complaint!.conversationId}`)
    await sam.locator('.conv-header h2').waitFor()
    await sam.keyboard.press('n')
    await sam.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Internal note')
    await sam.keyboard.type('Refund approved, @Ki')
    await sam
      .locator('.mention-list')
      .getByRole('button', { name: `@${KIM.name}` })
      .waitFor()
    await sam.keyboard.press('Tab')
    await sam.keyboard.type('please follow up')
    const note = `Refund approved, @${KIM.name} please follow up`
    expect(await sam.getByLabel('Internal note').inputValue()).toBe(note)
    await sam.keyboard.press('Control+Enter')
    await sam.locator('li.note').filter({ hasText: note }).waitFor()
    const inbox = await call<{ items: Array<{ kind: string; body: string }> }>(
      kim,
      'GET',
      `/api/workspaces/${wid}/notifications`,
    )
    expect(inbox.items.filter((n) => n.kind === 'inbox.mention').map((n) => n.body)).toEqual([note])

    await sam.goto('/inbox')
    const picked = [seeded.near!.conversationId, seeded.fresh!.conversationId]
    for (const id of picked) await row(sam, id).locator('.conv-check').check()
    const bar = sam.getByRole('toolbar', { name: 'Bulk actions' })
    expect(await bar.getByText('2 selected').count()).toBe(1)
    await screenshot(sam, 'inbox-08-bulk', { fullPage: false })
    await bar.getByRole('button', { name: 'Resolve' }).click()
    for (const id of picked) await row(sam, id).waitFor({ state: 'detached' })
    for (const id of picked) expect((await detail(id)).state).toBe('resolved')
    expect((await detail(seeded.late!.conversationId)).state).toBe('open')

    // Availability: away, then back.
    const availability = async () =>
      (
        await call<Array<{ id: string; availability: string }>>(sam, 'GET', `/api/workspaces/${wid}/members`)
      ).find((m) => m.id === samId)!.availability
    await sam.getByLabel('Your availability').selectOption('away')
    await sam.waitForFunction(() => document.querySelector('.avail-dot.avail-away') !== null)
    expect(await availability()).toBe('away')
    await sam.getByLabel('Your availability').selectOption('available')
    await sam.waitForFunction(() => document.querySelector('.avail-dot.avail-available') !== null)
    expect(await availability()).toBe('available')
  })

  it('shows one pane at a time on a phone', async () => {
    const { page: phone, context } = await newPage(e2e, PHONE)
    await phone.goto('/')
    await call(phone, 'POST', '/api/auth/login', { email: SAM.email, password: SAM.password })
    await phone.goto('/inbox')
    await row(phone, seeded.late!.conversationId).waitFor()
    expect(await phone.locator('.inbox-conversation').isVisible()).toBe(false)
    await screenshot(phone, 'inbox-09-phone-list')
    await row(phone, seeded.late!.conversationId).locator('.conv-open').click()
    await phone.locator('.conv-header h2').waitFor()
    expect(await phone.locator('.inbox-list').isVisible()).toBe(false)
    await screenshot(phone, 'inbox-10-phone-conversation')
    await phone.getByRole('button', { name: '← Back' }).click()
    await row(phone, seeded.late!.conversationId).waitFor()
    expect(jsErrors(phone)).toEqual([])
    await context.close()
  })

  it('teaches a workspace without channels to connect one, or to try the Sandbox in one click', async () => {
    const beta = await call<{ id: string }>(sam, 'POST', '/api/workspaces', {
      name: 'Beta',
      timeZone: 'Europe/Berlin',
    })
    await call(sam, 'PUT', '/api/session/workspace', { workspaceId: beta.id })
    await sam.goto('/inbox')
    const heading = sam.getByRole('heading', { name: 'Connect a channel to fill your inbox' })
    await heading.waitFor()
    expect(await sam.getByRole('button', { name: 'Connect a channel' }).count()).toBe(1)
    await screenshot(sam, 'inbox-11-no-channels')
    await sam.getByRole('button', { name: 'Try the Sandbox' }).click()
    await heading.waitFor({ state: 'detached' })
    const channels = await call<Array<{ network: string }>>(sam, 'GET', `/api/workspaces/${beta.id}/channels`)
    expect(channels.map((c) => c.network)).toEqual(['sandbox'])
    expect(jsErrors(sam)).toEqual([])
  })
})

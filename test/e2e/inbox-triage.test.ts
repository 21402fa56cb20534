import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { ConversationDetail } from '../../src/inbox/inbox.view.js'
import {
  apiStatusFromPage,
  describeInBrowser,
  type E2E,
  jsErrors,
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
const LEE = { name: 'Lee Chen', email: 'lee@acme.example', password: 'a long executive passphrase' }

/**
 * What session 2's inbox backend had without a screen: correcting a message's triage from its chips,
 * "Continue in direct message" on the Sandbox, the timeline saying both in words; and an executive
 * working the inbox of their own presence only; merging a person's two contacts from the contact card.
 */
// @NOTE generous per-test time: the suite shares two CPU cores with other test files and builds.
describeInBrowser('inbox triage, DMs and executives in Chromium', { timeout: 120_000 }, () => {
  let e2e: E2E
  let sam: Page
  let lee: Page
  let wid = ''
  let brand: SandboxChannel
  let leeCh: SandboxChannel
  const api = (path: string) => `/api/workspaces/${wid}/inbox${path}`
  const detail = (id: string) => call<ConversationDetail>(sam, 'GET', api(`/conversations/${id}`))
  const row = (page: Page, id: string) => page.locator(`li[data-conversation="${id}"]`)

  beforeAll(async () => {
    e2e = await startE2E()
    ;({ owner: sam, member: lee, workspaceId: wid } = await acmeWithMember(e2e, SAM, LEE, 'executive'))
    const leeMember = (await call<{ memberId: string }>(lee, 'GET', `/api/workspaces/${wid}/permissions`))
      .memberId
    const presence = await call<{ id: string }>(sam, 'POST', `/api/workspaces/${wid}/presences`, {
      kind: 'person',
      displayName: LEE.name,
      memberId: leeMember,
    })
    // Quiet Sandboxes: only what the tests say arrives.
    const b = await call<{ id: string }>(sam, 'POST', `/api/workspaces/${wid}/channels/sandbox`, {
      ratePerMinute: 0,
    })
    brand = await sandboxChannel(e2e, b.id)
    const l = await call<{ id: string }>(sam, 'POST', `/api/workspaces/${wid}/channels/sandbox`, {
      presenceId: presence.id,
      ratePerMinute: 0,
    })
    leeCh = await sandboxChannel(e2e, l.id)
  }, 300_000)

  afterAll(async () => {
    await e2e?.close()
  })

  it('corrects a message’s triage from its chips, and the timeline says what changed', async () => {
    const q = await pushMention(e2e, brand, {
      authorIndex: 2,
      text: '@acme what time does the store open on sunday?',
    })
    expect((await detail(q.conversationId)).messages[0]!.classification).toMatchObject({
      intent: 'question',
      sentiment: 'neutral',
    })
    await sam.goto(`/inbox/${q.conversationId}`)
    await sam.locator('.conv-header h2').waitFor()
    await sam.getByRole('button', { name: /^Correct triage: question, neutral/ }).click()
    const editor = sam.getByRole('form', { name: 'Correct triage' })
    await editor.getByLabel('Intent').selectOption('complaint')
    await editor.getByLabel('Sentiment').selectOption('negative')
    await screenshot(sam, 'inbox-triage-01-editor', { fullPage: false })
    await editor.getByRole('button', { name: 'Save correction' }).click()
    const line = sam.locator('li[data-event="triage"]')
    await line.waitFor()
    expect(await line.textContent()).toContain(
      'You corrected sentiment: neutral → negative; corrected intent: question → complaint',
    )
    await sam.getByRole('button', { name: /^Correct triage: complaint, negative, needs an answer/ }).waitFor()
    const d = await detail(q.conversationId)
    expect(d.messages[0]!.classification).toMatchObject({ intent: 'complaint', sentiment: 'negative' })
    expect(d.intent).toBe('complaint')
    const learner = await call<{ examples: number }>(sam, 'GET', api('/triage/learner'))
    expect(learner.examples).toBe(2)

    // Needs-reply on its own: recorded, and said as yes/no.
    await sam.getByRole('button', { name: /^Correct triage: complaint/ }).click()
    await sam.getByRole('form', { name: 'Correct triage' }).getByLabel('Needs an answer').uncheck()
    await sam.getByRole('button', { name: 'Save correction' }).click()
    await sam
      .locator('li[data-event="triage"]')
      .filter({ hasText: 'corrected needs an answer: yes → no' })
      .waitFor()
    expect((await detail(q.conversationId)).messages[0]!.classification?.needsReply).toBe(false)
    expect(jsErrors(sam)).toEqual([])
  })

  it('shows the cues that drove a reading in the triage editor', async () => {
    const m = await pushMention(e2e, brand, {
      authorIndex: 3,
      text: '@acme I am not happy, waited 3 hours for a reply 😡',
    })
    const c = (await detail(m.conversationId)).messages[0]!.classification!
    expect(c).toMatchObject({ intent: 'complaint', sentiment: 'negative' })
    expect(c.cues).toEqual(expect.arrayContaining(['negation: not happy', 'emoji 😡', 'waiting: 3 hours']))
    await sam.goto(`/inbox/${m.conversationId}`)
    await sam.locator('.conv-header h2').waitFor()
    const chips = sam.getByRole('button', { name: /^Correct triage: complaint, negative/ })
    expect(await chips.getAttribute('title')).toContain('negation: not happy')
    await chips.click()
    const read = sam
      .getByRole('form', { name: 'Correct triage' })
      .getByRole('list', { name: 'What the triage read' })
    await read.waitFor()
    const items = await read.getByRole('listitem').allTextContents()
    expect(items).toEqual(expect.arrayContaining(['negation: not happy', 'emoji 😡', 'waiting: 3 hours']))
    await screenshot(sam, 'inbox-triage-02-cues', { fullPage: false })
    await sam.getByRole('button', { name: 'Cancel' }).click()
    expect(jsErrors(sam)).toEqual([])
  })

  it('continues a public conversation in a direct message on the Sandbox, linked both ways', async () => {
    const m = await pushMention(e2e, brand, {
      authorIndex: 4,
      text: '@acme you charged me twice for order 5531',
    })
    await sam.goto(`/inbox/${m.conversationId}`)
    await sam.locator('.conv-header h2').waitFor()
    await sam.getByRole('button', { name: 'Continue in DM' }).click()
    const dialog = sam.getByRole('dialog', { name: 'Continue in a direct message' })
    await dialog.getByLabel('Message').fill('Sorry about that! Could you send us your email here?')
    await screenshot(sam, 'inbox-triage-02-dm-dialog', { fullPage: false })
    await dialog.getByRole('button', { name: 'Send direct message' }).click()
    await dialog.waitFor({ state: 'detached' })
    await sam.waitForURL((u) => !u.pathname.endsWith(m.conversationId) && u.pathname.startsWith('/inbox/'))
    const dmId = decodeURIComponent(new URL(sam.url()).pathname.split('/').pop()!)
    const dm = await detail(dmId)
    expect(dm.kind).toBe('direct')
    expect(dm.messages.map((x) => [x.direction, x.text])).toEqual([
      ['out', 'Sorry about that! Could you send us your email here?'],
    ])
    await sam
      .locator('li[data-event="moved-from-public"]')
      .filter({ hasText: 'You continued the public conversation here' })
      .waitFor()
    // A direct conversation offers no second move.
    expect(await sam.getByRole('button', { name: 'Continue in DM' }).count()).toBe(0)
    // The DM is on the network, from the brand.
    const sent = await e2e.server.ctx.db.kysely
      .selectFrom('sandbox_items')
      .select(['text'])
      .where('world_id', '=', brand.worldId)
      .where('kind', '=', 'direct-message')
      .where('from_brand', '=', 1)
      .execute()
    expect(sent.map((s) => s.text)).toEqual(['Sorry about that! Could you send us your email here?'])

    await sam.getByRole('button', { name: 'Open the public conversation' }).click()
    await sam.waitForURL((u) => u.pathname.endsWith(m.conversationId))
    const moved = sam.locator('li[data-event="moved-to-dm"]')
    await moved.waitFor()
    expect(await moved.textContent()).toContain('You continued this in a direct message')
    await screenshot(sam, 'inbox-triage-03-moved-to-dm', { fullPage: false })
    await moved.getByRole('button', { name: 'Open the direct message' }).click()
    await sam.waitForURL((u) => u.pathname.endsWith(dmId))
    expect(jsErrors(sam)).toEqual([])
  })

  it('merges a second account of the same person into the contact, with both histories', async () => {
    const a = await pushMention(e2e, brand, { authorIndex: 8, text: '@acme my order 881 never arrived' })
    const b = await pushMention(e2e, brand, { authorIndex: 9, text: '@acme still waiting on order 881!!' })
    const [pa, pb] = [person(brand, 8), person(brand, 9)]
    const target = (await detail(a.conversationId)).contact.id
    const source = (await detail(b.conversationId)).contact.id
    expect(source).not.toBe(target)
    await sam.goto(`/inbox/${a.conversationId}`)
    const card = sam.getByRole('complementary', { name: 'Contact' })
    await card.getByRole('button', { name: 'Merge with another account…' }).click()
    await card.getByLabel('Find the other account').fill(pb.handle)
    const hit = card.locator('.contact-merge-results li').filter({ hasText: `@${pb.handle}` })
    await hit.getByRole('button', { name: `Merge into ${pa.displayName}` }).click()
    const accounts = card.getByRole('list', { name: 'Accounts' })
    await accounts.waitFor()
    expect((await accounts.locator('li').allTextContents()).map((t) => t.trim()).sort()).toEqual(
      [`sandbox @${pa.handle}`, `sandbox @${pb.handle}`].sort(),
    )
    await screenshot(sam, 'inbox-triage-05-contact-merged', { fullPage: false })
    const merged = await call<{ id: string; accounts: unknown[]; conversations: Array<{ id: string }> }>(
      sam,
      'GET',
      api(`/contacts/${target}`),
    )
    expect(merged.accounts).toHaveLength(2)
    expect(merged.conversations.map((c) => c.id).sort()).toEqual([a.conversationId, b.conversationId].sort())
    expect((await detail(b.conversationId)).contact.id).toBe(target)
    expect(jsErrors(sam)).toEqual([])
  })

  it('shows an executive the inbox of their own presence only, and they answer from it', async () => {
    const mine = await pushMention(e2e, leeCh, {
      authorIndex: 6,
      text: '@lee why did prices go up this year?',
    })
    const other = await pushMention(e2e, brand, { authorIndex: 7, text: '@acme where is my parcel?' })
    await lee.goto('/')
    await lee.locator('nav.nav').getByRole('link', { name: 'Inbox' }).click()
    await row(lee, mine.conversationId).waitFor()
    const ids = await lee
      .locator('li[data-conversation]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-conversation')))
    expect(ids).toEqual([mine.conversationId])
    // Executives are never assigned conversations: no availability switch in the inbox or the user menu.
    await lee.locator('.view-list').waitFor()
    expect(await lee.getByLabel('Your availability').count()).toBe(0)
    await lee.getByRole('button', { name: 'Account menu' }).click()
    await lee.getByRole('menuitem', { name: 'Personal API tokens' }).waitFor()
    expect(await lee.getByRole('menuitem', { name: /You are (available|away)/ }).count()).toBe(0)
    await lee.getByRole('button', { name: 'Account menu' }).click()
    await screenshot(lee, 'inbox-triage-04-executive-list', { fullPage: false })
    await row(lee, mine.conversationId).locator('.conv-open').click()
    await lee.locator('.conv-header h2').waitFor()
    const text = 'Costs went up for us too; we held prices as long as we could.'
    await lee.getByLabel('Reply').fill(text)
    await lee.getByLabel('Reply').press('Control+Enter')
    await lee.locator('.msg-ours').filter({ hasText: text }).waitFor()
    expect(await brandRepliesTo(e2e, mine.remoteId)).toEqual([text])
    // Another presence's conversation does not exist for them.
    expect(await apiStatusFromPage(lee, 'GET', api(`/conversations/${other.conversationId}`))).toBe(404)
    await lee.goto(`/inbox/${other.conversationId}`)
    await lee.waitForURL((u) => u.pathname === '/inbox')
    expect(jsErrors(lee)).toEqual([])
  })
})

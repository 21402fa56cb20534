import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  callWithStatus as call,
  describeInBrowser,
  type E2E,
  jsErrors,
  newPage,
  call as ok,
  screenshot,
  startE2E,
} from './support/harness.js'

const OWNER = { name: 'Olivia Owner', email: 'olivia@acme.example', password: 'owner long passphrase' }
const CEO = { name: 'Dana Ortiz', email: 'dana@acme.example', password: 'correct horse battery' }
const CFO = { name: 'Chris Chen', email: 'chris@acme.example', password: 'numbers all day long' }
const COMMS = { name: 'Sam Rivera', email: 'sam@acme.example', password: 'comms team passphrase' }
/** The phone the brief names. */
const SMALL_PHONE = { width: 375, height: 812 }

interface PostView {
  id: string
  state: string
  approvalState: string
  deliveries: Array<{ state: string; error: string | null; runAt: number | null }>
}

/**
 * The CEO sets up her strategy on a phone and reads the plan; a post naming earnings waits for the
 * CFO's second approval; a crisis freeze holds a scheduled post until it is lifted.
 */
describeInBrowser('leader strategy in Chromium', { timeout: 180_000 }, () => {
  let e2e: E2E
  let owner: Page
  let ceo: Page
  let cfo: Page
  let comms: Page
  let wid = ''
  let ceoPresence = ''
  let ceoChannel = { id: '', handle: '' }

  beforeAll(async () => {
    e2e = await startE2E()
    owner = (await newPage(e2e)).page
    ceo = (await newPage(e2e, SMALL_PHONE)).page
    cfo = (await newPage(e2e)).page
    comms = (await newPage(e2e)).page
  }, 300_000)
  afterAll(async () => {
    await e2e?.close()
  })

  const join = async (page: Page, role: string, who: typeof CEO) => {
    const inv = await ok<{ token: string }>(owner, 'POST', `/api/workspaces/${wid}/invitations`, {
      role,
      email: who.email,
    })
    await page.goto('/login')
    await ok(page, 'POST', `/api/invitations/${inv.token}/accept`, who)
    const s = await ok<{ workspaces: Array<{ memberId: string }> }>(page, 'GET', '/api/session')
    return s.workspaces[0]!.memberId
  }
  const post = (page: Page, id: string) => ok<PostView>(page, 'GET', `/api/workspaces/${wid}/posts/${id}`)

  it('sets up: the CEO (an executive) with her presence and a Sandbox channel, a CFO, a comms manager', async () => {
    await owner.goto('/')
    await owner.getByRole('heading', { name: 'Set up Townhall' }).waitFor()
    await ok(owner, 'POST', '/api/setup', { ...OWNER, workspaceName: 'Acme', timeZone: 'UTC' })
    wid = (await ok<{ currentWorkspaceId: string }>(owner, 'GET', '/api/session')).currentWorkspaceId
    const ceoMember = await join(ceo, 'executive', CEO)
    const cfoMember = await join(cfo, 'viewer', CFO)
    await join(comms, 'manager', COMMS)
    ceoPresence = (
      await ok<{ id: string }>(owner, 'POST', `/api/workspaces/${wid}/presences`, {
        kind: 'person',
        displayName: CEO.name,
        title: 'CEO',
        memberId: ceoMember,
      })
    ).id
    await ok(owner, 'POST', `/api/workspaces/${wid}/presences`, {
      kind: 'person',
      displayName: CFO.name,
      title: 'CFO',
      memberId: cfoMember,
    })
    ceoChannel = await ok(owner, 'POST', `/api/workspaces/${wid}/channels/sandbox`, {
      presenceId: ceoPresence,
    })
  })

  it('the CEO completes the strategy on a phone-sized screen and the plan appears', async () => {
    await ceo.goto('/presences')
    await ceo.getByRole('link', { name: `Strategy and plan of ${CEO.name}` }).click()
    await ceo.getByRole('heading', { name: 'No plan yet' }).waitFor()
    await ceo.getByRole('link', { name: 'Set up the strategy' }).first().click()
    await ceo.getByText('Step 1 of 5: Goals and benefits').waitFor()
    await ceo
      .getByLabel('In one sentence, what should people get from it?')
      .fill('Where Acme is going, and why')
    await expect(ceo.getByRole('checkbox', { name: /Learn/ }).isChecked()).resolves.toBe(true)
    await screenshot(ceo, 'leader-01-wizard-goals')
    await ceo.getByRole('button', { name: 'Next' }).click()

    await ceo.getByText('Step 2 of 5: Audiences').waitFor()
    await ceo.getByRole('checkbox', { name: 'Investors and analysts' }).check()
    await ceo
      .getByRole('checkbox', { name: `Investors and analysts on Sandbox @${ceoChannel.handle}` })
      .check()
    await ceo.getByRole('button', { name: 'Next' }).click()

    await ceo.getByText('Step 3 of 5: Time and help').waitFor()
    await ceo.getByLabel('Hours per week you can give').fill('2')
    await ceo.getByLabel('Add a helper').selectOption({ label: COMMS.name })
    await ceo.getByRole('button', { name: 'Next' }).click()

    await ceo.getByText('Step 4 of 5: Guardrails').waitFor()
    await expect(ceo.getByLabel('Terms that need a second approval').inputValue()).resolves.toContain(
      'earnings',
    )
    await ceo.getByLabel('Second approver').selectOption({ label: CFO.name })
    await ceo.getByLabel('Topics to avoid').fill('politics')
    await screenshot(ceo, 'leader-02-wizard-guardrails')
    await ceo.getByRole('button', { name: 'Next' }).click()

    await ceo.getByText('Step 5 of 5: Cadence, pillars and rhythm').waitFor()
    // 2 h a week with someone drafting: 60 min of posts at 15 min each = 4; 60 min of replies at 5 = 12.
    await expect(ceo.getByLabel('Posts per week').inputValue()).resolves.toBe('4')
    await expect(ceo.getByLabel('Replies per week').inputValue()).resolves.toBe('12')
    await expect(ceo.getByLabel('Pillar 1 name').inputValue()).resolves.toBe('Point of view')
    await screenshot(ceo, 'leader-03-wizard-plan')
    // Nothing overflows the phone's width.
    const overflow = await ceo.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(0)
    await ceo.getByRole('button', { name: 'Save plan' }).click()

    await ceo.getByRole('heading', { name: `Plan for ${CEO.name}` }).waitFor()
    await ceo.getByText('Version 1').first().waitFor()
    await expect(ceo.locator('.plan-cadence').textContent()).resolves.toBe('4 posts and 12 replies a week')
    const audiences = await ceo
      .getByRole('list', { name: 'Networks per audience' })
      .getByRole('listitem')
      .allTextContents()
    const investors = audiences.find((a) => a.startsWith('Investors and analysts'))
    expect(investors).toBe(`Investors and analysts publicSandbox @${ceoChannel.handle}`)
    const pillars = ceo.getByRole('list', { name: 'Content pillars' })
    await expect(pillars.locator('[data-pillar="perspective"]').textContent()).resolves.toContain('0 posts')
    await expect(pillars.getByText('Neglected').count()).resolves.toBe(4)
    await ceo.getByText(`Second approval (${CFO.name}) for: earnings`).waitFor()
    await expect(ceo.getByRole('list', { name: 'Plan history' }).textContent()).resolves.toContain(CEO.name)
    await screenshot(ceo, 'leader-04-plan', { fullPage: true })
    expect(jsErrors(ceo)).toEqual([])
  })

  it('a post naming earnings cannot go out on the CEO’s approval alone; it does after the CFO approves', async () => {
    const p = await ok<PostView>(comms, 'POST', `/api/workspaces/${wid}/posts`, {
      kind: 'free',
      parts: [{ text: 'Our earnings call is on Thursday. Questions welcome.' }],
      channelIds: [ceoChannel.id],
      pillar: 'perspective',
    })
    await ok(comms, 'POST', `/api/workspaces/${wid}/posts/${p.id}/submit`)
    await ceo.goto(`/publishing/posts/${p.id}`)
    const finding = "'earnings' in the text needs approval by Chris Chen (CFO)"
    await ceo.getByRole('list', { name: 'Guardrail findings' }).getByText(finding).waitFor()
    await ceo.getByRole('region', { name: 'Approval' }).getByRole('button', { name: 'Approve' }).click()
    await ceo.getByRole('region', { name: 'Approval' }).getByText(`Approved by ${CEO.name}`).waitFor()
    expect((await post(comms, p.id)).approvalState).toBe('in-review')
    const refused = await call(comms, 'POST', `/api/workspaces/${wid}/posts/${p.id}/publish-now`)
    expect(refused.status).toBe(409)
    await screenshot(ceo, 'leader-05-second-approval-waiting')

    await cfo.goto(`/publishing/posts/${p.id}`)
    const approval = cfo.getByRole('region', { name: 'Approval' })
    await approval.getByText(finding).waitFor()
    await approval.getByRole('button', { name: 'Approve' }).click()
    await approval.getByText(`Approved by ${CFO.name}`).waitFor()
    expect((await post(comms, p.id)).approvalState).toBe('approved')
    await ok(comms, 'POST', `/api/workspaces/${wid}/posts/${p.id}/publish-now`)
    await expect.poll(async () => (await post(comms, p.id)).state, { timeout: 30_000 }).toBe('published')
  })

  it('a crisis freeze holds a scheduled post (the post shows held) and lifting it releases the post', async () => {
    const p = await ok<PostView>(comms, 'POST', `/api/workspaces/${wid}/posts`, {
      kind: 'free',
      parts: [{ text: 'Launch day: the new app is here' }],
      channelIds: [ceoChannel.id],
    })
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)
    await ok(comms, 'PUT', `/api/workspaces/${wid}/posts/${p.id}/schedule`, {
      mode: 'at',
      local: `${tomorrow}T09:00`,
      timeZone: 'UTC',
    })
    await ok(comms, 'POST', `/api/workspaces/${wid}/posts/${p.id}/submit`)
    await ok(ceo, 'POST', `/api/workspaces/${wid}/posts/${p.id}/approve`)
    expect((await post(comms, p.id)).state).toBe('scheduled')

    await ceo.goto(`/leader/plan/${ceoPresence}`)
    await ceo.getByLabel('Why freeze').fill('Outage at a customer site')
    await ceo.getByRole('button', { name: 'Freeze publishing' }).click()
    await ceo.getByText('Publishing is frozen').waitFor()
    await screenshot(ceo, 'leader-06-frozen')

    await comms.goto(`/publishing/posts/${p.id}`)
    await comms.getByText('Held (crisis freeze)').first().waitFor()
    await comms.getByText('Held by a crisis freeze: Outage at a customer site').waitFor()
    const held = await post(comms, p.id)
    expect(held.state).toBe('held')
    expect(held.deliveries[0]!.state).toBe('held')
    await screenshot(comms, 'leader-07-post-held')

    await ceo.getByRole('button', { name: 'Lift freeze' }).click()
    await ceo.getByText('Freeze lifted; 1 held posts released.').waitFor()
    const released = await post(comms, p.id)
    expect(released.state).toBe('scheduled')
    expect(released.deliveries[0]!.runAt).toBe(Date.parse(`${tomorrow}T09:00:00Z`))
    await comms.reload()
    await comms.getByText('Scheduled').first().waitFor()
    expect(jsErrors(ceo)).toEqual([])
    expect(jsErrors(comms)).toEqual([])
  })
})

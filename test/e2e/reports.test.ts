import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parseCsv } from '../support/csv.js'
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

const OWNER = { name: 'Olivia Owner', email: 'olivia@acme.example', password: 'correct horse battery' }
const TZ = 'Europe/Berlin'

const todayIn = (tz: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: tz,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date())
const addDays = (ymd: string, n: number) =>
  new Date(Date.parse(`${ymd}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

/**
 * The owner opens the reports with a published post whose likes were read from the Sandbox:
 * switches to presence, changes the range, drills into a figure and a bar, downloads a table as
 * CSV and the report as PDF, and opts in to the weekly digest.
 */
describeInBrowser('reports in Chromium', { timeout: 120_000 }, () => {
  let e2e: E2E
  let page: Page
  let wid = ''
  let postId = ''
  const today = todayIn(TZ)

  beforeAll(async () => {
    e2e = await startE2E()
    page = (await newPage(e2e)).page
  }, 300_000)
  afterAll(async () => {
    await e2e?.close()
  })

  it('seeds a workspace with a published post the public liked', async () => {
    await page.goto('/')
    await page.getByRole('heading', { name: 'Set up Townhall' }).waitFor()
    await call(page, 'POST', '/api/setup', { ...OWNER, workspaceName: 'Acme', timeZone: TZ })
    wid = (await call<{ currentWorkspaceId: string }>(page, 'GET', '/api/session')).currentWorkspaceId
    const channel = await call<{ id: string }>(page, 'POST', `/api/workspaces/${wid}/channels/sandbox`, {
      ratePerMinute: 0,
    })
    const post = await call<{ id: string }>(page, 'POST', `/api/workspaces/${wid}/posts`, {
      kind: 'free',
      title: 'Spring launch, "finally"',
      parts: [{ text: 'Spring is here and so is our launch' }],
      channelIds: [channel.id],
    })
    postId = post.id
    await call(page, 'POST', `/api/workspaces/${wid}/posts/${postId}/submit`)
    await call(page, 'POST', `/api/workspaces/${wid}/posts/${postId}/publish-now`)
    await expect
      .poll(
        async () =>
          (await call<{ state: string }>(page, 'GET', `/api/workspaces/${wid}/posts/${postId}`)).state,
        {
          timeout: 30_000,
        },
      )
      .toBe('published')
    const ctx = e2e.server.ctx
    const d = await ctx.db.kysely
      .selectFrom('post_deliveries')
      .select('remote_id')
      .where('post_id', '=', postId)
      .executeTakeFirstOrThrow()
    const ch = await ctx.db.kysely
      .selectFrom('channels')
      .select('settings')
      .where('id', '=', channel.id)
      .executeTakeFirstOrThrow()
    const worldId = (JSON.parse(ch.settings) as { worldId: string }).worldId
    for (const i of [1, 2, 3, 4])
      await ctx.networks.worlds.addCustomerItem(worldId, {
        kind: 'like',
        authorIndex: i,
        subjectId: d.remote_id!,
      })
    await ctx.networks.worlds.addCustomerItem(worldId, {
      kind: 'repost',
      authorIndex: 5,
      subjectId: d.remote_id!,
    })
    await ctx.presenceMetrics.collector.collect()
    const snap = await ctx.db.kysely
      .selectFrom('metric_post_snapshots')
      .select(['likes', 'reposts'])
      .where('post_id', '=', postId)
      .orderBy('taken_at', 'desc')
      .executeTakeFirstOrThrow()
    expect([snap.likes, snap.reposts]).toEqual([4, 1])
  })

  it('opens the reports from the nav: the care tab first, with definitions', async () => {
    await page.goto('/presences')
    await page.getByRole('link', { name: 'Reports' }).first().click()
    await page.getByRole('heading', { name: 'Reports' }).waitFor()
    const figures = page.getByRole('region', { name: 'Figures' })
    await figures.waitFor()
    expect(await figures.locator('.figure').count()).toBeGreaterThan(3)
    // Definitions sit behind an info button, so the cards stay even; a share shows its denominator.
    const within = figures.locator('[data-figure="first_response_within_1h"]')
    expect(await within.locator('.figure-definition').isVisible()).toBe(false)
    await within.getByRole('group').or(within.locator('summary')).first().click()
    expect(await within.locator('.figure-definition').isVisible()).toBe(true)
    expect(await within.locator('.figure-definition').textContent()).toContain('Share answered within 1 hour')
    expect(await within.locator('.figure-basis').textContent()).toMatch(/^\d+ of \d+/)
    await within.locator('summary').click()
    // Charts (#22): no axis label is cut at the left, the previous period is drawn when comparing,
    // and pointing at a chart shows that day's values.
    const chart = page.locator('.chart').first()
    await chart.locator('svg').waitFor()
    const leftmost = await chart
      .locator('text.chart-axis')
      .evaluateAll((els) => Math.min(...els.map((e) => (e as SVGGraphicsElement).getBBox().x)))
    expect(leftmost).toBeGreaterThanOrEqual(0)
    expect(await chart.locator('path.chart-previous').count()).toBe(1)
    await chart.scrollIntoViewIfNeeded()
    const box = (await chart.locator('svg').boundingBox())!
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2)
    const tip = chart.locator('.chart-tip')
    await tip.waitFor()
    expect(await tip.textContent()).toMatch(/before:/)
    await screenshot(page, 'reports-01b-chart-hover', { fullPage: false })
    await page.mouse.move(0, 0)
    await expect
      .poll(() => page.locator('.range-summary').textContent())
      .toContain(`${addDays(today, -29)} to ${today}`)
    await screenshot(page, 'reports-01-care')
  })

  it('shows presence figures from the stored history and follows a range change', async () => {
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Presence' }).click()
    const posts = page.locator('[data-figure="posts"]')
    await expect.poll(() => posts.locator('.figure-value').textContent()).toBe('1')
    await expect.poll(() => page.locator('[data-figure="engagement"] .figure-value').textContent()).toBe('5')
    await expect.poll(() => posts.locator('.delta').textContent()).toContain('↑')
    await screenshot(page, 'reports-02-presence')

    await page.getByRole('button', { name: 'Last 7 days' }).click()
    await expect
      .poll(() => page.locator('.range-summary').textContent())
      .toContain(`${addDays(today, -6)} to ${today}`)
    await page.getByRole('button', { name: 'Custom' }).click()
    await page.getByLabel('From').fill(addDays(today, -60))
    await page.getByLabel('to', { exact: true }).fill(addDays(today, -40))
    await expect
      .poll(() => page.locator('.range-summary').textContent())
      .toContain(`${addDays(today, -60)} to ${addDays(today, -40)}`)
    await expect.poll(() => posts.locator('.figure-value').textContent()).toBe('0')
    await page.getByRole('button', { name: 'Last 7 days' }).click()
    await expect.poll(() => posts.locator('.figure-value').textContent()).toBe('1')
  })

  it('drills from a figure and from a bar to the posts behind them', async () => {
    await page.getByRole('button', { name: 'Show what Engagement on these posts counts' }).click()
    const panel = page.locator('.drill-panel')
    await panel.getByRole('heading', { name: 'Behind “Engagement on these posts”' }).waitFor()
    const link = panel.getByRole('link', { name: 'Spring launch, "finally"' })
    await link.waitFor()
    expect(await link.getAttribute('href')).toBe(`/publishing/posts/${postId}`)
    expect(await panel.textContent()).toContain('4 likes · 1 reposts')
    await screenshot(page, 'reports-03-drill')
    await panel.getByRole('button', { name: 'Close' }).click()
    await page.getByRole('button', { name: /^@.*: 1, show items$/ }).click()
    await panel.getByRole('link', { name: 'Spring launch, "finally"' }).waitFor()
    await panel.getByRole('link', { name: 'Spring launch, "finally"' }).click()
    await page.waitForURL(`**/publishing/posts/${postId}`)
    await page.goBack()
    await page.getByRole('heading', { name: 'Reports' }).waitFor()
  })

  it('downloads a table as CSV and the report as PDF', async () => {
    await page.goto('/reports/presence')
    const card = page.locator('section.card', {
      has: page.getByRole('heading', { name: 'Posts and their engagement' }),
    })
    await card.locator('table[data-table="posts"] tbody tr').first().waitFor()
    const [csvDownload] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'CSV' }).click(),
    ])
    expect(csvDownload.suggestedFilename()).toMatch(/^presence-posts-.*\.csv$/)
    const csv = readFileSync((await csvDownload.path())!, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const rows = parseCsv(csv.slice(1))
    expect(rows[0]).toEqual([
      'Post',
      'Channel',
      'Published (UTC)',
      'Likes',
      'Reposts',
      'Replies',
      'Quotes',
      'Engagement',
      'Growth in period',
    ])
    expect(rows).toHaveLength(2)
    expect(rows[1]![0]).toBe('Spring launch, "finally"')
    expect(rows[1]!.slice(3)).toEqual(['4', '1', '0', '0', '5', '5'])

    const [pdfDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download PDF' }).click(),
    ])
    expect(pdfDownload.suggestedFilename()).toMatch(/^presence-report-.*\.pdf$/)
    const pdf = readFileSync((await pdfDownload.path())!).toString('latin1')
    expect(pdf.startsWith('%PDF-')).toBe(true)
    expect(pdf).toContain('(Presence report \x97 Acme) Tj')
    expect(pdf).toContain('(Engagement on these posts) Tj')
    expect(pdf).toContain('(Spring launch, "finally") Tj')
  })

  it('keeps the weekly digest choice, and reads well on a phone', async () => {
    const toggle = page.getByRole('switch', { name: 'Email me the weekly digest' })
    await toggle.click()
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('true')
    await page.reload()
    await expect
      .poll(() =>
        page.getByRole('switch', { name: 'Email me the weekly digest' }).getAttribute('aria-checked'),
      )
      .toBe('true')
    await page.setViewportSize(PHONE)
    await page.locator('[data-figure="posts"]').waitFor()
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow).toBeLessThanOrEqual(1)
    await screenshot(page, 'reports-04-phone')
    expect(jsErrors(page)).toEqual([])
  })
})

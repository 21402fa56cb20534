/**
 * Every public page type in Debian's Chromium, with JavaScript on and off, and axe-core's check
 * (injected by playwright-core): no serious or critical violation on any of them.
 */
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { runScenario, type Scenario } from '../campaigns/scenario.js'
import { type CampaignRig, campaignRig } from '../campaigns/support.js'
import { CHROMIUM, describeInBrowser } from './support/harness.js'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

interface AxeViolation {
  id: string
  impact: string | null
  nodes: Array<{ target: string[] }>
}

describeInBrowser('public page in the browser', { timeout: 180_000 }, () => {
  let r: CampaignRig
  let s: Scenario
  let browser: Browser
  let server: ReturnType<typeof serve>
  let origin: string
  const pages = () => [
    ['home', '/p/acme', 'Acme makes the mugs'],
    ['status', '/p/acme/status', 'Slow API'],
    ['news', '/p/acme/news', 'Mugs are back'],
    ['events', '/p/acme/events', 'Mug day'],
    ['giveaways', '/p/acme/giveaways', 'Win a Townhall mug'],
    ['giveaway', `/p/acme/giveaways/${s.campaignId}`, 'Verify the draw'],
  ]

  beforeAll(async () => {
    r = await campaignRig('sqlite')
    s = await runScenario(r)
    server = serve({ fetch: r.app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise<void>((ok) => server.once('listening', () => ok()))
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true })
  })
  afterAll(async () => {
    await browser?.close()
    await new Promise((ok) => server.close(ok))
    await r.close()
  })

  it('renders every page type with JavaScript off', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    for (const [name, path, text] of pages()) {
      const res = await page.goto(origin + path)
      expect(res?.status(), name).toBe(200)
      expect(await page.locator('main').textContent(), name).toContain(text)
      expect(await page.locator('nav a[aria-current="page"]').count(), name).toBe(1)
    }
    // the winners and the server's checks are readable without any script
    await page.goto(`${origin}/p/acme/giveaways/${s.campaignId}`)
    expect(await page.locator('section li.ok').count()).toBe(5)
    await context.close()
  })

  it('has no serious or critical axe violation on any page type (JavaScript on)', async () => {
    // @NOTE the pages' CSP allows only same-origin scripts; the test's injected axe needs bypassCSP.
    const context = await browser.newContext({ bypassCSP: true })
    const page = await context.newPage()
    const found: Record<string, string[]> = {}
    for (const [name, path, text] of pages()) {
      await page.goto(origin + path)
      expect(await page.locator('main').textContent(), name).toContain(text)
      await page.addScriptTag({ path: AXE })
      const { violations, passes } = (await page.evaluate(async () => {
        const axe = (
          window as unknown as {
            axe: { run(ctx: Document, o: object): Promise<{ violations: unknown[]; passes: unknown[] }> }
          }
        ).axe
        const out = await axe.run(document, {})
        return { violations: out.violations, passes: out.passes.length }
      })) as { violations: AxeViolation[]; passes: number }
      // axe really looked: it reports the rules each page passes too
      expect(passes, name).toBeGreaterThan(10)
      found[name as string] = violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
    }
    expect(found).toEqual({ home: [], status: [], news: [], events: [], giveaways: [], giveaway: [] })
    // with JavaScript, the giveaway page recomputes the draw in the browser (WebCrypto)
    await page.goto(`${origin}/p/acme/giveaways/${s.campaignId}`)
    await page.locator('#browser-check h3').waitFor()
    expect(await page.locator('#browser-check h3').textContent()).toBe(
      'Recomputed in your browser: the draw holds',
    )
    expect(await page.locator('#browser-check li.ok').count()).toBe(4)
    await context.close()
  })
})

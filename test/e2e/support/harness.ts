import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { describe } from 'vitest'
import { build } from '../../../scripts/build.mjs'
import { buildConfig } from '../../../src/config/config.js'
import { createLogger } from '../../../src/core/logger.js'
import { type RunningServer, startServer } from '../../../src/http/server.js'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const CHROMIUM = '/usr/bin/chromium'
export const SCREENSHOTS = join(ROOT, 'test-output', 'screenshots')

/** Flags for Debian's Chromium in a container: no sandbox, no GPU, nothing phoning home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

/** Whether the browser suite can run here; outside CI a missing browser is a reported skip. */
export function browserAvailability(): { ok: true } | { ok: false; reason: string } {
  if (existsSync(CHROMIUM)) return { ok: true }
  return {
    ok: false,
    reason: `${CHROMIUM} not found. Install Debian's Chromium: apt-get install -y chromium`,
  }
}

/**
 * A browser suite. Where Debian's Chromium is missing it is skipped with the reason in its name,
 * except under CI, where that is an error; `skip` names another reason to skip (e.g. no PostgreSQL).
 */
export function describeInBrowser(
  name: string,
  options: { timeout: number; skip?: string },
  suite: () => void,
): void {
  const browser = browserAvailability()
  if (!browser.ok && process.env.CI === 'true')
    throw new Error(`CI requires the browser suite: ${browser.reason}`)
  const reason = browser.ok ? (options.skip ?? '') : browser.reason
  if (reason) console.warn(`[e2e] ${name} skipped: ${reason}`)
  describe.skipIf(!!reason)(
    reason ? `${name} (skipped: ${reason})` : name,
    { timeout: options.timeout },
    suite,
  )
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolve(port))
    })
  })
}

export interface E2E {
  server: RunningServer
  baseUrl: string
  browser: Browser
  close(): Promise<void>
}

/**
 * Builds the web app if stale, starts the real server in-process on a free port with a fresh
 * SQLite data directory, and launches Chromium.
 */
export interface E2EOptions {
  /** Sends notification email to this SMTP server (e.g. test/support/smtp.ts). */
  smtpUrl?: string
  /** TOWNHALL_OUTBOUND_ALLOW: the local servers (a dev PDS) this run lets the app reach. */
  outboundAllow?: string
}

export async function startE2E(opts: E2EOptions = {}): Promise<E2E> {
  await build({ only: 'web', log: false })
  const dataDir = mkdtempSync(join(tmpdir(), 'townhall-e2e-'))
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const config = buildConfig({
    dataDir,
    port: String(port),
    host: '127.0.0.1',
    publicUrl: baseUrl,
    logLevel: 'silent',
    smtpUrl: opts.smtpUrl,
    outboundAllow: opts.outboundAllow,
  })
  const server = await startServer(config, {
    logger: createLogger('silent'),
    webDir: join(ROOT, 'web', 'dist'),
  })
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
  mkdirSync(SCREENSHOTS, { recursive: true })
  return {
    server,
    baseUrl,
    browser,
    async close() {
      await browser.close().catch(() => undefined)
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 390, height: 844 }

/** The text of a received mail, quoted-printable soft breaks and escapes undone. */
export function mailText(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
}

/** A fresh browser profile (its own cookies), as a different person on a different device would have. */
export async function newPage(
  e2e: E2E,
  viewport = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({
    baseURL: e2e.baseUrl,
    viewport,
    deviceScaleFactor: 1,
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
    isMobile: viewport.width < 600,
    hasTouch: viewport.width < 600,
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  ;(page as Page & { jsErrors?: string[] }).jsErrors = errors
  return { context, page }
}

/** JavaScript errors the page threw so far. */
export function jsErrors(page: Page): string[] {
  return (page as Page & { jsErrors?: string[] }).jsErrors ?? []
}

/** Saves a full-page screenshot under test-output/screenshots/<name>.png once the page is idle. */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await page.waitForLoadState('networkidle')
  await page.evaluate(() => document.fonts.ready)
  // Dialogs and menus are captured as the viewport shows them; pages in full.
  const fullPage = options.fullPage ?? true
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0))
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage, animations: 'disabled' })
}

/** Calls the API from inside the page (its cookie, its CSRF token); returns status and parsed body. */
export async function callWithStatus<T>(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T; text: string }> {
  const r = await page.evaluate(
    async ({ method, path, body }) => {
      const s = await fetch('/api/session')
      const csrf = s.ok ? ((await s.json()) as { csrfToken: string }).csrfToken : ''
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return { status: res.status, text: await res.text() }
    },
    { method, path, body },
  )
  return { status: r.status, text: r.text, body: (r.text ? JSON.parse(r.text) : undefined) as T }
}

/** Like `callWithStatus`, but throws on an error status and returns the body. */
export async function call<T>(page: Page, method: string, path: string, body?: unknown): Promise<T> {
  const r = await callWithStatus<T>(page, method, path, body)
  if (r.status >= 400) throw new Error(`${method} ${path} → ${r.status} ${r.text}`)
  return r.body
}

/** Calls the API from inside the page, with its cookie and CSRF token, and returns the status. */
export async function apiStatusFromPage(
  page: Page,
  method: string,
  path: string,
  body?: unknown,
): Promise<number> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const session = (await (await fetch('/api/session')).json()) as { csrfToken: string }
      const res = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      return res.status
    },
    { method, path, body },
  )
}

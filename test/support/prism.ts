/**
 * A Prism mock server (`@stoplight/prism-cli` 5.14.2) serving one OpenAPI document on a free loopback port,
 * for the network adapters' contract tests (#20).
 *
 * Prism validates every request against the document (path, method, security, parameters, body). A request
 * that breaks it gets Prism's 4xx (401/404/405/422) instead of a mock answer, AND is counted here:
 * `violations()` is the number of requests Prism's validator flagged, parsed from its log. A contract test
 * asserts `violations() === 0` after its run, so a request that breaks the spec fails the test even when the
 * adapter happens to swallow the 4xx.
 *
 * ```ts
 * const prism = await startPrism({ spec: specPath('x-openapi.json') })
 * // ... point the adapter at prism.url (allow-list it: createTestApp(engine, { outboundAllow: prism.host }))
 * expect(prism.violations(), prism.violationMessages().join('\n')).toBe(0)
 * await prism.stop()
 * ```
 *
 * @NOTE `--errors` is off by default on purpose: it also turns RESPONSE violations into 500s, and the
 * networks' own documents fail their own patterns in static mode (X's example `"id": "string"` breaks
 * `^[0-9]{1,19}$`). Request validation does not depend on the flag. Responses are generated dynamically
 * (json-schema-faker, fixed seed) so ids and dates match the document's patterns and formats.
 * @NOTE Prism takes ~10-15 s to start on X's 143-path document (it logs every route first): start one per
 * test file in `beforeAll` with a generous hook timeout.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))

/** Absolute path of a document in ../shared/specs (the networks' published specs, unchanged). */
export function specPath(name: string): string {
  return resolve(here, '../../../shared/specs', name)
}

export interface PrismOptions {
  /** Path of the OpenAPI document (JSON or YAML). */
  spec: string
  /**
   * Edit a COPY of the document before serving it (a known quirk of the published spec). The original is
   * never touched; say in the test why the edit is needed.
   */
  transform?: (doc: Record<string, unknown>) => Record<string, unknown>
  /** Generate responses from the schemas (default true). False: Prism's static examples. */
  dynamic?: boolean
  /** Seed for dynamic generation (default "townhall"). */
  seed?: string
  /** Pass `--errors` (response violations become 500s too). Default false; see the module note. */
  errors?: boolean
  /** Milliseconds to wait for "Prism is listening" (default 60 000). */
  startTimeoutMs?: number
}

export interface PrismServer {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string
  /** `127.0.0.1:PORT`, for the app's outbound allow-list. */
  host: string
  /** Requests Prism's validator flagged so far (request violations, unknown routes or methods). */
  violations(): number
  /** One line per flagged request: `METHOD /path: message; message`. */
  violationMessages(): string[]
  /** Requests Prism received so far. */
  requests(): number
  /** Forget the counts so far (between test cases). */
  resetCounts(): void
  stop(): Promise<void>
}

const prismBin = (() => {
  const require = createRequire(import.meta.url)
  return join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist/index.js')
})()

async function freePort(): Promise<number> {
  return await new Promise((ok, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => ok(port))
    })
  })
}

// Prism's human log (signale): strip colours, then match the few lines that matter.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes
const ansi = /\u001b\[[0-9;]*m/g
const received = /\[HTTP SERVER\] (\w+) (\S+) .*Request received/
const requestViolation = /\[VALIDATOR\] .*Violation: (request\S*) (.*)$/
const routeError =
  /\[HTTP SERVER\] (\w+) (\S+) .*Request terminated with error: (\S+#(NO_PATH_MATCHED_ERROR|NO_METHOD_MATCHED_ERROR|NO_SERVER_MATCHED_ERROR)\b.*)$/

/** Start Prism on a free loopback port; resolves once it listens. */
export async function startPrism(opts: PrismOptions): Promise<PrismServer> {
  let specFile = opts.spec
  let tempDir: string | undefined
  if (opts.transform) {
    tempDir = mkdtempSync(join(tmpdir(), 'townhall-prism-'))
    specFile = join(tempDir, 'spec.json')
    writeFileSync(specFile, JSON.stringify(opts.transform(JSON.parse(readFileSync(opts.spec, 'utf8')))))
  }
  const port = await freePort()
  const args = [prismBin, 'mock', specFile, '--host', '127.0.0.1', '--port', String(port)]
  if (opts.dynamic ?? true) args.push('--dynamic', '--seed', opts.seed ?? 'townhall')
  if (opts.errors) args.push('--errors')
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] })

  // Flagged requests keyed by their "Request received" ordinal; Prism handles one request's log lines together.
  let count = 0
  let current = { method: '', path: '' }
  const flagged = new Map<number, string[]>()
  const flag = (message: string) => {
    const list = flagged.get(count) ?? []
    if (list.length === 0) list.push(`${current.method.toUpperCase()} ${current.path}:`)
    list.push(message)
    flagged.set(count, list)
  }
  let tail = ''
  const output: string[] = []
  let onListening: (() => void) | undefined
  const onLine = (raw: string) => {
    const line = raw.replace(ansi, '')
    if (output.length < 50) output.push(line)
    if (line.includes('Prism is listening on')) onListening?.()
    const r = received.exec(line)
    if (r) {
      count += 1
      current = { method: r[1] ?? '', path: r[2] ?? '' }
      return
    }
    const v = requestViolation.exec(line)
    if (v) return flag(`${v[1]} ${v[2]}`)
    const e = routeError.exec(line)
    if (e) {
      // An unknown route has no "Request received" of its own before the error line.
      if (current.path !== e[2] || current.method !== e[1]) {
        count += 1
        current = { method: e[1] ?? '', path: e[2] ?? '' }
      }
      flag(e[3] ?? '')
    }
  }
  const onData = (chunk: Buffer) => {
    tail += chunk.toString('utf8')
    const lines = tail.split('\n')
    tail = lines.pop() ?? ''
    for (const line of lines) onLine(line)
  }
  child.stdout?.on('data', onData)
  child.stderr?.on('data', onData)

  const exited = new Promise<void>((ok) => child.once('exit', () => ok()))
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      fail(new Error(`Prism did not start within ${opts.startTimeoutMs ?? 60_000} ms:\n${output.join('\n')}`))
    }, opts.startTimeoutMs ?? 60_000)
    onListening = () => {
      clearTimeout(timer)
      ok()
    }
    child.once('exit', (code) => {
      clearTimeout(timer)
      fail(new Error(`Prism exited with ${code} before listening:\n${output.slice(-20).join('\n')}`))
    })
  })

  const host = `127.0.0.1:${port}`
  return {
    url: `http://${host}`,
    host,
    violations: () => flagged.size,
    violationMessages: () => [...flagged.values()].map((parts) => parts.join(' ')),
    requests: () => count,
    resetCounts() {
      flagged.clear()
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 3000)
        await exited
        clearTimeout(timer)
      }
      if (tempDir) rmSync(tempDir, { recursive: true, force: true })
    },
  }
}

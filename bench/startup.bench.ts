/**
 * `npm run bench -- startup`: time from process start to /readyz 200 for the embedded default
 * (median of 5 runs, fresh data dir each), then resident memory after 10 s idle.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../test/support/postgres.js'

const root = join(import.meta.dirname, '..')

async function waitReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/readyz`)
      if (r.status === 200) return
    } catch {}
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error('not ready in time')
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return kb / 1024
}

async function runOnce(idleMs: number): Promise<{ ms: number; rss: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'townhall-bench-'))
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, [join(root, 'dist', 'cli', 'run.js'), 'start'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      TOWNHALL_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    await waitReady(`http://127.0.0.1:${port}`, Date.now() + 30_000)
    const ms = performance.now() - started
    let rss = 0
    if (idleMs > 0) {
      await new Promise((r) => setTimeout(r, idleMs))
      rss = rssMb(child.pid!)
    }
    return { ms, rss }
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

export default async function startup(): Promise<void> {
  // The entry runs from the compiled build, as `npm start` does once built.
  const b = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' })
  if (b.status !== 0) throw new Error('build failed')
  // @NOTE run.js is invoked directly (not via bin/townhall.mjs) to time only the server, not the staleness scan.
  const times: number[] = []
  for (let i = 0; i < 5; i++) {
    const r = await runOnce(0)
    times.push(r.ms)
    console.log(`run ${i + 1}: ready in ${r.ms.toFixed(0)} ms`)
  }
  const idle = await runOnce(10_000)
  times.sort((a, b) => a - b)
  console.log(`startup_ms: ${Math.round(times[2]!)}`)
  console.log(`idle_rss_mb: ${idle.rss.toFixed(1)}`)
}

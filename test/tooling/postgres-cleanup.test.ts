import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const CHILD = fileURLToPath(new URL('./hold-postgres.ts', import.meta.url))

interface Held {
  dir: string
  pid: number
  /** Resolves with how the child ended. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  kill(signal: NodeJS.Signals): void
}

/** A child node process that starts a throwaway server (never DATABASE_URL) and says where it is. */
async function holdPostgres(mode: 'hold' | 'leave'): Promise<Held> {
  const env = { ...process.env }
  delete env.DATABASE_URL
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  )
  let out = ''
  let err = ''
  child.stderr.on('data', (d) => {
    err += d
  })
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d
      if (out.includes('\n')) resolve(out.split('\n')[0]!)
    })
    ended.then((e) => reject(new Error(`child ended (${e.code ?? e.signal}) before starting: ${err}`)))
  })
  const { dir, pid } = JSON.parse(line) as { dir: string; pid: number }
  return { dir, pid, ended, kill: (s) => child.kill(s) }
}

/** Whether a process runs (a zombie waiting for its parent to reap it does not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z'
  } catch {
    return false
  }
}

async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms
  while (!check()) {
    if (Date.now() > until) return false
    await new Promise((r) => setTimeout(r, 100))
  }
  return true
}

describe('the throwaway PostgreSQL server of tests and benchmarks', () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`stops and removes its directory before the process dies of ${signal}`, async () => {
      const h = await holdPostgres('hold')
      expect(running(h.pid)).toBe(true)
      expect(existsSync(`${h.dir}/data/postmaster.pid`)).toBe(true)
      h.kill(signal)
      // The signal is raised again after the clean-up, so the process still ends by it.
      expect(await h.ended).toEqual({ code: null, signal })
      expect(running(h.pid)).toBe(false)
      expect(existsSync(h.dir)).toBe(false)
    })
  }

  it('is stopped by the watchdog when the process is killed outright (SIGKILL)', async () => {
    const h = await holdPostgres('hold')
    expect(running(h.pid)).toBe(true)
    h.kill('SIGKILL')
    expect(await h.ended).toEqual({ code: null, signal: 'SIGKILL' })
    // Nothing ran in the child: the watchdog notices its pipe closing and cleans up shortly after.
    expect(await eventually(() => !running(h.pid) && !existsSync(h.dir), 10_000)).toBe(true)
  })

  it('does not keep the process alive, and is stopped when it ends without calling stop()', async () => {
    const h = await holdPostgres('leave')
    expect(await h.ended).toEqual({ code: 0, signal: null })
    expect(running(h.pid)).toBe(false)
    expect(existsSync(h.dir)).toBe(false)
  })
})

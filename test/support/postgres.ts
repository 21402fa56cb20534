import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A PostgreSQL server for tests: either DATABASE_URL or a throwaway one started from Debian's binaries. */
export interface PostgresServer {
  url: string
  /** The throwaway server's directory (data/, log, socket); none with DATABASE_URL. */
  dir?: string
  stop(): void
}

export type PostgresAvailability = { ok: true } | { ok: false; reason: string }

/** Finds Debian's PostgreSQL binaries (initdb, pg_ctl), newest major first. */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a))
  for (const m of majors) {
    const bin = join(root, m, 'bin')
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin
  }
  return undefined
}

export function postgresAvailability(): PostgresAvailability {
  if (process.env.DATABASE_URL) return { ok: true }
  if (!findPostgresBin()) {
    return {
      ok: false,
      reason:
        'PostgreSQL binaries not found under /usr/lib/postgresql/*/bin. Install them with `apt-get update && apt-get install -y postgresql`, or set DATABASE_URL.',
    }
  }
  return { ok: true }
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolve(port))
    })
  })
}

function asPostgres(args: string[]): string[] {
  // @NOTE initdb refuses to run as root, so the server runs as the `postgres` system user.
  return process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args
}

/** A throwaway server this process started and has not stopped yet. */
interface Running {
  dir: string
  data: string
  /** The command that stops the server (as the `postgres` user when we are root). */
  stop: string[]
  watchdog?: ChildProcess
}

const running = new Set<Running>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

/** Stops the server if it runs and removes its directory; throws if pg_ctl fails. */
function shutdown(r: Running): void {
  running.delete(r)
  try {
    if (existsSync(join(r.data, 'postmaster.pid'))) {
      const [cmd, ...rest] = r.stop
      const p = spawnSync(cmd!, rest, { encoding: 'utf8' })
      if (p.status !== 0) throw new Error(`pg_ctl stop failed: ${p.stderr || p.stdout}`)
    }
  } finally {
    rmSync(r.dir, { recursive: true, force: true })
    // Its stdin closing tells the watchdog to look; it finds nothing left and exits.
    r.watchdog?.stdin?.destroy()
  }
}

function shutdownAll(): void {
  for (const r of [...running]) {
    try {
      shutdown(r)
    } catch {
      // Going down anyway: the next server still gets stopped.
    }
  }
}

/**
 * Ending the process by a signal (Ctrl+C, `kill`, a closed terminal) or by `process.exit` stops the
 * servers first. A signal nobody else handles is raised again once they are stopped, so the process
 * still ends by it (exit status 128 + n); vitest's own SIGINT/SIGTERM handler exits by itself.
 */
function onSignal(signal: NodeJS.Signals): void {
  shutdownAll()
  unhookProcessEnd()
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}

function hookProcessEnd(): void {
  if (process.listeners('exit').includes(shutdownAll)) return
  process.on('exit', shutdownAll)
  for (const s of SIGNALS) process.on(s, onSignal)
}

function unhookProcessEnd(): void {
  process.off('exit', shutdownAll)
  for (const s of SIGNALS) process.off(s, onSignal)
}

/**
 * When this process dies without running any code (SIGKILL, a crash of node itself), a small shell
 * in its own session notices: its stdin is a pipe from us, and the kernel closes our end whatever
 * way we end. It then stops the server and removes the directory. Detached and unreferenced, it never
 * keeps this process alive and a terminal's Ctrl+C does not reach it.
 */
const WATCHDOG = `dir=$1; data=$2; shift 2
cat >/dev/null
if [ -f "$data/postmaster.pid" ]; then "$@" >/dev/null 2>&1; fi
rm -rf "$dir"`

function startWatchdog(r: Running): ChildProcess {
  const child = spawn('sh', ['-c', WATCHDOG, 'townhall-pg-watchdog', r.dir, r.data, ...r.stop], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  })
  child.unref()
  ;(child.stdin as Socket).unref()
  child.on('error', () => undefined)
  return child
}

/**
 * Starts a throwaway server (initdb in a temp dir, free port, trust auth, fsync off). It stops with
 * `stop()`, and also when this process ends otherwise: by a signal, by `process.exit`, or killed
 * outright (see the watchdog above).
 */
export async function startPostgres(): Promise<PostgresServer> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop() {} }
  const bin = findPostgresBin()
  if (!bin) throw new Error((postgresAvailability() as { reason: string }).reason)
  const dir = mkdtempSync(join(tmpdir(), 'townhall-pg-'))
  const data = join(dir, 'data')
  const r: Running = {
    dir,
    data,
    stop: asPostgres([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']),
  }
  running.add(r)
  hookProcessEnd()
  r.watchdog = startWatchdog(r)
  try {
    if (process.getuid?.() === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
      chownSync(dir, uid, gid)
    }
    const port = await freePort()
    const run = (args: string[]) => {
      const [cmd, ...rest] = asPostgres(args)
      const p = spawnSync(cmd!, rest, { encoding: 'utf8' })
      if (p.status !== 0) throw new Error(`${args[0]} failed: ${p.stderr || p.stdout}`)
    }
    run([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'])
    run([
      join(bin, 'pg_ctl'),
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
      'start',
    ])
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      dir,
      stop() {
        if (running.has(r)) shutdown(r)
        if (running.size === 0) unhookProcessEnd()
      },
    }
  } catch (err) {
    try {
      shutdown(r)
    } catch {
      // The start's own error says more.
    }
    if (running.size === 0) unhookProcessEnd()
    throw err
  }
}

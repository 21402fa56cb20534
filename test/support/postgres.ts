import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A PostgreSQL server for tests: either DATABASE_URL or a throwaway one started from Debian's binaries. */
export interface PostgresServer {
  url: string
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

/** Starts a throwaway server (initdb in a temp dir, free port, trust auth, fsync off). */
export async function startPostgres(): Promise<PostgresServer> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop() {} }
  const bin = findPostgresBin()
  if (!bin) throw new Error((postgresAvailability() as { reason: string }).reason)
  const dir = mkdtempSync(join(tmpdir(), 'townhall-pg-'))
  const data = join(dir, 'data')
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
    chownSync(dir, uid, gid)
  }
  const port = await freePort()
  const run = (args: string[]) => {
    const [cmd, ...rest] = asPostgres(args)
    const r = spawnSync(cmd!, rest, { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`${args[0]} failed: ${r.stderr || r.stdout}`)
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
    stop() {
      try {
        run([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

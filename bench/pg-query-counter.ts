/**
 * Counts what a PostgreSQL pool sends: statements (round trips), transactions (BEGINs), the time callers
 * waited for a pooled connection, and the statements by shape, for the schedule bench's profile.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Pg from 'pg'

export interface QueryCounts {
  statements: number
  transactions: number
  /** Total milliseconds callers waited in `pool.connect()`. */
  connectWaitMs: number
  connects: number
  /** Statements by their first words (numbers and parameters stripped), most frequent first. */
  byShape: Array<[string, number]>
}

export interface QueryCounter {
  /** Starts counting from zero. */
  reset(): void
  snapshot(): QueryCounts
}

function shape(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\$\d+/g, '?').replace(/"/g, '').slice(0, 70)
}

/**
 * Wraps `pool` so every statement of every client it hands out is counted. Clients already in the
 * pool are wrapped when next acquired.
 */
export function countQueries(pool: Pg.Pool): QueryCounter {
  let statements = 0
  let transactions = 0
  let connectWaitMs = 0
  let connects = 0
  let shapes = new Map<string, number>()
  const wrapped = new WeakSet<object>()
  const wrap = (client: Pg.PoolClient) => {
    if (wrapped.has(client)) return
    wrapped.add(client)
    const query = client.query.bind(client) as (...a: unknown[]) => unknown
    ;(client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0]
      const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '')
      statements++
      if (/^\s*begin\b/i.test(text)) transactions++
      const s = shape(text)
      shapes.set(s, (shapes.get(s) ?? 0) + 1)
      return query(...args)
    }
  }
  pool.on('acquire', wrap)
  const connect = pool.connect.bind(pool) as (cb?: unknown) => unknown
  // @NOTE pool.query() calls connect with a callback; only the promise form (Kysely's) is timed.
  ;(pool as unknown as { connect: (cb?: unknown) => unknown }).connect = (cb?: unknown) => {
    if (typeof cb === 'function') return connect(cb)
    const t = performance.now()
    return (connect() as Promise<Pg.PoolClient>).then((c) => {
      connectWaitMs += performance.now() - t
      connects++
      wrap(c)
      return c
    })
  }
  return {
    reset() {
      statements = 0
      transactions = 0
      connectWaitMs = 0
      connects = 0
      shapes = new Map()
    },
    snapshot() {
      return {
        statements,
        transactions,
        connectWaitMs,
        connects,
        byShape: [...shapes.entries()].sort((a, b) => b[1] - a[1]),
      }
    },
  }
}

/**
 * CPU milliseconds the PostgreSQL server whose data directory is `dataDir` has used so far: the
 * postmaster, its live backends and the backends it has reaped (Linux /proc; NaN elsewhere).
 */
export function pgServerCpuMs(dataDir: string): number {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
    const tick = 100 // @NOTE USER_HZ is 100 on Linux
    const fields = (p: number | string) => {
      const s = readFileSync(`/proc/${p}/stat`, 'utf8')
      return s.slice(s.lastIndexOf(')') + 2).split(' ')
    }
    const own = fields(pid)
    // fields after the name: [0]=state [1]=ppid … [11]=utime [12]=stime [13]=cutime [14]=cstime
    let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])
    for (const p of readdirSync('/proc')) {
      if (!/^\d+$/.test(p) || Number(p) === pid) continue
      try {
        const f = fields(p)
        if (Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12])
      } catch {}
    }
    return (ticks * 1000) / tick
  } catch {
    return Number.NaN
  }
}

/**
 * SQLite background WAL checkpointer (ADR 0019): a worker thread with its own better-sqlite3
 * connection copies the write-ahead log back into the database file, so commits on the writer
 * connection no longer run a checkpoint (two fsyncs) whenever the log passes 1,000 pages.
 */
import { createRequire } from 'node:module'
import { endianness } from 'node:os'
import { Worker } from 'node:worker_threads'
import type SQLite from 'better-sqlite3'

/** `background`: a worker checkpoints; `inline`: SQLite's own automatic checkpoint on commit. */
export type SqliteCheckpoint = 'background' | 'inline'

export interface CheckpointerSettings {
  /** The worker checkpoints once this many log frames (pages) are not yet copied back. */
  thresholdPages: number
  /** Safety net: the writer checkpoints itself at this many frames, and a log this large is cut back. */
  capPages: number
  /** When nothing was committed for this long, the rest of the log is copied back too. */
  idleMs: number
  /** How often the worker looks at the log. */
  intervalMs: number
}

// @NOTE 32 MB / 64 MB: under sustained ingest a checkpoint costs mostly its two fsyncs (which also stall
// the writer's appends), and a log written while a checkpoint runs is never reset by it, so it grows to the
// cap anyway; fewer, larger checkpoints measured best (ADR 0019: 1,000 pages cost 3-4x the checkpoint time).
export const DEFAULT_CHECKPOINTER: CheckpointerSettings = {
  thresholdPages: 8192,
  capPages: 16_384,
  idleMs: 1000,
  intervalMs: 100,
}

// @NOTE under sustained writes a PASSIVE checkpoint never resets the log, which grows to the cap; there
// the writer copies whatever is still pending itself, on a commit. Within one threshold of the cap the
// worker therefore copies at an eighth of the threshold, leaving the writer little to copy: the ingest
// bench's batch that met the cap took 321–368 ms against 191–204 ms (ADR 0019, 2026-11-26 addendum).
const NEAR_CAP_DIVISOR = 8

/** SQLite's own automatic checkpoint threshold, restored when the worker fails. */
const INLINE_AUTOCHECKPOINT = 1000

/** One PASSIVE checkpoint as the worker saw it. */
export interface CheckpointResult {
  busy: number
  /** Frames in the log. */
  log: number
  /** Frames copied back into the database file. */
  checkpointed: number
}

export interface CheckpointerStatus {
  state: 'starting' | 'running' | 'failed' | 'stopped'
  checkpoints: number
  /** Time the worker spent in checkpoints. */
  checkpointMs: number
  last?: CheckpointResult
  /** The worker thread's exit code, once it has exited. */
  exitCode?: number
}

// @NOTE the worker is plain JavaScript evaluated from this string, so it loads the same way under
// vitest, tsx and the compiled build (no TypeScript loader or file path to resolve); it reaches
// modules through process.getBuiltinModule (Node 20.16+), so it runs as a script or as a module, and
// the driver's absolute path comes from the parent. It probes the log by reading the wal-index header
// in the -shm file (https://www.sqlite.org/walformat.html: mxFrame at byte 16 of each of the two 48-byte
// header copies, nBackfill at byte 96), which takes no lock; when that file cannot be read it
// checkpoints whenever PRAGMA data_version says another connection committed. The idle checkpoint
// matters for reads: once the log is fully copied back, readers ignore it (read lock 0) and the next
// write restarts it.
const WORKER_SOURCE = `
const builtin = (name) => process.getBuiltinModule(name)
const { parentPort, workerData } = builtin('node:worker_threads')
const fs = builtin('node:fs')
const { performance } = builtin('node:perf_hooks')
const Database = builtin('node:module').createRequire(workerData.driver)(workerData.driver)
const { file, thresholdPages, nearCapPages, nearCapThreshold, idleMs, intervalMs, littleEndian } = workerData
const db = new Database(file, { fileMustExist: true })
const header = Buffer.alloc(100)
let shm
let version = -1
let lastChange = Date.now()
let dirty = false
let lastAttempt = 0
let paused = false
let timer
const totals = { checkpoints: 0, checkpointMs: 0 }
// The log's frames, and how many of them are not copied back yet; undefined when the header is unreadable.
function logState() {
  try {
    if (shm === undefined) shm = fs.openSync(file + '-shm', 'r')
    if (fs.readSync(shm, header, 0, 100, 0) < 100) return undefined
  } catch {
    return undefined
  }
  const u32 = (o) => (littleEndian ? header.readUInt32LE(o) : header.readUInt32BE(o))
  if (u32(0) !== 3007000 || header.compare(header, 48, 96, 0, 48) !== 0) return undefined
  const mxFrame = u32(16)
  const nBackfill = u32(96)
  return { frames: mxFrame, pending: mxFrame >= nBackfill ? mxFrame - nBackfill : mxFrame }
}
function tick() {
  if (paused) return
  const v = db.pragma('data_version', { simple: true })
  if (v !== version) {
    version = v
    lastChange = Date.now()
    dirty = true
  }
  const now = Date.now()
  const log = logState()
  const wanted =
    log === undefined
      ? dirty
      : log.pending >= (log.frames >= nearCapPages ? nearCapThreshold : thresholdPages) ||
        (log.pending > 0 && now - lastChange >= idleMs)
  // Without new commits, a checkpoint that could not finish (a reader on an old snapshot) is retried
  // once per idle period, not every tick.
  if (!wanted || !(dirty || now - lastAttempt >= idleMs)) return
  dirty = false
  lastAttempt = now
  const started = performance.now()
  const r = db.pragma('wal_checkpoint(PASSIVE)')[0]
  totals.checkpoints++
  totals.checkpointMs += performance.now() - started
  parentPort.postMessage({ type: 'checkpoint', busy: r.busy, log: r.log, checkpointed: r.checkpointed, ...totals })
}
function stop() {
  clearInterval(timer)
  if (shm !== undefined) fs.closeSync(shm)
  db.close()
  parentPort.postMessage({ type: 'stopped', ...totals })
  parentPort.close()
}
parentPort.on('message', (m) => {
  if (m.type === 'stop') stop()
  else if (m.type === 'pause') paused = true
  else if (m.type === 'resume') paused = false
  if (m.type === 'pause' || m.type === 'resume') parentPort.postMessage({ type: m.type })
})
timer = setInterval(tick, intervalMs)
parentPort.postMessage({ type: 'ready' })
`

type WorkerMessage = { type: string; checkpoints?: number; checkpointMs?: number } & Partial<CheckpointResult>

const driverPath = (): string => createRequire(import.meta.url).resolve('better-sqlite3')

/**
 * Runs the worker for one database file and points the writer connection's automatic checkpoint at
 * the safety net. `stop()` must be awaited before the writer closes, so the last close still
 * checkpoints and deletes the log.
 */
export class BackgroundCheckpointer {
  private readonly worker: Worker
  private readonly stats: CheckpointerStatus = { state: 'starting', checkpoints: 0, checkpointMs: 0 }
  private readonly exited: Promise<void>
  private readonly waiters: Array<{ type: string; resolve: () => void }> = []

  constructor(
    private readonly writer: SQLite.Database,
    file: string,
    settings: CheckpointerSettings,
    private readonly onError: (err: Error) => void,
    source: string = WORKER_SOURCE,
  ) {
    const pageSize = writer.pragma('page_size', { simple: true }) as number
    // @NOTE the safety net: if the worker stalls or cannot keep up (a PASSIVE checkpoint never
    // resets a log that is still being appended to), the writer checkpoints on commit at the cap and
    // the next write restarts the log; journal_size_limit then cuts the file back to the cap.
    writer.pragma(`wal_autocheckpoint = ${settings.capPages}`)
    writer.pragma(`journal_size_limit = ${settings.capPages * pageSize}`)
    this.worker = new Worker(source, {
      eval: true,
      // @NOTE no inherited flags: the tsx loader would load for nothing and --input-type=module would
      // change how the source is read.
      execArgv: [],
      workerData: {
        driver: driverPath(),
        file,
        thresholdPages: settings.thresholdPages,
        nearCapPages: Math.max(0, settings.capPages - settings.thresholdPages),
        nearCapThreshold: Math.max(1, Math.floor(settings.thresholdPages / NEAR_CAP_DIVISOR)),
        idleMs: settings.idleMs,
        intervalMs: settings.intervalMs,
        littleEndian: endianness() === 'LE',
      },
    })
    // @NOTE the worker never keeps the process alive; stop() holds it only while it shuts down.
    this.worker.unref()
    this.worker.on('message', (m: WorkerMessage) => this.onMessage(m))
    this.worker.on('error', (err) => this.fail(err))
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (code) => {
        this.stats.exitCode = code
        if (this.stats.state !== 'stopped' && this.stats.state !== 'failed')
          this.fail(new Error(`checkpointer exited with code ${code}`))
        for (const w of this.waiters.splice(0)) w.resolve()
        resolve()
      })
    })
  }

  status(): CheckpointerStatus {
    return { ...this.stats }
  }

  /** Stops checkpointing until resume() (tests use it to stand for a stalled worker). */
  pause(): Promise<void> {
    return this.send('pause')
  }

  resume(): Promise<void> {
    return this.send('resume')
  }

  /** Asks the worker to close its connection and waits for it to exit (terminates it after 5 s). */
  async stop(): Promise<void> {
    if (this.stats.state === 'failed' || this.stats.state === 'stopped') {
      this.stats.state = 'stopped'
      await this.worker.terminate()
      return
    }
    this.stats.state = 'stopped'
    this.worker.ref()
    this.worker.postMessage({ type: 'stop' })
    const timer = setTimeout(() => void this.worker.terminate(), 5000)
    await this.exited
    clearTimeout(timer)
  }

  private totals(m: WorkerMessage): void {
    this.stats.checkpoints = Math.max(this.stats.checkpoints, m.checkpoints ?? 0)
    this.stats.checkpointMs = Math.max(this.stats.checkpointMs, m.checkpointMs ?? 0)
  }

  private send(type: 'pause' | 'resume'): Promise<void> {
    if (this.stats.state === 'failed' || this.stats.state === 'stopped') return Promise.resolve()
    return new Promise((resolve) => {
      this.waiters.push({ type, resolve })
      this.worker.postMessage({ type })
    })
  }

  private onMessage(m: WorkerMessage): void {
    if (m.type === 'ready') {
      if (this.stats.state === 'starting') this.stats.state = 'running'
    } else if (m.type === 'checkpoint') {
      this.stats.last = { busy: m.busy ?? 0, log: m.log ?? 0, checkpointed: m.checkpointed ?? 0 }
      this.totals(m)
    } else if (m.type === 'stopped') {
      this.totals(m)
    } else {
      const i = this.waiters.findIndex((w) => w.type === m.type)
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve()
    }
  }

  // @NOTE a failed worker must not take the app down: report it and give checkpoints back to the writer.
  private fail(err: Error): void {
    if (this.stats.state === 'failed' || this.stats.state === 'stopped') return
    this.stats.state = 'failed'
    if (this.writer.open) this.writer.pragma(`wal_autocheckpoint = ${INLINE_AUTOCHECKPOINT}`)
    this.onError(err)
  }
}

/**
 * Periodic work on the job queue, the same way on every adapter: one job per slot of `everyMs` (slot n
 * runs at n × everyMs), each run enqueueing the next. Jobs are deduplicated by slot, so processes that
 * start the chain at once, or a run that is retried, never double it.
 */
import type { Clock } from '../core/clock.js'
import type { JobDefinition, JobQueue } from './queue.port.js'

export type Slot = { slot: number }

/** The definition of a periodic job called `name`: its payload is the slot number. */
export function slotJob(name: string): JobDefinition<Slot> {
  return {
    name,
    concurrency: 1,
    schema: {
      parse(p: unknown) {
        const o = p as { slot?: unknown } | null
        if (!o || typeof o.slot !== 'number' || !Number.isInteger(o.slot))
          throw new Error('slot must be a whole number')
        return { slot: o.slot }
      },
    },
  }
}

/**
 * Handles `def` with `work` and starts its chain at the current slot. The next slot is enqueued
 * whether the run succeeds or fails, so one failure does not stop the chain.
 */
export function runEverySlot(
  queue: JobQueue,
  def: JobDefinition<Slot>,
  everyMs: number,
  clock: Clock,
  work: () => Promise<unknown>,
  opts: { maxAttempts?: number } = {},
): void {
  const enqueue = (slot: number) =>
    queue.enqueue(def, { slot }, { runAt: slot * everyMs, dedupeKey: String(slot), ...opts })
  queue.work(def, async (p) => {
    try {
      await work()
    } finally {
      await enqueue(p.slot + 1)
    }
  })
  void enqueue(Math.floor(clock.now() / everyMs)).catch(() => {})
}

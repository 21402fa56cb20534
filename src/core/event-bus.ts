/**
 * EventBus port: live events inside the app (and, with the PostgreSQL adapter, across processes),
 * for Server-Sent Events to browsers. Our own event types only; delivery is best effort — a
 * browser that misses one reloads the list, nothing durable depends on it.
 */
import type { LiveEvent } from '../shared/live-event.types.js'

export type LiveEventListener = (event: LiveEvent) => void

export interface EventBus {
  /** Delivers to every subscriber of the workspace, in this process and (adapter) others. */
  publish(event: LiveEvent): void
  /** Returns an unsubscribe function. */
  subscribe(workspaceId: string, listener: LiveEventListener): () => void
  close(): Promise<void>
}

/** Subscribers of one process, by workspace. Used alone on SQLite and inside the PostgreSQL adapter. */
export class InMemoryEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<LiveEventListener>>()

  publish(event: LiveEvent): void {
    this.deliver(event)
  }

  /** Hands an event to this process's subscribers only. */
  deliver(event: LiveEvent): void {
    const set = this.listeners.get(event.workspaceId)
    if (!set) return
    for (const l of [...set]) {
      try {
        l(event)
      } catch {
        // @NOTE one broken subscriber (a closed stream) must not stop the others.
      }
    }
  }

  subscribe(workspaceId: string, listener: LiveEventListener): () => void {
    let set = this.listeners.get(workspaceId)
    if (!set) {
      set = new Set()
      this.listeners.set(workspaceId, set)
    }
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.listeners.delete(workspaceId)
    }
  }

  subscriberCount(): number {
    let n = 0
    for (const s of this.listeners.values()) n += s.size
    return n
  }

  async close(): Promise<void> {
    this.listeners.clear()
  }
}

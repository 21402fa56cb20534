import { useEffect, useState } from 'react'
import { client, ok } from '../api.js'

const REFRESH_MS = 60_000

/**
 * How many posts wait for the signed-in member's approval. Read again on every navigation (an
 * approval done elsewhere shows at once) and every minute while the app is open.
 */
export function useWaitingForMe(workspaceId: string | undefined, path: string): number {
  const [count, setCount] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a navigation re-reads the count
  useEffect(() => {
    if (!workspaceId) return
    let live = true
    const load = () =>
      ok(
        client.GET('/api/workspaces/{workspaceId}/approvals/waiting', {
          params: { path: { workspaceId } },
        }),
      ).then(
        (r) => live && setCount(r.count),
        () => undefined,
      )
    load()
    const timer = window.setInterval(load, REFRESH_MS)
    return () => {
      live = false
      window.clearInterval(timer)
    }
  }, [workspaceId, path])
  return count
}

/** The count beside "Publishing" in the navigation. */
export function WaitingBadge(props: { count: number }) {
  if (props.count === 0) return null
  return (
    <span className="nav-badge" title={`${props.count} waiting for your approval`}>
      {props.count > 99 ? '99+' : props.count}
    </span>
  )
}

import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react'

/**
 * A tiny pushState router: the path is the state, `navigate` changes it, `<Link>` intercepts plain
 * left clicks, and `matchPath` extracts `:params`.
 */
const listeners = new Set<() => void>()

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  window.addEventListener('popstate', listener)
  return () => {
    listeners.delete(listener)
    window.removeEventListener('popstate', listener)
  }
}

const currentPath = () => window.location.pathname

/** The current location's path; re-renders on navigation. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/')
}

/** Goes to `to` (pushes a history entry, or replaces the current one). */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.scrollTo(0, 0)
  for (const l of listeners) l()
}

/** Matches `/invite/:token`-style patterns; returns the params, or null when the path does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean)
  const a = path.split('/').filter(Boolean)
  if (p.length !== a.length) return null
  const params: Record<string, string> = {}
  for (const [i, seg] of p.entries()) {
    const actual = a[i]!
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(actual)
    else if (seg !== actual) return null
  }
  return params
}

export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  function handle(e: MouseEvent<HTMLAnchorElement>) {
    onClick?.(e)
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
    if (rest.target && rest.target !== '_self') return
    e.preventDefault()
    navigate(href)
  }
  return <a href={href} onClick={handle} {...rest} />
}

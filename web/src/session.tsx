import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react'
import { api, type Role, type Session, setCsrfToken, type WorkspaceSummary } from './api.js'

/**
 * What each role may do, mirroring the server's matrix (src/workspace/permissions.ts). Used only
 * until `GET …/permissions` answers, or if it cannot: the server enforces it either way.
 */
const FALLBACK: Record<string, readonly Role[]> = {
  'workspace.settings': ['owner', 'admin'],
  'members.invite': ['owner', 'admin'],
  'members.manage': ['owner', 'admin'],
  'presence.manage': ['owner', 'admin', 'manager'],
  'channel.manage': ['owner', 'admin', 'manager'],
  'post.draft': ['owner', 'admin', 'manager', 'agent'],
  'inbox.reply': ['owner', 'admin', 'manager', 'agent'],
}

function fallbackAllowed(role: Role): Set<string> {
  return new Set(
    Object.entries(FALLBACK).flatMap(([action, roles]) => (roles.includes(role) ? [action] : [])),
  )
}

export interface SessionContextValue {
  session: Session
  /** The workspace the user is working in, or null when they belong to none. */
  workspace: WorkspaceSummary | null
  /** True when the current member may take `action` (e.g. 'presence.manage') in the current workspace. */
  can: (action: string) => boolean
  refresh: () => Promise<void>
  switchWorkspace: (workspaceId: string) => Promise<void>
  logout: () => Promise<void>
}

const SessionContext = createContext<SessionContextValue | null>(null)

/** The signed-in session; only usable inside `<SessionProvider>`. */
export function useSession(): SessionContextValue {
  const value = useContext(SessionContext)
  if (!value) throw new Error('useSession must be used inside SessionProvider')
  return value
}

/** The current workspace; pages under the app shell always have one. */
export function useWorkspace(): WorkspaceSummary {
  const { workspace } = useSession()
  if (!workspace) throw new Error('No current workspace')
  return workspace
}

export function SessionProvider(props: {
  session: Session
  onSessionChange: (s: Session | null) => void
  children: ReactNode
}) {
  const { session, onSessionChange } = props
  const workspace =
    session.workspaces.find((w) => w.id === session.currentWorkspaceId) ?? session.workspaces[0] ?? null
  const [allowed, setAllowed] = useState<Set<string>>(() =>
    workspace ? fallbackAllowed(workspace.role) : new Set(),
  )

  const wid = workspace?.id
  const role = workspace?.role
  useEffect(() => {
    if (!wid || !role) {
      setAllowed(new Set())
      return
    }
    let live = true
    setAllowed(fallbackAllowed(role))
    api.permissions(wid).then(
      (p) => live && setAllowed(new Set(p.allowed)),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [wid, role])

  const refresh = useCallback(async () => {
    try {
      const s = await api.session()
      setCsrfToken(s.csrfToken)
      onSessionChange(s)
    } catch {
      onSessionChange(null)
    }
  }, [onSessionChange])

  const value = useMemo<SessionContextValue>(
    () => ({
      session,
      workspace,
      can: (action) => allowed.has(action),
      refresh,
      switchWorkspace: async (id) => {
        await api.switchWorkspace(id)
        await refresh()
      },
      logout: async () => {
        try {
          await api.logout()
        } finally {
          setCsrfToken('')
          onSessionChange(null)
        }
      },
    }),
    [session, workspace, allowed, refresh, onSessionChange],
  )
  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>
}

import { type ReactNode, type RefObject, useEffect, useRef, useState } from 'react'
import { api, isAssignable } from '../api.js'
import { ReportsIcon } from '../pages/reports/reports-icon.js'
import { Link, navigate, usePath } from '../router.js'
import { useSession } from '../session.js'
import {
  BuildingIcon,
  CheckIcon,
  ChevronIcon,
  InboxIcon,
  KeyIcon,
  LinkIcon,
  LogOutIcon,
  Logo,
  MegaphoneIcon,
  MenuIcon,
  PeopleIcon,
  PlusIcon,
  SendIcon,
  SettingsIcon,
} from './icons.js'
import { PausedBanner } from './paused-banner.js'
import { Avatar } from './ui.js'
import { useWaitingForMe, WaitingBadge } from './waiting-badge.js'

export const ROLE_LABEL: Record<string, string> = {
  owner: 'Owner',
  admin: 'Admin',
  manager: 'Manager',
  agent: 'Agent',
  executive: 'Executive',
  viewer: 'Viewer',
}

const NAV = [
  { href: '/inbox', label: 'Inbox', icon: <InboxIcon /> },
  { href: '/publishing', label: 'Publishing', icon: <SendIcon /> },
  { href: '/presences', label: 'Presences', icon: <MegaphoneIcon /> },
  { href: '/reports', label: 'Reports', icon: <ReportsIcon /> },
  { href: '/leader/rhythm', label: 'Leaders', icon: <CheckIcon /> },
  { href: '/giveaways', label: 'Giveaways', icon: <CheckIcon /> },
  { href: '/channels', label: 'Channels', icon: <LinkIcon /> },
  { href: '/members', label: 'Members', icon: <PeopleIcon /> },
  { href: '/settings', label: 'Settings', icon: <SettingsIcon /> },
]

/** Closes a popover on outside click or Escape. */
function useDismiss(ref: RefObject<HTMLElement | null>, open: boolean, close: () => void) {
  useEffect(() => {
    if (!open) return
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) close()
    }
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close()
    document.addEventListener('mousedown', onDown)
    document.addEventListener('keydown', onKey)
    return () => {
      document.removeEventListener('mousedown', onDown)
      document.removeEventListener('keydown', onKey)
    }
  }, [ref, open, close])
}

function WorkspaceSwitcher() {
  const { session, workspace, switchWorkspace } = useSession()
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  useDismiss(ref, open, () => setOpen(false))
  if (!workspace) return null
  return (
    <div className="ws-switcher" ref={ref}>
      <button
        type="button"
        className="ws-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Workspace: ${workspace.name}. Switch workspace`}
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar name={workspace.name} size={32} square />
        <span className="ws-text">
          <span className="ws-name">{workspace.name}</span>
          <span className="ws-role">{ROLE_LABEL[workspace.role]}</span>
        </span>
        <ChevronIcon size={16} />
      </button>
      {open ? (
        <div className="menu ws-menu" role="menu">
          <div className="menu-label">Workspaces</div>
          {session.workspaces.map((w) => (
            <button
              key={w.id}
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={async () => {
                setOpen(false)
                if (w.id !== workspace.id) await switchWorkspace(w.id)
              }}
            >
              <Avatar name={w.name} size={24} square />
              <span className="menu-item-text">{w.name}</span>
              {w.id === workspace.id ? <CheckIcon size={16} /> : null}
            </button>
          ))}
          <div className="menu-sep" />
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              setOpen(false)
              navigate('/workspaces?new=1')
            }}
          >
            <PlusIcon size={16} />
            <span className="menu-item-text">New workspace</span>
          </button>
        </div>
      ) : null}
    </div>
  )
}

function UserMenu() {
  const { session, workspace, logout } = useSession()
  const [open, setOpen] = useState(false)
  const [availability, setAvailability] = useState<'available' | 'away' | undefined>(undefined)
  const ref = useRef<HTMLDivElement>(null)
  useDismiss(ref, open, () => setOpen(false))
  const wid = workspace?.id
  const memberId = workspace?.memberId
  // Availability steers round robin: only roles that can be assigned conversations have it.
  const assignable = isAssignable(workspace?.role)
  useEffect(() => {
    if (!open || !wid || !assignable) return
    let live = true
    api.members(wid).then(
      (list) => live && setAvailability(list.find((m) => m.id === memberId)?.availability),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [open, wid, memberId, assignable])
  return (
    <div className="user-menu" ref={ref}>
      {open ? (
        <div className="menu user-menu-list" role="menu">
          <div className="menu-label">{session.user.email}</div>
          {wid && assignable && availability ? (
            <button
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={async () => {
                const next = availability === 'available' ? 'away' : 'available'
                await api.setAvailability(wid, next)
                setAvailability(next)
              }}
            >
              <span className={`presence-dot ${availability}`} />
              <span className="menu-item-text">
                {availability === 'available' ? 'You are available' : 'You are away'}
              </span>
              <span className="menu-item-meta">
                {availability === 'available' ? 'Set away' : 'Set available'}
              </span>
            </button>
          ) : null}
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              setOpen(false)
              navigate('/account/tokens')
            }}
          >
            <KeyIcon size={16} />
            <span className="menu-item-text">Personal API tokens</span>
          </button>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              setOpen(false)
              navigate('/workspaces')
            }}
          >
            <BuildingIcon size={16} />
            <span className="menu-item-text">Workspaces</span>
          </button>
          <div className="menu-sep" />
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={async () => {
              setOpen(false)
              await logout()
              navigate('/login?signedOut=1', { replace: true })
            }}
          >
            <LogOutIcon size={16} />
            <span className="menu-item-text">Log out</span>
          </button>
        </div>
      ) : null}
      <button
        type="button"
        className="user-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label="Account menu"
        onClick={() => setOpen((o) => !o)}
      >
        <Avatar name={session.user.name} size={32} />
        <span className="user-text">
          <span className="user-name">{session.user.name}</span>
          <span className="user-email">{session.user.email}</span>
        </span>
        <ChevronIcon size={16} />
      </button>
    </div>
  )
}

/** The signed-in layout: a left navigation (a drawer on phones) and the page. */
export function AppShell(props: { children: ReactNode }) {
  const path = usePath()
  const { workspace } = useSession()
  const waiting = useWaitingForMe(workspace?.id, path)
  const [drawer, setDrawer] = useState(false)
  // biome-ignore lint/correctness/useExhaustiveDependencies: close the drawer whenever the page changes
  useEffect(() => setDrawer(false), [path])
  return (
    <div className={`shell${drawer ? ' drawer-open' : ''}`}>
      <header className="topbar">
        <button
          type="button"
          className="icon-button"
          aria-label="Open navigation"
          onClick={() => setDrawer(true)}
        >
          <MenuIcon size={22} />
        </button>
        <Logo size={24} />
        <span className="topbar-title">{workspace?.name ?? 'Townhall'}</span>
      </header>
      <div className="drawer-backdrop" onClick={() => setDrawer(false)} />
      <aside className="sidebar" aria-label="Main">
        <div className="sidebar-brand">
          <Logo />
          <span>Townhall</span>
        </div>
        <WorkspaceSwitcher />
        <nav className="nav">
          {workspace
            ? NAV.map((item) => {
                const active = path === item.href || path.startsWith(`${item.href}/`)
                const badge = item.href === '/publishing' ? waiting : 0
                return (
                  <Link
                    key={item.href}
                    href={item.href}
                    className={`nav-item${active ? ' is-active' : ''}`}
                    aria-current={active ? 'page' : undefined}
                    aria-label={badge ? `${item.label}, ${badge} waiting for your approval` : undefined}
                  >
                    {item.icon}
                    <span>{item.label}</span>
                    <WaitingBadge count={badge} />
                  </Link>
                )
              })
            : null}
        </nav>
        <UserMenu />
      </aside>
      <main className="main" id="main">
        <div className="page">
          <PausedBanner />
          {props.children}
        </div>
      </main>
    </div>
  )
}

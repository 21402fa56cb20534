import { useCallback, useEffect, useState } from 'react'
import { ApiError, api, onUnauthorized, type Session, setCsrfToken } from './api.js'
import { AppShell } from './components/shell.js'
import { Loading } from './components/ui.js'
import { CampaignsPage } from './pages/campaigns/campaigns-page.js'
import { ChannelsPage } from './pages/channels-page.js'
import { InboxPage } from './pages/inbox/inbox-page.js'
import { InvitePage } from './pages/invite-page.js'
import { DigestPage } from './pages/leader/digest-page.js'
import { PlanPage } from './pages/leader/plan-page.js'
import { PracticePage } from './pages/leader/practice-page.js'
import { ScorecardPage, ScorecardTeamPage } from './pages/leader/scorecard-page.js'
import { StrategyWizardPage } from './pages/leader/strategy-wizard-page.js'
import { LoginPage } from './pages/login-page.js'
import { MembersPage } from './pages/members-page.js'
import { NotFoundPage } from './pages/not-found-page.js'
import { PresencesPage } from './pages/presences-page.js'
import { PublishingRoutes } from './pages/publishing/publishing-page.js'
import { ReportsPage } from './pages/reports/reports-page.js'
import { SandboxPostPage } from './pages/sandbox-post-page.js'
import { SettingsPage } from './pages/settings-page.js'
import { SetupPage } from './pages/setup-page.js'
import { TokensPage } from './pages/tokens-page.js'
import { WorkspacesPage } from './pages/workspaces-page.js'
import { matchPath, navigate, usePath } from './router.js'
import { SessionProvider, useSession } from './session.js'

type Boot =
  | { phase: 'loading' }
  | { phase: 'failed'; error: ApiError }
  | { phase: 'setup' }
  | { phase: 'anonymous' }
  | { phase: 'signed-in'; session: Session }

async function boot(): Promise<Boot> {
  try {
    const setup = await api.setupStatus()
    if (setup.needed) return { phase: 'setup' }
    const session = await api.session()
    setCsrfToken(session.csrfToken)
    return { phase: 'signed-in', session }
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return { phase: 'anonymous' }
    return {
      phase: 'failed',
      error: e instanceof ApiError ? e : new ApiError(0, 'Townhall could not start', String(e), 'client'),
    }
  }
}

/** `/logout` as a link target: ends the session, then shows the login page. */
function LogoutRoute() {
  const { logout } = useSession()
  useEffect(() => {
    logout().finally(() => navigate('/login?signedOut=1', { replace: true }))
  }, [logout])
  return <Loading label="Logging out…" />
}

/** Pages inside the signed-in shell. A user without a workspace can only create one. */
function SignedInRoutes() {
  const path = usePath()
  const { workspace } = useSession()
  useEffect(() => {
    if (path === '/' || path === '/login' || path === '/setup')
      navigate(workspace ? '/presences' : '/workspaces', { replace: true })
  }, [path, workspace])
  if (!workspace && path !== '/account/tokens' && path !== '/logout') return <WorkspacesPage />
  if (path.startsWith('/publishing/')) return <PublishingRoutes path={path} />
  if (path === '/inbox' || path.startsWith('/inbox/')) return <InboxPage path={path} />
  if (path === '/reports' || path.startsWith('/reports/')) return <ReportsPage path={path} />
  const rhythm = matchPath('/leader/:page/:presenceId', path)
  if (rhythm?.page === 'digest') return <DigestPage presenceId={rhythm.presenceId!} />
  if (rhythm?.page === 'strategy') return <StrategyWizardPage presenceId={rhythm.presenceId!} />
  if (rhythm?.page === 'plan') return <PlanPage presenceId={rhythm.presenceId!} />
  if (rhythm?.page === 'practice') return <PracticePage presenceId={rhythm.presenceId!} />
  if (rhythm?.page === 'scorecard') return <ScorecardPage presenceId={rhythm.presenceId!} />
  if (path === '/leader/rhythm') return <ScorecardTeamPage />
  const sandboxPost = matchPath('/sandbox/:itemId', path)
  if (sandboxPost) return <SandboxPostPage itemId={sandboxPost.itemId!} />
  switch (path) {
    case '/publishing':
      return <PublishingRoutes path={path} />
    case '/presences':
      return <PresencesPage />
    case '/channels':
      return <ChannelsPage />
    case '/giveaways':
      return <CampaignsPage />
    case '/members':
      return <MembersPage />
    case '/settings':
      return <SettingsPage />
    case '/workspaces':
      return <WorkspacesPage />
    case '/account/tokens':
      return <TokensPage />
    case '/logout':
      return <LogoutRoute />
    case '/':
    case '/login':
    case '/setup':
      return <Loading />
    default:
      return <NotFoundPage />
  }
}

export function App() {
  const [state, setState] = useState<Boot>({ phase: 'loading' })
  const path = usePath()
  const restart = useCallback(() => {
    boot().then(setState)
  }, [])
  useEffect(restart, [restart])
  const onSessionChange = useCallback((s: Session | null) => {
    setState(s ? { phase: 'signed-in', session: s } : { phase: 'anonymous' })
  }, [])
  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken('')
      setState({ phase: 'anonymous' })
    })
    return () => onUnauthorized(undefined)
  }, [])

  if (state.phase === 'loading') return <Loading label="Opening Townhall…" />
  if (state.phase === 'failed') {
    return (
      <div className="auth-layout">
        <div className="auth-card">
          <h1>Townhall is not reachable</h1>
          <p className="muted">{state.error.detail ?? state.error.title}</p>
          <button type="button" className="btn btn-primary" onClick={restart}>
            Try again
          </button>
        </div>
      </div>
    )
  }
  if (state.phase === 'setup') return <SetupPage onDone={restart} />

  const invite = matchPath('/invite/:token', path)
  if (state.phase === 'anonymous') {
    if (invite) return <InvitePage token={invite.token!} session={null} onJoined={restart} />
    return <LoginPage onSignedIn={restart} />
  }
  if (invite) return <InvitePage token={invite.token!} session={state.session} onJoined={restart} />
  return (
    <SessionProvider session={state.session} onSessionChange={onSessionChange}>
      <AppShell>
        <SignedInRoutes />
      </AppShell>
    </SessionProvider>
  )
}

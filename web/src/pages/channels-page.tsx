import { useEffect, useState } from 'react'
import { api } from '../api.js'
import { ConfirmDialog } from '../components/dialog.js'
import { LinkIcon, PlusIcon } from '../components/icons.js'
import {
  Avatar,
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  FormAlert,
  Loading,
  PageHeader,
} from '../components/ui.js'
import { formatDateTime } from '../format.js'
import { useAsync, useSubmit } from '../hooks.js'
import { Link } from '../router.js'
import { useSession, useWorkspace } from '../session.js'
import { type ChannelInfo, channelsApi } from './channels-api.js'
import { BlueskyConnectDialog, ReconnectDialog } from './channels-connect.js'
import { OAuthChooseDialog, OAuthConnectDialog, oauthReturn } from './channels-oauth.js'
import { SandboxConnectDialog } from './channels-sandbox.js'
import { OAUTH_NETWORKS, oauthApi } from './oauth-api.js'

type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger'

/** The health badge: what state the channel is in, in two words. */
export function channelHealth(c: ChannelInfo): { label: string; tone: Tone } {
  if (c.status === 'needs-reconnect') return { label: 'Needs reconnect', tone: 'danger' }
  if (c.status === 'failing') return { label: 'Failing', tone: 'warning' }
  if (c.rateLimited) return { label: 'Rate limited', tone: 'warning' }
  if (c.status === 'syncing') return { label: 'Syncing', tone: 'neutral' }
  if (c.status === 'disconnected') return { label: 'Disconnected', tone: 'neutral' }
  return { label: 'Connected', tone: 'success' }
}

function ChannelRow(props: {
  channel: ChannelInfo
  presenceName: string
  manage: boolean
  busy: boolean
  onCheck: () => void
  onReconnect: () => void
  onCrisis: (on: boolean) => void
  onDisconnect: () => void
}) {
  const c = props.channel
  const health = channelHealth(c)
  const crisis = c.sandbox?.crisisUntil != null && c.sandbox.crisisUntil > Date.now()
  const meta = [
    c.networkLabel,
    `for ${props.presenceName}`,
    c.followerCount !== null ? `${c.followerCount.toLocaleString()} followers` : null,
    c.lastSyncAt ? `last synced ${formatDateTime(c.lastSyncAt)}` : 'not synced yet',
  ].filter(Boolean)
  return (
    <li className="list-row" aria-label={`${c.networkLabel} @${c.handle}`}>
      <Avatar name={c.displayName ?? c.handle} url={c.avatarUrl} size={40} />
      <div className="list-main">
        <div className="list-title">
          {c.displayName ?? c.handle} <span className="muted">@{c.handle}</span>{' '}
          {c.isSandbox ? <Badge tone="accent">Sandbox</Badge> : null}
        </div>
        <div className="list-meta">{meta.join(' · ')}</div>
        {c.statusReason ? (
          <div className="list-meta" role={c.status === 'needs-reconnect' ? 'alert' : undefined}>
            {c.statusReason}
          </div>
        ) : null}
        {c.rateLimited && c.rateLimitedUntil ? (
          <div className="list-meta">
            {c.networkLabel} asked us to slow down until {formatDateTime(c.rateLimitedUntil)}.
          </div>
        ) : null}
        {crisis ? <div className="list-meta">Simulated crisis running: an outage is going viral.</div> : null}
      </div>
      <Badge tone={health.tone}>{health.label}</Badge>
      {props.manage ? (
        <>
          {c.status === 'needs-reconnect' || c.status === 'failing' ? (
            <Button size="sm" variant="primary" onClick={props.onReconnect}>
              Reconnect
            </Button>
          ) : null}
          <Button size="sm" busy={props.busy} onClick={props.onCheck}>
            Check now
          </Button>
          {c.isSandbox ? (
            <Button size="sm" onClick={() => props.onCrisis(!crisis)}>
              {crisis ? 'End crisis' : 'Start a crisis'}
            </Button>
          ) : null}
          <button
            type="button"
            className="btn btn-ghost btn-sm btn-danger-text"
            onClick={props.onDisconnect}
            aria-label={`Disconnect @${c.handle}`}
          >
            Disconnect
          </button>
        </>
      ) : null}
    </li>
  )
}

/** The presence a "Connect" link was for (`/channels?presence=ID`), if any. */
function presenceFromQuery(): string | undefined {
  return new URLSearchParams(window.location.search).get('presence') ?? undefined
}

/** Channels: the accounts each presence publishes and listens through, with their health. */
export function ChannelsPage() {
  const ws = useWorkspace()
  const { can } = useSession()
  const channels = useAsync(() => channelsApi.list(ws.id), [ws.id])
  const presences = useAsync(() => api.presences(ws.id), [ws.id])
  const [forPresence] = useState(presenceFromQuery)
  const [connecting, setConnecting] = useState(false)
  const [addingSandbox, setAddingSandbox] = useState(false)
  const [reconnecting, setReconnecting] = useState<ChannelInfo | null>(null)
  const [disconnecting, setDisconnecting] = useState<ChannelInfo | null>(null)
  const [crisisFor, setCrisisFor] = useState<ChannelInfo | null>(null)
  const [checking, setChecking] = useState<string | null>(null)
  const networks = useAsync(() => oauthApi.networks(ws.id), [ws.id])
  const [oauthConnect, setOauthConnect] = useState<{ network: string; reconnect?: ChannelInfo } | null>(null)
  const [returned, setReturned] = useState(oauthReturn)
  useEffect(() => {
    // @NOTE the answer of the network's redirect is shown once; a reload should not show it again.
    if (returned.connected || returned.error || returned.pending)
      window.history.replaceState(null, '', '/channels')
  }, [returned])
  const oauthNetworks = (networks.data ?? []).filter((n) => OAUTH_NETWORKS[n.id])
  const action = useSubmit()
  const sandbox = useSubmit()
  const del = useSubmit()
  const list = channels.data ?? []
  const presenceList = presences.data ?? []
  const presenceName = new Map(presenceList.map((p) => [p.id, p.displayName]))
  // @NOTE an executive manages the channels of their own presence (docs/permissions.md), like the server.
  const mayManage = (presenceId: string) =>
    can('channel.manage') || presenceList.some((p) => p.id === presenceId && p.memberId === ws.memberId)
  const manageable = presenceList.filter((p) => mayManage(p.id))
  const manage = manageable.length > 0
  const brand = presenceList.find((p) => p.kind === 'brand')
  const replace = (c: ChannelInfo) =>
    channels.setData((prev) => (prev ?? []).map((x) => (x.id === c.id ? c : x)))

  async function trySandbox() {
    const ch = await sandbox.run(() => channelsApi.connectSandbox(ws.id, { presenceId: brand?.id }))
    if (ch) channels.reload()
  }

  async function check(c: ChannelInfo) {
    setChecking(c.id)
    const ch = await action.run(() => channelsApi.check(ws.id, c.id))
    setChecking(null)
    if (ch) replace(ch)
  }

  async function crisis(c: ChannelInfo, on: boolean) {
    const ch = await action.run(() => channelsApi.crisis(ws.id, c.id, on))
    if (ch) replace(ch)
  }

  return (
    <>
      <PageHeader
        title="Channels"
        description="The accounts on each social network that your presences publish and listen through."
        actions={
          manage ? (
            <>
              <Button onClick={() => setAddingSandbox(true)}>Add a Sandbox</Button>
              <Button variant="primary" onClick={() => setConnecting(true)}>
                <PlusIcon size={16} /> Connect Bluesky
              </Button>
            </>
          ) : (
            <Badge>View only</Badge>
          )
        }
      />
      <FormAlert error={action.error ?? sandbox.error} fieldErrors={action.fieldErrors} />
      {manage && oauthNetworks.length ? (
        <fieldset className="form-actions connect-actions">
          <legend className="sr-only">Connect with the network's sign-in</legend>
          {oauthNetworks.map((n) => (
            <Button key={n.id} onClick={() => setOauthConnect({ network: n.id })}>
              <PlusIcon size={16} /> {OAUTH_NETWORKS[n.id]}
            </Button>
          ))}
        </fieldset>
      ) : null}
      {returned.error ? (
        <div className="alert alert-error" role="alert">
          {returned.error}
        </div>
      ) : null}
      {returned.connected ? (
        <div className="alert alert-success" role="status">
          Connected. Townhall now publishes and listens through this account.
        </div>
      ) : null}
      {channels.loading && !channels.data ? <Loading /> : null}
      {channels.error ? <ErrorState error={channels.error} onRetry={channels.reload} /> : null}
      {channels.data && list.length === 0 ? (
        <Card>
          <EmptyState
            icon={<LinkIcon size={28} />}
            title="No channels yet"
            action={
              brand && mayManage(brand.id) ? (
                <Button variant="primary" busy={sandbox.busy} onClick={trySandbox}>
                  Try Townhall with the Sandbox
                </Button>
              ) : null
            }
          >
            <p>
              The <strong>Sandbox</strong> is a simulated public: customers who ask, complain, praise and joke
              about your brand, reply to your posts and react when you answer. Nothing you do there is public,
              so it is the place to try Townhall and practise before you go live.
            </p>
            <p>
              When you are ready, connect your real accounts, such as your brand on Bluesky. Each channel
              speaks for a <Link href="/presences">presence</Link>.
            </p>
          </EmptyState>
        </Card>
      ) : null}
      {list.length ? (
        <Card>
          <ul className="list">
            {list.map((c) => (
              <ChannelRow
                key={c.id}
                channel={c}
                presenceName={presenceName.get(c.presenceId) ?? 'a presence'}
                manage={mayManage(c.presenceId)}
                busy={checking === c.id}
                onCheck={() => check(c)}
                onReconnect={() =>
                  OAUTH_NETWORKS[c.network]
                    ? setOauthConnect({ network: c.network, reconnect: c })
                    : setReconnecting(c)
                }
                onCrisis={(on) => (on ? setCrisisFor(c) : crisis(c, false))}
                onDisconnect={() => setDisconnecting(c)}
              />
            ))}
          </ul>
        </Card>
      ) : null}
      {connecting ? (
        <BlueskyConnectDialog
          workspaceId={ws.id}
          presences={manageable}
          initialPresenceId={forPresence}
          onClose={() => setConnecting(false)}
          onConnected={() => {
            setConnecting(false)
            channels.reload()
          }}
        />
      ) : null}
      {oauthConnect ? (
        <OAuthConnectDialog
          workspaceId={ws.id}
          network={oauthConnect.network}
          label={OAUTH_NETWORKS[oauthConnect.network] ?? 'Connect'}
          presences={manageable}
          initialPresenceId={forPresence}
          reconnect={oauthConnect.reconnect}
          onClose={() => setOauthConnect(null)}
        />
      ) : null}
      {returned.pending ? (
        <OAuthChooseDialog
          workspaceId={ws.id}
          pendingId={returned.pending}
          onClose={() => setReturned({})}
          onConnected={() => {
            setReturned({ connected: 'yes' })
            channels.reload()
          }}
        />
      ) : null}
      {addingSandbox ? (
        <SandboxConnectDialog
          workspaceId={ws.id}
          presences={manageable}
          channels={list}
          initialPresenceId={forPresence}
          onClose={() => setAddingSandbox(false)}
          onConnected={() => {
            setAddingSandbox(false)
            channels.reload()
          }}
        />
      ) : null}
      {crisisFor ? (
        <ConfirmDialog
          title={`Start a crisis on @${crisisFor.handle}?`}
          confirmLabel="Start the crisis"
          busy={action.busy}
          onCancel={() => setCrisisFor(null)}
          onConfirm={async () => {
            await crisis(crisisFor, true)
            setCrisisFor(null)
          }}
        >
          <p>
            For the next 30 minutes the Sandbox plays an outage going viral: about a hundred times as many
            people mention @{crisisFor.handle}, most of them angry, and the inbox fills with urgent
            conversations. It is a drill: nothing is public, and you can end it at any time.
          </p>
        </ConfirmDialog>
      ) : null}
      {reconnecting ? (
        <ReconnectDialog
          workspaceId={ws.id}
          channel={reconnecting}
          onClose={() => setReconnecting(null)}
          onReconnected={(c) => {
            setReconnecting(null)
            replace(c)
          }}
        />
      ) : null}
      {disconnecting ? (
        <ConfirmDialog
          title={`Disconnect @${disconnecting.handle}?`}
          confirmLabel="Disconnect"
          busy={del.busy}
          onCancel={() => setDisconnecting(null)}
          onConfirm={async () => {
            const ok = await del.run(() => channelsApi.disconnect(ws.id, disconnecting.id).then(() => true))
            if (ok) {
              setDisconnecting(null)
              channels.reload()
            }
          }}
        >
          <p>
            Townhall stops publishing and listening through this {disconnecting.networkLabel} account and
            wipes its stored credentials. What was said so far stays in Townhall.
          </p>
          <FormAlert error={del.error} fieldErrors={del.fieldErrors} />
        </ConfirmDialog>
      ) : null}
    </>
  )
}

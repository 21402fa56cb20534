import { type FormEvent, useState } from 'react'
import type { Presence } from '../api.js'
import { Dialog } from '../components/dialog.js'
import { Avatar, Button, Field, FormAlert, Loading } from '../components/ui.js'
import { useAsync, useSubmit } from '../hooks.js'
import { Link } from '../router.js'
import type { ChannelInfo } from './channels-api.js'
import { oauthApi } from './oauth-api.js'

/**
 * Connects (or reconnects) an account through the network's own consent screen: pick the presence
 * it speaks for, then the browser goes to the network and comes back to /channels.
 */
export function OAuthConnectDialog(props: {
  workspaceId: string
  network: string
  label: string
  presences: Presence[]
  initialPresenceId?: string
  /** Reconnecting this channel: same presence, same account. */
  reconnect?: ChannelInfo
  onClose: () => void
}) {
  const [presenceId, setPresenceId] = useState(
    props.reconnect?.presenceId ??
      props.presences.find((p) => p.id === props.initialPresenceId)?.id ??
      props.presences[0]?.id ??
      '',
  )
  const submit = useSubmit()
  const name = props.label.replace(/^Connect /, '')

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    const r = await submit.run(() => oauthApi.start(props.workspaceId, props.network, presenceId))
    if (r) window.location.assign(r.authorizationUrl)
  }

  return (
    <Dialog
      title={props.reconnect ? `Reconnect @${props.reconnect.handle}` : props.label}
      onClose={props.onClose}
      footer={
        <>
          <Button variant="ghost" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" form="oauth-connect" variant="primary" busy={submit.busy}>
            Continue to {name}
          </Button>
        </>
      }
    >
      <form id="oauth-connect" className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} shown={['presenceId']} />
        {submit.error?.status === 409 ? (
          <p>
            An owner or admin sets up the {name} app once in{' '}
            <Link href="/settings">Settings → Network apps</Link>.
          </p>
        ) : null}
        {props.reconnect ? (
          <p>{props.reconnect.statusReason ?? `Sign in to ${name} again and allow Townhall.`}</p>
        ) : (
          <Field label="Speaks for" error={submit.fieldErrors.presenceId}>
            <select className="select" value={presenceId} onChange={(e) => setPresenceId(e.target.value)}>
              {props.presences.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}
                  {p.kind === 'brand' ? ' (brand)' : ''}
                </option>
              ))}
            </select>
          </Field>
        )}
        <p className="muted">
          {name} asks you to sign in and to allow Townhall to publish and read on the account’s behalf. Sign
          in with the account this presence speaks through; you come back here afterwards.
        </p>
      </form>
    </Dialog>
  )
}

/** After the consent screen, when the grant reached several accounts (e.g. Facebook Pages): pick one. */
export function OAuthChooseDialog(props: {
  workspaceId: string
  pendingId: string
  onClose: () => void
  onConnected: (c: ChannelInfo) => void
}) {
  const pending = useAsync(() => oauthApi.pending(props.workspaceId, props.pendingId), [props.pendingId])
  const submit = useSubmit()
  const [picked, setPicked] = useState('')

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (!picked) return submit.setFieldErrors({ remoteId: 'Pick the account to connect' })
    const ch = await submit.run(() => oauthApi.choose(props.workspaceId, props.pendingId, picked))
    if (ch) props.onConnected(ch)
  }

  return (
    <Dialog
      title="Which account should this channel use?"
      onClose={props.onClose}
      footer={
        <>
          <Button variant="ghost" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" form="oauth-choose" variant="primary" busy={submit.busy}>
            Connect
          </Button>
        </>
      }
    >
      <form id="oauth-choose" className="form" onSubmit={onSubmit} noValidate>
        <FormAlert
          error={submit.error ?? pending.error}
          fieldErrors={submit.fieldErrors}
          shown={['remoteId']}
        />
        {pending.loading ? <Loading /> : null}
        <ul className="list" aria-label="Accounts">
          {(pending.data?.choices ?? []).map((c) => (
            <li key={c.remoteId} className="list-row">
              <label className="list-main">
                <input
                  type="radio"
                  name="remoteId"
                  value={c.remoteId}
                  checked={picked === c.remoteId}
                  onChange={() => setPicked(c.remoteId)}
                />{' '}
                <Avatar name={c.displayName ?? c.handle} url={c.avatarUrl} size={28} />{' '}
                {c.displayName ?? c.handle} <span className="muted">@{c.handle}</span>
                {c.description ? <div className="list-meta">{c.description}</div> : null}
              </label>
            </li>
          ))}
        </ul>
      </form>
    </Dialog>
  )
}

/** What the redirect back from a network said (`/channels?connected=…`, `?oauth-error=…`, `?oauth-pending=…`). */
export function oauthReturn(): { connected?: string; error?: string; pending?: string } {
  const q = new URLSearchParams(window.location.search)
  return {
    connected: q.get('connected') ?? undefined,
    error: q.get('oauth-error') ?? undefined,
    pending: q.get('oauth-pending') ?? undefined,
  }
}

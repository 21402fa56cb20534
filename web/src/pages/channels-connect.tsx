import { type FormEvent, useState } from 'react'
import type { Presence } from '../api.js'
import { Dialog } from '../components/dialog.js'
import { Button, Field, FormAlert, Input } from '../components/ui.js'
import { useSubmit } from '../hooks.js'
import { type ChannelInfo, channelsApi } from './channels-api.js'

const APP_PASSWORD_HINT = (
  <>
    In Bluesky, open <strong>Settings → Privacy and security → App passwords</strong>, choose{' '}
    <em>Add App Password</em>, name it “Townhall” and paste it here. Never use your account password: an app
    password can be revoked on its own.
  </>
)

/** Connects a Bluesky account to a presence with its handle and an app password. */
export function BlueskyConnectDialog(props: {
  workspaceId: string
  presences: Presence[]
  /** The presence a "Connect" link was for. */
  initialPresenceId?: string
  onClose: () => void
  onConnected: (c: ChannelInfo) => void
}) {
  const [presenceId, setPresenceId] = useState(
    props.presences.find((p) => p.id === props.initialPresenceId)?.id ?? props.presences[0]?.id ?? '',
  )
  const [serviceUrl, setServiceUrl] = useState('https://bsky.social')
  const [handle, setHandle] = useState('')
  const [appPassword, setAppPassword] = useState('')
  const submit = useSubmit()

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    const missing: Record<string, string> = {}
    if (!handle.trim()) missing.handle = 'Enter the account’s handle, e.g. acme.bsky.social'
    if (!appPassword.trim()) missing.appPassword = 'Paste an app password created for Townhall'
    if (Object.keys(missing).length) return submit.setFieldErrors(missing)
    const ch = await submit.run(
      () =>
        channelsApi.connectBluesky(props.workspaceId, {
          presenceId,
          serviceUrl: serviceUrl.trim(),
          handle: handle.trim(),
          appPassword: appPassword.trim(),
        }),
      { conflictField: 'handle' },
    )
    if (ch) props.onConnected(ch)
  }

  return (
    <Dialog
      title="Connect a Bluesky account"
      onClose={props.onClose}
      footer={
        <>
          <Button variant="ghost" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" form="bluesky-connect" variant="primary" busy={submit.busy}>
            Connect
          </Button>
        </>
      }
    >
      <form id="bluesky-connect" className="form" onSubmit={onSubmit} noValidate>
        <FormAlert
          error={submit.error}
          fieldErrors={submit.fieldErrors}
          shown={['presenceId', 'serviceUrl', 'handle', 'appPassword']}
        />
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
        <Field label="Handle" error={submit.fieldErrors.handle}>
          <Input
            placeholder="acme.bsky.social"
            autoComplete="off"
            value={handle}
            onChange={(e) => {
              setHandle(e.target.value)
              submit.clearField('handle')
            }}
          />
        </Field>
        <Field label="App password" hint={APP_PASSWORD_HINT} error={submit.fieldErrors.appPassword}>
          <Input
            type="password"
            placeholder="xxxx-xxxx-xxxx-xxxx"
            autoComplete="off"
            value={appPassword}
            onChange={(e) => {
              setAppPassword(e.target.value)
              submit.clearField('appPassword')
            }}
          />
        </Field>
        <Field
          label="Service URL"
          hint="Change it only for a self-hosted PDS."
          error={submit.fieldErrors.serviceUrl}
        >
          <Input value={serviceUrl} onChange={(e) => setServiceUrl(e.target.value)} />
        </Field>
      </form>
    </Dialog>
  )
}

/** New credentials for a channel whose credentials were revoked or expired. */
export function ReconnectDialog(props: {
  workspaceId: string
  channel: ChannelInfo
  onClose: () => void
  onReconnected: (c: ChannelInfo) => void
}) {
  const [appPassword, setAppPassword] = useState('')
  const submit = useSubmit()
  const bluesky = props.channel.network === 'bluesky'

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (bluesky && !appPassword.trim())
      return submit.setFieldErrors({ appPassword: 'Paste a new app password' })
    const ch = await submit.run(() =>
      channelsApi.reconnect(
        props.workspaceId,
        props.channel.id,
        bluesky ? { appPassword: appPassword.trim() } : {},
      ),
    )
    if (ch) props.onReconnected(ch)
  }

  return (
    <Dialog
      title={`Reconnect @${props.channel.handle}`}
      onClose={props.onClose}
      footer={
        <>
          <Button variant="ghost" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" form="channel-reconnect" variant="primary" busy={submit.busy}>
            Reconnect
          </Button>
        </>
      }
    >
      <form id="channel-reconnect" className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} shown={['appPassword']} />
        {props.channel.statusReason ? <p>{props.channel.statusReason}</p> : null}
        {bluesky ? (
          <Field label="New app password" hint={APP_PASSWORD_HINT} error={submit.fieldErrors.appPassword}>
            <Input
              type="password"
              autoComplete="off"
              placeholder="xxxx-xxxx-xxxx-xxxx"
              value={appPassword}
              onChange={(e) => {
                setAppPassword(e.target.value)
                submit.clearField('appPassword')
              }}
            />
          </Field>
        ) : (
          <p className="muted">Townhall checks the channel again with what it has.</p>
        )}
      </form>
    </Dialog>
  )
}

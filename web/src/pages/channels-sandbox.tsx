import { type FormEvent, useState } from 'react'
import type { Presence } from '../api.js'
import { Dialog } from '../components/dialog.js'
import { Button, Field, FormAlert } from '../components/ui.js'
import { useSubmit } from '../hooks.js'
import { type ChannelInfo, channelsApi } from './channels-api.js'

/**
 * Gives one presence (the brand or a leader) a Sandbox channel of its own: a simulated public that
 * mentions and answers that presence, so posting and approving in a leader's name can be tried.
 */
export function SandboxConnectDialog(props: {
  workspaceId: string
  /** The presences this person may connect channels for. */
  presences: Presence[]
  channels: ChannelInfo[]
  initialPresenceId?: string
  onClose: () => void
  onConnected: (c: ChannelInfo) => void
}) {
  const first =
    props.presences.find((p) => p.id === props.initialPresenceId) ??
    props.presences.find((p) => !hasSandbox(props.channels, p.id)) ??
    props.presences[0]
  const [presenceId, setPresenceId] = useState(first?.id ?? '')
  const submit = useSubmit()
  const chosen = props.presences.find((p) => p.id === presenceId)
  const existing = props.channels.find((c) => c.presenceId === presenceId && c.isSandbox)

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (!presenceId) return submit.setFieldErrors({ presenceId: 'Choose whom the Sandbox speaks for' })
    const ch = await submit.run(() => channelsApi.connectSandbox(props.workspaceId, { presenceId }))
    if (ch) props.onConnected(ch)
  }

  return (
    <Dialog
      title="Add a Sandbox channel"
      onClose={props.onClose}
      footer={
        <>
          <Button variant="ghost" onClick={props.onClose}>
            Cancel
          </Button>
          <Button
            type="submit"
            form="sandbox-connect"
            variant="primary"
            busy={submit.busy}
            disabled={!presenceId || existing !== undefined}
          >
            Add Sandbox
          </Button>
        </>
      }
    >
      <form id="sandbox-connect" className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} shown={['presenceId']} />
        <p>
          The Sandbox is a simulated public: people who ask, complain, praise and reply to what you post.
          Nothing there is public, so it is the place to practise.
        </p>
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
        {existing && chosen ? (
          <p className="muted" role="status">
            {chosen.displayName} already has a Sandbox channel (@{existing.handle}).
          </p>
        ) : null}
      </form>
    </Dialog>
  )
}

function hasSandbox(channels: ChannelInfo[], presenceId: string): boolean {
  return channels.some((c) => c.presenceId === presenceId && c.isSandbox)
}

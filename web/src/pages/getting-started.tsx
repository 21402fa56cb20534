import { useState } from 'react'
import { api } from '../api.js'
import { CheckIcon } from '../components/icons.js'
import { Button, Card } from '../components/ui.js'
import { useAsync, useSubmit } from '../hooks.js'
import { Link } from '../router.js'
import { useWorkspace } from '../session.js'
import { channelsApi } from './channels-api.js'

const DEFAULT_DAYS = JSON.stringify({
  '1': [['09:00', '17:00']],
  '2': [['09:00', '17:00']],
  '3': [['09:00', '17:00']],
  '4': [['09:00', '17:00']],
  '5': [['09:00', '17:00']],
})
const hiddenKey = (wid: string) => `townhall:getting-started-hidden:${wid}`

interface Step {
  key: string
  label: string
  href: string
  done: boolean
}

/**
 * Where a new owner lands: try the Sandbox in one click, and a short checklist that ticks itself
 * off from what the workspace already has (a channel, a teammate, a leader, its opening hours).
 */
export function GettingStarted() {
  const ws = useWorkspace()
  const [hidden, setHidden] = useState(() => window.localStorage.getItem(hiddenKey(ws.id)) === '1')
  const sandbox = useSubmit()
  const facts = useAsync(async () => {
    const [channels, members, invitations, presences, workspace] = await Promise.all([
      channelsApi.list(ws.id),
      api.members(ws.id),
      api.invitations(ws.id).catch(() => []),
      api.presences(ws.id),
      api.workspace(ws.id),
    ])
    return { channels, members, invitations, presences, workspace }
  }, [ws.id])
  const f = facts.data
  if (hidden || !f) return null
  const brand = f.presences.find((p) => p.kind === 'brand')
  const hoursSet =
    f.workspace.businessHours.alwaysOpen ||
    JSON.stringify(f.workspace.businessHours.days) !== DEFAULT_DAYS ||
    f.workspace.holidays.length > 0
  const steps: Step[] = [
    {
      key: 'channel',
      label: 'Connect a channel (or the Sandbox)',
      href: '/channels',
      done: f.channels.length > 0,
    },
    {
      key: 'team',
      label: 'Invite the team',
      href: '/members',
      done: f.members.length > 1 || f.invitations.length > 0,
    },
    {
      key: 'leader',
      label: 'Set up a leader’s presence',
      href: '/presences',
      done: f.presences.some((p) => p.kind === 'person'),
    },
    { key: 'hours', label: 'Set your business hours', href: '/settings', done: hoursSet },
  ]
  const left = steps.filter((s) => !s.done).length
  if (left === 0) return null

  async function trySandbox() {
    const ch = await sandbox.run(() => channelsApi.connectSandbox(ws.id, { presenceId: brand?.id }))
    if (ch) facts.reload()
  }

  return (
    <Card
      className="getting-started"
      title="Get started"
      description={`${steps.length - left} of ${steps.length} done. Everything here can be changed later.`}
      actions={
        <Button
          variant="ghost"
          size="sm"
          onClick={() => {
            window.localStorage.setItem(hiddenKey(ws.id), '1')
            setHidden(true)
          }}
        >
          Hide
        </Button>
      }
    >
      {f.channels.length === 0 ? (
        <div className="getting-started-sandbox">
          <p>
            The <strong>Sandbox</strong> is a simulated public that mentions, asks and complains, so you can
            try the inbox, publishing and approvals before you connect a real account.
          </p>
          <Button variant="primary" busy={sandbox.busy} onClick={trySandbox}>
            Try Townhall with the Sandbox
          </Button>
        </div>
      ) : null}
      <ul className="checklist" aria-label="Getting started checklist">
        {steps.map((s) => (
          <li key={s.key} className={s.done ? 'is-done' : ''}>
            <span className="checklist-mark" aria-hidden="true">
              {s.done ? <CheckIcon size={14} /> : null}
            </span>
            {s.done ? <span>{s.label}</span> : <Link href={s.href}>{s.label}</Link>}
            <span className="sr-only">{s.done ? ' (done)' : ' (to do)'}</span>
          </li>
        ))}
      </ul>
    </Card>
  )
}

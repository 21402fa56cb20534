import { type FormEvent, useState } from 'react'
import { api } from '../api.js'
import { Dialog } from '../components/dialog.js'
import { BuildingIcon, PlusIcon } from '../components/icons.js'
import { ROLE_LABEL } from '../components/shell.js'
import { browserTimeZone, TimeZoneSelect } from '../components/time-zone-select.js'
import {
  Avatar,
  Badge,
  Button,
  Card,
  EmptyState,
  Field,
  FormAlert,
  Input,
  PageHeader,
} from '../components/ui.js'
import { useAsync, useSubmit } from '../hooks.js'
import { navigate } from '../router.js'
import { useSession } from '../session.js'
import { instanceApi } from './instance-api.js'
import { InstanceSettingsCard } from './instance-settings-card.js'

function CreateWorkspaceDialog(props: { onClose: () => void }) {
  const { refresh } = useSession()
  const [name, setName] = useState('')
  const [timeZone, setTimeZone] = useState(browserTimeZone())
  const submit = useSubmit()
  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (!name.trim()) return submit.setFieldErrors({ name: 'Name the workspace, usually a company or brand' })
    const ws = await submit.run(() => api.createWorkspace({ name, timeZone }))
    if (ws) {
      await refresh()
      props.onClose()
      navigate('/presences')
    }
  }
  return (
    <Dialog title="Create a workspace" onClose={props.onClose}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <p className="muted">
          A workspace holds one company or brand: its presences, channels, inbox and team. You become its
          owner.
        </p>
        <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} shown={['name', 'timeZone']} />
        <Field label="Workspace name" error={submit.fieldErrors.name}>
          <Input value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Time zone" error={submit.fieldErrors.timeZone}>
          <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
        </Field>
        <div className="form-actions">
          <Button variant="ghost" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={submit.busy}>
            Create workspace
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

/** Lists the user's workspaces; switch to one or create a new one. */
export function WorkspacesPage() {
  const { session, workspace, switchWorkspace } = useSession()
  const [creating, setCreating] = useState(() => new URLSearchParams(window.location.search).has('new'))
  const [switching, setSwitching] = useState<string | null>(null)
  const instance = useAsync(() => instanceApi.instance(), [])
  // @NOTE until the instance answers, offer creating: the server refuses (403) when it is not allowed.
  const canCreate = instance.data?.you.canCreateWorkspaces ?? true
  return (
    <>
      <PageHeader
        title="Workspaces"
        description="Each workspace is one company or brand with its own team, presences and inbox."
        actions={
          canCreate ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <PlusIcon size={16} /> New workspace
            </Button>
          ) : null
        }
      />
      <Card title={session.workspaces.length ? 'Your workspaces' : undefined}>
        {session.workspaces.length === 0 ? (
          <EmptyState
            icon={<BuildingIcon size={28} />}
            title="You are not in any workspace yet"
            action={
              canCreate ? (
                <Button variant="primary" onClick={() => setCreating(true)}>
                  Create a workspace
                </Button>
              ) : null
            }
          >
            <p>
              {canCreate
                ? 'Create one for your company, or ask a colleague to send you an invitation link.'
                : 'On this Townhall only instance owners create workspaces: ask a colleague to send you an invitation link.'}
            </p>
          </EmptyState>
        ) : (
          <ul className="list">
            {session.workspaces.map((w) => (
              <li key={w.id} className="list-row">
                <Avatar name={w.name} square />
                <div className="list-main">
                  <div className="list-title">{w.name}</div>
                  <div className="list-meta">{w.timeZone.replaceAll('_', ' ')}</div>
                </div>
                <Badge>{ROLE_LABEL[w.role]}</Badge>
                {w.id === workspace?.id ? (
                  <Badge tone="success">Current</Badge>
                ) : (
                  <Button
                    size="sm"
                    busy={switching === w.id}
                    onClick={async () => {
                      setSwitching(w.id)
                      try {
                        await switchWorkspace(w.id)
                        navigate('/presences')
                      } finally {
                        setSwitching(null)
                      }
                    }}
                  >
                    Switch
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      {instance.data?.you.instanceOwner ? (
        <InstanceSettingsCard instance={instance.data} onChange={() => instance.reload()} />
      ) : null}
      {creating ? (
        <CreateWorkspaceDialog
          onClose={() => {
            setCreating(false)
            if (window.location.search) navigate('/workspaces', { replace: true })
          }}
        />
      ) : null}
    </>
  )
}

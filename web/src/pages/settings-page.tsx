import { type FormEvent, useEffect, useState } from 'react'
import { api, type Workspace } from '../api.js'
import { TimeZoneSelect } from '../components/time-zone-select.js'
import {
  Button,
  Card,
  ErrorState,
  Field,
  FormAlert,
  Input,
  Loading,
  PageHeader,
  Toggle,
} from '../components/ui.js'
import { useAsync, useSubmit } from '../hooks.js'
import { useSession, useWorkspace } from '../session.js'
import { ApprovalRulesCard } from './approval-rules-card.js'
import { BusinessHoursEditor, HolidaysEditor } from './business-hours-editor.js'
import { NetworkAppsCard } from './network-apps-card.js'

function SettingsForm(props: { workspace: Workspace; readOnly: boolean; onSaved: (w: Workspace) => void }) {
  const { refresh } = useSession()
  const [draft, setDraft] = useState(props.workspace)
  const [saved, setSaved] = useState(false)
  const submit = useSubmit()
  useEffect(() => setDraft(props.workspace), [props.workspace])
  const dirty = JSON.stringify(draft) !== JSON.stringify(props.workspace)
  const fe = submit.fieldErrors
  const ro = props.readOnly

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    if (!draft.name.trim()) return submit.setFieldErrors({ name: 'The workspace needs a name' })
    setSaved(false)
    const w = await submit.run(() =>
      api.updateWorkspace(draft.id, {
        name: draft.name,
        timeZone: draft.timeZone,
        businessHours: draft.businessHours,
        holidays: draft.holidays,
        settings: draft.settings,
      }),
    )
    if (w) {
      setSaved(true)
      props.onSaved(w)
      if (w.name !== props.workspace.name || w.timeZone !== props.workspace.timeZone) await refresh()
    }
  }

  const shown = ['name', 'timeZone', 'settings.firstResponseTargetMinutes']
  const stray = Object.fromEntries(
    Object.entries(fe).filter(([k]) => !k.startsWith('businessHours.days.') && !k.startsWith('holidays')),
  )
  return (
    <form className="form settings-form" onSubmit={onSubmit} noValidate>
      <FormAlert error={submit.error} fieldErrors={stray} shown={shown} />
      <Card title="General" description="How this workspace is named and which clock it runs on.">
        <div className="form-grid">
          <Field label="Workspace name" error={fe.name}>
            <Input
              value={draft.name}
              disabled={ro}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
          </Field>
          <Field
            label="Time zone"
            error={fe.timeZone}
            hint="Business hours, holidays and schedules use this time zone."
          >
            <TimeZoneSelect
              value={draft.timeZone}
              disabled={ro}
              onChange={(timeZone) => setDraft({ ...draft, timeZone })}
            />
          </Field>
        </div>
      </Card>
      <Card
        title="Business hours"
        description="When your team answers. Response-time targets pause outside these hours and on holidays."
      >
        <BusinessHoursEditor
          value={draft.businessHours}
          disabled={ro}
          errors={fe}
          onChange={(businessHours) => setDraft({ ...draft, businessHours })}
        />
        <div className="form-grid">
          <Field
            label="First response target (minutes)"
            error={fe['settings.firstResponseTargetMinutes']}
            hint="How quickly someone should answer a new conversation during business hours."
          >
            <Input
              type="number"
              className="input input-narrow"
              min={1}
              inputMode="numeric"
              disabled={ro}
              value={String(draft.settings.firstResponseTargetMinutes)}
              onChange={(e) =>
                setDraft({
                  ...draft,
                  settings: { ...draft.settings, firstResponseTargetMinutes: Number(e.target.value) },
                })
              }
            />
          </Field>
        </div>
      </Card>
      <Card title="Holidays" description="Days the team is closed all day, in the workspace's time zone.">
        <HolidaysEditor
          value={draft.holidays}
          disabled={ro}
          errors={fe}
          onChange={(holidays) => setDraft({ ...draft, holidays })}
        />
      </Card>
      <Card title="Privacy">
        <Toggle
          label="Members see each other’s scorecards"
          description="When off, each person sees only their own listening scorecard; owners and admins see all."
          checked={draft.settings.scorecardsVisibleToMembers}
          disabled={ro}
          onChange={(v) =>
            setDraft({ ...draft, settings: { ...draft.settings, scorecardsVisibleToMembers: v } })
          }
        />
      </Card>
      {ro ? null : (
        <div className={`sticky-actions${dirty ? ' is-dirty' : ''}`}>
          <span className="muted" role="status">
            {dirty ? 'You have unsaved changes.' : saved ? 'All changes saved.' : ''}
          </span>
          <Button variant="ghost" disabled={!dirty || submit.busy} onClick={() => setDraft(props.workspace)}>
            Discard
          </Button>
          <Button type="submit" variant="primary" busy={submit.busy} disabled={!dirty}>
            Save settings
          </Button>
        </div>
      )}
    </form>
  )
}

/** Workspace settings; read-only for roles that may not change them. */
export function SettingsPage() {
  const ws = useWorkspace()
  const { can } = useSession()
  const workspace = useAsync(() => api.workspace(ws.id), [ws.id])
  const readOnly = !can('workspace.settings')
  return (
    <>
      <PageHeader
        title="Settings"
        description={
          readOnly
            ? 'Only owners and admins can change these settings. You can see them here.'
            : `Settings for ${ws.name}.`
        }
      />
      {workspace.loading && !workspace.data ? <Loading /> : null}
      {workspace.error ? <ErrorState error={workspace.error} onRetry={workspace.reload} /> : null}
      {workspace.data ? (
        <SettingsForm workspace={workspace.data} readOnly={readOnly} onSaved={(w) => workspace.setData(w)} />
      ) : null}
      <ApprovalRulesCard workspaceId={ws.id} readOnly={!can('presence.manage')} />
      {readOnly ? null : <NetworkAppsCard workspaceId={ws.id} />}
    </>
  )
}

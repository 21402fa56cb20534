import { useState } from 'react'
import { Card, Field, FormAlert } from '../components/ui.js'
import { useSubmit } from '../hooks.js'
import { type Instance, instanceApi, type WorkspaceCreation } from './instance-api.js'

/** For instance owners: who may create workspaces on this install (PATCH /api/instance). */
export function InstanceSettingsCard(props: { instance: Instance; onChange: (i: Instance) => void }) {
  const [value, setValue] = useState<WorkspaceCreation>(props.instance.workspaceCreation)
  const submit = useSubmit()
  return (
    <Card
      title="This Townhall install"
      description="You are an instance owner: you decide who may create workspaces here."
    >
      <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} shown={['workspaceCreation']} />
      <Field label="Who may create workspaces" error={submit.fieldErrors.workspaceCreation}>
        <select
          className="select"
          value={value}
          disabled={submit.busy}
          onChange={async (e) => {
            const next = e.target.value as WorkspaceCreation
            setValue(next)
            const saved = await submit.run(() => instanceApi.updateInstance({ workspaceCreation: next }))
            if (saved) props.onChange(saved)
            else setValue(props.instance.workspaceCreation)
          }}
        >
          <option value="owners">Instance owners only</option>
          <option value="everyone">Everyone with an account</option>
        </select>
      </Field>
    </Card>
  )
}

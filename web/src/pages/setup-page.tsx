import { type FormEvent, useState } from 'react'
import { api } from '../api.js'
import { AuthLayout } from '../components/auth-layout.js'
import { browserTimeZone, TimeZoneSelect } from '../components/time-zone-select.js'
import { Button, Field, FormAlert, Input } from '../components/ui.js'
import { useSubmit } from '../hooks.js'

export const MIN_PASSWORD = 10

const FIELDS = ['name', 'email', 'password', 'workspaceName', 'timeZone']

/** First run: creates the owner account and the first workspace. There is no default password. */
export function SetupPage(props: { onDone: () => void }) {
  const [form, setForm] = useState({
    name: '',
    email: '',
    password: '',
    workspaceName: '',
    timeZone: browserTimeZone(),
  })
  const submit = useSubmit()
  const set = (k: keyof typeof form) => (v: string) => {
    setForm((f) => ({ ...f, [k]: v }))
    submit.clearField(k)
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    const local: Record<string, string> = {}
    if (!form.name.trim()) local.name = 'Enter your name'
    if (!form.email.includes('@')) local.email = 'Enter an email address such as dana@example.com'
    if (form.password.length < MIN_PASSWORD) local.password = `Use at least ${MIN_PASSWORD} characters`
    if (!form.workspaceName.trim()) local.workspaceName = 'Name your workspace, usually your company or brand'
    if (Object.keys(local).length) return submit.setFieldErrors(local)
    const ok = await submit.run(() => api.setup(form).then(() => true))
    if (ok) props.onDone()
  }

  const fe = submit.fieldErrors
  return (
    <AuthLayout
      title="Set up Townhall"
      subtitle="Create the owner account and your first workspace. You can invite your team right after."
    >
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.error} fieldErrors={fe} shown={FIELDS} />
        <fieldset className="form-section">
          <legend>Your account</legend>
          <Field label="Full name" error={fe.name}>
            <Input
              autoComplete="name"
              value={form.name}
              onChange={(e) => set('name')(e.target.value)}
              autoFocus
            />
          </Field>
          <Field label="Work email" error={fe.email}>
            <Input
              type="email"
              autoComplete="email"
              value={form.email}
              onChange={(e) => set('email')(e.target.value)}
            />
          </Field>
          <Field
            label="Password"
            error={fe.password}
            hint={`At least ${MIN_PASSWORD} characters. A passphrase works well.`}
          >
            <Input
              type="password"
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => set('password')(e.target.value)}
            />
          </Field>
        </fieldset>
        <fieldset className="form-section">
          <legend>Your workspace</legend>
          <Field
            label="Workspace name"
            error={fe.workspaceName}
            hint="Usually your company or brand, e.g. “Acme”."
          >
            <Input value={form.workspaceName} onChange={(e) => set('workspaceName')(e.target.value)} />
          </Field>
          <Field label="Time zone" error={fe.timeZone} hint="Used for business hours and scheduling.">
            <TimeZoneSelect value={form.timeZone} onChange={set('timeZone')} />
          </Field>
        </fieldset>
        <Button type="submit" variant="primary" className="btn-block" busy={submit.busy}>
          Create account and workspace
        </Button>
      </form>
    </AuthLayout>
  )
}

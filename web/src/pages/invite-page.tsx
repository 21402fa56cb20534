import { type FormEvent, useState } from 'react'
import { api, type Session } from '../api.js'
import { AuthLayout } from '../components/auth-layout.js'
import { ROLE_LABEL } from '../components/shell.js'
import { Badge, Button, ErrorState, Field, FormAlert, Input, Loading } from '../components/ui.js'
import { useAsync, useSubmit } from '../hooks.js'
import { navigate } from '../router.js'
import { ROLE_DESCRIPTION } from './role-info.js'
import { MIN_PASSWORD } from './setup-page.js'

function SignUpForm(props: { token: string; email: string | null; onJoined: () => void }) {
  const [form, setForm] = useState({ name: '', email: props.email ?? '', password: '' })
  const submit = useSubmit()
  const edit = (k: keyof typeof form, v: string) => {
    setForm((f) => ({ ...f, [k]: v }))
    submit.clearField(k)
  }
  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    const local: Record<string, string> = {}
    if (!form.name.trim()) local.name = 'Enter your name'
    if (!form.email.includes('@')) local.email = 'Enter your email address'
    if (form.password.length < MIN_PASSWORD) local.password = `Use at least ${MIN_PASSWORD} characters`
    if (Object.keys(local).length) return submit.setFieldErrors(local)
    const ok = await submit.run(() => api.acceptInvitation(props.token, form).then(() => true), {
      conflictField: 'email',
    })
    if (ok) {
      navigate('/presences', { replace: true })
      props.onJoined()
    }
  }
  const fe = submit.fieldErrors
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <FormAlert error={submit.error} fieldErrors={fe} shown={['name', 'email', 'password']} />
      <Field label="Full name" error={fe.name}>
        <Input autoComplete="name" value={form.name} onChange={(e) => edit('name', e.target.value)} />
      </Field>
      <Field label="Email" error={fe.email}>
        <Input
          type="email"
          autoComplete="email"
          value={form.email}
          readOnly={Boolean(props.email)}
          onChange={(e) => edit('email', e.target.value)}
        />
      </Field>
      <Field label="Password" error={fe.password} hint={`At least ${MIN_PASSWORD} characters.`}>
        <Input
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={(e) => edit('password', e.target.value)}
        />
      </Field>
      <Button type="submit" variant="primary" className="btn-block" busy={submit.busy}>
        Create account and join
      </Button>
    </form>
  )
}

/** `/invite/:token`: shows what the invitation is for; joins with the current account or a new one. */
export function InvitePage(props: { token: string; session: Session | null; onJoined: () => void }) {
  const preview = useAsync(() => api.previewInvitation(props.token), [props.token])
  const join = useSubmit()

  if (preview.loading) return <Loading label="Checking your invitation…" />
  if (preview.error || !preview.data) {
    const gone = preview.error && [404, 410].includes(preview.error.status)
    return (
      <AuthLayout title={gone ? 'This invitation cannot be used' : 'Invitation'}>
        {gone ? (
          <p className="muted">
            It may have expired, been revoked, or already been used. Ask the person who invited you for a new
            link.
          </p>
        ) : preview.error ? (
          <ErrorState error={preview.error} onRetry={preview.reload} />
        ) : null}
      </AuthLayout>
    )
  }
  const inv = preview.data
  const summary = (
    <div className="invite-summary">
      <p>
        <strong>{inv.invitedBy}</strong> invited you to join <strong>{inv.workspaceName}</strong> as
      </p>
      <p>
        <Badge tone="accent">{ROLE_LABEL[inv.role] ?? inv.role}</Badge>
        <span className="muted"> {ROLE_DESCRIPTION[inv.role]}</span>
      </p>
      {inv.email ? <p className="muted">This invitation is for {inv.email}.</p> : null}
    </div>
  )

  if (props.session) {
    const session = props.session
    return (
      <AuthLayout title={`Join ${inv.workspaceName}`}>
        {summary}
        <FormAlert error={join.error} fieldErrors={join.fieldErrors} />
        <p className="muted">
          You are logged in as {session.user.name} ({session.user.email}).
        </p>
        <Button
          variant="primary"
          className="btn-block"
          busy={join.busy}
          onClick={async () => {
            const ok = await join.run(() => api.acceptInvitation(props.token).then(() => true))
            if (ok) {
              navigate('/presences', { replace: true })
              props.onJoined()
            }
          }}
        >
          Join {inv.workspaceName}
        </Button>
      </AuthLayout>
    )
  }

  return (
    <AuthLayout
      title={`Join ${inv.workspaceName}`}
      footer={
        <p>
          Already have a Townhall account?{' '}
          <a href={`/login?next=${encodeURIComponent(`/invite/${props.token}`)}`}>Log in first</a>, then open
          this link again.
        </p>
      }
    >
      {summary}
      <SignUpForm token={props.token} email={inv.email} onJoined={props.onJoined} />
    </AuthLayout>
  )
}

import { type FormEvent, useState } from 'react'
import { api } from '../api.js'
import { AuthLayout } from '../components/auth-layout.js'
import { Button, Field, FormAlert, Input } from '../components/ui.js'
import { useSubmit } from '../hooks.js'
import { navigate } from '../router.js'

/** Sign-in. After signing in the user stays on the page they asked for. */
export function LoginPage(props: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const submit = useSubmit()
  const params = new URLSearchParams(window.location.search)
  const signedOut = params.has('signedOut')
  const next = params.get('next')

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    const local: Record<string, string> = {}
    if (!email.trim()) local.email = 'Enter your email address'
    if (!password) local.password = 'Enter your password'
    if (Object.keys(local).length) return submit.setFieldErrors(local)
    const ok = await submit.run(() => api.login({ email, password }).then(() => true))
    if (ok) {
      if (next?.startsWith('/') && !next.startsWith('//')) navigate(next, { replace: true })
      else if (window.location.pathname === '/login') navigate('/', { replace: true })
      props.onSignedIn()
    }
  }

  return (
    <AuthLayout
      title="Log in"
      subtitle="Welcome back. Log in to your Townhall workspace."
      footer={
        <p>
          Forgot your password? Ask a workspace owner, or run <code>townhall user reset-password</code> on the
          server.
        </p>
      }
    >
      {signedOut && !submit.error ? (
        <div className="alert alert-info" role="status">
          You have been logged out.
        </div>
      ) : null}
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} shown={['email', 'password']} />
        <Field label="Email" error={submit.fieldErrors.email}>
          <Input
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => {
              setEmail(e.target.value)
              submit.clearField('email')
            }}
            autoFocus
          />
        </Field>
        <Field label="Password" error={submit.fieldErrors.password}>
          <Input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => {
              setPassword(e.target.value)
              submit.clearField('password')
            }}
          />
        </Field>
        <Button type="submit" variant="primary" className="btn-block" busy={submit.busy}>
          Log in
        </Button>
      </form>
    </AuthLayout>
  )
}

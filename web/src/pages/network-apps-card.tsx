import { type FormEvent, useState } from 'react'
import { Button, Card, CopyField, ErrorState, Field, FormAlert, Input, Loading } from '../components/ui.js'
import { useAsync, useSubmit } from '../hooks.js'
import { type OAuthAppInfo, oauthApi } from './oauth-api.js'

const ENDPOINTS = [
  ['authorizationUrl', 'Authorization URL'],
  ['tokenUrl', 'Token URL'],
  ['revocationUrl', 'Revocation URL'],
  ['apiBaseUrl', 'API base URL'],
  ['issuer', 'Issuer'],
] as const

function AppForm(props: { workspaceId: string; app: OAuthAppInfo; onSaved: (a: OAuthAppInfo) => void }) {
  const a = props.app
  // @NOTE Meta's portal calls them App ID and App secret; X's, OAuth 2.0 Client ID and Client Secret.
  const meta = a.app === 'meta'
  const [clientId, setClientId] = useState(a.source === 'workspace' ? (a.clientId ?? '') : '')
  const [clientSecret, setClientSecret] = useState('')
  const [endpoints, setEndpoints] = useState<Record<string, string>>({ ...a.overrides })
  const [advanced, setAdvanced] = useState(Object.keys(a.overrides).length > 0)
  const [saved, setSaved] = useState(false)
  const submit = useSubmit()
  const fe = submit.fieldErrors

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    setSaved(false)
    if (!clientId.trim())
      return submit.setFieldErrors({ clientId: 'Paste the client id from the developer portal' })
    if (a.source !== 'workspace' && !clientSecret.trim())
      return submit.setFieldErrors({ clientSecret: 'Paste the client secret from the developer portal' })
    const r = await submit.run(() =>
      oauthApi.saveApp(props.workspaceId, a.app, {
        clientId: clientId.trim(),
        ...(clientSecret.trim() ? { clientSecret: clientSecret.trim() } : {}),
        endpoints: Object.fromEntries(Object.entries(endpoints).filter(([, v]) => v.trim())),
      }),
    )
    if (r) {
      setSaved(true)
      setClientSecret('')
      props.onSaved(r)
    }
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label={`${a.label} app`}>
      <FormAlert
        error={submit.error}
        fieldErrors={fe}
        shown={['clientId', 'clientSecret', ...ENDPOINTS.map(([k]) => `endpoints.${k}`)]}
      />
      <p className="muted">
        {a.source === 'environment'
          ? 'This install provides an app through its environment. Enter your own to use it instead.'
          : a.source === 'workspace'
            ? 'This workspace uses its own app.'
            : 'Not set up yet.'}{' '}
        Create it in the{' '}
        <a href={a.portalUrl} target="_blank" rel="noreferrer">
          developer portal
        </a>
        ; docs/networks.md explains each step.
      </p>
      {a.networks.map((n) => (
        <div key={n.network}>
          <Field label={`${n.label}: callback URL (paste as the redirect URI)`}>
            <CopyField value={n.callbackUrl} label={`${n.label} callback URL`} />
          </Field>
          {n.webhookUrl ? (
            <Field label={`${n.label}: webhook URL`}>
              <CopyField value={n.webhookUrl} label={`${n.label} webhook URL`} />
            </Field>
          ) : null}
          <details>
            <summary>{n.label}: permissions Townhall asks for</summary>
            <ul>
              {n.scopes.map((s) => (
                <li key={s.scope}>
                  <code>{s.scope}</code> {s.reason}
                </li>
              ))}
            </ul>
          </details>
        </div>
      ))}
      <div className="form-grid">
        <Field label={meta ? 'App ID' : 'Client id'} error={fe.clientId}>
          <Input autoComplete="off" value={clientId} onChange={(e) => setClientId(e.target.value)} />
        </Field>
        <Field
          label={meta ? 'App secret' : 'Client secret'}
          hint={a.source === 'workspace' ? 'Stored sealed. Leave empty to keep it.' : undefined}
          error={fe.clientSecret}
        >
          <Input
            type="password"
            autoComplete="off"
            placeholder={a.source === 'workspace' ? '••••••••' : ''}
            value={clientSecret}
            onChange={(e) => setClientSecret(e.target.value)}
          />
        </Field>
      </div>
      <label>
        <input type="checkbox" checked={advanced} onChange={(e) => setAdvanced(e.target.checked)} /> Use other
        endpoints (a proxy, a test server)
      </label>
      {advanced ? (
        <div className="form-grid">
          {ENDPOINTS.map(([k, label]) => (
            <Field
              key={k}
              label={label}
              hint={`In use: ${(a.endpoints as Record<string, string | undefined>)[k] ?? 'none'}`}
              error={fe[`endpoints.${k}`]}
            >
              <Input
                value={endpoints[k] ?? ''}
                onChange={(e) => setEndpoints({ ...endpoints, [k]: e.target.value })}
              />
            </Field>
          ))}
        </div>
      ) : null}
      <div>
        <Button type="submit" variant="primary" busy={submit.busy}>
          Save {a.label} app
        </Button>{' '}
        <span className="muted" role="status">
          {saved ? 'Saved.' : ''}
        </span>
      </div>
    </form>
  )
}

/** Settings → Network apps: the workspace's own X and Meta apps (owners and admins). */
export function NetworkAppsCard(props: { workspaceId: string }) {
  const apps = useAsync(() => oauthApi.apps(props.workspaceId), [props.workspaceId])
  return (
    <Card
      title="Network apps"
      description="X, Facebook and Instagram connect through an app you register with the network. Enter its credentials here once; channels then connect with the network's own sign-in."
    >
      {apps.loading && !apps.data ? <Loading /> : null}
      {apps.error ? <ErrorState error={apps.error} onRetry={apps.reload} /> : null}
      {(apps.data ?? []).map((a) => (
        <section key={a.app}>
          <h3>{a.label}</h3>
          <AppForm
            workspaceId={props.workspaceId}
            app={a}
            onSaved={(next) =>
              apps.setData((prev) => (prev ?? []).map((x) => (x.app === next.app ? next : x)))
            }
          />
        </section>
      ))}
    </Card>
  )
}

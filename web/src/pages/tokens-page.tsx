import { type FormEvent, useState } from 'react'
import { type ApiTokenInfo, api } from '../api.js'
import { ConfirmDialog } from '../components/dialog.js'
import { KeyIcon } from '../components/icons.js'
import {
  Badge,
  Button,
  Card,
  CopyField,
  EmptyState,
  ErrorState,
  Field,
  FormAlert,
  Input,
  Loading,
  PageHeader,
} from '../components/ui.js'
import { formatDate } from '../format.js'
import { useAsync, useSubmit } from '../hooks.js'
import { SignOutEverywhereCard } from './sign-out-everywhere-card.js'

const EXPIRY = [
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: '', label: 'Never' },
]

function status(t: ApiTokenInfo): { label: string; tone: 'success' | 'neutral' | 'danger' } {
  if (t.revokedAt) return { label: 'Revoked', tone: 'neutral' }
  if (t.expiresAt && t.expiresAt <= Date.now()) return { label: 'Expired', tone: 'danger' }
  return { label: 'Active', tone: 'success' }
}

/** Personal API tokens for scripts: created (shown once), listed, revoked. */
export function TokensPage() {
  const tokens = useAsync(() => api.tokens(), [])
  const [name, setName] = useState('')
  const [expires, setExpires] = useState('90')
  const [created, setCreated] = useState<string | null>(null)
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null)
  const create = useSubmit()
  const revoke = useSubmit()

  async function onCreate(e: FormEvent) {
    e.preventDefault()
    if (!name.trim())
      return create.setFieldErrors({ name: 'Name the token after what uses it, e.g. “Reporting script”' })
    const res = await create.run(() =>
      api.createToken({ name: name.trim(), ...(expires ? { expiresInDays: Number(expires) } : {}) }),
    )
    if (res) {
      setCreated(res.token)
      setName('')
      tokens.reload()
    }
  }

  const list = tokens.data ?? []
  return (
    <>
      <PageHeader
        title="Personal API tokens"
        description={
          <>
            Tokens let scripts use the Townhall API as you: send{' '}
            <code>Authorization: Bearer &lt;token&gt;</code>. They can do what you can do, in every workspace
            you belong to. See the <a href="/api/docs">API reference</a>.
          </>
        }
      />
      <Card title="Create a token">
        {created ? (
          <div className="alert alert-success" role="status">
            <strong>Copy your new token now.</strong>
            <p>For your security it is shown only once. Store it in your script’s secret store.</p>
            <CopyField label="New API token" value={created} />
            <Button size="sm" variant="ghost" onClick={() => setCreated(null)}>
              I have stored it
            </Button>
          </div>
        ) : null}
        <form className="form" onSubmit={onCreate} noValidate>
          <FormAlert
            error={create.error}
            fieldErrors={create.fieldErrors}
            shown={['name', 'expiresInDays']}
          />
          <div className="form-grid form-grid-actions">
            <Field label="Name" error={create.fieldErrors.name}>
              <Input
                placeholder="e.g. Reporting script"
                value={name}
                onChange={(e) => setName(e.target.value)}
              />
            </Field>
            <Field label="Expires after" error={create.fieldErrors.expiresInDays}>
              <select className="select" value={expires} onChange={(e) => setExpires(e.target.value)}>
                {EXPIRY.map((o) => (
                  <option key={o.label} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </Field>
            <Button type="submit" variant="primary" busy={create.busy}>
              Create token
            </Button>
          </div>
        </form>
      </Card>
      <Card title="Your tokens">
        {tokens.loading && !tokens.data ? <Loading /> : null}
        {tokens.error ? <ErrorState error={tokens.error} onRetry={tokens.reload} /> : null}
        {tokens.data && list.length === 0 ? (
          <EmptyState icon={<KeyIcon size={24} />} title="No tokens yet">
            <p>Create one above when a script or integration needs to call the API as you.</p>
          </EmptyState>
        ) : null}
        {list.length ? (
          <ul className="list">
            {list.map((t) => {
              const s = status(t)
              return (
                <li key={t.id} className="list-row">
                  <span className="list-icon">
                    <KeyIcon size={18} />
                  </span>
                  <div className="list-main">
                    <div className="list-title">{t.name}</div>
                    <div className="list-meta">
                      <code>{t.prefix}…</code> · created {formatDate(t.createdAt)} ·{' '}
                      {t.lastUsedAt ? `last used ${formatDate(t.lastUsedAt)}` : 'never used'}
                      {t.expiresAt && !t.revokedAt ? ` · expires ${formatDate(t.expiresAt)}` : ''}
                    </div>
                  </div>
                  <Badge tone={s.tone}>{s.label}</Badge>
                  {s.label === 'Active' ? (
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm btn-danger-text"
                      onClick={() => setRevoking(t)}
                    >
                      Revoke
                    </button>
                  ) : null}
                </li>
              )
            })}
          </ul>
        ) : null}
      </Card>
      <SignOutEverywhereCard tokens={list} onDone={tokens.reload} />
      {revoking ? (
        <ConfirmDialog
          title={`Revoke “${revoking.name}”?`}
          confirmLabel="Revoke token"
          busy={revoke.busy}
          onCancel={() => setRevoking(null)}
          onConfirm={async () => {
            const ok = await revoke.run(() => api.revokeToken(revoking.id).then(() => true))
            if (ok) {
              setRevoking(null)
              tokens.reload()
            }
          }}
        >
          <p>Scripts using this token stop working immediately. This cannot be undone.</p>
          <FormAlert error={revoke.error} fieldErrors={revoke.fieldErrors} />
        </ConfirmDialog>
      ) : null}
    </>
  )
}

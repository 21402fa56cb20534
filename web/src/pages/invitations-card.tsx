import { type FormEvent, useState } from 'react'
import { api, type Invitation, ROLES, type Role } from '../api.js'
import { ConfirmDialog, Dialog } from '../components/dialog.js'
import { MailIcon, PlusIcon } from '../components/icons.js'
import { ROLE_LABEL } from '../components/shell.js'
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
} from '../components/ui.js'
import { formatDate } from '../format.js'
import { useAsync, useSubmit } from '../hooks.js'
import { useWorkspace } from '../session.js'
import { ROLE_DESCRIPTION } from './role-info.js'

function InviteDialog(props: { onClose: () => void; onInvited: () => void }) {
  const ws = useWorkspace()
  const [role, setRole] = useState<Role>('agent')
  const [email, setEmail] = useState('')
  const [created, setCreated] = useState<{ url: string; invitation: Invitation } | null>(null)
  const submit = useSubmit()
  const roles = ROLES.filter((r) => ws.role === 'owner' || r !== 'owner')

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    const res = await submit.run(() =>
      api.invite(ws.id, { role, ...(email.trim() ? { email: email.trim() } : {}) }),
    )
    if (res) {
      setCreated(res)
      props.onInvited()
    }
  }

  if (created) {
    return (
      <Dialog
        title="Invitation link created"
        onClose={props.onClose}
        footer={
          <Button variant="primary" onClick={props.onClose}>
            Done
          </Button>
        }
      >
        <p>
          Send this link to {created.invitation.email ?? 'the person you are inviting'}. They join {ws.name}{' '}
          as <strong>{ROLE_LABEL[created.invitation.role]}</strong>.
        </p>
        <CopyField label="Invitation link" value={created.url} />
        <p className="field-hint">
          For your security the link is shown only now. It works once and expires on{' '}
          {formatDate(created.invitation.expiresAt)}.
        </p>
      </Dialog>
    )
  }

  return (
    <Dialog title="Invite someone" onClose={props.onClose}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <FormAlert error={submit.error} fieldErrors={submit.fieldErrors} shown={['role', 'email']} />
        <Field label="Role" error={submit.fieldErrors.role} hint={ROLE_DESCRIPTION[role]}>
          <select className="select" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABEL[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Email"
          optional
          error={submit.fieldErrors.email}
          hint="Only this address can use the link. Leave empty for a link anyone you send it to can use."
        >
          <Input
            type="email"
            placeholder="dana@example.com"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </Field>
        <div className="form-actions">
          <Button variant="ghost" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={submit.busy}>
            Create invitation link
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

/** "Invite people" button with its dialog. */
export function InviteButton(props: { onInvited: () => void }) {
  const [open, setOpen] = useState(false)
  return (
    <>
      <Button variant="primary" onClick={() => setOpen(true)}>
        <PlusIcon size={16} /> Invite people
      </Button>
      {open ? <InviteDialog onClose={() => setOpen(false)} onInvited={props.onInvited} /> : null}
    </>
  )
}

/** Pending invitation links, each revocable. */
export function InvitationsCard() {
  const ws = useWorkspace()
  const list = useAsync(() => api.invitations(ws.id), [ws.id])
  const [revoking, setRevoking] = useState<Invitation | null>(null)
  const revoke = useSubmit()
  const pending = list.data?.filter((i) => i.status === 'pending') ?? []
  return (
    <Card title="Pending invitations" description="Links that have been sent but not used yet.">
      {list.loading && !list.data ? <Loading /> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      {list.data && pending.length === 0 ? (
        <EmptyState icon={<MailIcon size={24} />} title="No pending invitations">
          <p>Use “Invite people” to create a link for a colleague. It is valid for 7 days.</p>
        </EmptyState>
      ) : null}
      {pending.length ? (
        <ul className="list">
          {pending.map((inv) => (
            <li key={inv.id} className="list-row">
              <span className="list-icon">
                <MailIcon size={18} />
              </span>
              <div className="list-main">
                <div className="list-title">{inv.email ?? 'Anyone with the link'}</div>
                <div className="list-meta">Expires {formatDate(inv.expiresAt)}</div>
              </div>
              <Badge>{ROLE_LABEL[inv.role]}</Badge>
              <button
                type="button"
                className="btn btn-ghost btn-sm btn-danger-text"
                onClick={() => setRevoking(inv)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title="Revoke this invitation?"
          confirmLabel="Revoke link"
          busy={revoke.busy}
          onCancel={() => setRevoking(null)}
          onConfirm={async () => {
            const ok = await revoke.run(() => api.revokeInvitation(ws.id, revoking.id).then(() => true))
            if (ok) {
              setRevoking(null)
              list.reload()
            }
          }}
        >
          <p>
            The link for {revoking.email ?? 'this invitation'} will stop working. You can create a new one at
            any time.
          </p>
          <FormAlert error={revoke.error} fieldErrors={revoke.fieldErrors} />
        </ConfirmDialog>
      ) : null}
    </Card>
  )
}

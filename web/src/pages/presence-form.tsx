import { type FormEvent, useState } from 'react'
import { api, type Member, type Presence, type PresenceKind } from '../api.js'
import { Dialog } from '../components/dialog.js'
import { Avatar, Button, Field, FormAlert, Input } from '../components/ui.js'
import { useSubmit } from '../hooks.js'
import { useWorkspace } from '../session.js'

const FIELDS = ['displayName', 'title', 'avatarUrl', 'memberId', 'kind']

/** Creates or edits a presence. `canReassign` is false for an executive editing their own presence. */
export function PresenceDialog(props: {
  kind: PresenceKind
  presence?: Presence
  members: Member[]
  canReassign: boolean
  onClose: () => void
  onSaved: (p: Presence) => void
}) {
  const ws = useWorkspace()
  const p = props.presence
  const [form, setForm] = useState({
    displayName: p?.displayName ?? '',
    title: p?.title ?? '',
    avatarUrl: p?.avatarUrl ?? '',
    memberId: p?.memberId ?? '',
  })
  const submit = useSubmit()
  const isPerson = props.kind === 'person'
  const set = (k: keyof typeof form) => (v: string) => {
    setForm((f) => ({ ...f, [k]: v }))
    submit.clearField(k)
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault()
    const local: Record<string, string> = {}
    if (!form.displayName.trim())
      local.displayName = isPerson ? 'Enter the person’s name as the public sees it' : 'Enter the brand name'
    if (form.avatarUrl.trim() && !/^https?:\/\/\S+$/.test(form.avatarUrl.trim()))
      local.avatarUrl = 'Use a web address starting with https://'
    if (Object.keys(local).length) return submit.setFieldErrors(local)
    const body = {
      displayName: form.displayName.trim(),
      title: isPerson ? form.title.trim() || null : null,
      avatarUrl: form.avatarUrl.trim() || null,
      ...(isPerson && props.canReassign ? { memberId: form.memberId || null } : {}),
    }
    const saved = await submit.run(() =>
      p ? api.updatePresence(ws.id, p.id, body) : api.createPresence(ws.id, { kind: props.kind, ...body }),
    )
    if (saved) props.onSaved(saved)
  }

  const fe = submit.fieldErrors
  const title = p ? `Edit ${p.displayName}` : isPerson ? 'New person presence' : 'New brand presence'
  return (
    <Dialog title={title} onClose={props.onClose}>
      <form className="form" onSubmit={onSubmit} noValidate>
        {!p && isPerson ? (
          <p className="muted">
            A person presence is a leader who speaks for the company in their own name, such as your CEO. Link
            it to their member account so they can publish and answer as themselves.
          </p>
        ) : null}
        <FormAlert error={submit.error} fieldErrors={fe} shown={FIELDS} />
        <div className="presence-form-preview">
          <Avatar name={form.displayName || '?'} url={form.avatarUrl || null} size={56} square={!isPerson} />
          <div>
            <div className="list-title">{form.displayName || (isPerson ? 'Full name' : 'Brand name')}</div>
            <div className="list-meta">{isPerson ? form.title || 'Title' : 'Brand'}</div>
          </div>
        </div>
        <Field
          label={isPerson ? 'Display name' : 'Brand name'}
          error={fe.displayName}
          hint={isPerson ? 'As the public sees it, e.g. “Dana Ortiz”.' : undefined}
        >
          <Input value={form.displayName} onChange={(e) => set('displayName')(e.target.value)} />
        </Field>
        {isPerson ? (
          <Field label="Title" optional error={fe.title} hint="e.g. “CEO” or “Head of Product”.">
            <Input value={form.title} onChange={(e) => set('title')(e.target.value)} />
          </Field>
        ) : null}
        <Field label="Avatar URL" optional error={fe.avatarUrl} hint="A square image at an https:// address.">
          <Input
            type="url"
            inputMode="url"
            placeholder="https://"
            value={form.avatarUrl}
            onChange={(e) => set('avatarUrl')(e.target.value)}
          />
        </Field>
        {isPerson ? (
          <Field
            label="Linked member"
            optional
            error={fe.memberId}
            hint={
              props.canReassign
                ? 'The teammate this presence belongs to. They can always act on it.'
                : 'Only a manager can change who this presence belongs to.'
            }
          >
            <select
              className="select"
              value={form.memberId}
              disabled={!props.canReassign}
              onChange={(e) => set('memberId')(e.target.value)}
            >
              <option value="">Not linked to a member</option>
              {props.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name} ({m.email})
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <div className="form-actions">
          <Button variant="ghost" onClick={props.onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={submit.busy}>
            {p ? 'Save changes' : 'Create presence'}
          </Button>
        </div>
      </form>
    </Dialog>
  )
}

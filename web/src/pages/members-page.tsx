import { useState } from 'react'
import { api, type Member, ROLES, type Role } from '../api.js'
import { ConfirmDialog } from '../components/dialog.js'
import { PeopleIcon } from '../components/icons.js'
import { ROLE_LABEL } from '../components/shell.js'
import { Avatar, Badge, Card, ErrorState, FormAlert, Loading, PageHeader } from '../components/ui.js'
import { useAsync, useSubmit } from '../hooks.js'
import { useSession, useWorkspace } from '../session.js'
import { InvitationsCard, InviteButton } from './invitations-card.js'
import { ROLE_DESCRIPTION } from './role-info.js'

const RANK: Record<Role, number> = { owner: 5, admin: 4, manager: 3, agent: 2, executive: 2, viewer: 1 }

function MemberRow(props: { member: Member; onChanged: () => void; onRemove: (m: Member) => void }) {
  const { member } = props
  const ws = useWorkspace()
  const { can } = useSession()
  const submit = useSubmit()
  const isMe = member.id === ws.memberId
  // Mirrors the server: only an owner touches owners or makes new ones; nobody edits themself here.
  const manageable = can('members.manage') && !isMe && (ws.role === 'owner' || member.role !== 'owner')
  const options = ROLES.filter((r) => ws.role === 'owner' || RANK[r] < RANK.owner)
  return (
    <li className="list-row member-row">
      <Avatar name={member.name} />
      <div className="list-main">
        <div className="list-title">
          {member.name} {isMe ? <Badge tone="accent">You</Badge> : null}
        </div>
        <div className="list-meta">{member.email}</div>
        {submit.fieldErrors.role || submit.error ? (
          <p className="field-error" role="alert">
            {submit.fieldErrors.role ?? submit.error?.detail ?? submit.error?.title}
          </p>
        ) : null}
      </div>
      <span
        className={`presence-dot ${member.availability}`}
        title={member.availability === 'available' ? 'Available' : 'Away'}
      >
        <span className="sr-only">{member.availability === 'available' ? 'Available' : 'Away'}</span>
      </span>
      <div className="member-controls">
        {manageable ? (
          <>
            <select
              className="select select-sm"
              aria-label={`Role of ${member.name}`}
              value={member.role}
              disabled={submit.busy}
              onChange={async (e) => {
                const role = e.target.value as Role
                const ok = await submit.run(() => api.setMemberRole(ws.id, member.id, role))
                if (ok) props.onChanged()
              }}
            >
              {options.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABEL[r]}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn-ghost btn-sm btn-danger-text"
              onClick={() => props.onRemove(member)}
            >
              Remove
            </button>
          </>
        ) : (
          <Badge>{ROLE_LABEL[member.role]}</Badge>
        )}
      </div>
    </li>
  )
}

/** Members with their roles, and (for those allowed) invitations. */
export function MembersPage() {
  const ws = useWorkspace()
  const { can } = useSession()
  const members = useAsync(() => api.members(ws.id), [ws.id])
  const [removing, setRemoving] = useState<Member | null>(null)
  const remove = useSubmit()
  const [inviteNonce, setInviteNonce] = useState(0)
  const canInvite = can('members.invite')

  return (
    <>
      <PageHeader
        title="Members"
        description={`People who work in ${ws.name}, and what each of them may do.`}
        actions={canInvite ? <InviteButton onInvited={() => setInviteNonce((n) => n + 1)} /> : null}
      />
      <Card
        title="Team"
        description={
          members.data
            ? `${members.data.length} ${members.data.length === 1 ? 'member' : 'members'}`
            : undefined
        }
      >
        {members.loading && !members.data ? <Loading /> : null}
        {members.error ? <ErrorState error={members.error} onRetry={members.reload} /> : null}
        {members.data && members.data.length <= 1 ? (
          <div className="hint-banner">
            <PeopleIcon size={18} />
            <span>
              {canInvite
                ? 'You are the only member so far. Invite your communications team, support agents and the executives who will post.'
                : 'You are the only member so far.'}
            </span>
          </div>
        ) : null}
        {members.data ? (
          <ul className="list">
            {members.data.map((m) => (
              <MemberRow key={m.id} member={m} onChanged={members.reload} onRemove={setRemoving} />
            ))}
          </ul>
        ) : null}
      </Card>
      {canInvite ? <InvitationsCard key={inviteNonce} /> : null}
      <Card title="Roles" description="What each role may do in this workspace.">
        <dl className="role-list">
          {ROLES.map((r) => (
            <div key={r}>
              <dt>{ROLE_LABEL[r]}</dt>
              <dd>{ROLE_DESCRIPTION[r]}</dd>
            </div>
          ))}
        </dl>
      </Card>
      {removing ? (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          confirmLabel="Remove member"
          busy={remove.busy}
          onCancel={() => {
            remove.clear()
            setRemoving(null)
          }}
          onConfirm={async () => {
            const ok = await remove.run(() => api.removeMember(ws.id, removing.id).then(() => true))
            if (ok) {
              setRemoving(null)
              members.reload()
            }
          }}
        >
          <p>
            {removing.name} ({removing.email}) will lose access to {ws.name} immediately. Their presences and
            past work stay. You can invite them again later.
          </p>
          <FormAlert error={remove.error} fieldErrors={remove.fieldErrors} />
        </ConfirmDialog>
      ) : null}
    </>
  )
}

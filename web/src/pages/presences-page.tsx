import { useState } from 'react'
import { api, type Member, type Presence, type PresenceKind } from '../api.js'
import { ConfirmDialog } from '../components/dialog.js'
import { MegaphoneIcon, PlusIcon } from '../components/icons.js'
import {
  Avatar,
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  FormAlert,
  Loading,
  PageHeader,
} from '../components/ui.js'
import { useAsync, useSubmit } from '../hooks.js'
import { Link } from '../router.js'
import { useSession, useWorkspace } from '../session.js'
import { GettingStarted } from './getting-started.js'
import { PresenceDialog } from './presence-form.js'

type Editing = { kind: PresenceKind; presence?: Presence } | null

function PresenceCard(props: {
  presence: Presence
  member?: Member
  canEdit: boolean
  canDelete: boolean
  onEdit: () => void
  onDelete: () => void
}) {
  const { presence: p } = props
  const channels =
    p.channelCount === 0
      ? 'No channels yet'
      : `${p.channelCount} ${p.channelCount === 1 ? 'channel' : 'channels'}`
  return (
    <article className="presence-card" aria-label={p.displayName}>
      <div className="presence-card-head">
        <Avatar name={p.displayName} url={p.avatarUrl} size={48} square={p.kind === 'brand'} />
        <div className="list-main">
          <h3 className="presence-name">{p.displayName}</h3>
          <div className="list-meta">{p.kind === 'brand' ? 'Company account' : p.title || 'No title'}</div>
        </div>
      </div>
      <dl className="presence-facts">
        <div>
          <dt>Channels</dt>
          <dd>
            {channels}
            {p.channelCount === 0 && props.canEdit ? (
              <>
                {' · '}
                <Link href={`/channels?presence=${encodeURIComponent(p.id)}`}>Connect</Link>
              </>
            ) : null}
          </dd>
        </div>
        {p.kind === 'person' ? (
          <div>
            <dt>Belongs to</dt>
            <dd>
              {props.member ? props.member.name : <span className="muted">Not linked to a member</span>}
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Plan</dt>
          <dd>
            <Link href={`/leader/plan/${p.id}`} aria-label={`Strategy and plan of ${p.displayName}`}>
              Strategy and plan
            </Link>
          </dd>
        </div>
      </dl>
      {props.canEdit || props.canDelete ? (
        <div className="presence-actions">
          {props.canEdit ? (
            <Button size="sm" onClick={props.onEdit} aria-label={`Edit ${p.displayName}`}>
              Edit
            </Button>
          ) : null}
          {props.canDelete ? (
            <Button
              size="sm"
              variant="ghost"
              className="btn-danger-text"
              onClick={props.onDelete}
              aria-label={`Delete ${p.displayName}`}
            >
              Delete
            </Button>
          ) : null}
        </div>
      ) : null}
    </article>
  )
}

/** The brand and the people who speak for it. */
export function PresencesPage() {
  const ws = useWorkspace()
  const { can } = useSession()
  const presences = useAsync(() => api.presences(ws.id), [ws.id])
  const members = useAsync(() => api.members(ws.id), [ws.id])
  const [editing, setEditing] = useState<Editing>(null)
  const [deleting, setDeleting] = useState<Presence | null>(null)
  const del = useSubmit()
  const manage = can('presence.manage')
  const memberById = new Map((members.data ?? []).map((m) => [m.id, m]))
  const list = presences.data ?? []
  const brands = list.filter((p) => p.kind === 'brand')
  const people = list.filter((p) => p.kind === 'person')
  // An executive may edit their own person presence even without presence.manage.
  const canEdit = (p: Presence) => manage || (p.memberId !== null && p.memberId === ws.memberId)

  const card = (p: Presence) => (
    <PresenceCard
      key={p.id}
      presence={p}
      member={p.memberId ? memberById.get(p.memberId) : undefined}
      canEdit={canEdit(p)}
      canDelete={manage && p.kind === 'person'}
      onEdit={() => setEditing({ kind: p.kind, presence: p })}
      onDelete={() => setDeleting(p)}
    />
  )

  return (
    <>
      <PageHeader
        title="Presences"
        description="Whom the public sees: your brand, and the leaders who speak in their own name."
        actions={
          manage ? (
            <Button variant="primary" onClick={() => setEditing({ kind: 'person' })}>
              <PlusIcon size={16} /> New presence
            </Button>
          ) : ws.role === 'executive' ? null : (
            <Badge>View only</Badge>
          )
        }
      />
      {can('workspace.settings') ? <GettingStarted /> : null}
      {presences.loading && !presences.data ? <Loading /> : null}
      {presences.error ? <ErrorState error={presences.error} onRetry={presences.reload} /> : null}
      {presences.data ? (
        <>
          <section className="section">
            <h2 className="section-title">Brand</h2>
            {brands.length ? (
              <div className="presence-grid">{brands.map(card)}</div>
            ) : (
              <Card>
                <EmptyState
                  icon={<MegaphoneIcon size={24} />}
                  title="No brand presence"
                  action={
                    manage ? (
                      <Button variant="primary" onClick={() => setEditing({ kind: 'brand' })}>
                        Add the brand
                      </Button>
                    ) : null
                  }
                >
                  <p>The brand presence is how your company itself speaks, e.g. @acme on each network.</p>
                </EmptyState>
              </Card>
            )}
          </section>
          <section className="section">
            <h2 className="section-title">People</h2>
            {people.length ? (
              <div className="presence-grid">{people.map(card)}</div>
            ) : (
              <Card>
                <EmptyState
                  icon={<MegaphoneIcon size={24} />}
                  title="No people yet"
                  action={
                    manage ? (
                      <Button variant="primary" onClick={() => setEditing({ kind: 'person' })}>
                        Add a person
                      </Button>
                    ) : null
                  }
                >
                  <p>
                    Add a presence for each leader who speaks for the company in their own name, such as your
                    CEO, so you can publish as them and answer what the public says to them.
                  </p>
                  {manage ? null : <p className="muted">A manager or admin can add them.</p>}
                </EmptyState>
              </Card>
            )}
          </section>
        </>
      ) : null}
      {editing ? (
        <PresenceDialog
          kind={editing.kind}
          presence={editing.presence}
          members={members.data ?? []}
          canReassign={manage}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            presences.reload()
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.displayName}?`}
          confirmLabel="Delete presence"
          busy={del.busy}
          onCancel={() => {
            del.clear()
            setDeleting(null)
          }}
          onConfirm={async () => {
            const ok = await del.run(() => api.deletePresence(ws.id, deleting.id).then(() => true))
            if (ok) {
              setDeleting(null)
              presences.reload()
            }
          }}
        >
          <p>
            This also disconnects its {deleting.channelCount === 1 ? 'channel' : 'channels'} (
            {deleting.channelCount}). Posts already published stay on the networks.
          </p>
          <FormAlert error={del.error} fieldErrors={del.fieldErrors} />
        </ConfirmDialog>
      ) : null}
    </>
  )
}

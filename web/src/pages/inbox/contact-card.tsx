/** The contact beside the conversation: who they are, their history with us, notes, block, mute and merge. */
import { useEffect, useState } from 'react'
import { Avatar, Button } from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { ContactMerge } from './contact-merge.js'
import { inboxApi } from './inbox-api.js'
import { ago, compactCount } from './inbox-parts.js'

export function ContactCard(props: {
  workspaceId: string
  contactId: string
  conversationId: string
  canEdit: boolean
  onOpen: (conversationId: string) => void
  onChanged: () => void
}) {
  const contact = useAsync(
    () => inboxApi.contact(props.workspaceId, props.contactId),
    [props.workspaceId, props.contactId],
  )
  const [notes, setNotes] = useState('')
  const submit = useSubmit()
  const c = contact.data
  useEffect(() => setNotes(c?.notes ?? ''), [c?.notes])
  if (!c) return <aside className="contact-card" aria-label="Contact" />

  async function patch(p: { notes?: string; blocked?: boolean; muted?: boolean }) {
    const next = await submit.run(() => inboxApi.updateContact(props.workspaceId, props.contactId, p))
    if (next) {
      contact.setData((prev) => ({ ...next, conversations: prev?.conversations ?? [] }))
      props.onChanged()
    }
  }

  return (
    <aside className="contact-card" aria-label="Contact">
      <div className="contact-head">
        <Avatar name={c.name} url={c.avatarUrl} size={48} />
        <div>
          <h3>{c.name}</h3>
          <p className="muted">@{c.handle}</p>
        </div>
      </div>
      <dl className="contact-facts">
        <div>
          <dt>Followers</dt>
          <dd>{compactCount(c.followerCount)}</dd>
        </div>
        <div>
          <dt>Messages</dt>
          <dd>{c.messageCount}</dd>
        </div>
        <div>
          <dt>First seen</dt>
          <dd>{ago(c.firstSeenAt)}</dd>
        </div>
      </dl>
      {c.accounts.length > 1 ? (
        <ul className="contact-accounts" aria-label="Accounts">
          {c.accounts.map((a) => (
            <li key={`${a.network}:${a.remoteId}`}>
              <span className="ichip">{a.network}</span> @{a.handle}
            </li>
          ))}
        </ul>
      ) : null}
      {c.blocked || c.muted ? (
        <p className="contact-flags">
          {c.blocked ? <span className="ichip priority-urgent">blocked</span> : null}
          {c.muted ? <span className="ichip state-chip">muted</span> : null}
        </p>
      ) : null}
      {props.canEdit ? (
        <div className="contact-actions">
          <Button size="sm" onClick={() => patch({ muted: !c.muted })} busy={submit.busy}>
            {c.muted ? 'Unmute' : 'Mute'}
          </Button>
          <Button
            size="sm"
            variant="danger"
            onClick={() => patch({ blocked: !c.blocked })}
            busy={submit.busy}
          >
            {c.blocked ? 'Unblock' : 'Block'}
          </Button>
          <ContactMerge
            workspaceId={props.workspaceId}
            contact={c}
            onMerged={(merged) => {
              contact.setData(merged)
              props.onChanged()
            }}
          />
        </div>
      ) : null}
      <h4>Notes</h4>
      <textarea
        className="input contact-notes"
        aria-label="Contact notes"
        rows={3}
        value={notes}
        disabled={!props.canEdit}
        placeholder="What the team should know about this person"
        onChange={(e) => setNotes(e.target.value)}
        onBlur={() => notes !== c.notes && patch({ notes })}
      />
      <h4>History</h4>
      <ul className="contact-history">
        {c.conversations.map((h) => (
          <li key={h.id} className={h.id === props.conversationId ? 'is-current' : ''}>
            <button type="button" onClick={() => props.onOpen(h.id)} disabled={h.id === props.conversationId}>
              <span className="history-preview">{h.preview}</span>
              <span className="muted">
                {h.state} · {ago(h.lastMessageAt)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  )
}

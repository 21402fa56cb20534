/**
 * "Same person elsewhere?": find the person's account on another network (or a duplicate) and merge
 * it into the contact beside the conversation, so their history with us is one.
 */
import { useEffect, useState } from 'react'
import { Avatar, Button, FormAlert, Input } from '../../components/ui.js'
import { useSubmit } from '../../hooks.js'
import { type ContactDetail, type ContactDto, inboxApi } from './inbox-api.js'
import { compactCount } from './inbox-parts.js'

export function ContactMerge(props: {
  workspaceId: string
  contact: ContactDetail
  onMerged: (merged: ContactDetail) => void
}) {
  const [open, setOpen] = useState(false)
  const [q, setQ] = useState('')
  const [found, setFound] = useState<ContactDto[]>([])
  const submit = useSubmit()
  const { workspaceId, contact } = props

  useEffect(() => {
    if (!open || q.trim().length < 2) {
      setFound([])
      return
    }
    let live = true
    const t = setTimeout(() => {
      inboxApi.contacts(workspaceId, q.trim()).then(
        (list) => live && setFound(list.filter((x) => x.id !== contact.id)),
        () => live && setFound([]),
      )
    }, 200)
    return () => {
      live = false
      clearTimeout(t)
    }
  }, [open, q, workspaceId, contact.id])

  if (!open)
    return (
      <Button size="sm" onClick={() => setOpen(true)}>
        Merge with another account…
      </Button>
    )

  async function merge(source: ContactDto) {
    const merged = await submit.run(() => inboxApi.mergeContact(workspaceId, contact.id, source.id))
    if (!merged) return
    setOpen(false)
    setQ('')
    props.onMerged(merged)
  }

  return (
    <section className="contact-merge" aria-label="Merge contacts">
      <p className="muted">
        The same person on another network, or a duplicate? Their conversations, notes and accounts move to{' '}
        {contact.name}.
      </p>
      <Input
        aria-label="Find the other account"
        placeholder="Name or handle"
        value={q}
        autoFocus
        onChange={(e) => setQ(e.target.value)}
      />
      <FormAlert error={submit.error} />
      <ul className="contact-merge-results">
        {found.map((x) => (
          <li key={x.id}>
            <Avatar name={x.name} url={x.avatarUrl} size={28} />
            <span className="contact-merge-who">
              <strong>{x.name}</strong>
              <span className="muted">
                {x.accounts.map((a) => `${a.network} @${a.handle}`).join(' · ') || `@${x.handle}`} ·{' '}
                {compactCount(x.followerCount)} followers
              </span>
            </span>
            <Button
              className="contact-merge-go"
              size="sm"
              variant="primary"
              busy={submit.busy}
              onClick={() => merge(x)}
            >
              Merge into {contact.name}
            </Button>
          </li>
        ))}
      </ul>
      {q.trim().length >= 2 && found.length === 0 ? <p className="muted">No other contact matches.</p> : null}
      <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
        Cancel
      </Button>
    </section>
  )
}

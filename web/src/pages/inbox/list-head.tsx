/** Above the list: the views button (phones), full-text search ( / ), the shortcut help, people found. */
import { type RefObject, useState } from 'react'
import { Button } from '../../components/ui.js'
import type { ContactDto } from './inbox-api.js'

export function ListHead(props: {
  searchRef: RefObject<HTMLInputElement | null>
  onSearch: (q: string) => void
  onViews: () => void
  onHelp: () => void
  contacts: ContactDto[]
  contactId: string | undefined
  onContact: (id: string) => void
}) {
  const [search, setSearch] = useState('')
  return (
    <>
      <div className="list-head">
        <Button size="sm" variant="ghost" className="views-toggle" onClick={props.onViews}>
          Views
        </Button>
        <form
          className="search-form"
          onSubmit={(e) => {
            e.preventDefault()
            props.onSearch(search.trim())
            props.searchRef.current?.blur()
          }}
        >
          <input
            ref={props.searchRef}
            type="search"
            className="input input-sm"
            aria-label="Search conversations"
            placeholder="Search messages and people  ( / )"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </form>
        <button type="button" className="kbd-help" aria-label="Keyboard shortcuts" onClick={props.onHelp}>
          ?
        </button>
      </div>
      {props.contacts.length ? (
        <div className="people-matches">
          <span className="muted">People:</span>
          {props.contacts.map((c) => (
            <button
              key={c.id}
              type="button"
              className={`chip${props.contactId === c.id ? ' is-active' : ''}`}
              onClick={() => props.onContact(c.id)}
            >
              {c.name} @{c.handle}
            </button>
          ))}
        </div>
      ) : null}
    </>
  )
}

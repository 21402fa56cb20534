/** The left pane: views with unread counts, the filters of the list, saving them as a view, availability. */
import { useState } from 'react'
import { isAssignable, type Member, type Presence } from '../../api.js'
import { Button } from '../../components/ui.js'
import type { ChannelInfo } from '../channels-api.js'
import {
  type ConversationFilters,
  INTENT_LIST,
  PRIORITY_LIST,
  SENTIMENT_LIST,
  STATES,
  type Team,
  type ViewCount,
} from './inbox-api.js'

function one<T extends string>(v: T[] | undefined): string {
  return v?.[0] ?? ''
}

const dateValue = (ms: number | undefined) => (ms ? new Date(ms).toISOString().slice(0, 10) : '')

export function InboxSidebar(props: {
  views: ViewCount[]
  view: string | null
  onView: (id: string | null) => void
  filters: ConversationFilters
  onFilters: (f: ConversationFilters) => void
  onSaveView: (name: string) => Promise<void>
  onDeleteView: (id: string) => void
  members: Member[]
  teams: Team[]
  channels: ChannelInfo[]
  presences: Presence[]
  labels: string[]
  me: Member | undefined
  onAvailability: (a: 'available' | 'away') => void
}) {
  const f = props.filters
  const [saving, setSaving] = useState(false)
  const [name, setName] = useState('')
  const set = (patch: Partial<ConversationFilters>) => {
    const next: ConversationFilters = { ...f, ...patch }
    for (const k of Object.keys(next) as Array<keyof ConversationFilters>)
      if (next[k] === undefined || next[k] === '') delete next[k]
    props.onFilters(next)
  }
  const list = <T extends string>(v: string) => (v ? [v as T] : undefined)
  const active = Object.keys(f).filter((k) => k !== 'q').length
  // Availability steers round robin: only roles that can be assigned conversations have it.
  const assignable = isAssignable(props.me?.role)
  return (
    <nav className="inbox-sidebar" aria-label="Inbox views">
      {assignable ? (
        <div className="availability">
          <span className={`avail-dot avail-${props.me?.availability ?? 'available'}`} aria-hidden="true" />
          <label className="sr-only" htmlFor="inbox-availability">
            Your availability
          </label>
          <select
            id="inbox-availability"
            className="select select-sm"
            value={props.me?.availability ?? 'available'}
            onChange={(e) => props.onAvailability(e.target.value as 'available' | 'away')}
          >
            <option value="available">Available</option>
            <option value="away">Away</option>
          </select>
        </div>
      ) : null}
      <ul className="view-list">
        {props.views.map((v) => (
          <li key={v.id}>
            <button
              type="button"
              className={`view-item${props.view === v.id ? ' is-active' : ''}`}
              aria-current={props.view === v.id ? 'true' : undefined}
              onClick={() => props.onView(v.id)}
              data-view={v.id}
            >
              <span className="view-name">{v.name}</span>
              {v.unread > 0 ? (
                <span className="view-unread" title={`${v.unread} unread`}>
                  {v.unread}
                </span>
              ) : null}
              <span className="view-total">{v.total}</span>
            </button>
            {!v.builtIn ? (
              <button
                type="button"
                className="view-delete"
                aria-label={`Delete view ${v.name}`}
                onClick={() => props.onDeleteView(v.id)}
              >
                ×
              </button>
            ) : null}
          </li>
        ))}
        <li>
          <button
            type="button"
            className={`view-item${props.view === null ? ' is-active' : ''}`}
            onClick={() => props.onView(null)}
          >
            <span className="view-name">Everything</span>
          </button>
        </li>
      </ul>
      <details className="filters" open={active > 0}>
        <summary>Filters{active ? ` (${active})` : ''}</summary>
        <div className="filter-grid">
          <label>
            State
            <select
              className="select select-sm"
              value={one(f.states)}
              onChange={(e) => set({ states: list(e.target.value) })}
            >
              <option value="">Any</option>
              {STATES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Priority
            <select
              className="select select-sm"
              value={one(f.priorities)}
              onChange={(e) => set({ priorities: list(e.target.value) })}
            >
              <option value="">Any</option>
              {PRIORITY_LIST.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Intent
            <select
              className="select select-sm"
              value={one(f.intents)}
              onChange={(e) => set({ intents: list(e.target.value) })}
            >
              <option value="">Any</option>
              {INTENT_LIST.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Sentiment
            <select
              className="select select-sm"
              value={one(f.sentiments)}
              onChange={(e) => set({ sentiments: list(e.target.value) })}
            >
              <option value="">Any</option>
              {SENTIMENT_LIST.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </select>
          </label>
          <label>
            Assignee
            <select
              className="select select-sm"
              value={f.assignee ?? ''}
              onChange={(e) => set({ assignee: e.target.value || undefined })}
            >
              <option value="">Anyone</option>
              <option value="me">Me</option>
              <option value="none">Unassigned</option>
              {props.members.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          {props.teams.length ? (
            <label>
              Team
              <select
                className="select select-sm"
                value={f.teamId ?? ''}
                onChange={(e) => set({ teamId: e.target.value || undefined })}
              >
                <option value="">Any</option>
                {props.teams.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label>
            Label
            <input
              className="input input-sm"
              list="inbox-labels"
              value={f.label ?? ''}
              onChange={(e) => set({ label: e.target.value || undefined })}
            />
            <datalist id="inbox-labels">
              {props.labels.map((l) => (
                <option key={l} value={l} />
              ))}
            </datalist>
          </label>
          <label>
            Channel
            <select
              className="select select-sm"
              value={one(f.channelIds)}
              onChange={(e) => set({ channelIds: list(e.target.value) })}
            >
              <option value="">Any</option>
              {props.channels.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.networkLabel} @{c.handle}
                </option>
              ))}
            </select>
          </label>
          <label>
            Presence
            <select
              className="select select-sm"
              value={one(f.presenceIds)}
              onChange={(e) => set({ presenceIds: list(e.target.value) })}
            >
              <option value="">Any</option>
              {props.presences.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.displayName}
                </option>
              ))}
            </select>
          </label>
          <label>
            From
            <input
              type="date"
              className="input input-sm"
              value={dateValue(f.from)}
              onChange={(e) =>
                set({ from: e.target.value ? Date.parse(`${e.target.value}T00:00:00`) : undefined })
              }
            />
          </label>
          <label>
            Until
            <input
              type="date"
              className="input input-sm"
              value={dateValue(f.to)}
              onChange={(e) =>
                set({
                  to: e.target.value ? Date.parse(`${e.target.value}T00:00:00`) + 86_400_000 : undefined,
                })
              }
            />
          </label>
        </div>
        <div className="filter-actions">
          <Button size="sm" variant="ghost" onClick={() => props.onFilters(f.q ? { q: f.q } : {})}>
            Clear
          </Button>
          {saving ? (
            <form
              className="save-view"
              onSubmit={async (e) => {
                e.preventDefault()
                if (!name.trim()) return
                await props.onSaveView(name.trim())
                setSaving(false)
                setName('')
              }}
            >
              <input
                className="input input-sm"
                aria-label="View name"
                placeholder="View name"
                value={name}
                autoFocus
                onChange={(e) => setName(e.target.value)}
              />
              <Button size="sm" variant="primary" type="submit">
                Save
              </Button>
            </form>
          ) : (
            <Button size="sm" onClick={() => setSaving(true)}>
              Save as view
            </Button>
          )}
        </div>
      </details>
    </nav>
  )
}

/** Dialogs for the actions on a conversation (or a selection): assign, label, snooze. */
import { useState } from 'react'
import type { Member } from '../../api.js'
import { Dialog } from '../../components/dialog.js'
import { Avatar, Button, Field, Input } from '../../components/ui.js'
import type { Team } from './inbox-api.js'

export type AssignTarget = { memberId: string | null } | { teamId: string }

/** Pick a member (or a team, round robin) with the keyboard: type to filter, Enter takes the first. */
export function AssignDialog(props: {
  members: Member[]
  teams: Team[]
  currentMemberId: string | null
  onPick: (t: AssignTarget) => void
  onClose: () => void
}) {
  const [q, setQ] = useState('')
  const ql = q.toLowerCase()
  const members = props.members.filter(
    (m) => m.role !== 'viewer' && m.role !== 'executive' && m.name.toLowerCase().includes(ql),
  )
  const teams = props.teams.filter((t) => t.name.toLowerCase().includes(ql))
  const first: AssignTarget | undefined = members[0]
    ? { memberId: members[0].id }
    : teams[0]
      ? { teamId: teams[0].id }
      : undefined
  return (
    <Dialog title="Assign conversation" onClose={props.onClose}>
      <Field label="Find a person or team">
        <Input
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && first) props.onPick(first)
          }}
        />
      </Field>
      <ul className="pick-list">
        {members.map((m) => (
          <li key={m.id}>
            <button type="button" onClick={() => props.onPick({ memberId: m.id })}>
              <Avatar name={m.name} size={24} />
              <span>{m.name}</span>
              <span className={`avail avail-${m.availability}`}>{m.availability}</span>
              {m.id === props.currentMemberId ? <span className="muted">current</span> : null}
            </button>
          </li>
        ))}
        {teams.map((t) => (
          <li key={t.id}>
            <button type="button" onClick={() => props.onPick({ teamId: t.id })}>
              <span className="team-mark">T</span>
              <span>Team {t.name}</span>
              <span className="muted">next available agent</span>
            </button>
          </li>
        ))}
        <li>
          <button type="button" onClick={() => props.onPick({ memberId: null })}>
            <span className="team-mark">–</span>
            <span>Unassign</span>
          </button>
        </li>
      </ul>
    </Dialog>
  )
}

/** Add a label (Enter), or remove one of the current labels. */
export function LabelDialog(props: {
  labels: string[]
  onAdd: (label: string) => void
  onRemove: (label: string) => void
  onClose: () => void
}) {
  const [label, setLabel] = useState('')
  const add = () => {
    if (!label.trim()) return
    props.onAdd(label.trim())
    setLabel('')
  }
  return (
    <Dialog
      title="Labels"
      onClose={props.onClose}
      footer={
        <Button variant="primary" disabled={!label.trim()} onClick={add}>
          Add label
        </Button>
      }
    >
      <Field label="New label" hint="Press Enter to add">
        <Input
          value={label}
          maxLength={60}
          onChange={(e) => setLabel(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') add()
          }}
        />
      </Field>
      {props.labels.length ? (
        <div className="chip-list">
          {props.labels.map((l) => (
            <span key={l} className="chip">
              {l}
              <button type="button" aria-label={`Remove label ${l}`} onClick={() => props.onRemove(l)}>
                ×
              </button>
            </span>
          ))}
        </div>
      ) : (
        <p className="muted">No labels yet.</p>
      )}
    </Dialog>
  )
}

function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000)
  return d.toISOString().slice(0, 16)
}

/** Snooze until a time; the conversation comes back by itself then (or when the customer writes). */
export function SnoozeDialog(props: { onSnooze: (until: number) => void; onClose: () => void }) {
  const [value, setValue] = useState(() => localInput(Date.now() + 4 * 3_600_000))
  const presets: Array<[string, number]> = [
    ['1 hour', 3_600_000],
    ['4 hours', 4 * 3_600_000],
    ['Tomorrow', 24 * 3_600_000],
  ]
  const until = new Date(value).getTime()
  return (
    <Dialog
      title="Snooze until"
      onClose={props.onClose}
      footer={
        <Button variant="primary" disabled={!(until > Date.now())} onClick={() => props.onSnooze(until)}>
          Snooze
        </Button>
      }
    >
      <div className="preset-row">
        {presets.map(([label, ms]) => (
          <Button key={label} size="sm" onClick={() => props.onSnooze(Date.now() + ms)}>
            {label}
          </Button>
        ))}
      </div>
      <Field label="Date and time">
        <Input type="datetime-local" value={value} onChange={(e) => setValue(e.target.value)} />
      </Field>
    </Dialog>
  )
}

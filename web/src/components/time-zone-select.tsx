import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react'

let zones: string[] | undefined

/** All IANA time zones this browser knows (UTC included). */
export function timeZones(): string[] {
  if (!zones) {
    let list: string[] = []
    try {
      list = Intl.supportedValuesOf('timeZone')
    } catch {
      list = []
    }
    zones = list.includes('UTC') ? list : ['UTC', ...list]
  }
  return zones
}

/** The browser's own time zone, e.g. "Europe/Berlin". */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
}

const offsets = new Map<string, string>()

function offsetLabel(tz: string): string {
  const cached = offsets.get(tz)
  if (cached !== undefined) return cached
  const label = computeOffset(tz)
  offsets.set(tz, label)
  return label
}

function computeOffset(tz: string): string {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'shortOffset' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')
    return part?.value ?? ''
  } catch {
    return ''
  }
}

const pretty = (tz: string) => tz.replaceAll('_', ' ')

/**
 * A searchable select of IANA time zones (a combobox): type to filter, arrows to move, Enter to pick.
 * Receives `id`/`aria-*` from `<Field>`.
 */
export function TimeZoneSelect(props: {
  value: string
  onChange: (tz: string) => void
  id?: string
  disabled?: boolean
  'aria-invalid'?: boolean
  'aria-describedby'?: string
}) {
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const listId = useId()
  const listRef = useRef<HTMLDivElement>(null)
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase().replaceAll(' ', '_')
    const all = timeZones()
    return q ? all.filter((z) => z.toLowerCase().includes(q)) : all
  }, [query])

  useEffect(() => {
    if (!open) return
    const el = listRef.current?.children[active] as HTMLElement | undefined
    el?.scrollIntoView({ block: 'nearest' })
  }, [active, open])

  function pick(tz: string) {
    props.onChange(tz)
    setQuery('')
    setOpen(false)
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setOpen(true)
      setActive((i) => Math.min(i + 1, matches.length - 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((i) => Math.max(i - 1, 0))
    } else if (e.key === 'Enter' && open) {
      e.preventDefault()
      const tz = matches[active]
      if (tz) pick(tz)
    } else if (e.key === 'Escape' && open) {
      // Close only the list, not a dialog around it.
      e.stopPropagation()
      setOpen(false)
      setQuery('')
    }
  }

  return (
    <div className="combobox">
      <input
        id={props.id}
        className="input"
        role="combobox"
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-invalid={props['aria-invalid']}
        aria-describedby={props['aria-describedby']}
        disabled={props.disabled}
        autoComplete="off"
        placeholder={open ? 'Search time zones…' : undefined}
        value={open ? query : `${pretty(props.value)}  (${offsetLabel(props.value)})`}
        onFocus={() => {
          setOpen(true)
          setQuery('')
          setActive(Math.max(0, timeZones().indexOf(props.value)))
        }}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onChange={(e) => {
          setQuery(e.target.value)
          setActive(0)
          setOpen(true)
        }}
        onKeyDown={onKeyDown}
      />
      {open ? (
        <div className="combobox-list" id={listId} role="listbox" ref={listRef}>
          {matches.length === 0 ? <div className="combobox-empty">No time zone matches “{query}”</div> : null}
          {matches.map((tz, i) => (
            <div
              key={tz}
              role="option"
              tabIndex={-1}
              aria-selected={tz === props.value}
              className={`combobox-option${i === active ? ' is-active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault()
                pick(tz)
              }}
              onMouseEnter={() => setActive(i)}
            >
              <span>{pretty(tz)}</span>
              <span className="combobox-meta">{offsetLabel(tz)}</span>
            </div>
          ))}
        </div>
      ) : null}
    </div>
  )
}

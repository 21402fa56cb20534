import { useState } from 'react'
import type { BusinessHours } from '../api.js'
import { PlusIcon } from '../components/icons.js'
import { Button, Toggle } from '../components/ui.js'
import { formatCalendarDate } from '../format.js'

/** Monday first, as most teams read a week; the API numbers days 0 (Sunday) to 6. */
const WEEK = [
  { day: '1', label: 'Monday' },
  { day: '2', label: 'Tuesday' },
  { day: '3', label: 'Wednesday' },
  { day: '4', label: 'Thursday' },
  { day: '5', label: 'Friday' },
  { day: '6', label: 'Saturday' },
  { day: '0', label: 'Sunday' },
]

/** Business hours per weekday, each day a list of ranges; errors arrive keyed `businessHours.days.N[i]`. */
export function BusinessHoursEditor(props: {
  value: BusinessHours
  onChange: (v: BusinessHours) => void
  disabled: boolean
  errors: Record<string, string>
}) {
  const { value, onChange, disabled } = props
  const setDay = (day: string, ranges: BusinessHours['days'][string]) => {
    const days = { ...value.days }
    if (ranges.length) days[day] = ranges
    else delete days[day]
    onChange({ ...value, days })
  }
  return (
    <div className="hours">
      <Toggle
        label="Open around the clock"
        description="Turn on if someone answers at any hour. Response-time targets then count every minute."
        checked={value.alwaysOpen}
        disabled={disabled}
        onChange={(alwaysOpen) => onChange({ ...value, alwaysOpen })}
      />
      {value.alwaysOpen ? null : (
        <div className={`hours-table${disabled ? ' hours-readonly' : ''}`}>
          {WEEK.map(({ day, label }) => {
            const ranges = value.days[day] ?? []
            const open = ranges.length > 0
            const dayErrors = Object.entries(props.errors).filter(([k]) =>
              k.startsWith(`businessHours.days.${day}`),
            )
            return (
              <div key={day} className="hours-row">
                <label className="hours-day">
                  <input
                    type="checkbox"
                    checked={open}
                    disabled={disabled}
                    hidden={disabled}
                    onChange={(e) => setDay(day, e.target.checked ? [['09:00', '17:00']] : [])}
                  />
                  <span>{label}</span>
                </label>
                <div className="hours-ranges">
                  {open ? null : <span className="muted">Closed</span>}
                  {disabled && open ? (
                    <span className="hours-text">{ranges.map(([a, b]) => `${a} – ${b}`).join(', ')}</span>
                  ) : null}
                  {(disabled ? [] : ranges).map(([start, end], i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: ranges have no identity besides their position
                    <div key={i} className="hours-range">
                      <input
                        type="time"
                        className="input input-time"
                        aria-label={`${label} opens`}
                        value={start}
                        disabled={disabled}
                        onChange={(e) =>
                          setDay(
                            day,
                            ranges.map((r, j) => (j === i ? [e.target.value, r[1]] : r)),
                          )
                        }
                      />
                      <span className="muted">to</span>
                      <input
                        type="time"
                        className="input input-time"
                        aria-label={`${label} closes`}
                        value={end}
                        disabled={disabled}
                        onChange={(e) =>
                          setDay(
                            day,
                            ranges.map((r, j) => (j === i ? [r[0], e.target.value] : r)),
                          )
                        }
                      />
                      {disabled ? null : (
                        <button
                          type="button"
                          className="icon-button"
                          aria-label={`Remove ${label} hours ${start}–${end}`}
                          title="Remove these hours"
                          onClick={() =>
                            setDay(
                              day,
                              ranges.filter((_, j) => j !== i),
                            )
                          }
                        >
                          ×
                        </button>
                      )}
                      {!disabled && i === ranges.length - 1 ? (
                        <button
                          type="button"
                          className="icon-button"
                          aria-label={`Add hours on ${label}`}
                          title="Add another range, e.g. after a lunch break"
                          onClick={() => setDay(day, [...ranges, [end < '18:00' ? end : '18:00', '20:00']])}
                        >
                          <PlusIcon size={16} />
                        </button>
                      ) : null}
                    </div>
                  ))}
                  {dayErrors.map(([k, reason]) => (
                    <p key={k} className="field-error" role="alert">
                      {reason}
                    </p>
                  ))}
                </div>
              </div>
            )
          })}
        </div>
      )}
    </div>
  )
}

/** Dates on which the team is closed all day. */
export function HolidaysEditor(props: {
  value: string[]
  onChange: (v: string[]) => void
  disabled: boolean
  errors: Record<string, string>
}) {
  const [date, setDate] = useState('')
  const add = () => {
    if (!date) return
    props.onChange([...new Set([...props.value, date])].sort())
    setDate('')
  }
  const errors = Object.entries(props.errors).filter(([k]) => k.startsWith('holidays'))
  return (
    <div className="holidays">
      {props.value.length === 0 ? (
        <p className="muted">No holidays yet. Add the days your team is closed, such as public holidays.</p>
      ) : null}
      <ul className="chip-list">
        {props.value.map((d) => (
          <li key={d} className="chip">
            <span>{formatCalendarDate(d)}</span>
            {props.disabled ? null : (
              <button
                type="button"
                aria-label={`Remove holiday ${d}`}
                onClick={() => props.onChange(props.value.filter((x) => x !== d))}
              >
                ×
              </button>
            )}
          </li>
        ))}
      </ul>
      {props.disabled ? null : (
        <div className="inline-form">
          <input
            type="date"
            className="input input-date"
            aria-label="Holiday date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                add()
              }
            }}
          />
          <Button onClick={add} disabled={!date}>
            <PlusIcon size={16} /> Add holiday
          </Button>
        </div>
      )}
      {errors.map(([k, reason]) => (
        <p key={k} className="field-error" role="alert">
          {k}: {reason}
        </p>
      ))}
    </div>
  )
}

/** Month and week calendar of scheduled and published posts; drag an entry to another day to reschedule. */
import { useMemo, useRef, useState } from 'react'
import { api } from '../../api.js'
import { Button, ErrorState, PageHeader } from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { Link } from '../../router.js'
import { useWorkspace } from '../../session.js'
import { channelsApi } from '../channels-api.js'
import { type CalendarEntry, publishingApi } from './publishing-api.js'
import { PublishingNav } from './publishing-nav.js'
import { localParts, timeInZone } from './zone-format.js'
import './publishing.css'

const DAY = 86_400_000
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const ymd = (d: Date) => d.toISOString().slice(0, 10)
/** Dates are handled as UTC midnights of calendar days (no zone shifts). */
const parse = (s: string) => new Date(`${s}T00:00:00Z`)
const mondayOf = (d: Date) => new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY)

export function CalendarPage() {
  const ws = useWorkspace()
  const today = localParts(Date.now(), ws.timeZone).date
  const [view, setView] = useState<'month' | 'week'>('month')
  const [anchor, setAnchor] = useState(today)
  const [presenceId, setPresenceId] = useState('')
  const [channelId, setChannelId] = useState('')
  const [state, setState] = useState('')
  const [dropDay, setDropDay] = useState('')
  // The entry being dragged (dataTransfer is not readable during dragover).
  const dragging = useRef('')
  const move = useSubmit()

  const days = useMemo(() => {
    const a = parse(anchor)
    if (view === 'week') {
      const start = mondayOf(a)
      return Array.from({ length: 7 }, (_, i) => ymd(new Date(start.getTime() + i * DAY)))
    }
    const first = new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), 1))
    const start = mondayOf(first)
    return Array.from({ length: 42 }, (_, i) => ymd(new Date(start.getTime() + i * DAY)))
  }, [anchor, view])
  const month = parse(anchor).getUTCMonth()

  const meta = useAsync(async () => {
    const [presences, channels] = await Promise.all([api.presences(ws.id), channelsApi.list(ws.id)])
    return { presences, channels }
  }, [ws.id])
  const entries = useAsync(
    () =>
      publishingApi.calendar(ws.id, {
        from: parse(days[0]!).getTime() - DAY,
        to: parse(days.at(-1)!).getTime() + 2 * DAY,
        presenceId: presenceId || undefined,
        channelId: channelId || undefined,
        state: state || undefined,
      }),
    [ws.id, days, presenceId, channelId, state],
  )

  const byDay = useMemo(() => {
    const m = new Map<string, CalendarEntry[]>()
    for (const e of entries.data ?? []) {
      if (e.at === null) continue
      const d = localParts(e.at, e.timeZone ?? ws.timeZone).date
      m.set(d, [...(m.get(d) ?? []), e])
    }
    for (const list of m.values()) list.sort((a, b) => (a.at ?? 0) - (b.at ?? 0))
    return m
  }, [entries.data, ws.timeZone])

  function shift(n: number) {
    const a = parse(anchor)
    if (view === 'week') setAnchor(ymd(new Date(a.getTime() + n * 7 * DAY)))
    else setAnchor(ymd(new Date(Date.UTC(a.getUTCFullYear(), a.getUTCMonth() + n, 1))))
  }

  async function drop(day: string, data: string) {
    setDropDay('')
    const e = (entries.data ?? []).find((x) => x.deliveryId === data)
    if (!e || e.at === null) return
    const tz = e.timeZone ?? ws.timeZone
    const { date, time } = localParts(e.at, tz)
    if (date === day) return
    const r = await move.run(() =>
      publishingApi.schedule(ws.id, e.postId, { mode: 'at', local: `${day}T${time}`, timeZone: tz }),
    )
    if (r) entries.reload()
  }

  const title =
    view === 'month'
      ? new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
          parse(anchor),
        )
      : `Week of ${new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(parse(days[0]!))}`
  const channels = (meta.data?.channels ?? []).filter((c) => !presenceId || c.presenceId === presenceId)

  return (
    <>
      <PageHeader
        title="Calendar"
        description={`Scheduled and published posts across presences. Drag a scheduled post to another day to move it; times are in each post’s own zone (the workspace’s is ${ws.timeZone.replaceAll('_', ' ')}).`}
        actions={
          <Link className="btn btn-primary" href="/publishing/new">
            New post
          </Link>
        }
      />
      <PublishingNav current="/publishing/calendar" />
      <div className="cal-toolbar">
        <Button
          size="sm"
          onClick={() => shift(-1)}
          aria-label={view === 'month' ? 'Previous month' : 'Previous week'}
        >
          ‹
        </Button>
        <Button size="sm" onClick={() => setAnchor(today)}>
          Today
        </Button>
        <Button size="sm" onClick={() => shift(1)} aria-label={view === 'month' ? 'Next month' : 'Next week'}>
          ›
        </Button>
        <h2>{title}</h2>
        <select
          className="select select-sm"
          aria-label="View"
          value={view}
          onChange={(e) => setView(e.target.value as 'month' | 'week')}
        >
          <option value="month">Month</option>
          <option value="week">Week</option>
        </select>
        <select
          className="select select-sm"
          aria-label="Presence"
          value={presenceId}
          onChange={(e) => {
            setPresenceId(e.target.value)
            setChannelId('')
          }}
        >
          <option value="">All presences</option>
          {(meta.data?.presences ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.displayName}
            </option>
          ))}
        </select>
        <select
          className="select select-sm"
          aria-label="Channel"
          value={channelId}
          onChange={(e) => setChannelId(e.target.value)}
        >
          <option value="">All channels</option>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.networkLabel} @{c.handle}
            </option>
          ))}
        </select>
        <select
          className="select select-sm"
          aria-label="State"
          value={state}
          onChange={(e) => setState(e.target.value)}
        >
          <option value="">Scheduled and published</option>
          <option value="scheduled,approved,in-review">Scheduled</option>
          <option value="published">Published</option>
          <option value="failed,unknown">Needs attention</option>
        </select>
      </div>
      {entries.error ? <ErrorState error={entries.error} onRetry={entries.reload} /> : null}
      {move.error ? <ErrorState error={move.error} /> : null}
      <section
        className={`card cal-grid${view === 'week' ? ' cal-week' : ''}`}
        style={{ padding: 0 }}
        aria-label={title}
      >
        {WEEKDAYS.map((d) => (
          <div className="cal-head" key={d}>
            {d}
          </div>
        ))}
        {days.map((day) => {
          const list = byDay.get(day) ?? []
          const cls = [
            'cal-day',
            view === 'month' && parse(day).getUTCMonth() !== month ? 'is-other' : '',
            day === today ? 'is-today' : '',
            dropDay === day ? 'is-drop' : '',
          ]
          return (
            <section
              key={day}
              className={cls.filter(Boolean).join(' ')}
              aria-label={day}
              data-day={day}
              onDragOver={(e) => {
                if (!dragging.current) return
                e.preventDefault()
                e.dataTransfer.dropEffect = 'move'
                setDropDay(day)
              }}
              onDragLeave={() => setDropDay((d) => (d === day ? '' : d))}
              onDrop={(e) => {
                e.preventDefault()
                drop(day, dragging.current || e.dataTransfer.getData('text/plain'))
                dragging.current = ''
              }}
            >
              <span className="cal-date">{Number(day.slice(8))}</span>
              {list.map((e) => {
                const movable = e.deliveryState === 'queued' || e.deliveryState === 'draft'
                return (
                  <Link
                    key={e.deliveryId}
                    href={`/publishing/posts/${e.postId}`}
                    className={`cal-entry is-${e.deliveryState}`}
                    draggable={movable}
                    title={`${e.title} · ${e.network} @${e.handle}`}
                    onDragStart={(ev) => {
                      dragging.current = e.deliveryId
                      ev.dataTransfer.setData('text/plain', e.deliveryId)
                      ev.dataTransfer.effectAllowed = 'move'
                    }}
                    onDragEnd={() => {
                      dragging.current = ''
                      setDropDay('')
                    }}
                  >
                    <time>{e.at !== null ? timeInZone(e.at, e.timeZone ?? ws.timeZone) : ''}</time>
                    <span className="cal-entry-title">{e.title}</span>
                    <span className="cal-entry-handle">@{e.handle}</span>
                  </Link>
                )
              })}
            </section>
          )
        })}
      </section>
    </>
  )
}

/** Publish now, at a local time in an IANA zone, or in the next free queue slot. */
import { useState } from 'react'
import { TimeZoneSelect } from '../../components/time-zone-select.js'
import { Button, Field, FormAlert, Input } from '../../components/ui.js'
import { useSubmit } from '../../hooks.js'
import { useWorkspace } from '../../session.js'
import { type Post, publishingApi } from './publishing-api.js'
import { SectionCard } from './section-card.js'
import { formatInZone } from './zone-format.js'

export function ScheduleCard(props: { post: Post; onChange: (p: Post) => void }) {
  const ws = useWorkspace()
  const { post } = props
  const s = post.schedule
  const [mode, setMode] = useState<'now' | 'at' | 'queue'>(s?.mode ?? 'at')
  const [local, setLocal] = useState(s?.local ?? '')
  const [timeZone, setTimeZone] = useState(s?.timeZone ?? ws.timeZone)
  const act = useSubmit()
  const approved = post.approvalState === 'approved'
  const done = ['published', 'publishing'].includes(post.state)

  async function save() {
    if (mode === 'at' && !local) return act.setFieldErrors({ local: 'Choose the date and time' })
    const r = await act.run(() =>
      mode === 'now' && approved
        ? publishingApi.publishNow(ws.id, post.id)
        : publishingApi.schedule(ws.id, post.id, mode === 'at' ? { mode, local, timeZone } : { mode }),
    )
    if (r) props.onChange(r)
  }

  return (
    <SectionCard
      title="Schedule"
      description={
        post.publishedAt
          ? `Went out ${formatInZone(post.publishedAt, s?.timeZone ?? ws.timeZone)}`
          : s?.at
            ? `Goes out ${formatInZone(s.at, s.timeZone ?? ws.timeZone)}${approved ? '' : ' once approved'}`
            : approved
              ? 'Approved and ready. Choose when it goes out.'
              : 'Choose when it goes out; it waits for approval first.'
      }
    >
      <FormAlert error={act.error} fieldErrors={act.fieldErrors} shown={['local', 'timeZone']} />
      {done ? null : (
        <>
          <div className="schedule-modes" role="radiogroup" aria-label="When">
            <label>
              <input type="radio" name="mode" checked={mode === 'now'} onChange={() => setMode('now')} />
              Publish now{approved ? '' : ' (as soon as it is approved)'}
            </label>
            <label>
              <input type="radio" name="mode" checked={mode === 'at'} onChange={() => setMode('at')} />
              At a date and time
            </label>
            <label>
              <input type="radio" name="mode" checked={mode === 'queue'} onChange={() => setMode('queue')} />
              In the next free queue slot
            </label>
          </div>
          {mode === 'at' ? (
            <>
              <Field label="Date and time" error={act.fieldErrors.local}>
                <Input type="datetime-local" value={local} onChange={(e) => setLocal(e.target.value)} />
              </Field>
              <Field label="Time zone" error={act.fieldErrors.timeZone}>
                <TimeZoneSelect value={timeZone} onChange={setTimeZone} />
              </Field>
            </>
          ) : null}
          <div className="composer-actions" style={{ marginTop: 16, marginBottom: 0 }}>
            <Button variant="primary" busy={act.busy} onClick={save}>
              {mode === 'now' ? 'Publish now' : s?.at ? 'Reschedule' : 'Schedule'}
            </Button>
            {s ? (
              <Button
                variant="ghost"
                onClick={async () => {
                  const r = await act.run(() => publishingApi.unschedule(ws.id, post.id))
                  if (r) props.onChange(r)
                }}
              >
                Take off the schedule
              </Button>
            ) : null}
          </div>
        </>
      )}
    </SectionCard>
  )
}

/** Queue slots per channel: the times "next free slot" picks from (e.g. weekdays 09:00 and 15:00). */
import { useState } from 'react'
import { TimeZoneSelect } from '../../components/time-zone-select.js'
import { Button, EmptyState, ErrorState, FormAlert, Input, Loading, PageHeader } from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { Link } from '../../router.js'
import { useSession, useWorkspace } from '../../session.js'
import { type ChannelInfo, channelsApi } from '../channels-api.js'
import { publishingApi, type QueueSlots } from './publishing-api.js'
import { PublishingNav } from './publishing-nav.js'
import './publishing.css'
import { SectionCard } from './section-card.js'

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

export function QueueSlotsPage() {
  const ws = useWorkspace()
  const channels = useAsync(() => channelsApi.list(ws.id), [ws.id])
  return (
    <>
      <PageHeader
        title="Queue slots"
        description="“Next free queue slot” picks the first of these times that no post of the channel uses yet."
      />
      <PublishingNav current="/publishing/queue" />
      {channels.error ? <ErrorState error={channels.error} onRetry={channels.reload} /> : null}
      {channels.loading && !channels.data ? <Loading /> : null}
      {channels.data?.length === 0 ? (
        <div className="card">
          <EmptyState title="No channels yet">
            <p>
              <Link href="/channels">Connect a channel</Link> first; each channel has its own slots.
            </p>
          </EmptyState>
        </div>
      ) : null}
      {(channels.data ?? []).map((c) => (
        <ChannelSlots key={c.id} channel={c} />
      ))}
    </>
  )
}

function ChannelSlots({ channel }: { channel: ChannelInfo }) {
  const ws = useWorkspace()
  const { can } = useSession()
  const data = useAsync(() => publishingApi.slots(ws.id, channel.id), [ws.id, channel.id])
  return (
    <SectionCard title={`${channel.networkLabel} @${channel.handle}`}>
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : null}
      {data.data ? (
        <SlotsForm initial={data.data} channelId={channel.id} editable={can('channel.manage')} />
      ) : null}
    </SectionCard>
  )
}

function SlotsForm(props: { initial: QueueSlots; channelId: string; editable: boolean }) {
  const ws = useWorkspace()
  const [slots, setSlots] = useState(props.initial.slots)
  const [tz, setTz] = useState(props.initial.timeZone)
  const [saved, setSaved] = useState(false)
  const save = useSubmit()
  return (
    <>
      <FormAlert error={save.error} fieldErrors={save.fieldErrors} />
      {props.initial.isDefault ? (
        <p className="muted">Using the default slots: weekdays 09:00 and 15:00.</p>
      ) : null}
      {slots.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
        <div className="slot-row" key={i}>
          <select
            className="select select-sm"
            aria-label={`Slot ${i + 1} day`}
            value={s.weekday}
            disabled={!props.editable}
            onChange={(e) =>
              setSlots(slots.map((x, j) => (j === i ? { ...x, weekday: Number(e.target.value) } : x)))
            }
          >
            {DAYS.map((d, n) => (
              <option key={d} value={n}>
                {d}
              </option>
            ))}
          </select>
          <Input
            type="time"
            className="input input-time"
            aria-label={`Slot ${i + 1} time`}
            value={s.time}
            disabled={!props.editable}
            onChange={(e) => setSlots(slots.map((x, j) => (j === i ? { ...x, time: e.target.value } : x)))}
          />
          {props.editable ? (
            <Button size="sm" variant="ghost" onClick={() => setSlots(slots.filter((_, j) => j !== i))}>
              Remove
            </Button>
          ) : null}
        </div>
      ))}
      {props.editable ? (
        <>
          <div style={{ maxWidth: 360 }}>
            <label className="field-label">Time zone of the slots</label>
            <TimeZoneSelect value={tz} onChange={setTz} />
          </div>
          <div className="composer-actions" style={{ marginTop: 12, marginBottom: 0 }}>
            <Button size="sm" onClick={() => setSlots([...slots, { weekday: 1, time: '09:00' }])}>
              Add a slot
            </Button>
            <Button
              size="sm"
              variant="primary"
              busy={save.busy}
              onClick={async () => {
                setSaved(false)
                const r = await save.run(() => publishingApi.setSlots(ws.id, props.channelId, slots, tz))
                if (r) setSaved(true)
              }}
            >
              Save slots
            </Button>
            {saved ? <span className="muted">Saved.</span> : null}
          </div>
        </>
      ) : null}
    </>
  )
}

/** Per-channel delivery state: scheduled, publishing, published with the link, failed, unknown. */
import { useState } from 'react'
import { Badge, Button, FormAlert, Input } from '../../components/ui.js'
import { useSubmit } from '../../hooks.js'
import { useSession, useWorkspace } from '../../session.js'
import type { ChannelInfo } from '../channels-api.js'
import { DELIVERY_LABELS, type Delivery, type Post, publishingApi, stateTone } from './publishing-api.js'
import { SectionCard } from './section-card.js'
import { formatInZone } from './zone-format.js'

export function DeliveriesCard(props: { post: Post; channels: ChannelInfo[]; onChange: (p: Post) => void }) {
  return (
    <SectionCard title="Channels" description="Where this post goes, and how each one went.">
      {props.post.deliveries.map((d) => (
        <DeliveryRow key={d.id} {...props} delivery={d} />
      ))}
    </SectionCard>
  )
}

function DeliveryRow(props: {
  post: Post
  delivery: Delivery
  channels: ChannelInfo[]
  onChange: (p: Post) => void
}) {
  const ws = useWorkspace()
  const { can } = useSession()
  const d = props.delivery
  const ch = props.channels.find((c) => c.id === d.channelId)
  const label = ch ? `${ch.networkLabel} @${ch.handle}` : d.network
  const tz = props.post.schedule?.timeZone ?? ws.timeZone
  const act = useSubmit()
  const [url, setUrl] = useState('')
  const [marking, setMarking] = useState(false)
  const run = async (f: () => Promise<Post>) => {
    const r = await act.run(f)
    if (r) props.onChange(r)
  }
  return (
    <section className="delivery" aria-label={label}>
      <div className="delivery-head">
        <strong>{label}</strong>
        <Badge tone={stateTone(d.state)}>
          {d.state === 'draft' && props.post.schedule && props.post.approvalState !== 'approved'
            ? 'Waiting for approval'
            : DELIVERY_LABELS[d.state]}
        </Badge>
      </div>
      {d.state === 'queued' && d.runAt ? <p className="muted">Goes out {formatInZone(d.runAt, tz)}</p> : null}
      {d.state === 'publishing' ? <p className="muted">Sending now…</p> : null}
      {d.state === 'published' ? (
        <p>
          Published{d.publishedAt ? ` ${formatInZone(d.publishedAt, tz)}` : ''}.{' '}
          {d.url ? (
            <a href={d.url} target="_blank" rel="noreferrer">
              View the post on {ch?.networkLabel ?? d.network}
            </a>
          ) : null}
        </p>
      ) : null}
      <FormAlert error={act.error} fieldErrors={act.fieldErrors} shown={['url']} />
      {d.state === 'held' ? <p className="field-error">{d.error}</p> : null}
      {d.state === 'failed' ? (
        <>
          <p className="field-error">{d.error ?? 'It could not be published.'}</p>
          {can('post.publish') ? (
            <div className="delivery-actions">
              <Button
                size="sm"
                busy={act.busy}
                onClick={() => run(() => publishingApi.retry(ws.id, props.post.id, d.id))}
              >
                Retry
              </Button>
            </div>
          ) : null}
        </>
      ) : null}
      {d.state === 'unknown' ? (
        <>
          <p className="muted">
            The network did not confirm whether this went out. Check {label}, then tell Townhall what
            happened; it never re-sends on its own.
          </p>
          {can('post.publish') ? (
            <div className="delivery-actions">
              <Button size="sm" onClick={() => setMarking((m) => !m)}>
                Mark as published
              </Button>
              <Button
                size="sm"
                busy={act.busy}
                onClick={() =>
                  run(() => publishingApi.resolve(ws.id, props.post.id, d.id, { outcome: 'resend' }))
                }
              >
                Re-send
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() =>
                  run(() => publishingApi.resolve(ws.id, props.post.id, d.id, { outcome: 'not-published' }))
                }
              >
                It was not published
              </Button>
            </div>
          ) : null}
          {marking ? (
            <div className="delivery-actions">
              <Input
                aria-label="Link of the published post"
                placeholder="https://"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
              />
              <Button
                size="sm"
                variant="primary"
                onClick={() =>
                  run(() => publishingApi.resolve(ws.id, props.post.id, d.id, { outcome: 'published', url }))
                }
              >
                Save link
              </Button>
            </div>
          ) : null}
          {act.fieldErrors.url ? <p className="field-error">{act.fieldErrors.url}</p> : null}
        </>
      ) : null}
    </section>
  )
}

/** Signed outgoing webhooks for post published / failed / unknown, with their delivery log. */
import { useState } from 'react'
import { ConfirmDialog } from '../../components/dialog.js'
import {
  Badge,
  Button,
  CopyField,
  EmptyState,
  ErrorState,
  Field,
  FormAlert,
  Input,
  Loading,
  PageHeader,
} from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { useSession, useWorkspace } from '../../session.js'
import { publishingApi, type Webhook } from './publishing-api.js'
import { PublishingNav } from './publishing-nav.js'
import { SectionCard } from './section-card.js'
import './publishing.css'
import { Time } from '../../components/time.js'

const EVENTS = [
  ['post.published', 'A post was published'],
  ['post.failed', 'A post failed'],
  ['post.unknown', 'A post’s outcome is unknown'],
  ['conversation.sla_breached', 'A conversation missed its response target'],
] as const
const eventLabel = (e: string) => EVENTS.find(([k]) => k === e)?.[1] ?? e

export function WebhooksPage() {
  const ws = useWorkspace()
  const { can } = useSession()
  const list = useAsync(() => publishingApi.webhooks(ws.id), [ws.id])
  const [url, setUrl] = useState('')
  const [events, setEvents] = useState<Array<(typeof EVENTS)[number][0]>>(EVENTS.map(([e]) => e))
  const [secret, setSecret] = useState('')
  const [removing, setRemoving] = useState<Webhook | null>(null)
  const [log, setLog] = useState<string>('')
  const save = useSubmit()
  if (!can('workspace.settings'))
    return (
      <>
        <PageHeader title="Webhooks" />
        <PublishingNav current="/publishing/webhooks" />
        <div className="card">
          <EmptyState title="Only owners and admins manage webhooks" />
        </div>
      </>
    )
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Tell other systems when a post is published, fails or needs a decision. Every request is signed with HMAC-SHA256."
      />
      <PublishingNav current="/publishing/webhooks" />
      <SectionCard title="Add a webhook">
        <FormAlert error={save.error} fieldErrors={save.fieldErrors} shown={['url', 'events']} />
        <form
          noValidate
          onSubmit={async (e) => {
            e.preventDefault()
            if (!/^https?:\/\//.test(url)) return save.setFieldErrors({ url: 'Enter an http(s) address' })
            if (!events.length) return save.setFieldErrors({ events: 'Choose at least one event' })
            const r = await save.run(() => publishingApi.createWebhook(ws.id, { url, events }))
            if (r) {
              setSecret(r.secret)
              setUrl('')
              list.reload()
            }
          }}
        >
          <Field label="Address" error={save.fieldErrors.url}>
            <Input type="url" placeholder="https://" value={url} onChange={(e) => setUrl(e.target.value)} />
          </Field>
          <fieldset className="channel-picker" style={{ marginBottom: 16 }}>
            <legend className="field-label">Events</legend>
            {EVENTS.map(([ev, label]) => (
              <label className="channel-option" key={ev}>
                <input
                  type="checkbox"
                  checked={events.includes(ev)}
                  onChange={(e) =>
                    setEvents(e.target.checked ? [...events, ev] : events.filter((x) => x !== ev))
                  }
                />
                {label}
              </label>
            ))}
            {save.fieldErrors.events ? <p className="field-error">{save.fieldErrors.events}</p> : null}
          </fieldset>
          <Button type="submit" variant="primary" busy={save.busy}>
            Add webhook
          </Button>
        </form>
        {secret ? (
          <div className="alert alert-success" style={{ marginTop: 16 }}>
            <strong>Copy the signing secret now; it is shown only once.</strong>
            <CopyField label="Signing secret" value={secret} />
          </div>
        ) : null}
      </SectionCard>
      <SectionCard title="Webhooks">
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.loading && !list.data ? <Loading /> : null}
        {list.data?.length === 0 ? (
          <EmptyState title="No webhooks yet">Add one above to be told when posts go out.</EmptyState>
        ) : null}
        {(list.data ?? []).map((w) => (
          <div key={w.id} className="delivery">
            <div className="delivery-head">
              <strong className="input-mono">{w.url}</strong>
              <span>
                <Badge tone={w.active ? 'success' : 'neutral'}>{w.active ? 'Active' : 'Paused'}</Badge>{' '}
                <Button size="sm" onClick={() => setLog(log === w.id ? '' : w.id)}>
                  {log === w.id ? 'Hide log' : 'Delivery log'}
                </Button>{' '}
                <Button size="sm" variant="ghost" onClick={() => setRemoving(w)}>
                  Delete
                </Button>
              </span>
            </div>
            <p className="muted">{w.events.map(eventLabel).join(' · ')}</p>
            {log === w.id ? <DeliveryLog webhookId={w.id} /> : null}
          </div>
        ))}
      </SectionCard>
      {removing ? (
        <ConfirmDialog
          title="Delete this webhook?"
          confirmLabel="Delete webhook"
          onCancel={() => setRemoving(null)}
          onConfirm={async () => {
            await save.run(() => publishingApi.removeWebhook(ws.id, removing.id))
            setRemoving(null)
            list.reload()
          }}
        >
          <p>{removing.url} stops receiving events, and its delivery log is deleted.</p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}

function DeliveryLog({ webhookId }: { webhookId: string }) {
  const ws = useWorkspace()
  const log = useAsync(() => publishingApi.webhookDeliveries(ws.id, webhookId), [ws.id, webhookId])
  if (log.error) return <ErrorState error={log.error} onRetry={log.reload} />
  if (!log.data) return <Loading />
  if (!log.data.length) return <p className="muted">Nothing sent yet.</p>
  return (
    <ol className="timeline">
      {log.data.map((d) => (
        <li key={d.id}>
          <strong>{eventLabel(d.event)}</strong>{' '}
          <Badge tone={d.state === 'delivered' ? 'success' : d.state === 'failed' ? 'danger' : 'warning'}>
            {d.state}
          </Badge>{' '}
          {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
          {d.lastStatus ? ` · HTTP ${d.lastStatus}` : ''}
          {d.lastError ? ` · ${d.lastError}` : ''}
          <Time ms={d.createdAt} />
        </li>
      ))}
    </ol>
  )
}

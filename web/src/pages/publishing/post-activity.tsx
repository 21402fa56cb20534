/** Comments with @mentions, and the history of every change and state of a post. */
import { useState } from 'react'
import type { Member } from '../../api.js'
import { Time } from '../../components/time.js'
import { Button, Field, FormAlert } from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { useWorkspace } from '../../session.js'
import { publishingApi } from './publishing-api.js'
import { SectionCard } from './section-card.js'

const handle = (m: Member) => m.email.split('@')[0]!

function withMentions(text: string) {
  return text.split(/(@[\w.+-]+)/g).map((s, i) =>
    s.startsWith('@') ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: static split of one string
      <span className="mention" key={i}>
        {s}
      </span>
    ) : (
      s
    ),
  )
}

export function CommentsCard(props: { postId: string; members: Member[] }) {
  const ws = useWorkspace()
  const list = useAsync(() => publishingApi.comments(ws.id, props.postId), [ws.id, props.postId])
  const [body, setBody] = useState('')
  const send = useSubmit()
  const query = /@([\w.+-]*)$/.exec(body)?.[1]
  const suggestions =
    query !== undefined
      ? props.members.filter(
          (m) => handle(m).startsWith(query) || m.name.toLowerCase().startsWith(query.toLowerCase()),
        )
      : []
  async function submit() {
    if (!body.trim()) return send.setFieldErrors({ body: 'Write a comment first' })
    const mentions = props.members.filter((m) => body.includes(`@${handle(m)}`)).map((m) => m.id)
    const r = await send.run(() => publishingApi.comment(ws.id, props.postId, body.trim(), mentions))
    if (r) {
      setBody('')
      list.reload()
    }
  }
  return (
    <SectionCard title="Comments">
      {list.data?.length ? (
        <div>
          {list.data.map((c) => (
            <div className="comment" key={c.id}>
              <strong>{c.authorName}</strong> <Time className="muted" ms={c.createdAt} />
              <p>{withMentions(c.body)}</p>
            </div>
          ))}
        </div>
      ) : list.loading ? null : (
        <p className="muted">No comments yet. Ask a question or mention someone with @.</p>
      )}
      <FormAlert error={send.error} fieldErrors={send.fieldErrors} shown={['body']} />
      <Field
        label="Add a comment"
        error={send.fieldErrors.body}
        hint="Type @ to mention a member; they are notified."
      >
        <textarea className="input" rows={2} value={body} onChange={(e) => setBody(e.target.value)} />
      </Field>
      {suggestions.length ? (
        <div className="chip-list">
          {suggestions.slice(0, 6).map((m) => (
            <button
              type="button"
              className="chip"
              key={m.id}
              onClick={() => setBody((b) => b.replace(/@[\w.+-]*$/, `@${handle(m)} `))}
            >
              {m.name} @{handle(m)}
            </button>
          ))}
        </div>
      ) : null}
      <Button busy={send.busy} onClick={submit}>
        Comment
      </Button>
    </SectionCard>
  )
}

const ACTIONS: Record<string, string> = {
  created: 'Drafted',
  edited: 'Edited',
  'schedule-set': 'Schedule set',
  resending: 'Sending again',
  resolved: 'Outcome decided',
  submitted: 'Sent for approval',
  approved: 'Approved',
  'changes-requested': 'Asked for changes',
  scheduled: 'Scheduled',
  unscheduled: 'Taken off the schedule',
  published: 'Published',
  failed: 'Failed',
  unknown: 'Outcome unknown',
  duplicated: 'Duplicated',
  deleted: 'Deleted',
  retried: 'Retried',
  commented: 'Commented',
}

function detail(data: Record<string, unknown>, channelName: (id: string) => string, tz: string): string {
  const bits: string[] = []
  if (typeof data.channelId === 'string') bits.push(channelName(data.channelId))
  if (typeof data.local === 'string' && data.local)
    bits.push(`for ${data.local.replace('T', ' ')} (${String(data.timeZone ?? tz).replaceAll('_', ' ')})`)
  else if (data.mode === 'now') bits.push('to go out now')
  else if (data.mode === 'queue') bits.push('in the next queue slot')
  if (data.via === 'link') bits.push('through the email link')
  if (typeof data.comment === 'string') bits.push(`“${data.comment}”`)
  if (typeof data.message === 'string') bits.push(data.message)
  if (typeof data.reason === 'string') bits.push(data.reason)
  return bits.length ? ` · ${bits.join(' · ')}` : ''
}

export function HistoryCard(props: {
  postId: string
  revision: number
  state: string
  channelName: (id: string) => string
}) {
  const ws = useWorkspace()
  const list = useAsync(
    () => publishingApi.history(ws.id, props.postId),
    [ws.id, props.postId, props.revision, props.state],
  )
  return (
    <SectionCard title="History">
      <ol className="timeline">
        {(list.data ?? []).map((h) => (
          <li key={h.id}>
            <strong>{ACTIONS[h.action] ?? h.action.replaceAll('-', ' ').replaceAll('.', ' ')}</strong>
            {h.actor ? ` by ${h.actor.name}` : ''}
            {detail(h.data, props.channelName, ws.timeZone)}
            <Time ms={h.at} />
          </li>
        ))}
      </ol>
    </SectionCard>
  )
}

import { useEffect, useState } from 'react'
import { Badge, Button, Card, ErrorState, FormAlert, Loading, PageHeader } from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { Link } from '../../router.js'
import { useWorkspace } from '../../session.js'
import { duration, type PracticeSessionView, rhythmApi } from './digest-api.js'

const TONE: Record<string, 'success' | 'accent' | 'danger'> = {
  friendly: 'success',
  curious: 'accent',
  hostile: 'danger',
}

function Banner() {
  return (
    <p className="alert alert-warning" role="note" data-practice-banner>
      <strong>PRACTICE</strong> A simulated public on the Sandbox. Nothing you write here reaches a real
      network.
    </p>
  )
}

function AnswerBox(props: { onSend: (text: string) => Promise<unknown>; label: string }) {
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  const send = useSubmit()
  if (!open)
    return (
      <Button size="sm" variant="ghost" onClick={() => setOpen(true)}>
        Answer here
      </Button>
    )
  return (
    <div style={{ marginTop: 6 }}>
      <textarea
        aria-label={props.label}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={3}
        style={{ width: '100%', boxSizing: 'border-box' }}
      />
      <FormAlert error={send.error} />
      <Button
        size="sm"
        variant="primary"
        busy={send.busy}
        disabled={!text.trim()}
        onClick={async () => {
          if ((await send.run(() => props.onSend(text.trim()))) !== undefined) setOpen(false)
        }}
      >
        Send reply
      </Button>
    </div>
  )
}

function Running(props: {
  s: PracticeSessionView
  ws: string
  presenceId: string
  onFinished: (s: PracticeSessionView) => void
}) {
  const [s, setS] = useState(props.s)
  const finish = useSubmit()
  useEffect(() => {
    if (s.state !== 'running') return
    const timer = window.setInterval(() => {
      rhythmApi.practiceGet(props.ws, props.presenceId, s.id).then(setS, () => {})
    }, 1500)
    return () => window.clearInterval(timer)
  }, [s.id, s.state, props.ws, props.presenceId])
  const arrived = s.messages.filter((m) => m.deliveredAt !== null)
  return (
    <Card
      title={`PRACTICE session: ${arrived.length} of ${s.messages.length} messages arrived`}
      description={
        <>
          Answer them in the <Link href="/inbox">inbox</Link> (the PRACTICE presence) or right here, as you
          would in public. Finish when you are done.
        </>
      }
    >
      <ul style={{ padding: 0 }} data-practice-messages>
        {arrived.map((m) => (
          <li key={m.position} style={{ listStyle: 'none', marginBottom: 10 }}>
            <Badge tone={TONE[m.tone]}>{m.tone}</Badge> {m.text}{' '}
            {m.replied ? (
              <Badge tone="success">answered</Badge>
            ) : (
              <AnswerBox
                label={`Your answer to message ${m.position + 1}`}
                onSend={async (text) =>
                  setS(await rhythmApi.practiceReply(props.ws, props.presenceId, s.id, m.position, text))
                }
              />
            )}
          </li>
        ))}
      </ul>
      <FormAlert error={finish.error} />
      <Button
        variant="primary"
        busy={finish.busy}
        onClick={async () => {
          const r = await finish.run(() => rhythmApi.practiceFinish(props.ws, props.presenceId, s.id))
          if (r) props.onFinished(r)
        }}
      >
        Finish practice
      </Button>
    </Card>
  )
}

function Results(props: { s: PracticeSessionView }) {
  const r = props.s.results
  if (!r) return null
  return (
    <Card title="Your PRACTICE results" className="practice-results">
      <dl style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '4px 12px' }}>
        <dt>Replies given</dt>
        <dd data-result="replies">
          {r.replies} of {r.messages} messages
        </dd>
        <dt>Median response time</dt>
        <dd data-result="median">{duration(r.medianResponseMs)}</dd>
        <dt>Tone of your replies</dt>
        <dd data-result="tone">
          {r.replyTone.positive} positive · {r.replyTone.neutral} neutral · {r.replyTone.negative} negative
        </dd>
      </dl>
      <h3>Suggestions</h3>
      <ul data-result="suggestions">
        {r.suggestions.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
      <h3>Each message</h3>
      <ul style={{ padding: 0 }}>
        {r.exchanges.map((x) => (
          <li key={x.position} style={{ listStyle: 'none', marginBottom: 8 }}>
            <Badge tone={TONE[x.tone]}>{x.tone}</Badge> {x.text}
            <br />
            <small>
              {x.responseMs === null
                ? 'No reply'
                : `Answered after ${duration(x.responseMs)} (${x.replyTone ?? 'neutral'}): “${x.replyText}”`}
            </small>
          </li>
        ))}
      </ul>
    </Card>
  )
}

/** Practice on the Sandbox: a scripted public (friendly, curious, hostile) and results with suggestions. */
export function PracticePage(props: { presenceId: string }) {
  const ws = useWorkspace()
  const sessions = useAsync(() => rhythmApi.practiceList(ws.id, props.presenceId), [ws.id, props.presenceId])
  const start = useSubmit()
  const [current, setCurrent] = useState<PracticeSessionView | null>(null)
  if (sessions.error) return <ErrorState error={sessions.error} onRetry={sessions.reload} />
  if (!sessions.data) return <Loading />
  const running = current ?? sessions.data.find((s) => s.state === 'running') ?? null
  const speed = Number(new URLSearchParams(window.location.search).get('speed') ?? '1') || 1
  return (
    <>
      <PageHeader
        title="PRACTICE on the Sandbox"
        description="Try answering the public before going live: a few minutes of simulated messages, then your figures."
        actions={
          running?.state === 'running' ? null : (
            <Button
              variant="primary"
              busy={start.busy}
              onClick={async () => {
                const r = await start.run(() => rhythmApi.practiceStart(ws.id, props.presenceId, { speed }))
                if (r) setCurrent(r)
              }}
            >
              Start practice
            </Button>
          )
        }
      />
      <Banner />
      <FormAlert error={start.error} />
      {running?.state === 'running' ? (
        <Running
          key={running.id}
          s={running}
          ws={ws.id}
          presenceId={props.presenceId}
          onFinished={(s) => {
            setCurrent(s)
            sessions.reload()
          }}
        />
      ) : null}
      {running?.state === 'finished' ? <Results s={running} /> : null}
      {sessions.data.filter((s) => s.state === 'finished' && s.id !== running?.id).length > 0 ? (
        <Card title="Earlier PRACTICE sessions">
          <ul style={{ paddingLeft: 18 }}>
            {sessions.data
              .filter((s) => s.state === 'finished' && s.id !== running?.id)
              .map((s) => (
                <li key={s.id}>
                  <button type="button" className="btn btn-ghost btn-sm" onClick={() => setCurrent(s)}>
                    {new Date(s.startedAt).toLocaleString()}: {s.results?.replies ?? 0} of{' '}
                    {s.results?.messages ?? 0} answered, median{' '}
                    {duration(s.results?.medianResponseMs ?? null)}
                  </button>
                </li>
              ))}
          </ul>
        </Card>
      ) : null}
    </>
  )
}

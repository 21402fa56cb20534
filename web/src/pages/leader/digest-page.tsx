import { useState } from 'react'
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  FormAlert,
  Loading,
  PageHeader,
} from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { Link } from '../../router.js'
import { useWorkspace } from '../../session.js'
import { type DigestView, duration, NUDGE_LABELS, type Nudge, percent, rhythmApi } from './digest-api.js'

const DAY = 24 * 3600_000
const MUTE_FOR = [
  { label: 'for a day', ms: DAY },
  { label: 'for a week', ms: 7 * DAY },
  { label: 'until I unmute', ms: null },
] as const

function NudgeCard(props: {
  nudge: Nudge
  ws: string
  presenceId: string
  canManage: boolean
  onChange: () => void
}) {
  const { nudge: n, ws, presenceId } = props
  const act = useSubmit()
  const [muting, setMuting] = useState(false)
  const [done, setDone] = useState<string | null>(null)
  return (
    <li className="card" style={{ listStyle: 'none', margin: '0 0 12px' }} data-nudge={n.kind}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <Badge tone={n.kind === 'negative-surge' ? 'danger' : 'warning'}>{NUDGE_LABELS[n.kind]}</Badge>
      </div>
      <p>
        <strong>Why: </strong>
        {n.why}
      </p>
      <FormAlert error={act.error} />
      {done ? (
        <p className="alert alert-success" role="status">
          {done}
        </p>
      ) : null}
      {props.canManage ? (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          {n.kind === 'cadence-behind' && Array.isArray(n.data.drafts)
            ? (n.data.drafts as Array<{ postId: string; title: string }>).map((d) => (
                <Link
                  key={d.postId}
                  className="btn btn-secondary btn-sm"
                  href={`/publishing/posts/${d.postId}`}
                >
                  Ready: {d.title}
                </Link>
              ))
            : null}
          {n.kind === 'negative-surge' ? (
            <>
              <Button
                size="sm"
                variant="danger"
                busy={act.busy}
                onClick={async () => {
                  if (await act.run(() => rhythmApi.act(ws, presenceId, n.id, 'freeze'))) {
                    setDone('Scheduled posts are held until the freeze is lifted.')
                    props.onChange()
                  }
                }}
              >
                Freeze scheduled posts
              </Button>
              <Button
                size="sm"
                busy={act.busy}
                onClick={async () => {
                  const r = await act.run(() => rhythmApi.act(ws, presenceId, n.id, 'draft-statement'))
                  if (r?.postId) setDone('A statement draft is ready in Publishing.')
                }}
              >
                Draft a statement
              </Button>
            </>
          ) : null}
          <Button
            size="sm"
            variant="ghost"
            busy={act.busy}
            onClick={async () => {
              if (await act.run(() => rhythmApi.dismiss(ws, presenceId, n.id))) props.onChange()
            }}
          >
            Dismiss
          </Button>
          {muting ? (
            MUTE_FOR.map((m) => (
              <Button
                key={m.label}
                size="sm"
                variant="ghost"
                onClick={async () => {
                  const until = m.ms === null ? null : Date.now() + m.ms
                  if (await act.run(() => rhythmApi.mute(ws, presenceId, n.kind, until))) props.onChange()
                }}
              >
                Mute {m.label}
              </Button>
            ))
          ) : (
            <Button size="sm" variant="ghost" onClick={() => setMuting(true)}>
              Mute this kind…
            </Button>
          )}
        </div>
      ) : null}
    </li>
  )
}

function Sections(props: { d: DigestView; ws: string; isLeader: boolean; reload: () => void }) {
  const { d, ws } = props
  const approve = useSubmit()
  const s = d.public.sentiment
  const total = Math.max(1, s.positive + s.neutral + s.negative)
  const last = d.scorecard.lastWeek
  return (
    <>
      <Card title={`Drafts waiting for your approval (${d.drafts.length})`}>
        <FormAlert error={approve.error} />
        {d.drafts.length === 0 ? (
          <p>Nothing waits for {props.isLeader ? 'you' : d.presence.displayName}.</p>
        ) : (
          <ul style={{ padding: 0 }}>
            {d.drafts.map((x) => (
              <li key={x.postId} style={{ listStyle: 'none', marginBottom: 12 }} data-draft={x.postId}>
                <strong>{x.title}</strong> {x.pillarName ? <Badge tone="accent">{x.pillarName}</Badge> : null}
                <div style={{ marginTop: 6 }}>
                  {props.isLeader ? (
                    <Button
                      variant="primary"
                      busy={approve.busy}
                      onClick={async () => {
                        const r = await approve.run(() =>
                          rhythmApi.approveLink(ws, d.presence.presenceId, x.postId),
                        )
                        if (r) window.location.assign(r.url)
                      }}
                    >
                      Approve in one tap
                    </Button>
                  ) : (
                    <Link href={`/publishing/posts/${x.postId}`}>Open the post</Link>
                  )}
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title={`People waiting for an answer (${d.questions.length})`}>
        {d.questions.length === 0 ? (
          <p>Nobody is waiting.</p>
        ) : (
          <ul style={{ paddingLeft: 18 }}>
            {d.questions.map((q) => (
              <li key={q.conversationId}>
                <Link href={`/inbox/${q.conversationId}`}>{q.from}</Link> waiting {duration(q.waitingMs)}: “
                {q.text}”
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card
        title="What the public said this week"
        description="Learn: volume, mood and the three most telling messages."
      >
        <p>
          <strong>{d.public.volume}</strong> messages · {s.positive} positive · {s.neutral} neutral ·{' '}
          {s.negative} negative
        </p>
        <div
          role="img"
          aria-label={`${s.positive} positive, ${s.neutral} neutral, ${s.negative} negative`}
          style={{ display: 'flex', height: 10, borderRadius: 5, overflow: 'hidden', background: '#eee' }}
        >
          <span style={{ width: `${(100 * s.positive) / total}%`, background: '#1a7f37' }} />
          <span style={{ width: `${(100 * s.neutral) / total}%`, background: '#9ca3af' }} />
          <span style={{ width: `${(100 * s.negative) / total}%`, background: '#be123c' }} />
        </div>
        {d.public.telling.map((m) => (
          <blockquote
            key={m.messageId}
            style={{ margin: '12px 0', paddingLeft: 10, borderLeft: '3px solid #ccc' }}
          >
            “{m.text}” <br />
            <small>
              {m.author} · {m.followers} followers · {m.sentiment ?? 'neutral'}
            </small>
          </blockquote>
        ))}
      </Card>
      <Card
        title="Scorecard"
        actions={<Link href={`/leader/scorecard/${d.presence.presenceId}`}>Full scorecard</Link>}
      >
        <p>
          Consistency <strong>{percent(d.scorecard.consistency)}</strong>
          {d.scorecard.target
            ? ` (${d.scorecard.weeksMeetingTarget} of 12 weeks at ${d.scorecard.target.postsPerWeek} posts and ${d.scorecard.target.repliesPerWeek} replies)`
            : ' (no cadence target in the plan yet)'}
        </p>
        {last ? (
          <p>
            Last week: {last.posts} posts, {last.replies} replies, median response{' '}
            {duration(last.medianResponseMs)}
          </p>
        ) : null}
      </Card>
    </>
  )
}

/** The leader's weekly digest in the app: readable on a phone in two minutes. */
export function DigestPage(props: { presenceId: string }) {
  const ws = useWorkspace()
  const digest = useAsync(() => rhythmApi.digest(ws.id, props.presenceId), [ws.id, props.presenceId])
  const send = useSubmit()
  const [sent, setSent] = useState<string | null>(null)
  if (digest.error) return <ErrorState error={digest.error} onRetry={digest.reload} />
  if (!digest.data) return <Loading />
  const d = digest.data
  const isLeader = d.presence.memberId === ws.memberId
  const isAdmin = ws.role === 'owner' || ws.role === 'admin'
  const open = d.nudges
  return (
    <>
      <PageHeader
        title={`Your week, ${d.presence.displayName}`}
        description={
          <>
            Week of {d.week}.{' '}
            {d.lastSent
              ? `Last sent ${new Date(d.lastSent.sentAt).toLocaleString()}${d.lastSent.emailed ? ' by email' : ''}.`
              : ''}{' '}
            <Link href={`/leader/practice/${d.presence.presenceId}`}>Practise on the Sandbox</Link>
          </>
        }
        actions={
          isAdmin ? (
            <Button
              busy={send.busy}
              onClick={async () => {
                const r = await send.run(() => rhythmApi.sendDigest(ws.id, props.presenceId))
                if (r) {
                  setSent(
                    r.emailed
                      ? 'Sent in the app and by email.'
                      : 'Sent in the app (email is not configured).',
                  )
                  digest.reload()
                }
              }}
            >
              Send now
            </Button>
          ) : null
        }
      />
      <FormAlert error={send.error} />
      {sent ? (
        <p className="alert alert-success" role="status">
          {sent}
        </p>
      ) : null}
      {open.length > 0 ? (
        <Card
          title="Worth your attention"
          description="Nudges say why they were sent; mute any kind you do not want."
        >
          <ul style={{ padding: 0 }}>
            {open.map((n) => (
              <NudgeCard
                key={n.id}
                nudge={n}
                ws={ws.id}
                presenceId={props.presenceId}
                canManage={isLeader || isAdmin || ws.role === 'manager'}
                onChange={digest.reload}
              />
            ))}
          </ul>
        </Card>
      ) : null}
      <Sections d={d} ws={ws.id} isLeader={isLeader} reload={digest.reload} />
      {d.mutes.length > 0 ? (
        <Card title="Muted nudges">
          <ul style={{ paddingLeft: 18 }}>
            {d.mutes.map((m) => (
              <li key={m.kind}>
                {NUDGE_LABELS[m.kind]}{' '}
                {m.until ? `until ${new Date(m.until).toLocaleString()}` : 'until unmuted'}{' '}
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={async () => {
                    await rhythmApi.unmute(ws.id, props.presenceId, m.kind)
                    digest.reload()
                  }}
                >
                  Unmute
                </Button>
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
      {d.drafts.length === 0 && d.questions.length === 0 && open.length === 0 ? (
        <EmptyState title="All caught up">Nothing needs you this week.</EmptyState>
      ) : null}
    </>
  )
}

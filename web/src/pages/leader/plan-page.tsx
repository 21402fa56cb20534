/** The plan on one screen: audiences and networks, cadence, pillars (and which are neglected), rhythm, guardrails, freeze, history. */
import { useState } from 'react'
import { AUDIENCE_TEXT, BENEFIT_TEXT, WEEKDAYS } from '../../../../src/shared/strategy-suggest.js'
import { api } from '../../api.js'
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorState,
  FormAlert,
  Input,
  Loading,
  PageHeader,
} from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { Link } from '../../router.js'
import { useWorkspace } from '../../session.js'
import { channelsApi } from '../channels-api.js'
import { FIELD_LABELS, strategyApi } from './strategy-api.js'
import '../../styles/leader.css'
import { Time } from '../../components/time.js'

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function PlanPage(props: { presenceId: string }) {
  const ws = useWorkspace()
  const state = useAsync(async () => {
    const [plan, history, presences, channels, members] = await Promise.all([
      strategyApi.plan(ws.id, props.presenceId),
      strategyApi.history(ws.id, props.presenceId),
      api.presences(ws.id),
      channelsApi.list(ws.id),
      api.members(ws.id),
    ])
    return { plan, history, presence: presences.find((p) => p.id === props.presenceId), channels, members }
  }, [ws.id, props.presenceId])
  if (state.loading && !state.data) return <Loading />
  if (state.error || !state.data) return <ErrorState error={state.error!} onRetry={state.reload} />
  const { plan, history, presence, channels, members } = state.data
  const s = plan.strategy
  const name = presence?.displayName ?? 'Presence'
  const channel = (id: string) => {
    const c = channels.find((x) => x.id === id)
    return c ? `${c.networkLabel} @${c.handle}` : 'a removed channel'
  }
  const member = (id: string | null) => members.find((m) => m.id === id)?.name ?? null
  const edit = (
    <Link className="btn btn-secondary" href={`/leader/strategy/${props.presenceId}`}>
      {s ? 'Edit plan' : 'Set up the strategy'}
    </Link>
  )
  return (
    <div className="leader-page">
      <PageHeader
        title={`Plan for ${name}`}
        description={s ? `Version ${s.version}` : undefined}
        actions={edit}
      />
      <FreezeCard ws={ws.id} presenceId={props.presenceId} freeze={plan.freeze} onChange={state.reload} />
      {!s ? (
        <EmptyState title="No plan yet" action={edit}>
          Ten minutes of questions turn into a plan you can read on one screen.
        </EmptyState>
      ) : (
        <div className="plan-grid">
          <Card title="Why">
            <p>{s.goals.statement || 'No statement yet.'}</p>
            <ul className="plain-list">
              {s.benefits.map((b) => (
                <li key={b}>
                  <strong>{BENEFIT_TEXT[b].label}.</strong> {BENEFIT_TEXT[b].text}
                </li>
              ))}
            </ul>
          </Card>
          <Card title="Networks per audience">
            <ul className="plain-list" aria-label="Networks per audience">
              {s.audiences.map((a) => (
                <li key={a.key}>
                  <strong>{AUDIENCE_TEXT[a.key]}</strong> <Badge>{a.visibility}</Badge>
                  <div className="muted">
                    {a.channelIds.length ? a.channelIds.map(channel).join(', ') : 'No network chosen'}
                  </div>
                </li>
              ))}
            </ul>
          </Card>
          <Card title="Cadence target">
            <p className="plan-cadence">
              <strong>{s.cadence.postsPerWeek}</strong> posts and <strong>{s.cadence.repliesPerWeek}</strong>{' '}
              replies a week
            </p>
            <p className="muted">
              {s.hoursPerWeek} h a week
              {s.helpers.length > 0
                ? `; helped by ${s.helpers.map((h) => `${member(h.memberId) ?? 'someone'} (${h.role})`).join(', ')}`
                : ''}
              {s.companyResources.used ? `. Company resources: ${s.companyResources.disclosure}` : ''}
            </p>
          </Card>
          <Card title="Content pillars" description="Posts tagged with each pillar in the last four weeks.">
            <ul className="plain-list" aria-label="Content pillars">
              {s.pillars.map((p) => {
                const u = plan.pillarUsage.find((x) => x.key === p.key)
                return (
                  <li key={p.key} data-pillar={p.key}>
                    <strong>{p.name}</strong> <span className="muted">{u?.posts ?? 0} posts</span>{' '}
                    {u?.neglected ? <Badge tone="warning">Neglected</Badge> : null}
                    <div className="muted">e.g. {p.example}</div>
                  </li>
                )
              })}
            </ul>
          </Card>
          <Card title="Weekly rhythm">
            <ul className="plain-list">
              {s.rhythm.map((r, n) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rhythm slots have no id
                <li key={`${r.weekday}-${r.time}-${n}`}>
                  <strong>
                    {WEEKDAYS[r.weekday]} {r.time}
                  </strong>{' '}
                  {r.activity}
                </li>
              ))}
            </ul>
          </Card>
          <Card title="Guardrails">
            <p>
              Second approval ({member(s.guardrails.secondApproverMemberId) ?? 'any manager'}) for:{' '}
              {s.guardrails.flaggedTerms.length ? s.guardrails.flaggedTerms.join(', ') : 'no terms'}
            </p>
            {s.guardrails.avoidTopics.length ? (
              <p>Topics to avoid: {s.guardrails.avoidTopics.join(', ')}</p>
            ) : null}
            <ul className="plain-list">
              {s.guardrails.quietPeriods.map((q) => (
                <li key={q.from}>
                  Quiet {day(q.from)} to {day(q.to - 1)}: {q.reason}
                </li>
              ))}
            </ul>
          </Card>
          <Card title="History">
            <ol className="plain-list" aria-label="Plan history">
              {history.map((v) => (
                <li key={v.version}>
                  <strong>Version {v.version}</strong> · {v.updatedByName ?? 'someone'} ·{' '}
                  <Time ms={v.updatedAt} />
                  <div className="muted">
                    {v.version === 1
                      ? 'First plan'
                      : `Changed ${v.changed.map((c) => FIELD_LABELS[c] ?? c).join(', ')}`}
                  </div>
                </li>
              ))}
            </ol>
          </Card>
        </div>
      )}
    </div>
  )
}

function FreezeCard(props: {
  ws: string
  presenceId: string
  freeze: import('./strategy-api.js').FreezeView | null
  onChange: () => void
}) {
  const [reason, setReason] = useState('')
  const [note, setNote] = useState<string | null>(null)
  const act = useSubmit()
  const f = props.freeze
  if (f)
    return (
      <div className="alert alert-error freeze-banner" role="status">
        <strong>Publishing is frozen</strong>
        <p>
          Since <Time ms={f.since} /> by {f.byName ?? 'someone'}: {f.reason}. Scheduled posts are held; when
          you lift the freeze they go out at their time, or right away if it has passed.
        </p>
        {act.error ? <FormAlert error={act.error} /> : null}
        <Button
          variant="primary"
          busy={act.busy}
          onClick={async () => {
            const r = await act.run(() => strategyApi.lift(props.ws, props.presenceId))
            if (r) {
              setNote(`Freeze lifted; ${r.released} held posts released.`)
              props.onChange()
            }
          }}
        >
          Lift freeze
        </Button>
      </div>
    )
  return (
    <Card title="Crisis freeze" description="Holds every scheduled post of this presence until you lift it.">
      {note ? <p className="alert alert-success">{note}</p> : null}
      {act.error ? <FormAlert error={act.error} /> : null}
      <form
        className="inline-form"
        onSubmit={async (e) => {
          e.preventDefault()
          const r = await act.run(() => strategyApi.freeze(props.ws, props.presenceId, reason))
          if (r) {
            setReason('')
            setNote(null)
            props.onChange()
          }
        }}
      >
        <Input
          aria-label="Why freeze"
          placeholder="Why (e.g. outage at a customer site)"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
        />
        <Button type="submit" variant="danger" busy={act.busy}>
          Freeze publishing
        </Button>
      </form>
    </Card>
  )
}

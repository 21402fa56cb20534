import { Badge, Card, ErrorState, Loading, PageHeader } from '../../components/ui.js'
import { useAsync } from '../../hooks.js'
import { Link } from '../../router.js'
import { useWorkspace } from '../../session.js'
import { duration, type LeaderRef, percent, rhythmApi, type Scorecard } from './digest-api.js'

const TREND: Record<string, { label: string; tone: 'success' | 'danger' | 'neutral' }> = {
  better: { label: '▲ better', tone: 'success' },
  worse: { label: '▼ worse', tone: 'danger' },
  flat: { label: '▬ steady', tone: 'neutral' },
}

function Trend(props: { t: string | null }) {
  if (!props.t) return <Badge>not enough data</Badge>
  const x = TREND[props.t]!
  return <Badge tone={x.tone}>{x.label}</Badge>
}

function growthText(g: Record<string, number | null>): string {
  const parts = Object.entries(g).map(([n, v]) => `${n} ${v === null ? '–' : v >= 0 ? `+${v}` : v}`)
  return parts.length ? parts.join(', ') : '–'
}

/** One presence's scorecard: headline figures with trend, and the 12 weeks. */
export function ScorecardView(props: { card: Scorecard; compact?: boolean }) {
  const c = props.card
  const max = Math.max(1, ...c.weeks.map((w) => w.posts))
  return (
    <Card
      title={c.presence.displayName}
      description={
        c.target
          ? `Plan: ${c.target.postsPerWeek} posts and ${c.target.repliesPerWeek} replies a week`
          : 'No cadence target yet'
      }
      actions={
        props.compact ? <Link href={`/leader/scorecard/${c.presence.presenceId}`}>Open</Link> : undefined
      }
    >
      <dl
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(7em, 1fr) 1.5fr auto',
          gap: '4px 12px',
          alignItems: 'center',
        }}
      >
        <dt>Consistency</dt>
        <dd data-score="consistency">
          {percent(c.consistency)}{' '}
          {c.weeksMeetingTarget !== null ? `(${c.weeksMeetingTarget} of 12 weeks)` : ''}
        </dd>
        <Trend t={c.trend.posts} />
        <dt>Replies given</dt>
        <dd>{c.totals.replies}</dd>
        <Trend t={c.trend.replies} />
        <dt>Median response</dt>
        <dd>{duration(c.totals.medianResponseMs)}</dd>
        <Trend t={c.trend.medianResponseMs} />
        <dt>Audience growth</dt>
        <dd>{growthText(c.totals.followerGrowth)}</dd>
        <span />
        <dt>Engagement per post</dt>
        <dd>{c.totals.engagementPerPost === null ? '–' : c.totals.engagementPerPost.toFixed(1)}</dd>
        <Trend t={c.trend.engagementPerPost} />
        <dt>Sentiment of mentions</dt>
        <dd>
          {c.totals.sentiment.positive} positive · {c.totals.sentiment.neutral} neutral ·{' '}
          {c.totals.sentiment.negative} negative
        </dd>
        <Trend t={c.trend.netSentiment} />
      </dl>
      {props.compact ? null : (
        <div style={{ overflowX: 'auto' }}>
          <table className="table" style={{ width: '100%', fontSize: '0.9rem' }}>
            <thead>
              <tr>
                <th>Week of</th>
                <th>Posts</th>
                <th>Replies</th>
                <th>On plan</th>
                <th>Median response</th>
                <th>Engagement / post</th>
                <th>Mentions + / −</th>
              </tr>
            </thead>
            <tbody>
              {c.weeks.map((w) => (
                <tr key={w.week}>
                  <td>
                    {w.week}
                    {w.partial ? ' (so far)' : ''}
                  </td>
                  <td>
                    <span
                      aria-hidden="true"
                      style={{
                        display: 'inline-block',
                        width: `${(40 * w.posts) / max}px`,
                        height: 8,
                        background: '#4338ca',
                        marginRight: 4,
                      }}
                    />
                    {w.posts}
                  </td>
                  <td>{w.replies}</td>
                  <td>{w.meetsTarget === null ? '–' : w.meetsTarget ? 'yes' : w.partial ? '…' : 'no'}</td>
                  <td>{duration(w.medianResponseMs)}</td>
                  <td>{w.engagementPerPost === null ? '–' : w.engagementPerPost.toFixed(1)}</td>
                  <td>
                    {w.sentiment.positive} / {w.sentiment.negative}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  )
}

export function ScorecardPage(props: { presenceId: string }) {
  const ws = useWorkspace()
  const card = useAsync(() => rhythmApi.scorecard(ws.id, props.presenceId), [ws.id, props.presenceId])
  if (card.error) return <ErrorState error={card.error} />
  if (!card.data) return <Loading />
  return (
    <>
      <PageHeader title="Scorecard" description="The last 12 weeks, Monday to Sunday, and the week so far." />
      <ScorecardView card={card.data} />
    </>
  )
}

/** The leaders, with links to each one's digest, scorecard and practice; admins see the team's scorecards. */
export function ScorecardTeamPage() {
  const ws = useWorkspace()
  const leaders = useAsync(() => rhythmApi.leaders(ws.id), [ws.id])
  const team = useAsync(() => rhythmApi.team(ws.id).catch(() => [] as Scorecard[]), [ws.id])
  if (leaders.error) return <ErrorState error={leaders.error} />
  if (!leaders.data) return <Loading />
  return (
    <>
      <PageHeader
        title="Leaders’ weekly rhythm"
        description="Digest, scorecard and practice for every leader."
      />
      <Card title="Leaders">
        {leaders.data.length === 0 ? (
          <p>No person presence belongs to a member yet.</p>
        ) : (
          <ul style={{ padding: 0 }}>
            {leaders.data.map((l: LeaderRef) => (
              <li key={l.presenceId} style={{ listStyle: 'none', marginBottom: 8 }}>
                <strong>{l.displayName}</strong> · <Link href={`/leader/digest/${l.presenceId}`}>Digest</Link>{' '}
                · <Link href={`/leader/scorecard/${l.presenceId}`}>Scorecard</Link> ·{' '}
                <Link href={`/leader/practice/${l.presenceId}`}>Practice</Link>
              </li>
            ))}
          </ul>
        )}
      </Card>
      {(team.data ?? []).map((c) => (
        <ScorecardView key={c.presence.presenceId} card={c} compact />
      ))}
    </>
  )
}

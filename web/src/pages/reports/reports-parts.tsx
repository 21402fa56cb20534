/** Parts of the reports page: the drill-down panel, a report table with its CSV link, the digest toggle. */
import { useState } from 'react'
import { Time } from '../../components/time.js'
import { Badge, Button, Card, ErrorState, Loading, Toggle } from '../../components/ui.js'
import { useAsync } from '../../hooks.js'
import { Link } from '../../router.js'
import {
  type DrillPage,
  type DrillRef,
  formatValue,
  type Period,
  type PresenceDrillPage,
  type ReportKind,
  reportsApi,
  type Table,
} from './reports-api.js'

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

export function DrillPanel(props: {
  wid: string
  kind: ReportKind
  period: Period
  drill: { ref: DrillRef; label: string }
  onClose: () => void
}) {
  const { ref } = props.drill
  const state = useAsync<{ kind: 'care'; page: DrillPage } | { kind: 'presence'; page: PresenceDrillPage }>(
    () =>
      props.kind === 'care'
        ? reportsApi.careDrill(props.wid, props.period, ref).then((p) => ({ kind: 'care' as const, page: p }))
        : reportsApi
            .presenceDrill(props.wid, props.period, ref)
            .then((p) => ({ kind: 'presence' as const, page: p })),
    [props.wid, props.kind, props.period.from, props.period.to, JSON.stringify(ref)],
  )
  return (
    <Card
      title={`Behind “${props.drill.label}”`}
      description={
        state.data
          ? plural(state.data.page.total, props.kind === 'care' ? 'conversation' : 'post')
          : undefined
      }
      actions={
        <Button size="sm" onClick={props.onClose}>
          Close
        </Button>
      }
      className="drill-panel"
    >
      {state.loading ? <Loading /> : null}
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      {state.data?.kind === 'care' ? (
        <ul className="list drill-list" aria-label="Conversations">
          {state.data.page.items.map((it) => (
            <li key={it.conversationId} className="list-row">
              <div className="list-main">
                <Link href={`/inbox/${encodeURIComponent(it.conversationId)}`}>
                  {it.preview || '(no text)'}
                </Link>
                <div className="list-meta">
                  <Time ms={it.createdAt} /> · {it.state}
                  {it.value !== null ? ` · ${formatValue(it.value, 'ms')}` : ''}
                </div>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
      {state.data?.kind === 'presence' ? (
        <ul className="list drill-list" aria-label="Posts">
          {state.data.page.items.map((it) => (
            <li key={it.deliveryId} className="list-row">
              <div className="list-main">
                <Link href={`/publishing/posts/${encodeURIComponent(it.postId)}`}>
                  {it.title || '(untitled post)'}
                </Link>
                <div className="list-meta">
                  @{it.channelHandle} · <Time ms={it.publishedAt} /> · {it.likes} likes · {it.reposts} reposts
                  · {it.replies} replies · {it.quotes} quotes
                </div>
              </div>
              <Badge tone="accent">{it.engagement}</Badge>
            </li>
          ))}
        </ul>
      ) : null}
      {state.data && state.data.page.items.length === 0 ? (
        <p className="field-hint">Nothing behind this figure in the period.</p>
      ) : null}
    </Card>
  )
}

export function ReportTable(props: { wid: string; kind: ReportKind; period: Period; table: Table }) {
  const t = props.table
  const shown = t.rows.slice(0, 50)
  return (
    <Card
      title={t.title}
      description={plural(t.rows.length, 'row')}
      actions={
        <a
          className="btn btn-secondary btn-sm"
          href={reportsApi.csvUrl(props.wid, props.kind, props.period, t.key)}
          download
        >
          CSV
        </a>
      }
    >
      <div className="report-table-wrap">
        <table className="report-table" data-table={t.key}>
          <thead>
            <tr>
              {t.columns.map((c) => (
                <th key={c.key} className={c.unit ? 'num' : undefined}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row, i) => (
              <tr key={String(row.postId ?? row.key ?? i)}>
                {t.columns.map((c, ci) => {
                  const v = row[c.key]
                  const text = typeof v === 'number' ? formatValue(v, c.unit) : (v ?? '–')
                  const postId = typeof row.postId === 'string' ? row.postId : null
                  return (
                    <td key={c.key} className={c.unit ? 'num' : undefined}>
                      {ci === 0 && postId ? (
                        <Link href={`/publishing/posts/${encodeURIComponent(postId)}`}>{String(text)}</Link>
                      ) : (
                        String(text)
                      )}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {t.rows.length > shown.length ? (
        <p className="field-hint">The first 50 rows; the CSV has all {t.rows.length}.</p>
      ) : null}
    </Card>
  )
}

export function DigestToggle(props: { wid: string }) {
  const state = useAsync(() => reportsApi.digest(props.wid), [props.wid])
  const [busy, setBusy] = useState(false)
  if (!state.data) return null
  return (
    <Card title="Weekly digest">
      <Toggle
        checked={state.data.weekly}
        disabled={busy}
        label="Email me the weekly digest"
        description={
          state.data.emailConfigured
            ? 'Mondays at 08:00 in the workspace’s time zone: the key care and presence figures against the week before.'
            : 'Email is not set up on this server, so nothing is sent until it is. Your choice is kept.'
        }
        onChange={async (v) => {
          setBusy(true)
          try {
            state.setData(await reportsApi.setDigest(props.wid, v))
          } finally {
            setBusy(false)
          }
        }}
      />
    </Card>
  )
}

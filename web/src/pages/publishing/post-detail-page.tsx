/** One post: content, approval, schedule, per-channel delivery, comments and history. */
import { useEffect, useState } from 'react'
import { api } from '../../api.js'
import { ConfirmDialog } from '../../components/dialog.js'
import { Badge, Button, ErrorState, Loading, PageHeader } from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { Link, navigate } from '../../router.js'
import { useSession, useWorkspace } from '../../session.js'
import { channelsApi } from '../channels-api.js'
import { GuardrailsCard } from '../leader/strategy-guardrails-card.js'
import { ApprovalCard, waitsFor } from './approval-card.js'
import { DeliveriesCard } from './deliveries-card.js'
import { CommentsCard, HistoryCard } from './post-activity.js'
import {
  KIND_LABELS,
  type Post,
  type PostPart,
  publishingApi,
  STATE_LABELS,
  stateTone,
} from './publishing-api.js'
import { ScheduleCard } from './schedule-card.js'
import './publishing.css'
import { SectionCard } from './section-card.js'

const BUSY = new Set(['queued', 'publishing'])

export function PostDetailPage(props: { postId: string }) {
  const ws = useWorkspace()
  const { can } = useSession()
  const data = useAsync(async () => {
    const [post, channels, presences, members] = await Promise.all([
      publishingApi.get(ws.id, props.postId),
      channelsApi.list(ws.id),
      api.presences(ws.id),
      api.members(ws.id).catch(() => []),
    ])
    return { post, channels, presences, members }
  }, [ws.id, props.postId])
  const [post, setPost] = useState<Post | undefined>(undefined)
  const [confirm, setConfirm] = useState(false)
  const act = useSubmit()
  useEffect(() => setPost(data.data?.post), [data.data])
  // While something is on its way out, refresh so the state and the public link appear by themselves.
  const soon = post?.deliveries.some(
    (d) => d.state === 'publishing' || (d.state === 'queued' && (d.runAt ?? 0) < Date.now() + 120_000),
  )
  useEffect(() => {
    if (!soon) return
    const t = setInterval(() => {
      publishingApi.get(ws.id, props.postId).then(setPost, () => undefined)
    }, 1500)
    return () => clearInterval(t)
  }, [soon, ws.id, props.postId])

  if (data.error) return <ErrorState error={data.error} onRetry={data.reload} />
  if (!data.data || !post) return <Loading />
  const { channels, presences, members } = data.data
  const editable =
    !['published', 'publishing'].includes(post.state) &&
    !post.deliveries.some((d) => BUSY.has(d.state) && d.state === 'publishing')
  // The approver sees the decision first (on a phone, before the text).
  const mine = waitsFor(post, ws.memberId, ws.role, can('post.approve'))
  const approval = <ApprovalCard post={post} members={members} presences={presences} onChange={setPost} />
  const channelName = (id: string) => {
    const c = channels.find((x) => x.id === id)
    return c ? `${c.networkLabel} @${c.handle}` : id
  }
  const renderParts = (parts: PostPart[]) =>
    parts.map((p, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: parts have no id
      <div className="post-part" key={i}>
        {parts.length > 1 ? (
          <span className="muted">
            {i + 1}/{parts.length}{' '}
          </span>
        ) : null}
        {p.text}
        {(p.images ?? []).map((img) => (
          <img key={img.mediaId} src={publishingApi.mediaUrl(ws.id, img.mediaId)} alt={img.altText} />
        ))}
      </div>
    ))

  return (
    <>
      <PageHeader
        title={post.title}
        description={
          <>
            <Badge tone={stateTone(post.state)}>{STATE_LABELS[post.state]}</Badge> {KIND_LABELS[post.kind]} ·{' '}
            <Link href="/publishing">All posts</Link> · <Link href="/publishing/calendar">Calendar</Link>
          </>
        }
        actions={
          can('post.draft') ? (
            <>
              {editable ? (
                <Link className="btn btn-secondary" href={`/publishing/posts/${post.id}/edit`}>
                  Edit
                </Link>
              ) : null}
              <Button
                busy={act.busy}
                onClick={async () => {
                  const copy = await act.run(() => publishingApi.duplicate(ws.id, post.id))
                  if (copy) navigate(`/publishing/posts/${copy.id}/edit`)
                }}
              >
                Duplicate
              </Button>
              {post.draftedBy.memberId === ws.memberId || can('post.delete-others') ? (
                <Button variant="danger" onClick={() => setConfirm(true)}>
                  Delete
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      {act.error ? <ErrorState error={act.error} /> : null}
      <div className="post-grid">
        <div>
          {mine ? approval : null}
          <GuardrailsCard postId={post.id} revision={post.revision} scheduledAt={post.schedule?.at ?? null} />
          <SectionCard title="Text">
            {renderParts(post.parts)}
            {Object.entries(post.variants).map(([id, ps]) => (
              <div key={id}>
                <p className="variant-label">Own text for {channelName(id)}</p>
                {renderParts(ps)}
              </div>
            ))}
            {post.kind === 'event' ? (
              <a className="btn btn-secondary btn-sm" href={publishingApi.icsUrl(ws.id, post.id)} download>
                Download the event (.ics)
              </a>
            ) : null}
          </SectionCard>
          <DeliveriesCard post={post} channels={channels} onChange={setPost} />
          <CommentsCard postId={post.id} members={members} />
        </div>
        <div>
          {mine ? null : approval}
          {can('post.publish') ? <ScheduleCard post={post} onChange={setPost} /> : null}
          <HistoryCard
            postId={post.id}
            revision={post.revision}
            state={post.state}
            channelName={channelName}
          />
        </div>
      </div>
      {confirm ? (
        <ConfirmDialog
          title={`Delete “${post.title}”?`}
          confirmLabel="Delete post"
          onCancel={() => setConfirm(false)}
          onConfirm={async () => {
            const ok = await act.run(async () => {
              await publishingApi.remove(ws.id, post.id)
              return true
            })
            setConfirm(false)
            if (ok) navigate('/publishing')
          }}
        >
          <p>Anything scheduled is cancelled first, so it never goes out. This cannot be undone.</p>
        </ConfirmDialog>
      ) : null}
    </>
  )
}

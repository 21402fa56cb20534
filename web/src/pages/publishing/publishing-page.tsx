/** Publishing home: what waits for me, and every post with its state; routes to the other pages. */
import { useState } from 'react'
import { SendIcon } from '../../components/icons.js'
import { Time } from '../../components/time.js'
import { Badge, EmptyState, ErrorState, Loading, PageHeader } from '../../components/ui.js'
import { useAsync } from '../../hooks.js'
import { Link, matchPath } from '../../router.js'
import { useSession, useWorkspace } from '../../session.js'
import { waitsFor } from './approval-card.js'
import { CalendarPage } from './calendar-page.js'
import { ComposerPage } from './composer-page.js'
import { PostDetailPage } from './post-detail-page.js'
import {
  KIND_LABELS,
  type Post,
  type PostState,
  publishingApi,
  STATE_LABELS,
  stateTone,
} from './publishing-api.js'
import { PublishingNav } from './publishing-nav.js'
import { QueueSlotsPage } from './queue-slots-page.js'
import { WebhooksPage } from './webhooks-page.js'
import './publishing.css'

/** Every page under /publishing. */
export function PublishingRoutes(props: { path: string }) {
  const { path } = props
  if (path === '/publishing/new') return <ComposerPage />
  if (path === '/publishing/calendar') return <CalendarPage />
  if (path === '/publishing/queue') return <QueueSlotsPage />
  if (path === '/publishing/webhooks') return <WebhooksPage />
  const edit = matchPath('/publishing/posts/:id/edit', path)
  if (edit) return <ComposerPage postId={edit.id!} />
  const one = matchPath('/publishing/posts/:id', path)
  if (one) return <PostDetailPage postId={one.id!} />
  return <PublishingPage />
}

const FILTERS: Array<[string, string]> = [
  ['', 'All states'],
  ['draft,changes-requested', 'Drafts'],
  ['in-review', 'In review'],
  ['approved,scheduled', 'Approved and scheduled'],
  ['published', 'Published'],
  ['failed,unknown', 'Needs attention'],
]

function PostRow({ post }: { post: Post }) {
  const when = post.schedule?.at
  return (
    <div className="list-row">
      <div className="list-main">
        <Link className="post-list-title" href={`/publishing/posts/${post.id}`}>
          {post.title}
        </Link>
        <div className="list-meta">
          {KIND_LABELS[post.kind]} · {post.channelIds.length} channel{post.channelIds.length === 1 ? '' : 's'}{' '}
          ·{' '}
          {post.publishedAt ? (
            <>
              published <Time ms={post.publishedAt} zone={post.schedule?.timeZone ?? undefined} />
            </>
          ) : when ? (
            <>
              goes out <Time ms={when} zone={post.schedule?.timeZone ?? undefined} />
            </>
          ) : (
            <>
              changed <Time ms={post.updatedAt} />
            </>
          )}
        </div>
      </div>
      <Badge tone={stateTone(post.state)}>{STATE_LABELS[post.state as PostState]}</Badge>
    </div>
  )
}

export function PublishingPage() {
  const ws = useWorkspace()
  const { can } = useSession()
  const [state, setState] = useState('')
  const list = useAsync(() => publishingApi.list(ws.id, { state, limit: 200 }), [ws.id, state])
  const review = useAsync(() => publishingApi.list(ws.id, { state: 'in-review', limit: 200 }), [ws.id])
  const mine = (review.data ?? []).filter((p) => waitsFor(p, ws.memberId, ws.role, can('post.approve')))
  return (
    <>
      <PageHeader
        title="Publishing"
        description="Plan, approve and schedule posts for the brand and its leaders."
        actions={
          can('post.draft') ? (
            <Link className="btn btn-primary" href="/publishing/new">
              New post
            </Link>
          ) : null
        }
      />
      <PublishingNav current="/publishing" />
      {mine.length ? (
        <section className="card" aria-label="Waiting for your approval">
          <div className="card-header">
            <div>
              <h2>Waiting for your approval</h2>
              <p className="card-description">These go out in your name or under your responsibility.</p>
            </div>
          </div>
          <div className="list">
            {mine.map((p) => (
              <PostRow key={p.id} post={p} />
            ))}
          </div>
        </section>
      ) : null}
      <section className="card" aria-label="Posts">
        <div className="card-header">
          <div>
            <h2>Posts</h2>
          </div>
          <select
            className="select select-sm"
            aria-label="Show"
            value={state}
            onChange={(e) => setState(e.target.value)}
          >
            {FILTERS.map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.loading && !list.data ? <Loading /> : null}
        {list.data && list.data.length === 0 ? (
          <EmptyState
            icon={<SendIcon size={28} />}
            title={state ? 'No posts in this state' : 'No posts yet'}
            action={
              can('post.draft') && !state ? (
                <Link className="btn btn-primary" href="/publishing/new">
                  Write the first post
                </Link>
              ) : null
            }
          >
            <p>
              {state
                ? 'Choose “All states” to see every post.'
                : 'Write an announcement, news, an event or a service status once and send it to every channel.'}
            </p>
          </EmptyState>
        ) : null}
        {list.data?.length ? (
          <div className="list">
            {list.data.map((p) => (
              <PostRow key={p.id} post={p} />
            ))}
          </div>
        ) : null}
      </section>
    </>
  )
}

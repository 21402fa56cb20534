import { client, ok } from '../api.js'
import { Time } from '../components/time.js'
import { Avatar, Badge, Card, ErrorState, Loading, PageHeader } from '../components/ui.js'
import { useAsync } from '../hooks.js'
import { useWorkspace } from '../session.js'

interface ViewItem {
  id: string
  text: string | null
  createdAt: number
  deleted: boolean
  author: { handle: string; displayName: string; avatarUrl: string | null; brand: boolean }
}

function SandboxItem(props: { item: ViewItem; main?: boolean }) {
  const { item } = props
  return (
    <article
      className={`sandbox-item${props.main ? ' is-main' : ''}`}
      aria-label={`Post by ${item.author.displayName}`}
    >
      <Avatar name={item.author.displayName} url={item.author.avatarUrl} size={props.main ? 44 : 32} />
      <div className="list-main">
        <div className="list-title">
          {item.author.displayName} <span className="muted">@{item.author.handle}</span>{' '}
          {item.author.brand ? <Badge tone="accent">You</Badge> : null}
        </div>
        <p className="sandbox-text">{item.deleted ? <em className="muted">Deleted</em> : item.text}</p>
        <div className="list-meta">
          <Time ms={item.createdAt} />
        </div>
      </div>
    </article>
  )
}

/** The Sandbox's own view of a post: what a Sandbox message's "open" link shows, inside Townhall. */
export function SandboxPostPage(props: { itemId: string }) {
  const ws = useWorkspace()
  const view = useAsync(
    () =>
      ok(
        client.GET('/api/workspaces/{workspaceId}/sandbox/posts/{itemId}', {
          params: { path: { workspaceId: ws.id, itemId: props.itemId } },
        }),
      ),
    [ws.id, props.itemId],
  )
  const v = view.data
  return (
    <>
      <PageHeader
        title="On the Sandbox"
        description={
          v
            ? `How this looks to the Sandbox's simulated public of @${v.world.handle}. Nothing here is public.`
            : 'The Sandbox is a simulated public; nothing here is public.'
        }
      />
      {view.loading && !v ? <Loading /> : null}
      {view.error ? <ErrorState error={view.error} onRetry={view.reload} /> : null}
      {v ? (
        <Card>
          {v.parent ? (
            <div className="sandbox-parent">
              <SandboxItem item={v.parent} />
            </div>
          ) : null}
          <SandboxItem item={v.item} main />
          {v.replies.length ? (
            <section aria-label="Replies" className="sandbox-replies">
              {v.replies.map((r) => (
                <SandboxItem key={r.id} item={r} />
              ))}
            </section>
          ) : (
            <p className="muted">No replies yet.</p>
          )}
        </Card>
      ) : null}
    </>
  )
}

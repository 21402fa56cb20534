/** Who must approve, who did, and the approve / request-changes controls for the person asked. */
import { useState } from 'react'
import type { Member, Presence } from '../../api.js'
import { Badge, Button, Field, FormAlert } from '../../components/ui.js'
import { useSubmit } from '../../hooks.js'
import { useSession, useWorkspace } from '../../session.js'
import { type Post, publishingApi } from './publishing-api.js'
import { SectionCard } from './section-card.js'

const MANAGERS = new Set(['owner', 'admin', 'manager'])

/** True when the current member may satisfy an open requirement of the post. */
export function waitsFor(post: Post, memberId: string, role: string, canApprove: boolean): boolean {
  if (post.approvalState !== 'in-review') return false
  return post.requirements.some(
    (r) =>
      !r.satisfiedBy &&
      (r.kind === 'person'
        ? r.memberId === memberId
        : r.kind === 'manager'
          ? MANAGERS.has(role)
          : r.kind === 'guardrail'
            ? r.memberId
              ? r.memberId === memberId
              : MANAGERS.has(role) && memberId !== post.draftedBy.memberId
            : canApprove && memberId !== post.draftedBy.memberId),
  )
}

export function ApprovalCard(props: {
  post: Post
  members: Member[]
  presences: Presence[]
  onChange: (p: Post) => void
}) {
  const ws = useWorkspace()
  const { can } = useSession()
  const { post } = props
  const [asking, setAsking] = useState(false)
  const [comment, setComment] = useState('')
  const act = useSubmit()
  const name = (memberId: string | null) => props.members.find((m) => m.id === memberId)?.name ?? 'a member'
  const presence = (id: string) => props.presences.find((p) => p.id === id)?.displayName ?? 'a presence'
  const mine = waitsFor(post, ws.memberId, ws.role, can('post.approve'))
  const latest = [...post.approvals].reverse().find((a) => a.decision !== 'approve' && a.comment)

  async function run(f: () => Promise<Post>) {
    const r = await act.run(f)
    if (r) {
      props.onChange(r)
      setAsking(false)
      setComment('')
    }
  }

  return (
    <SectionCard title="Approval">
      <FormAlert error={act.error} fieldErrors={act.fieldErrors} shown={['comment']} />
      <dl className="meta-list">
        <dt>Drafted by</dt>
        <dd>{name(post.draftedBy.memberId)}</dd>
        {post.requirements.map((r) => (
          <div key={`${r.presenceId}-${r.kind}`} style={{ display: 'contents' }}>
            <dt>{presence(r.presenceId)}</dt>
            <dd>
              {r.kind === 'person'
                ? `Needs ${name(r.memberId)}`
                : r.kind === 'manager'
                  ? 'Needs a manager'
                  : r.kind === 'guardrail'
                    ? `Second approval: ${r.memberId ? name(r.memberId) : 'a manager'}`
                    : 'Needs a reviewer (not the writer)'}{' '}
              {r.satisfiedBy ? (
                <Badge tone="success">Approved by {name(r.satisfiedBy)}</Badge>
              ) : (
                <Badge tone={post.approvalState === 'in-review' ? 'warning' : 'neutral'}>
                  {post.approvalState === 'in-review' ? 'Waiting' : 'Not asked yet'}
                </Badge>
              )}
              {r.reason ? <div className="muted guardrail-reason">{r.reason}</div> : null}
            </dd>
          </div>
        ))}
      </dl>
      {post.requirements.length === 0 ? (
        <p className="muted">Nobody else needs to approve this post.</p>
      ) : null}
      {post.approvalState === 'changes-requested' && latest ? (
        <div className="alert alert-info" role="status">
          <strong>{name(latest.memberId)} asked for changes:</strong> {latest.comment}
        </div>
      ) : null}
      {mine ? (
        <div className="composer-actions" style={{ marginTop: 16, marginBottom: 0 }}>
          <Button
            variant="primary"
            busy={act.busy}
            onClick={() => run(() => publishingApi.approve(ws.id, post.id))}
          >
            Approve
          </Button>
          <Button onClick={() => setAsking((a) => !a)}>Request changes</Button>
        </div>
      ) : null}
      {mine && asking ? (
        <form
          style={{ marginTop: 12 }}
          onSubmit={(e) => {
            e.preventDefault()
            if (!comment.trim()) return act.setFieldErrors({ comment: 'Say what should change' })
            run(() => publishingApi.requestChanges(ws.id, post.id, comment.trim()))
          }}
        >
          <Field label="What should change?" error={act.fieldErrors.comment}>
            <textarea
              className="input"
              rows={3}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </Field>
          <Button type="submit" busy={act.busy}>
            Send back with this comment
          </Button>
        </form>
      ) : null}
      {(post.approvalState === 'draft' || post.approvalState === 'changes-requested') && can('post.draft') ? (
        <div className="composer-actions" style={{ marginTop: 16, marginBottom: 0 }}>
          <Button
            variant="primary"
            busy={act.busy}
            onClick={() => run(() => publishingApi.submit(ws.id, post.id))}
          >
            Send for approval
          </Button>
        </div>
      ) : null}
    </SectionCard>
  )
}

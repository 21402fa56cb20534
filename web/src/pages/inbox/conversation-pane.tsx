/** The open conversation: header with actions, who else is here, the thread, the composer, the contact. */
import type { RefObject } from 'react'
import type { Member } from '../../api.js'
import { Time } from '../../components/time.js'
import { Avatar, Button } from '../../components/ui.js'
import { Composer, type ComposerMode } from './composer.js'
import { ContactCard } from './contact-card.js'
import {
  type ConversationDetail,
  type ConversationState,
  type MessageDto,
  type NetworkCapabilities,
  PRIORITY_LIST,
  type Priority,
  type SavedReply,
  type TimelineEventDto,
  type Viewer,
} from './inbox-api.js'
import { compactCount, IntentChip, PriorityChip, SentimentChip, SlaBadge } from './inbox-parts.js'
import { MessageTriage } from './message-triage.js'
import { describeEvent } from './timeline-text.js'

type Item = { at: number; message: MessageDto } | { at: number; event: TimelineEventDto }

export function ConversationPane(props: {
  workspaceId: string
  detail: ConversationDetail
  myMemberId: string
  members: Map<string, Member>
  caps: NetworkCapabilities | undefined
  savedReplies: SavedReply[]
  seenId: string | null
  newActivity: number
  onShowNew: () => void
  others: Viewer[]
  mode: ComposerMode
  onMode: (m: ComposerMode) => void
  canReply: boolean
  warnBeforeMs: number
  textareaRef: RefObject<HTMLTextAreaElement | null>
  onTyping: (typing: boolean) => void
  onCollision: () => Promise<MessageDto[]>
  onSent: () => void
  onState: (s: ConversationState) => void
  onSnooze: () => void
  onPriority: (p: Priority) => void
  onAssign: () => void
  onLabel: () => void
  onBack: () => void
  onOpen: (id: string) => void
  onContactChanged: () => void
  /** Reload after a change made in the pane (a triage correction). */
  onChanged: () => void
  /** Offer "Continue in direct message" (public conversation, network with DMs). */
  onMoveToDm?: () => void
  /** Why a public conversation cannot move to a direct message here (the network has no DMs for us). */
  noDmReason?: string
}) {
  const d = props.detail
  const name = (id: string | null) =>
    id === null ? 'Townhall' : id === props.myMemberId ? 'You' : (props.members.get(id)?.name ?? 'Someone')
  const items: Item[] = [
    ...d.messages.map((m) => ({ at: m.createdAt, message: m })),
    ...d.timeline.filter((e) => e.kind !== 'reply').map((e) => ({ at: e.createdAt, event: e })),
  ].sort((a, b) => a.at - b.at)
  const assignee = d.assigneeMemberId ? props.members.get(d.assigneeMemberId) : undefined
  const allMembers = [...props.members.values()]
  return (
    <div className="conv-pane">
      <section className="conv-main" aria-label="Conversation">
        <header className="conv-header">
          <Button size="sm" variant="ghost" className="pane-back" onClick={props.onBack}>
            ← Back
          </Button>
          <div className="conv-title">
            <h2>{d.contact.name}</h2>
            <span className="muted">
              @{d.contact.handle} · {compactCount(d.contact.followerCount)} followers · {d.kind}
            </span>
            <span className="conv-chips">
              <span className={`ichip state-chip state-${d.state}`} data-state={d.state}>
                {d.state}
                {d.state === 'snoozed' && d.snoozedUntil ? (
                  <>
                    {' '}
                    until <Time ms={d.snoozedUntil} />
                  </>
                ) : null}
              </span>
              <PriorityChip priority={d.priority} />
              <IntentChip intent={d.intent} />
              <SentimentChip sentiment={d.sentiment} />
              {d.labels.map((l) => (
                <span key={l} className="ichip label-chip">
                  {l}
                </span>
              ))}
              <SlaBadge sla={d.sla} warnBeforeMs={props.warnBeforeMs} />
            </span>
          </div>
          {props.canReply ? (
            <div className="conv-actions">
              <Button size="sm" onClick={props.onAssign} title="Assign (a)">
                {assignee ? assignee.name : 'Assign'}
              </Button>
              <select
                className="select select-sm"
                aria-label="Priority"
                value={d.priority}
                onChange={(e) => props.onPriority(e.target.value as Priority)}
              >
                {PRIORITY_LIST.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
              <Button size="sm" onClick={props.onLabel} title="Label (l)">
                Label
              </Button>
              <Button size="sm" onClick={() => props.onState('pending')}>
                Pending
              </Button>
              <Button size="sm" onClick={props.onSnooze}>
                Snooze
              </Button>
              <Button size="sm" onClick={() => props.onState('spam')}>
                Spam
              </Button>
              {props.onMoveToDm ? (
                <Button size="sm" onClick={props.onMoveToDm}>
                  Continue in DM
                </Button>
              ) : props.noDmReason ? (
                <Button size="sm" disabled title={props.noDmReason} aria-description={props.noDmReason}>
                  Continue in DM
                </Button>
              ) : null}
              {d.state === 'resolved' ? (
                <Button size="sm" onClick={() => props.onState('open')}>
                  Reopen
                </Button>
              ) : (
                <Button
                  size="sm"
                  variant="primary"
                  onClick={() => props.onState('resolved')}
                  title="Resolve (e)"
                >
                  Resolve
                </Button>
              )}
            </div>
          ) : null}
        </header>
        {props.others.length ? (
          <p className="viewers" aria-live="polite">
            {props.others.map((o) => (
              <span key={o.memberId} className={`viewer viewer-${o.mode}`}>
                <Avatar name={name(o.memberId)} size={18} />
                {name(o.memberId)} is {o.mode === 'typing' ? 'typing a reply…' : 'viewing'}
              </span>
            ))}
          </p>
        ) : null}
        <ol className="thread" aria-label="Messages and activity">
          {items.map((it) =>
            'message' in it ? (
              <li
                key={it.message.id}
                className={`msg msg-${it.message.direction === 'out' ? 'ours' : 'theirs'}`}
                data-message={it.message.id}
              >
                <div className="msg-head">
                  <strong>
                    {it.message.direction === 'out'
                      ? `${it.message.sentByMemberId ? name(it.message.sentByMemberId) : (it.message.authorName ?? 'Us')} (us)`
                      : (it.message.authorName ?? it.message.authorHandle)}
                  </strong>
                  <span className="muted">@{it.message.authorHandle}</span>
                  <Time className="muted" ms={it.message.createdAt} />
                  {it.message.url ? (
                    <a href={it.message.url} target="_blank" rel="noreferrer" className="msg-link">
                      open
                    </a>
                  ) : null}
                </div>
                <p className="msg-text">{it.message.text}</p>
                <MessageTriage
                  workspaceId={props.workspaceId}
                  message={it.message}
                  canEdit={props.canReply}
                  onCorrected={props.onChanged}
                />
              </li>
            ) : it.event.kind === 'note' ? (
              <li key={it.event.id} className="note" data-event="note">
                <div className="msg-head">
                  <strong>{name(it.event.actorMemberId)}</strong>
                  <span className="muted">internal note</span>
                  <Time className="muted" ms={it.event.createdAt} />
                </div>
                <p className="msg-text">{String((it.event.data as { text?: string }).text ?? '')}</p>
              </li>
            ) : (
              <li
                key={it.event.id}
                className={`sys-event${it.event.ruleId ? ' rule-event' : ''}`}
                data-event={it.event.kind}
              >
                {it.event.ruleId ? <span className="rule-mark">Rule {it.event.ruleName}</span> : null}
                <span>{describeEvent(it.event, name)}</span>
                {(it.event.kind === 'moved-to-dm' || it.event.kind === 'moved-from-public') &&
                typeof it.event.data.conversationId === 'string' ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => props.onOpen(String(it.event.data.conversationId))}
                  >
                    {it.event.kind === 'moved-to-dm'
                      ? 'Open the direct message'
                      : 'Open the public conversation'}
                  </button>
                ) : null}
                <Time className="muted" ms={it.event.createdAt} />
              </li>
            ),
          )}
        </ol>
        {props.newActivity > 0 ? (
          <div className="new-activity" role="status">
            <span>
              {props.newActivity === 1
                ? 'A new message arrived'
                : `${props.newActivity} new messages arrived`}{' '}
              since you opened this conversation.
            </span>
            <Button size="sm" onClick={props.onShowNew}>
              Show
            </Button>
          </div>
        ) : null}
        {props.canReply ? (
          <Composer
            workspaceId={props.workspaceId}
            conversationId={d.id}
            contactHandle={d.contact.handle}
            caps={props.caps}
            members={allMembers}
            savedReplies={props.savedReplies}
            mode={props.mode}
            onMode={props.onMode}
            seenId={props.seenId}
            textareaRef={props.textareaRef}
            onTyping={props.onTyping}
            onCollision={props.onCollision}
            onSent={props.onSent}
          />
        ) : null}
      </section>
      <ContactCard
        workspaceId={props.workspaceId}
        contactId={d.contact.id}
        conversationId={d.id}
        canEdit={props.canReply}
        onOpen={props.onOpen}
        onChanged={props.onContactChanged}
      />
    </div>
  )
}

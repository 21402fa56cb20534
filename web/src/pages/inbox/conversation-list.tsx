/** The middle pane: conversations with everything needed to triage at a glance, and a selection. */
import { useEffect, useRef } from 'react'
import type { Member } from '../../api.js'
import { Avatar } from '../../components/ui.js'
import type { ChannelInfo } from '../channels-api.js'
import type { ConversationDto } from './inbox-api.js'
import {
  ago,
  compactCount,
  IntentChip,
  NetworkBadge,
  PriorityChip,
  SentimentChip,
  SlaBadge,
} from './inbox-parts.js'

export function ConversationList(props: {
  items: ConversationDto[]
  cursorIndex: number
  openId: string | null
  selected: Set<string>
  channels: Map<string, ChannelInfo>
  members: Map<string, Member>
  warnBeforeMs: (priority: string) => number
  onOpen: (id: string, index: number) => void
  onToggle: (id: string) => void
}) {
  const listRef = useRef<HTMLUListElement>(null)
  useEffect(() => {
    const el = listRef.current?.querySelector<HTMLElement>(`[data-index="${props.cursorIndex}"]`)
    el?.scrollIntoView({ block: 'nearest' })
  }, [props.cursorIndex])
  return (
    <ul className="conv-list" ref={listRef} aria-label="Conversations">
      {props.items.map((c, i) => {
        const ch = props.channels.get(c.channelId)
        const assignee = c.assigneeMemberId ? props.members.get(c.assigneeMemberId) : undefined
        const cls = [
          'conv-row',
          i === props.cursorIndex ? 'is-cursor' : '',
          c.id === props.openId ? 'is-open' : '',
          c.unread ? 'is-unread' : '',
        ]
          .filter(Boolean)
          .join(' ')
        return (
          <li
            key={c.id}
            className={cls}
            data-index={i}
            data-conversation={c.id}
            aria-current={c.id === props.openId ? 'true' : undefined}
          >
            <input
              type="checkbox"
              className="conv-check"
              aria-label={`Select conversation with ${c.contact.name}`}
              checked={props.selected.has(c.id)}
              onChange={() => props.onToggle(c.id)}
              tabIndex={-1}
            />
            <button type="button" className="conv-open" onClick={() => props.onOpen(c.id, i)} tabIndex={-1}>
              <span className="conv-avatar">
                <Avatar name={c.contact.name} url={c.contact.avatarUrl} size={36} />
                <NetworkBadge network={ch?.network} label={ch?.networkLabel} />
              </span>
              <span className="conv-body">
                <span className="conv-top">
                  <span className="conv-name">{c.contact.name}</span>
                  <span className="conv-handle">@{c.contact.handle}</span>
                  <span className="conv-followers" title="Followers">
                    {compactCount(c.contact.followerCount)}
                  </span>
                  <span className="conv-time">{ago(c.lastMessageAt)}</span>
                </span>
                <span className="conv-preview">{c.preview}</span>
                <span className="conv-meta">
                  <PriorityChip priority={c.priority} />
                  <IntentChip intent={c.intent} />
                  <SentimentChip sentiment={c.sentiment} />
                  {c.state !== 'open' ? <span className="ichip state-chip">{c.state}</span> : null}
                  {c.labels.map((l) => (
                    <span key={l} className="ichip label-chip">
                      {l}
                    </span>
                  ))}
                  <SlaBadge sla={c.sla} warnBeforeMs={props.warnBeforeMs(c.priority)} />
                  <span className="conv-assignee">
                    {assignee ? (
                      <>
                        <Avatar name={assignee.name} size={18} />
                        <span>{assignee.name}</span>
                      </>
                    ) : (
                      <span className="muted">Unassigned</span>
                    )}
                  </span>
                </span>
              </span>
            </button>
          </li>
        )
      })}
    </ul>
  )
}

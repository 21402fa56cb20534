/** Small pieces of the inbox: chips, the SLA badge, time and count formatting. */
import type { ConversationDto } from './inbox-api.js'

/** "12k", "1.2M": follower counts at a glance. */
export function compactCount(n: number | null): string {
  if (n === null) return '–'
  return new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 }).format(n)
}

/** "3m", "2h 5m", "4d": a duration for badges. */
export function shortDuration(ms: number): string {
  const m = Math.max(0, Math.round(Math.abs(ms) / 60_000))
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 48) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`
  return `${Math.floor(h / 24)}d`
}

/** "just now", "5m ago", "3h ago", or a date. */
export function ago(ms: number, now = Date.now()): string {
  const d = now - ms
  if (d < 60_000) return 'just now'
  if (d < 86_400_000) return `${shortDuration(d)} ago`
  return new Date(ms).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
}

export type SlaStatus = 'ok' | 'warning' | 'breached'

/** Where a conversation stands against its response target. */
export function slaStatus(sla: ConversationDto['sla'], warnBeforeMs: number): SlaStatus | null {
  if (!sla) return null
  if (sla.breachedAt !== null || sla.timeLeftMs <= 0) return 'breached'
  if (sla.warnedAt !== null || sla.timeLeftMs <= warnBeforeMs) return 'warning'
  return 'ok'
}

/** Time left to answer: neutral, amber before the breach, red once breached. */
export function SlaBadge(props: { sla: ConversationDto['sla']; warnBeforeMs: number }) {
  const status = slaStatus(props.sla, props.warnBeforeMs)
  if (!status || !props.sla) return null
  const what = props.sla.kind === 'first' ? 'first reply' : 'next reply'
  const text =
    status === 'breached'
      ? `SLA breached ${shortDuration(props.sla.timeLeftMs)} ago`
      : `${shortDuration(props.sla.timeLeftMs)} left`
  return (
    <span
      className={`sla-badge sla-${status}`}
      data-sla={status}
      title={`${what} due ${new Date(props.sla.dueAt).toLocaleString()}`}
    >
      {text}
    </span>
  )
}

const INTENT_LABEL: Record<string, string> = {
  question: 'Question',
  complaint: 'Complaint',
  praise: 'Praise',
  request: 'Request',
  spam: 'Spam',
  other: 'Other',
}

export function IntentChip(props: { intent: string | null }) {
  if (!props.intent) return null
  return (
    <span className={`ichip intent-${props.intent}`} data-intent={props.intent}>
      {INTENT_LABEL[props.intent] ?? props.intent}
    </span>
  )
}

export function SentimentChip(props: { sentiment: string | null }) {
  if (!props.sentiment) return null
  const icon = props.sentiment === 'positive' ? '▲' : props.sentiment === 'negative' ? '▼' : '●'
  return (
    <span className={`ichip sentiment-${props.sentiment}`} data-sentiment={props.sentiment}>
      <span aria-hidden="true">{icon}</span> {props.sentiment}
    </span>
  )
}

export function PriorityChip(props: { priority: string }) {
  if (props.priority === 'normal') return null
  return (
    <span className={`ichip priority-${props.priority}`} data-priority={props.priority}>
      {props.priority}
    </span>
  )
}

export function NetworkBadge(props: { network: string | undefined; label?: string }) {
  const n = props.network ?? '?'
  return (
    <span className={`net-badge net-${n}`} title={props.label ?? n}>
      {(props.label ?? n).slice(0, 1).toUpperCase()}
      <span className="sr-only">{props.label ?? n}</span>
    </span>
  )
}

/** Whether a key event comes from a place where the person is typing. */
export function isTyping(e: KeyboardEvent): boolean {
  const t = e.target as HTMLElement | null
  if (!t) return false
  const tag = t.tagName
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type
    return type !== 'checkbox' && type !== 'radio' && type !== 'button'
  }
  return tag === 'TEXTAREA' || tag === 'SELECT' || t.isContentEditable
}

/** One line per timeline event of a conversation, in words ("Sam corrected intent: complaint → question"). */
import type { TimelineEventDto } from './inbox-api.js'

const FIELD_LABEL: Record<string, string> = {
  intent: 'intent',
  sentiment: 'sentiment',
  needsReply: 'needs an answer',
}

const yesNo = (v: unknown) => (v === 'true' ? 'yes' : v === 'false' ? 'no' : String(v ?? '–'))

/** "corrected intent: complaint → question", "marked it as spam": one triage change. */
function triageChange(ch: { field?: unknown; from?: unknown; to?: unknown }): string {
  const field = String(ch.field ?? '')
  if (field === 'spam') return ch.to === 'true' ? 'marked it as spam' : 'marked it as not spam'
  const from = field === 'needsReply' ? yesNo(ch.from) : String(ch.from ?? '–')
  const to = field === 'needsReply' ? yesNo(ch.to) : String(ch.to ?? '–')
  return `corrected ${FIELD_LABEL[field] ?? field}: ${from} → ${to}`
}

export function describeEvent(e: TimelineEventDto, name: (id: string | null) => string): string {
  const d = e.data as Record<string, unknown>
  const who = name(e.actorMemberId)
  switch (e.kind) {
    case 'rule':
      return String(d.text ?? `rule ${e.ruleName} ran`)
    case 'state':
      return `${who} set the state to ${String(d.to ?? '')}${d.reason ? ` (${String(d.reason)})` : ''}`
    case 'assigned': {
      const to = (d.memberId ?? d.to ?? null) as string | null
      return to ? `${who} assigned this to ${name(to)}` : `${who} unassigned this`
    }
    case 'priority':
      return `${who} set priority ${String(d.to ?? '')}`
    case 'labels': {
      const add = (d.add as string[] | undefined) ?? []
      const remove = (d.remove as string[] | undefined) ?? []
      return `${who} ${[add.length ? `added ${add.join(', ')}` : '', remove.length ? `removed ${remove.join(', ')}` : ''].filter(Boolean).join(' and ')}`
    }
    case 'triage': {
      const changes = Array.isArray(d.changes) ? (d.changes as Array<Record<string, unknown>>) : []
      // "spam" already says it; its intent change to or from spam adds nothing.
      const spam = changes.some((c) => c.field === 'spam')
      const shown = changes.filter(
        (c) => !(spam && c.field === 'intent' && (c.to === 'spam' || c.from === 'spam')),
      )
      return shown.length ? `${who} ${shown.map(triageChange).join('; ')}` : `${who} corrected the triage`
    }
    case 'moved-to-dm':
      return `${who} continued this in a direct message`
    case 'moved-from-public':
      return `${who} continued the public conversation here`
    case 'sla.warning':
      return 'Response target is close'
    case 'sla.breached':
      return 'Response target missed'
    default:
      return e.kind
  }
}

/** The inbox's dialogs, one at a time: shortcuts, assign, labels, move to a DM, snooze. */
import type { Member } from '../../api.js'
import { AssignDialog, type AssignTarget, LabelDialog, SnoozeDialog } from './conversation-actions.js'
import { MoveToDmDialog } from './dm-dialog.js'
import type { ConversationDetail, Team } from './inbox-api.js'
import { ShortcutOverlay } from './shortcuts.js'

export type DialogKind = 'assign' | 'label' | 'snooze' | 'help' | 'dm' | null

export function InboxDialogs(props: {
  dialog: DialogKind
  onClose: () => void
  workspaceId: string
  members: Member[]
  teams: Team[]
  /** The open conversation, if any. */
  detail: ConversationDetail | null
  /** The labels the label dialog starts from (none for a selection). */
  labels: string[]
  networkLabel: string
  onAssign: (t: AssignTarget) => void
  onLabel: (change: { add?: string[]; remove?: string[] }) => void
  onMovedToDm: (dmConversationId: string) => void
  onSnooze: (until: number) => void
}) {
  const { dialog, detail, onClose } = props
  if (dialog === 'help') return <ShortcutOverlay onClose={onClose} />
  if (dialog === 'assign')
    return (
      <AssignDialog
        members={props.members}
        teams={props.teams}
        currentMemberId={detail?.assigneeMemberId ?? null}
        onPick={props.onAssign}
        onClose={onClose}
      />
    )
  if (dialog === 'label')
    return (
      <LabelDialog
        labels={props.labels}
        onAdd={(l) => props.onLabel({ add: [l] })}
        onRemove={(l) => props.onLabel({ remove: [l] })}
        onClose={onClose}
      />
    )
  if (dialog === 'dm' && detail)
    return (
      <MoveToDmDialog
        workspaceId={props.workspaceId}
        conversationId={detail.id}
        contactName={detail.contact.name}
        networkLabel={props.networkLabel}
        onMoved={props.onMovedToDm}
        onClose={onClose}
      />
    )
  if (dialog === 'snooze') return <SnoozeDialog onSnooze={props.onSnooze} onClose={onClose} />
  return null
}

/** Empty states that teach: connect a channel (or try the Sandbox), and an empty view or search. */
import { InboxIcon } from '../../components/icons.js'
import { Button, EmptyState } from '../../components/ui.js'
import { navigate } from '../../router.js'

export function NoChannels(props: { onSandbox: () => void }) {
  return (
    <EmptyState icon={<InboxIcon size={28} />} title="Connect a channel to fill your inbox">
      <p>Mentions, replies and direct messages from your connected accounts land here.</p>
      <div className="empty-actions">
        <Button variant="primary" onClick={props.onSandbox}>
          Try the Sandbox
        </Button>
        <Button onClick={() => navigate('/channels')}>Connect a channel</Button>
      </div>
      <p className="muted">The Sandbox is a simulated public: practice triage and replies safely.</p>
    </EmptyState>
  )
}

export function NothingHere(props: { searching: boolean }) {
  return (
    <EmptyState
      icon={<InboxIcon size={28} />}
      title={props.searching ? 'No matches' : 'Nothing waiting here'}
    >
      <p>
        {props.searching
          ? 'Try other words, or clear the filters.'
          : 'New mentions and replies appear here as they arrive. Try another view, or press ? for shortcuts.'}
      </p>
    </EmptyState>
  )
}

export function NoConversationOpen() {
  return (
    <div className="conv-placeholder">
      <p>
        Select a conversation, or press <kbd>j</kbd>/<kbd>k</kbd> and <kbd>Enter</kbd>.
      </p>
      <p className="muted">
        Press <kbd>?</kbd> for every shortcut.
      </p>
    </div>
  )
}

/** A copy of `set` with `id` added or removed. */
export function toggled(set: Set<string>, id: string): Set<string> {
  const next = new Set(set)
  if (next.has(id)) next.delete(id)
  else next.add(id)
  return next
}

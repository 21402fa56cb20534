/** Actions on the checked conversations. */
import { Button } from '../../components/ui.js'
import { PRIORITY_LIST, type Priority } from './inbox-api.js'

export function BulkBar(props: {
  count: number
  onResolve: () => void
  onSpam: () => void
  onAssign: () => void
  onLabel: () => void
  onPriority: (p: Priority) => void
  onRead: () => void
  onClear: () => void
}) {
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Bulk actions">
      <strong>{props.count} selected</strong>
      <Button size="sm" variant="primary" onClick={props.onResolve}>
        Resolve
      </Button>
      <Button size="sm" onClick={props.onAssign}>
        Assign
      </Button>
      <Button size="sm" onClick={props.onLabel}>
        Label
      </Button>
      <select
        className="select select-sm"
        aria-label="Set priority of the selection"
        value=""
        onChange={(e) => e.target.value && props.onPriority(e.target.value as Priority)}
      >
        <option value="">Priority…</option>
        {PRIORITY_LIST.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
      <Button size="sm" onClick={props.onRead}>
        Mark read
      </Button>
      <Button size="sm" onClick={props.onSpam}>
        Spam
      </Button>
      <Button size="sm" variant="ghost" onClick={props.onClear}>
        Clear
      </Button>
    </div>
  )
}

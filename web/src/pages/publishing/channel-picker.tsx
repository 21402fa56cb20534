/** Channels to publish to, grouped by presence; the Sandbox is labelled as such. */
import type { Presence } from '../../api.js'
import { Badge } from '../../components/ui.js'
import type { ChannelInfo } from '../channels-api.js'

const lastKey = (workspaceId: string) => `townhall:last-channels:${workspaceId}`

/**
 * The channels a new post starts with: the last choice in this workspace (those still usable), or
 * the only usable channel when there is exactly one, so the first post needs no extra click.
 */
export function initialChannels(workspaceId: string, channels: ChannelInfo[]): string[] {
  const usable = channels.filter((c) => c.status !== 'disconnected').map((c) => c.id)
  let last: unknown = []
  try {
    last = JSON.parse(window.localStorage.getItem(lastKey(workspaceId)) ?? '[]')
  } catch {
    last = []
  }
  const remembered = Array.isArray(last) ? last.filter((id): id is string => usable.includes(id)) : []
  if (remembered.length) return remembered
  return usable.length === 1 ? usable : []
}

/** Remembers the channels of a saved post for the next new one. */
export function rememberChannels(workspaceId: string, ids: string[]): void {
  try {
    window.localStorage.setItem(lastKey(workspaceId), JSON.stringify(ids))
  } catch {
    // @NOTE storage may be full or disabled (private mode): remembering is a convenience only.
  }
}

export function ChannelPicker(props: {
  presences: Presence[]
  channels: ChannelInfo[]
  selected: string[]
  error?: string
  onChange: (ids: string[]) => void
}) {
  const toggle = (id: string, on: boolean) =>
    props.onChange(on ? [...props.selected, id] : props.selected.filter((x) => x !== id))
  return (
    <fieldset className={`channel-picker${props.error ? ' field-invalid' : ''}`}>
      <legend className="field-label">Channels</legend>
      {props.presences
        .filter((p) => props.channels.some((c) => c.presenceId === p.id))
        .map((p) => (
          <section className="channel-group" key={p.id} aria-label={p.displayName}>
            <p className="channel-group-name">
              {p.displayName}
              {p.title ? <span className="muted"> · {p.title}</span> : null}
            </p>
            {props.channels
              .filter((c) => c.presenceId === p.id)
              .map((c) => (
                <label className="channel-option" key={c.id}>
                  <input
                    type="checkbox"
                    checked={props.selected.includes(c.id)}
                    disabled={c.status === 'disconnected'}
                    onChange={(e) => toggle(c.id, e.target.checked)}
                  />
                  <span>
                    {c.networkLabel} @{c.handle}
                  </span>
                  {c.isSandbox ? <Badge>Sandbox</Badge> : null}
                  {c.status !== 'connected' && c.status !== 'syncing' ? (
                    <Badge tone="warning">{c.statusReason ?? c.status}</Badge>
                  ) : null}
                </label>
              ))}
          </section>
        ))}
      {props.error ? (
        <p className="field-error" role="alert">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  )
}

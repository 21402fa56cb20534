import { formatDateTime } from '../format.js'
import { formatInZone } from '../pages/publishing/zone-format.js'
import { useSession } from '../session.js'

/**
 * One clock for the whole app: times are shown in the workspace's zone (or a presence's, when a
 * page is about one), always with the zone's name, and the reader's own local time on hover.
 */
export function Time(props: { ms: number; zone?: string; className?: string }) {
  const zone = useZoneOr(props.zone)
  return (
    <time
      className={props.className}
      dateTime={new Date(props.ms).toISOString()}
      title={`Your time: ${formatDateTime(props.ms)}`}
    >
      {formatInZone(props.ms, zone)}
    </time>
  )
}

/** The zone times are shown in: the given one, else the workspace's, else the reader's. */
export function useZoneOr(zone?: string): string {
  const { workspace } = useSession()
  return zone ?? workspace?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone
}

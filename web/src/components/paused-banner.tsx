import { useState } from 'react'
import { useAsync } from '../hooks.js'
import { instanceApi } from '../pages/instance-api.js'
import { Button } from './ui.js'

/**
 * Shown on every signed-in page of a copy paused after a restore (`townhall restore`): nothing is
 * published, no webhook sent and no network polled until an instance owner resumes it here.
 */
export function PausedBanner() {
  const instance = useAsync(() => instanceApi.instance(), [])
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState<string | null>(null)
  const data = instance.data
  if (!data?.paused) return null
  return (
    <div className="alert alert-warning paused-banner" role="status" data-paused-banner>
      <strong>This copy is paused after a restore; resume to start publishing.</strong>
      <p>
        Scheduled posts, webhooks and polling wait until it is resumed. Resume only when this copy should take
        over and the original is stopped.
      </p>
      {data.you.instanceOwner ? (
        <Button
          variant="primary"
          size="sm"
          busy={busy}
          onClick={async () => {
            setBusy(true)
            setFailed(null)
            try {
              await instanceApi.resume()
              instance.reload()
            } catch (e) {
              setFailed(e instanceof Error ? e.message : 'Could not resume')
            } finally {
              setBusy(false)
            }
          }}
        >
          Resume
        </Button>
      ) : (
        <p className="muted">An instance owner can resume it.</p>
      )}
      {failed ? <p role="alert">{failed}</p> : null}
    </div>
  )
}

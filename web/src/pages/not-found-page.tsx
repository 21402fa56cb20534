import { Button, EmptyState } from '../components/ui.js'
import { navigate } from '../router.js'

export function NotFoundPage() {
  return (
    <div className="card">
      <EmptyState
        title="This page does not exist"
        action={
          <Button variant="primary" onClick={() => navigate('/presences')}>
            Go to presences
          </Button>
        }
      >
        <p>The link may be mistyped, or the page may have moved.</p>
      </EmptyState>
    </div>
  )
}

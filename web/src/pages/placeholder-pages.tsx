import { SendIcon } from '../components/icons.js'
import { EmptyState, PageHeader } from '../components/ui.js'
import { Link } from '../router.js'

export function PublishingPlaceholder() {
  return (
    <>
      <PageHeader
        title="Publishing"
        description="Plan, approve and schedule posts for the brand and its leaders."
      />
      <div className="card">
        <EmptyState icon={<SendIcon size={28} />} title="Publishing is coming soon">
          <p>
            You will write announcements, news, events and giveaways once, adapt them per network, send them
            for approval and schedule them in each presence's time zone.
          </p>
          <p>
            Meanwhile, add a <Link href="/presences">presence</Link> for each executive who will post, and{' '}
            <Link href="/members">invite</Link> the people who will write and approve.
          </p>
        </EmptyState>
      </div>
    </>
  )
}

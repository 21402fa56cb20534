import { InboxIcon, SendIcon } from '../components/icons.js'
import { EmptyState, PageHeader } from '../components/ui.js'
import { Link } from '../router.js'

export function InboxPlaceholder() {
  return (
    <>
      <PageHeader
        title="Inbox"
        description="Everything the public says to you and your leaders, in one place."
      />
      <div className="card">
        <EmptyState icon={<InboxIcon size={28} />} title="The inbox is coming soon">
          <p>
            Mentions, replies, comments, reviews and direct messages from every connected channel will land
            here, threaded into conversations with an owner, a priority and a response-time clock.
          </p>
          <p>
            To get ready, set up your <Link href="/presences">presences</Link> (the brand and the people who
            speak for it) and your <Link href="/settings">business hours</Link>.
          </p>
        </EmptyState>
      </div>
    </>
  )
}

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

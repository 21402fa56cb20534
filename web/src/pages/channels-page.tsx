import { LinkIcon } from '../components/icons.js'
import { EmptyState, PageHeader } from '../components/ui.js'
import { Link } from '../router.js'

/**
 * Placeholder: the channels feature replaces this file with the real page (connect accounts on
 * Bluesky, Mastodon and other networks to a presence). Keep the export name `ChannelsPage`.
 */
export function ChannelsPage() {
  return (
    <>
      <PageHeader
        title="Channels"
        description="The accounts on each social network that your presences publish and listen through."
      />
      <div className="card">
        <EmptyState icon={<LinkIcon size={28} />} title="Connecting channels is coming soon">
          <p>
            You will connect accounts such as <strong>@acme.example</strong> on Bluesky or Mastodon to a
            presence. Their credentials are sealed at rest and never shown again.
          </p>
          <p>
            First, make sure each voice has a <Link href="/presences">presence</Link>.
          </p>
        </EmptyState>
      </div>
    </>
  )
}

/**
 * Tables of the campaigns domain and the public page (migration 0023-campaigns-public-page).
 * Conventions as in db/schema.ts: text ids, epoch-ms bigints, JSON as text.
 */

export interface CampaignsTable {
  id: string
  workspace_id: string
  title: string
  description: string
  /** JSON: Prize[] */
  prizes: string
  winner_count: number
  time_zone: string
  starts_at: number
  ends_at: number
  /** JSON: EntryMethod[] */
  entry_methods: string
  entries_per_person: number
  /** JSON: Eligibility */
  eligibility: string
  /** JSON: { name, address } */
  sponsor: string
  free_method: string
  claim_days: number
  /** The organiser's edited official rules; null while the generated text is used. */
  rules_text: string | null
  /** draft | open | frozen | drawn */
  state: string
  /** JSON: Record<channelId, remote id of the announcement post> */
  announcements: string
  seed_sealed: string | null
  commitment: string | null
  /** beacon | seed-only */
  mode: string | null
  beacon_round: number | null
  committed_at: number | null
  frozen_at: number | null
  list_hash: string | null
  /** JSON: DrawEntry[] as published at the freeze */
  frozen_list: string | null
  drawn_at: number | null
  /** Published after the draw only. */
  seed: string | null
  /** JSON: Beacon */
  beacon: string | null
  /** JSON: string[] */
  picked: string
  /** JSON: string[] */
  forfeited: string
  /** JSON: Record<entryId, { notifiedAt, deadline, claimedAt }> */
  claims: string
  created_at: number
  updated_at: number
}

export interface CampaignEntriesTable {
  id: string
  campaign_id: string
  channel_id: string
  network: string
  remote_id: string
  /** reply | repost | quote | mention | follow | alternative */
  method: string
  author_remote_id: string
  handle: string
  display_name: string | null
  avatar_url: string | null
  follower_count: number | null
  account_created_at: number | null
  text: string | null
  /** The contact group of the author when known, else `network:author remote id`. */
  person_key: string
  /** valid | flagged | disqualified | extra */
  status: string
  /** JSON: string[] of reasons */
  flags: string
  note: string | null
  entered_at: number
  collected_at: number
}

export interface CampaignCursorsTable {
  campaign_id: string
  channel_id: string
  cursor: string | null
  updated_at: number
}

export interface CampaignLogTable {
  id: string
  campaign_id: string
  kind: string
  entry_id: string | null
  note: string
  actor_member_id: string | null
  at: number
}

export interface PublicPagesTable {
  workspace_id: string
  slug: string
  enabled: number
  about: string
  /** JSON: { email, phone, address, website } */
  contact: string
  updated_at: number
}

export interface StatusComponentsTable {
  id: string
  workspace_id: string
  name: string
  position: number
  created_at: number
}

export interface StatusIncidentsTable {
  id: string
  workspace_id: string
  title: string
  /** minor | major | critical | maintenance */
  impact: string
  /** JSON: component ids */
  components: string
  post_id: string | null
  started_at: number
  resolved_at: number | null
}

export interface StatusUpdatesTable {
  id: string
  incident_id: string
  /** investigating | identified | monitoring | resolved */
  state: string
  message: string
  at: number
}

export interface CampaignTables {
  campaigns: CampaignsTable
  campaign_entries: CampaignEntriesTable
  campaign_cursors: CampaignCursorsTable
  campaign_log: CampaignLogTable
  public_pages: PublicPagesTable
  status_components: StatusComponentsTable
  status_incidents: StatusIncidentsTable
  status_updates: StatusUpdatesTable
}

/** The campaign's own types (no table rows, no library types). */

/** How one channel's public enters. */
export type EntryKind = 'reply' | 'repost' | 'quote' | 'mention' | 'follow' | 'tag-friends' | 'share'

export interface EntryMethod {
  channelId: string
  kind: EntryKind
  /** For reply, quote and mention: a keyword or #hashtag the text must contain (case-insensitive). */
  keyword?: string | null
}

export interface Prize {
  name: string
  /** Approximate retail value, in `currency`. */
  value: number
  currency: string
  quantity: number
}

export interface Eligibility {
  minAccountAgeDays: number
  minFollowers: number
  /** Handles that may not enter (staff, agencies), without @. */
  excludedHandles: string[]
  /** Countries where the giveaway is open, as stated (ISO 3166-1 alpha-2); empty: stated as worldwide. */
  countries: string[]
  minAge: number
}

export interface Sponsor {
  name: string
  address: string
}

/** What the organiser writes; the server fills in the rest. */
export interface CampaignInput {
  title: string
  description?: string
  prizes: Prize[]
  winnerCount: number
  timeZone: string
  /** Local wall-clock times in `timeZone`, YYYY-MM-DDTHH:MM. */
  startsAt: string
  endsAt: string
  entryMethods: EntryMethod[]
  entriesPerPerson?: number
  eligibility?: Partial<Eligibility>
  sponsor: Sponsor
  /** How to enter without a social account (email or postal), required by the free-alternative rule. */
  freeMethod: string
  claimDays?: number
  /** How winners are chosen: Townhall only draws at random. Networks forbid most other ways. */
  selection?: 'random-draw' | 'most-reposts' | 'most-likes'
  /** The organiser's edited rules text; null to go back to the generated one. */
  rulesText?: string | null
}

export type CampaignState = 'draft' | 'open' | 'frozen' | 'drawn'

export interface ClaimState {
  notifiedAt: number | null
  deadline: number
  claimedAt: number | null
  /** How the winner was told: a reply under their entry, a direct message, or not reachable. */
  via: 'reply' | 'direct-message' | 'none'
}

/** A campaign as the API and the page show it. */
export interface Campaign {
  id: string
  workspaceId: string
  title: string
  description: string
  prizes: Prize[]
  winnerCount: number
  timeZone: string
  startsAt: number
  endsAt: number
  startsLocal: string
  endsLocal: string
  entryMethods: EntryMethod[]
  entriesPerPerson: number
  eligibility: Eligibility
  sponsor: Sponsor
  freeMethod: string
  claimDays: number
  /** The text in force: the organiser's edit, or the generated rules. */
  rulesText: string
  rulesEdited: boolean
  state: CampaignState
  announcements: Record<string, string>
  commitment: string | null
  mode: 'beacon' | 'seed-only' | null
  beaconRound: number | null
  committedAt: number | null
  frozenAt: number | null
  listHash: string | null
  drawnAt: number | null
  picked: string[]
  forfeited: string[]
  claims: Record<string, ClaimState>
  createdAt: number
  updatedAt: number
}

/** One collected entry, as the organiser sees it. */
export interface CampaignEntry {
  id: string
  channelId: string
  network: string
  method: string
  handle: string
  displayName: string | null
  text: string | null
  personKey: string
  status: 'valid' | 'flagged' | 'disqualified' | 'extra'
  flags: string[]
  note: string | null
  enteredAt: number
}

export interface CampaignLogItem {
  id: string
  kind: string
  entryId: string | null
  note: string
  at: number
}

/**
 * Tables of the networks domain (migration 0003-networks). Conventions as in db/schema.ts:
 * text ids, epoch-ms bigints, 0/1 booleans, JSON as text.
 */

/** One simulated public, behind one Sandbox channel. Its people are derived from `seed`, not stored. */
export interface SandboxWorldsTable {
  id: string
  seed: number
  /** The account the channel is connected to, e.g. `acme.sandbox`. */
  handle: string
  display_name: string
  /** Customer activity per minute in normal times. */
  rate_per_minute: number
  /** Synthetic people this world draws from. */
  population: number
  crisis_started_at: number | null
  crisis_until: number | null
  /** Activity has been generated up to this time; the next fetch generates from here to now. */
  generated_until: number
  /** Fraction of an event (in thousandths) carried to the next generation, so low rates add up. */
  carry_milli: number
  next_seq: number
  created_at: number
  updated_at: number
}

/** Everything said or done on a Sandbox network, by the brand or by its simulated public. */
export interface SandboxItemsTable {
  id: string
  world_id: string
  /** Order of arrival; the activity cursor. */
  seq: number
  /** post | reply | mention | quote | like | repost | follow | direct-message */
  kind: string
  from_brand: number
  /** The synthetic person (index into the world's population); null for the brand. */
  author_index: number | null
  text: string | null
  /** Topic the generator chose (complaint-outage, praise, question…), for reactions. */
  topic: string | null
  parent_id: string | null
  root_id: string | null
  /** For like, repost, quote: the post it is about. */
  subject_id: string | null
  conversation_id: string | null
  idempotency_key: string | null
  /** JSON: [{ mimeType, altText, bytes }] of published images (the bytes themselves are not kept). */
  media: string | null
  created_at: number
  deleted_at: number | null
}

/** Reactions the simulated public will have later: escalations when ignored, answers to our replies. */
export interface SandboxPendingTable {
  id: string
  world_id: string
  due_at: number
  /** escalation | reaction */
  kind: string
  /** The item that is reacted to (a customer's message, or our reply). */
  about_id: string
  /** JSON: what the generator needs to write the reaction. */
  data: string
  created_at: number
}

/** In-app notifications for members (e.g. "the Bluesky channel needs reconnecting"). */
export interface NotificationsTable {
  id: string
  workspace_id: string
  user_id: string
  /** e.g. channel.needs-reconnect */
  kind: string
  title: string
  body: string
  subject_id: string | null
  /** Where the notification leads (migration 0005-notify). */
  link: string | null
  created_at: number
  read_at: number | null
}

/** A workspace's own OAuth app for a network family (migration 0022-oauth-apps). */
export interface OAuthAppsTable {
  workspace_id: string
  /** x | meta */
  app: string
  client_id: string
  /** Sealed with the aad `oauth-app:<workspace>:<app>`. */
  client_secret_sealed: string
  /** JSON: endpoint overrides (authorizationUrl, tokenUrl, apiBaseUrl…), not secret. */
  settings: string
  updated_by: string | null
  updated_at: number
}

/** Accounts one authorization reached, while the person picks the one to connect. */
export interface OAuthPendingTable {
  id: string
  workspace_id: string
  user_id: string
  network: string
  presence_id: string
  /** Sealed JSON of OAuthAccountChoice[] (they hold tokens), aad `oauth-pending:<id>`. */
  choices_sealed: string
  expires_at: number
}

export interface NetworksTables {
  oauth_apps: OAuthAppsTable
  oauth_pending: OAuthPendingTable
  sandbox_worlds: SandboxWorldsTable
  sandbox_items: SandboxItemsTable
  sandbox_pending: SandboxPendingTable
  notifications: NotificationsTable
}

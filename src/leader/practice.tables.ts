/**
 * Tables of the leader rhythm (migration 0011-leader-rhythm): nudges, their mutes, digests sent,
 * and practice on the Sandbox. Conventions as in db/schema.ts: text ids, epoch-ms bigints, JSON as text.
 */

export interface LeaderNudgesTable {
  id: string
  workspace_id: string
  presence_id: string
  /** cadence-behind | question-waiting | rising-conversation | negative-surge */
  kind: string
  /** open | resolved | dismissed | acted */
  state: string
  /** `<presence>:<kind>` while open, else null (unique: one open nudge per kind per leader). */
  open_key: string | null
  why: string
  /** JSON: the figures behind the nudge and what it offers. */
  data: string
  created_at: number
  updated_at: number
  closed_at: number | null
  closed_by: string | null
}

export interface LeaderNudgeMutesTable {
  workspace_id: string
  presence_id: string
  kind: string
  /** Muted until (epoch ms); null: until unmuted. */
  until: number | null
  muted_by: string
  created_at: number
}

export interface LeaderDigestRunsTable {
  id: string
  workspace_id: string
  presence_id: string
  /** Monday of the digest's week, YYYY-MM-DD in the workspace's time zone. */
  week: string
  /** weekly | manual */
  trigger: string
  emailed: number
  /** JSON: counts shown in the digest. */
  summary: string
  sent_at: number
}

export interface PracticePresencesTable {
  leader_presence_id: string
  workspace_id: string
  practice_presence_id: string
  channel_id: string
  created_at: number
}

export interface PracticeSessionsTable {
  id: string
  workspace_id: string
  leader_presence_id: string
  practice_presence_id: string
  channel_id: string
  started_by: string
  seed: number
  /** 1 = the script's real pace; 60 = a minute of script per second. */
  speed: number
  /** running | finished */
  state: string
  /** JSON: PracticeResults once finished. */
  results: string | null
  started_at: number
  finished_at: number | null
}

export interface PracticeMessagesTable {
  id: string
  session_id: string
  workspace_id: string
  position: number
  /** friendly | curious | hostile */
  tone: string
  text: string
  author_index: number
  due_at: number
  /** The Sandbox item once delivered. */
  remote_id: string | null
  delivered_at: number | null
}

export interface LeaderRhythmTables {
  leader_nudges: LeaderNudgesTable
  leader_nudge_mutes: LeaderNudgeMutesTable
  leader_digest_runs: LeaderDigestRunsTable
  practice_presences: PracticePresencesTable
  practice_sessions: PracticeSessionsTable
  practice_messages: PracticeMessagesTable
}

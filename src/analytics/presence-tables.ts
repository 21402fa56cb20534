/** Tables of presence metrics and the digest (migration 0009-analytics-presence). H6's scorecard reads the first two. */

/** One reading of a published delivery's metrics; many per delivery, so growth can be shown. */
export interface MetricPostSnapshotsTable {
  id: string
  workspace_id: string
  delivery_id: string
  post_id: string
  channel_id: string
  presence_id: string
  taken_at: number
  likes: number
  reposts: number
  replies: number
  quotes: number
}

/** Followers of a channel on one local day (YYYY-MM-DD in the workspace's zone); one row per channel and day. */
export interface MetricFollowerDailyTable {
  workspace_id: string
  channel_id: string
  presence_id: string
  day: string
  followers: number | null
  following: number | null
  posts: number | null
  taken_at: number
}

/** A presence's own posting target (a leader strategy's cadence, when there is one, wins). */
export interface PresenceCadenceTargetsTable {
  presence_id: string
  workspace_id: string
  cadence_target_per_week: number
  updated_at: number
}

/** Whether a member gets the weekly digest by email. */
export interface ReportDigestPrefsTable {
  member_id: string
  workspace_id: string
  weekly: number
  updated_at: number
}

/** Weeks (YYYY-MM-DD of the local Monday) a workspace's digest went out. */
export interface ReportDigestRunsTable {
  workspace_id: string
  week: string
  sent_at: number
  recipients: number
}

export interface AnalyticsPresenceTables {
  metric_post_snapshots: MetricPostSnapshotsTable
  metric_follower_daily: MetricFollowerDailyTable
  presence_cadence_targets: PresenceCadenceTargetsTable
  report_digest_prefs: ReportDigestPrefsTable
  report_digest_runs: ReportDigestRunsTable
}

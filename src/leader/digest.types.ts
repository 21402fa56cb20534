/** The weekly digest's shape: built by digest.service.ts, rendered by digest.email.ts and the API. */
import type { Nudge } from './nudge.service.js'
import type { ScorecardWeek, Trend } from './scorecard.compute.js'
import type { LeaderRef } from './scorecard.service.js'

export interface DigestDraft {
  postId: string
  title: string
  kind: string
  /** The pillar's key and its name in the leader's plan. */
  pillar: string | null
  pillarName: string | null
  scheduledAt: number | null
  revision: number
  /** A single-use approval link for the leader (only in the email and when asked for). */
  approveUrl: string | null
}

export interface DigestQuestion {
  conversationId: string
  from: string
  handle: string
  text: string
  askedAt: number
  waitingMs: number
}

export interface DigestMessage {
  messageId: string
  conversationId: string
  author: string
  handle: string
  followers: number
  text: string
  sentiment: string | null
  score: number
  weight: number
  url: string | null
  at: number
}

export interface Digest {
  presence: LeaderRef
  /** Monday of the current week (local). */
  week: string
  from: number
  to: number
  generatedAt: number
  drafts: DigestDraft[]
  questions: DigestQuestion[]
  public: {
    volume: number
    sentiment: { positive: number; neutral: number; negative: number }
    telling: DigestMessage[]
  }
  scorecard: {
    consistency: number | null
    weeksMeetingTarget: number | null
    target: { postsPerWeek: number; repliesPerWeek: number } | null
    lastWeek: ScorecardWeek | null
    thisWeek: ScorecardWeek | null
    trend: Record<string, Trend>
  }
  nudges: Nudge[]
}

/**
 * The leader strategy: what a presence wants from social media (Dutta, HBR 2010: brand, engage,
 * learn), who it speaks to, the resources it has, the plan that follows, and its guardrails.
 * Other leader services (digest, nudges, scorecard) read these through `StrategyReader`.
 */

export const BENEFITS = ['brand', 'engage', 'learn'] as const
export type Benefit = (typeof BENEFITS)[number]

export const AUDIENCE_KEYS = ['colleagues', 'employees', 'customers', 'investors', 'public'] as const
export type AudienceKey = (typeof AUDIENCE_KEYS)[number]

/** Private audiences are inside the company; public ones outside. */
export const AUDIENCE_VISIBILITY: Record<AudienceKey, 'private' | 'public'> = {
  colleagues: 'private',
  employees: 'private',
  customers: 'public',
  investors: 'public',
  public: 'public',
}

export interface Audience {
  key: AudienceKey
  visibility: 'private' | 'public'
  /** Connected channels of the presence that reach this audience. */
  channelIds: string[]
}

export interface Helper {
  memberId: string
  /** drafts: writes on the leader's behalf (approval stays with the leader); advises: comments only. */
  role: 'drafts' | 'advises'
}

export interface Pillar {
  /** Stable slug, stored on posts as their `pillar`. */
  key: string
  name: string
  example: string
}

export interface RhythmSlot {
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number
  /** HH:MM, in the workspace's time zone. */
  time: string
  activity: string
}

export interface QuietPeriod {
  /** Epoch ms (inclusive). */
  from: number
  /** Epoch ms (exclusive). */
  to: number
  reason: string
}

export interface Guardrails {
  avoidTopics: string[]
  /** Terms that need the second approver (word-boundary, case-insensitive). */
  flaggedTerms: string[]
  secondApproverMemberId: string | null
  quietPeriods: QuietPeriod[]
}

export interface Strategy {
  presenceId: string
  kind: 'person' | 'brand'
  /** 1 for the first saved plan; every change adds one. */
  version: number
  goals: { personal: boolean; professional: boolean; statement: string }
  benefits: Benefit[]
  audiences: Audience[]
  hoursPerWeek: number
  helpers: Helper[]
  companyResources: { used: boolean; disclosure: string }
  cadence: { postsPerWeek: number; repliesPerWeek: number }
  /** 3–5. */
  pillars: Pillar[]
  rhythm: RhythmSlot[]
  guardrails: Guardrails
  updatedAt: number
  /** Member id of whoever saved this version. */
  updatedBy: string
}

/** What a caller sends to save a strategy (the server sets presenceId, kind, version, updatedAt/By). */
export type StrategyInput = Omit<Strategy, 'presenceId' | 'kind' | 'version' | 'updatedAt' | 'updatedBy'>

/** One saved version, with what changed against the one before. */
export interface StrategyVersion {
  version: number
  updatedAt: number
  updatedBy: string
  updatedByName: string | null
  /** Top-level fields that differ from the previous version (all fields for version 1). */
  changed: string[]
  strategy: Strategy
}

export interface Freeze {
  presenceId: string
  active: boolean
  reason: string
  since: number
  /** Member id of who froze it. */
  by: string
  liftedAt?: number
  liftedBy?: string
}

/** Posts tagged per pillar over a window, for "neglected pillars". */
export interface PillarUsage {
  key: string
  name: string
  posts: number
  neglected: boolean
}

/** What a guardrail check found in a post for one presence. */
export interface GuardrailFinding {
  kind: 'flagged-term' | 'quiet-period' | 'avoid-topic'
  presenceId: string
  /** The term or topic, or the quiet period's reason. */
  subject: string
  /** Where: "part 2", "Bluesky variant, part 1", or the scheduled time. */
  where: string
  /** Plain sentence for people, e.g. "'earnings' in part 2 needs approval by Dana (CFO)". */
  message: string
  /** flagged-term and quiet-period need the second approver; avoid-topic only warns. */
  needsSecondApproval: boolean
}

export interface GuardrailResult {
  findings: GuardrailFinding[]
  /** Per presence, the member who must approve too (null when the plan names nobody). */
  secondApprovers: Array<{ presenceId: string; memberId: string | null; name: string | null }>
}

/**
 * What the other leader services (digest, nudges, scorecard) may call. Implemented by
 * `StrategyService` (getStrategy) and `FreezeService` (isFrozen); both are on `ctx.leader`.
 */
export interface StrategyReader {
  /** The current plan, or null when none was saved yet. Throws not-found for an unknown presence. */
  getStrategy(workspaceId: string, presenceId: string): Promise<Strategy | null>
}

export interface FreezeReader {
  isFrozen(workspaceId: string, presenceId: string): Promise<boolean>
  /** The active freeze, or null. */
  current(workspaceId: string, presenceId: string): Promise<Freeze | null>
}

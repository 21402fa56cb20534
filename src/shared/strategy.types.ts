/**
 * The leader strategy: what a presence wants from social media (Dutta, HBR 2010: brand, engage,
 * learn), who it speaks to, the resources it has, the plan that follows, and its guardrails.
 * Shared (src/shared/): the server validates and stores it, the web's wizard builds it.
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

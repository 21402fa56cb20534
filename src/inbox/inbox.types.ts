/** Types shared across the inbox's use cases (services, views, routes). */
import type { Intent, Sentiment } from '../triage/classifier.js'

export const CONVERSATION_STATES = ['open', 'pending', 'snoozed', 'resolved', 'spam'] as const
export type ConversationState = (typeof CONVERSATION_STATES)[number]

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type Priority = (typeof PRIORITIES)[number]

export const INTENTS = ['question', 'complaint', 'praise', 'request', 'spam', 'other'] as const
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const
export type { Intent, Sentiment }

/** Message kinds that become conversations; likes, reposts and follows are only counted. */
export const CONVERSATIONAL_KINDS = ['mention', 'reply', 'quote', 'direct-message'] as const

/** Conditions of an automation rule; every given condition must hold (AND); lists mean "any of". */
export interface RuleConditions {
  /** Any of these words or phrases appears in the text (case-insensitive). */
  keywords?: string[]
  intents?: Intent[]
  sentiments?: Sentiment[]
  languages?: string[]
  kinds?: string[]
  channelIds?: string[]
  presenceIds?: string[]
  contactIds?: string[]
  minFollowers?: number
  maxFollowers?: number
}

export type RuleAction =
  | { type: 'label'; label: string }
  /** `reassign`: also when the conversation already has an assignee (follow-up messages). */
  | { type: 'assign-member'; memberId: string; reassign?: boolean }
  | { type: 'assign-team'; teamId: string; reassign?: boolean }
  | { type: 'priority'; priority: Priority }
  | { type: 'spam' }
  | { type: 'resolve' }
  | { type: 'note'; text: string }

export interface Rule {
  id: string
  name: string
  position: number
  enabled: boolean
  conditions: RuleConditions
  actions: RuleAction[]
  /** Stop evaluating later rules when this one matched. */
  stop: boolean
  createdAt: number
  updatedAt: number
}

/** Filters of the conversation list, of saved views and of search. */
export interface ConversationFilters {
  states?: ConversationState[]
  priorities?: Priority[]
  /** A member id, 'me' (resolved by the route) or 'none' for unassigned. */
  assignee?: string
  teamId?: string
  label?: string
  intents?: Intent[]
  sentiments?: Sentiment[]
  channelIds?: string[]
  presenceIds?: string[]
  contactId?: string
  /** Last activity from / before (epoch ms). */
  from?: number
  to?: number
  /** Full-text query over messages. */
  q?: string
}

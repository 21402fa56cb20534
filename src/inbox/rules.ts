/**
 * Automation rules and priority: pure evaluation, no I/O. The ingest pipeline loads a workspace's
 * rules once per batch and applies them to each new (or reopened) conversation in order.
 */
import type { Classification } from '../triage/classifier.js'
import type { Priority, Rule, RuleAction, RuleConditions } from './inbox.types.js'

/** What a rule sees about one incoming message. */
export interface RuleSubject {
  text: string
  kind: string
  classification: Classification
  channelId: string
  presenceId: string
  contactId: string
  followerCount: number | null
}

/** One action a rule took, for the conversation's timeline ("rule X assigned this"). */
export interface RuleEffect {
  ruleId: string
  ruleName: string
  action: RuleAction
}

/** Followers from which a negative complaint is urgent under the built-in priority. */
export const MANY_FOLLOWERS = 10_000

/**
 * The built-in priority, before rules: a negative complaint is high, urgent from an account with
 * many followers; questions and requests are normal; what needs no reply is low. Rules with a
 * `priority` action override it (managers edit those).
 */
export function basePriority(c: Classification, followerCount: number | null): Priority {
  if (c.intent === 'spam') return 'low'
  if (c.sentiment === 'negative' && (c.intent === 'complaint' || c.needsReply)) {
    return (followerCount ?? 0) >= MANY_FOLLOWERS ? 'urgent' : 'high'
  }
  if (!c.needsReply) return 'low'
  return 'normal'
}

/** True when every condition of `cond` holds for `s`. */
export function matches(cond: RuleConditions, s: RuleSubject): boolean {
  if (cond.keywords?.length) {
    const text = s.text.toLowerCase()
    if (!cond.keywords.some((k) => k.trim() !== '' && text.includes(k.toLowerCase()))) return false
  }
  if (cond.intents?.length && !cond.intents.includes(s.classification.intent)) return false
  if (cond.sentiments?.length && !cond.sentiments.includes(s.classification.sentiment)) return false
  if (cond.languages?.length && !cond.languages.includes(s.classification.language)) return false
  if (cond.kinds?.length && !cond.kinds.includes(s.kind)) return false
  if (cond.channelIds?.length && !cond.channelIds.includes(s.channelId)) return false
  if (cond.presenceIds?.length && !cond.presenceIds.includes(s.presenceId)) return false
  if (cond.contactIds?.length && !cond.contactIds.includes(s.contactId)) return false
  if (cond.minFollowers !== undefined && (s.followerCount ?? 0) < cond.minFollowers) return false
  if (cond.maxFollowers !== undefined && (s.followerCount ?? 0) > cond.maxFollowers) return false
  return true
}

/** The effects of `rules` (already in order) on `s`: every action of every matching rule, until a `stop`. */
export function evaluateRules(rules: readonly Rule[], s: RuleSubject): RuleEffect[] {
  const out: RuleEffect[] = []
  for (const r of rules) {
    if (!r.enabled || !matches(r.conditions, s)) continue
    for (const action of r.actions) out.push({ ruleId: r.id, ruleName: r.name, action })
    if (r.stop) break
  }
  return out
}

/** How a timeline shows an effect. */
export function describeEffect(e: RuleEffect): string {
  const a = e.action
  switch (a.type) {
    case 'label':
      return `rule ${e.ruleName} labelled this ${a.label}`
    case 'assign-member':
    case 'assign-team':
      return `rule ${e.ruleName} assigned this`
    case 'priority':
      return `rule ${e.ruleName} set priority ${a.priority}`
    case 'spam':
      return `rule ${e.ruleName} marked this as spam`
    case 'resolve':
      return `rule ${e.ruleName} resolved this`
    case 'note':
      return `rule ${e.ruleName} added a note`
  }
}

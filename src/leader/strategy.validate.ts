/** Checks and normalises a strategy as sent by a client; every problem names its field. */
import { invalid } from '../core/errors.js'
import {
  AUDIENCE_KEYS,
  AUDIENCE_VISIBILITY,
  type AudienceKey,
  BENEFITS,
  type Benefit,
  type StrategyInput,
} from '../shared/strategy.types.js'

const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/
const KEY_RE = /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/

const text = (v: unknown, field: string, max: number, required = false): string => {
  const s = typeof v === 'string' ? v.trim() : ''
  if (v !== undefined && v !== null && typeof v !== 'string') throw invalid(field, 'must be text')
  if (required && !s) throw invalid(field, 'is required')
  if (s.length > max) throw invalid(field, `must be at most ${max} characters`)
  return s
}

const num = (v: unknown, field: string, min: number, max: number, integer = false): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(field, 'must be a number')
  if (integer && !Number.isInteger(v)) throw invalid(field, 'must be a whole number')
  if (v < min || v > max) throw invalid(field, `must be between ${min} and ${max}`)
  return v
}

function terms(v: unknown, field: string, maxItems: number): string[] {
  if (!Array.isArray(v)) throw invalid(field, 'must be a list')
  if (v.length > maxItems) throw invalid(field, `at most ${maxItems}`)
  const out: string[] = []
  v.forEach((t, i) => {
    const s = text(t, `${field}.${i}`, 60, true)
    if (!out.some((x) => x.toLowerCase() === s.toLowerCase())) out.push(s)
  })
  return out
}

export interface ValidationContext {
  kind: 'person' | 'brand'
  /** Channels of the presence (audiences may only name these). */
  channelIds: Set<string>
  /** Members of the workspace. */
  memberIds: Set<string>
  /** The member the presence belongs to (cannot be its own second approver). */
  presenceMemberId: string | null
}

export function validateStrategy(input: StrategyInput, c: ValidationContext): StrategyInput {
  const g = input.goals
  const goals = {
    personal: g?.personal === true,
    professional: g?.professional === true,
    statement: text(g?.statement, 'goals.statement', 500),
  }
  if (c.kind === 'person' && !goals.personal && !goals.professional)
    throw invalid('goals', 'choose personal, professional or both')
  if (!Array.isArray(input.benefits) || input.benefits.length === 0)
    throw invalid('benefits', 'choose at least one of brand, engage, learn')
  const benefits = [...new Set(input.benefits)] as Benefit[]
  benefits.forEach((b, i) => {
    if (!BENEFITS.includes(b)) throw invalid(`benefits.${i}`, 'must be brand, engage or learn')
  })
  if (!Array.isArray(input.audiences) || input.audiences.length === 0)
    throw invalid('audiences', 'choose at least one audience')
  const seen = new Set<AudienceKey>()
  const audiences = input.audiences.map((a, i) => {
    if (!AUDIENCE_KEYS.includes(a.key))
      throw invalid(`audiences.${i}.key`, `must be one of ${AUDIENCE_KEYS.join(', ')}`)
    if (seen.has(a.key)) throw invalid(`audiences.${i}.key`, 'is listed twice')
    seen.add(a.key)
    const ids = [...new Set(a.channelIds ?? [])]
    ids.forEach((id, j) => {
      if (!c.channelIds.has(id))
        throw invalid(`audiences.${i}.channelIds.${j}`, 'is not a channel of this presence')
    })
    return { key: a.key, visibility: AUDIENCE_VISIBILITY[a.key], channelIds: ids }
  })
  const hoursPerWeek = num(input.hoursPerWeek, 'hoursPerWeek', 0, 40)
  if (!Array.isArray(input.helpers)) throw invalid('helpers', 'must be a list')
  const helpers = input.helpers.map((h, i) => {
    if (!c.memberIds.has(h.memberId))
      throw invalid(`helpers.${i}.memberId`, 'is not a member of this workspace')
    if (h.role !== 'drafts' && h.role !== 'advises')
      throw invalid(`helpers.${i}.role`, 'must be drafts or advises')
    return { memberId: h.memberId, role: h.role }
  })
  const used = input.companyResources?.used === true
  const disclosure = text(input.companyResources?.disclosure, 'companyResources.disclosure', 300)
  if (used && !disclosure)
    throw invalid('companyResources.disclosure', 'say how the help of the company is disclosed')
  const cadence = {
    postsPerWeek: num(input.cadence?.postsPerWeek, 'cadence.postsPerWeek', 0, 50, true),
    repliesPerWeek: num(input.cadence?.repliesPerWeek, 'cadence.repliesPerWeek', 0, 500, true),
  }
  if (!Array.isArray(input.pillars) || input.pillars.length < 3 || input.pillars.length > 5)
    throw invalid('pillars', 'choose three to five content pillars')
  const keys = new Set<string>()
  const pillars = input.pillars.map((p, i) => {
    if (typeof p.key !== 'string' || !KEY_RE.test(p.key))
      throw invalid(`pillars.${i}.key`, 'must be lower-case letters, digits and dashes')
    if (keys.has(p.key)) throw invalid(`pillars.${i}.key`, 'is used twice')
    keys.add(p.key)
    return {
      key: p.key,
      name: text(p.name, `pillars.${i}.name`, 60, true),
      example: text(p.example, `pillars.${i}.example`, 280, true),
    }
  })
  if (!Array.isArray(input.rhythm) || input.rhythm.length > 21) throw invalid('rhythm', 'at most 21 slots')
  const rhythm = input.rhythm
    .map((r, i) => {
      num(r.weekday, `rhythm.${i}.weekday`, 0, 6, true)
      if (typeof r.time !== 'string' || !TIME_RE.test(r.time))
        throw invalid(`rhythm.${i}.time`, 'must be HH:MM')
      return {
        weekday: r.weekday,
        time: r.time,
        activity: text(r.activity, `rhythm.${i}.activity`, 100, true),
      }
    })
    .sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time))
  const gr = input.guardrails
  if (!gr || typeof gr !== 'object') throw invalid('guardrails', 'is required')
  const second = gr.secondApproverMemberId ?? null
  if (second !== null) {
    if (!c.memberIds.has(second))
      throw invalid('guardrails.secondApproverMemberId', 'is not a member of this workspace')
    if (second === c.presenceMemberId)
      throw invalid('guardrails.secondApproverMemberId', 'must be someone other than the leader')
  }
  if (!Array.isArray(gr.quietPeriods) || gr.quietPeriods.length > 20)
    throw invalid('guardrails.quietPeriods', 'at most 20')
  const quietPeriods = gr.quietPeriods.map((q, i) => {
    const from = num(q.from, `guardrails.quietPeriods.${i}.from`, 0, 8.64e15, true)
    const to = num(q.to, `guardrails.quietPeriods.${i}.to`, 0, 8.64e15, true)
    if (to <= from) throw invalid(`guardrails.quietPeriods.${i}.to`, 'must be after from')
    return { from, to, reason: text(q.reason, `guardrails.quietPeriods.${i}.reason`, 200, true) }
  })
  return {
    goals,
    benefits,
    audiences,
    hoursPerWeek,
    helpers,
    companyResources: { used, disclosure },
    cadence,
    pillars,
    rhythm,
    guardrails: {
      avoidTopics: terms(gr.avoidTopics, 'guardrails.avoidTopics', 30),
      flaggedTerms: terms(gr.flaggedTerms, 'guardrails.flaggedTerms', 50),
      secondApproverMemberId: second,
      quietPeriods: quietPeriods.sort((a, b) => a.from - b.from),
    },
  }
}

/** Top-level fields of `next` that differ from `prev` (every field when there is no previous version). */
export function changedFields(prev: StrategyInput | null, next: StrategyInput): string[] {
  const keys = Object.keys(next) as Array<keyof StrategyInput>
  if (!prev) return keys
  return keys.filter((k) => JSON.stringify(prev[k]) !== JSON.stringify(next[k]))
}

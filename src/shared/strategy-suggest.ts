/**
 * Suggestions for the guided set-up: plain-language explanations, the cadence rule, default pillars,
 * rhythm and guardrails. Pure functions, shared by the server and the web app.
 */
import type { AudienceKey, Benefit, Guardrails, Pillar, RhythmSlot, StrategyInput } from './strategy.types.js'

/** One sentence each (after Dutta, "What's Your Personal Social Media Strategy?", HBR 2010). */
export const BENEFIT_TEXT: Record<Benefit, { label: string; text: string }> = {
  brand: {
    label: 'Build a personal brand',
    text: 'Show who you are and what you stand for, inside and outside the company, in your own voice.',
  },
  engage: {
    label: 'Engage',
    text: 'Talk rapidly and directly with peers, employees, customers and the public, without a filter in between.',
  },
  learn: {
    label: 'Learn',
    text: 'Hear instant information and unvarnished feedback about the company, the market and yourself.',
  },
}

export const AUDIENCE_TEXT: Record<AudienceKey, string> = {
  colleagues: 'Colleagues and peers',
  employees: 'Employees',
  customers: 'Customers',
  investors: 'Investors and analysts',
  public: 'The wider public',
}

/** Terms that need a second approval unless the plan says otherwise. */
export const DEFAULT_FLAGGED_TERMS = [
  'earnings',
  'forecast',
  'guidance',
  'acquisition',
  'merger',
  'lawsuit',
  'layoffs',
]

/** Minutes of the leader's own time per post (written alone / drafted by a helper) and per reply. */
export const MINUTES_PER_POST = 30
export const MINUTES_PER_DRAFTED_POST = 15
export const MINUTES_PER_REPLY = 5
export const MAX_POSTS_PER_WEEK = 7

export const CADENCE_RULE =
  `Half of your time goes to posts (about ${MINUTES_PER_POST} minutes each when you write them yourself, ` +
  `${MINUTES_PER_DRAFTED_POST} when someone drafts for you), half to replies (about ${MINUTES_PER_REPLY} minutes each); ` +
  `at most one post a day, and at least one a week.`

/** The cadence the time available allows (see CADENCE_RULE). */
export function suggestCadence(
  hoursPerWeek: number,
  hasDrafter: boolean,
): { postsPerWeek: number; repliesPerWeek: number } {
  const half = (Math.max(0, hoursPerWeek) * 60) / 2
  const perPost = hasDrafter ? MINUTES_PER_DRAFTED_POST : MINUTES_PER_POST
  return {
    postsPerWeek: Math.min(MAX_POSTS_PER_WEEK, Math.max(1, Math.floor(half / perPost))),
    repliesPerWeek: Math.min(100, Math.floor(half / MINUTES_PER_REPLY)),
  }
}

const PILLARS: Record<string, Pillar> = {
  perspective: {
    key: 'perspective',
    name: 'Point of view',
    example: 'What I think the next five years hold for our industry, and what we are doing about it',
  },
  people: {
    key: 'people',
    name: 'People and teams',
    example: 'Thanking the support team who kept customers informed through the weekend outage',
  },
  questions: {
    key: 'questions',
    name: 'Open questions',
    example: 'What is the one thing you would change about how we work with you?',
  },
  company: {
    key: 'company',
    name: 'Company news in my words',
    example: 'Why we opened an office in Lisbon, and who we are hiring there',
  },
  'behind-the-scenes': {
    key: 'behind-the-scenes',
    name: 'Behind the scenes',
    example: 'The book that changed how I run our Monday meeting',
  },
  product: { key: 'product', name: 'Product', example: 'Three things the new release does for small teams' },
  customers: {
    key: 'customers',
    name: 'Customers',
    example: 'How a bakery in Ghent cut its waiting time in half with us',
  },
  service: {
    key: 'service',
    name: 'Service and help',
    example: 'Our support hours over the holidays, and where to find answers',
  },
}

/** Three to five pillars that fit the goals and benefits chosen. */
export function suggestPillars(
  kind: 'person' | 'brand',
  benefits: Benefit[],
  goals: { personal: boolean; professional: boolean },
): Pillar[] {
  if (kind === 'brand') return [PILLARS.product!, PILLARS.customers!, PILLARS.company!, PILLARS.service!]
  const keys: string[] = []
  if (benefits.includes('brand')) keys.push('perspective')
  if (benefits.includes('engage')) keys.push('people')
  if (benefits.includes('learn')) keys.push('questions')
  if (goals.professional || !goals.personal) keys.push('company')
  if (goals.personal) keys.push('behind-the-scenes')
  for (const k of ['perspective', 'people', 'company', 'questions'])
    if (keys.length < 3 && !keys.includes(k)) keys.push(k)
  return keys.slice(0, 5).map((k) => ({ ...PILLARS[k]! }))
}

/** A weekly rhythm: a post day per couple of posts, a replies slot, and a listening slot when learning. */
export function suggestRhythm(postsPerWeek: number, benefits: Benefit[]): RhythmSlot[] {
  const postDays = [1, 3, 5, 2, 4, 6, 0].slice(0, Math.max(1, Math.min(postsPerWeek, 7)))
  const out: RhythmSlot[] = postDays
    .sort((a, b) => a - b)
    .map((weekday) => ({ weekday, time: '09:00', activity: 'Post (one pillar)' }))
  out.push({ weekday: 3, time: '12:30', activity: 'Answer replies and questions' })
  if (benefits.includes('learn'))
    out.push({ weekday: 5, time: '16:00', activity: 'Read what people said this week' })
  return out.sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time))
}

export function defaultGuardrails(): Guardrails {
  return {
    avoidTopics: [],
    flaggedTerms: [...DEFAULT_FLAGGED_TERMS],
    secondApproverMemberId: null,
    quietPeriods: [],
  }
}

/** A complete starting plan the wizard fills in and the person edits. */
export function suggestStrategy(kind: 'person' | 'brand', channelIds: string[]): StrategyInput {
  const benefits: Benefit[] = kind === 'brand' ? ['engage'] : ['brand', 'engage', 'learn']
  const goals = { personal: false, professional: true, statement: '' }
  const hoursPerWeek = kind === 'brand' ? 5 : 1
  const cadence = suggestCadence(hoursPerWeek, kind === 'brand')
  return {
    goals,
    benefits,
    audiences:
      kind === 'brand'
        ? [{ key: 'customers', visibility: 'public', channelIds: [...channelIds] }]
        : [
            { key: 'employees', visibility: 'private', channelIds: [] },
            { key: 'customers', visibility: 'public', channelIds: [...channelIds] },
          ],
    hoursPerWeek,
    helpers: [],
    companyResources: { used: false, disclosure: '' },
    cadence,
    pillars: suggestPillars(kind, benefits, goals),
    rhythm: suggestRhythm(cadence.postsPerWeek, benefits),
    guardrails: defaultGuardrails(),
  }
}

/** Turns a pillar name into its key: lower case, dashes, at most 40 characters. */
export function pillarKey(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'pillar'
  )
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

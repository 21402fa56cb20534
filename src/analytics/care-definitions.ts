/** What every care figure counts, in plain language (shown beside the figure and exported with it). */
import type { SlaSettings } from '../inbox/sla.service.js'
import type { CareHours, FigureUnit } from './care.types.js'

export interface FigureDefinition {
  label: string
  unit: FigureUnit
  definition: string
  /** Measured in the chosen hours (calendar or business): the hours are described after the definition. */
  timed?: boolean
  /** Drill-down metric (default: the figure's key) and its fixed parameters. */
  drill?: string
  params?: Record<string, string>
}

const WAIT =
  'A wait starts at the first message from the public that needs a reply since our last reply (or since the conversation began) and ends at our next public reply by a person; automation never counts.'
const FIRST = `${WAIT} First response: waits before our first reply in the conversation that started in the period.`
const NEXT = `${WAIT} Next response: waits after we had already replied once, started in the period.`
const NEAREST =
  'Nearest-rank: the value at rank ⌈p/100 × n⌉ of the n answered waits sorted from fastest to slowest.'
const WITHIN = (limit: string) =>
  `Share answered within ${limit}: answered within ${limit}, divided by the waits that are decided — answered, or unanswered and already waiting longer than ${limit}.`

/** Figures in the order the report lists them. */
export const DEFINITIONS: Record<string, FigureDefinition> = {
  conversations: {
    label: 'New conversations',
    unit: 'count',
    definition: 'Conversations whose first message from the public arrived in the period.',
  },
  first_response_median: {
    label: 'First response, median',
    unit: 'ms',
    definition: `${FIRST} Median of the answered ones (${NEAREST})`,
    timed: true,
    drill: 'first_response',
  },
  first_response_p90: {
    label: 'First response, 90th percentile',
    unit: 'ms',
    definition: `${FIRST} 90 % of the answered ones were answered at least this fast (${NEAREST})`,
    timed: true,
    drill: 'first_response',
  },
  first_response_within_1h: {
    label: 'First response within 1 hour',
    unit: 'ratio',
    definition: `${FIRST} ${WITHIN('1 hour')}`,
    timed: true,
    drill: 'first_response',
    params: { over: '3600000' },
  },
  first_response_within_24h: {
    label: 'First response within 24 hours',
    unit: 'ratio',
    definition: `${FIRST} ${WITHIN('24 hours')}`,
    timed: true,
    drill: 'first_response',
    params: { over: '86400000' },
  },
  next_response_median: {
    label: 'Next response, median',
    unit: 'ms',
    definition: `${NEXT} Median of the answered ones (${NEAREST})`,
    timed: true,
    drill: 'next_response',
  },
  next_response_p90: {
    label: 'Next response, 90th percentile',
    unit: 'ms',
    definition: `${NEXT} 90 % of the answered ones were answered at least this fast (${NEAREST})`,
    timed: true,
    drill: 'next_response',
  },
  next_response_within_1h: {
    label: 'Next response within 1 hour',
    unit: 'ratio',
    definition: `${NEXT} ${WITHIN('1 hour')}`,
    timed: true,
    drill: 'next_response',
    params: { over: '3600000' },
  },
  next_response_within_24h: {
    label: 'Next response within 24 hours',
    unit: 'ratio',
    definition: `${NEXT} ${WITHIN('24 hours')}`,
    timed: true,
    drill: 'next_response',
    params: { over: '86400000' },
  },
  response_rate: {
    label: 'Response rate',
    unit: 'ratio',
    definition:
      'Of the messages from the public that needed a reply (as classified) and whose wait started in the period, the share that got a public reply by a person afterwards (up to now).',
    drill: 'unanswered',
  },
  resolution_median: {
    label: 'Resolution time, median',
    unit: 'ms',
    definition: `From the first message from the public to the first time a person resolved the conversation, for conversations first resolved in the period; median (${NEAREST.replace('answered waits', 'resolved conversations')})`,
    timed: true,
    drill: 'resolution',
  },
  resolution_p90: {
    label: 'Resolution time, 90th percentile',
    unit: 'ms',
    definition:
      'As the median resolution time, but the value 90 % of the conversations resolved in the period stay at or below (nearest-rank).',
    timed: true,
    drill: 'resolution',
  },
  reopen_rate: {
    label: 'Reopen rate',
    unit: 'ratio',
    definition:
      'Of the conversations first resolved in the period, the share that were reopened afterwards (a new message or a person moved them out of resolved), up to now.',
    drill: 'reopened',
  },
  sla_hit_rate: {
    label: 'SLA hit rate',
    unit: 'ratio',
    definition:
      'Of the waits for a reply that started in the period and are decided (answered, or unanswered past their due time), the share answered by the due time of the current policy of the conversation’s priority.',
    drill: 'sla',
    params: { outcome: 'missed' },
  },
  backlog_open: {
    label: 'Open now',
    unit: 'count',
    definition: 'Conversations in the state open right now (not pending, snoozed, resolved or spam).',
    drill: 'backlog',
    params: { which: 'open' },
  },
  backlog_unassigned: {
    label: 'Open and unassigned now',
    unit: 'count',
    definition: 'Open conversations right now that have neither an assigned member nor a team.',
    drill: 'backlog',
    params: { which: 'unassigned' },
  },
  backlog_breached: {
    label: 'Open and past the SLA now',
    unit: 'count',
    definition: 'Open conversations right now whose running response target is already due.',
    drill: 'backlog',
    params: { which: 'breached' },
  },
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']

export function labelOf(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1)
}

/** How durations were measured, appended to timed definitions. */
export function describeHours(hours: CareHours, s: SlaSettings): string {
  if (hours === 'calendar' || s.calendar.hours.alwaysOpen) return 'Measured around the clock (calendar time).'
  const holidays = s.calendar.holidays.length
  return `Measured in business hours only: the workspace's opening hours in ${s.calendar.timeZone}${holidays ? `, minus ${holidays} holiday${holidays === 1 ? '' : 's'}` : ''}.`
}

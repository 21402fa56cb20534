/**
 * Post kinds and their templates: each kind has fields the composer asks for, checked here, and a
 * template that writes the first draft of the text from them. Giveaways are created by campaigns.
 */
import { DomainError, type FieldIssue } from '../core/errors.js'
import { isTimeZone } from '../core/time-zone.js'
import { parseLocal, zonedToUtc } from '../core/zoned-time.js'
import type { PostKind } from './post.types.js'

type FieldType = 'text' | 'url' | 'local-time' | 'time-zone' | 'status'

interface FieldSpec {
  name: string
  type: FieldType
  required: boolean
  max?: number
}

export const SERVICE_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'maintenance',
  'degraded',
] as const

/** The fields each kind asks for (documented in the OpenAPI schema of PostInput). */
export const KIND_FIELDS: Record<PostKind, FieldSpec[]> = {
  announcement: [
    { name: 'headline', type: 'text', required: true, max: 200 },
    { name: 'body', type: 'text', required: false, max: 5000 },
    { name: 'link', type: 'url', required: false },
  ],
  news: [
    { name: 'headline', type: 'text', required: true, max: 200 },
    { name: 'summary', type: 'text', required: false, max: 5000 },
    { name: 'link', type: 'url', required: false },
  ],
  event: [
    { name: 'title', type: 'text', required: true, max: 200 },
    { name: 'startsAt', type: 'local-time', required: true },
    { name: 'endsAt', type: 'local-time', required: true },
    { name: 'timeZone', type: 'time-zone', required: true },
    { name: 'place', type: 'text', required: false, max: 300 },
    { name: 'link', type: 'url', required: false },
    { name: 'description', type: 'text', required: false, max: 5000 },
  ],
  'support-notice': [
    { name: 'service', type: 'text', required: true, max: 200 },
    { name: 'status', type: 'status', required: true },
    { name: 'details', type: 'text', required: false, max: 5000 },
    { name: 'nextUpdateAt', type: 'local-time', required: false },
    { name: 'timeZone', type: 'time-zone', required: false },
    { name: 'link', type: 'url', required: false },
  ],
  'company-info': [
    { name: 'topic', type: 'text', required: false, max: 200 },
    { name: 'body', type: 'text', required: true, max: 5000 },
    { name: 'link', type: 'url', required: false },
  ],
  free: [],
  giveaway: [],
}

function checkField(spec: FieldSpec, value: unknown, issues: FieldIssue[]): void {
  const field = `fields.${spec.name}`
  if (value === undefined || value === null || value === '') {
    if (spec.required) issues.push({ field, reason: 'is required for this kind of post' })
    return
  }
  if (typeof value !== 'string') {
    issues.push({ field, reason: 'must be text' })
    return
  }
  if (spec.max && value.length > spec.max)
    issues.push({ field, reason: `is longer than ${spec.max} characters` })
  switch (spec.type) {
    case 'url':
      if (!/^https?:\/\/\S+$/.test(value)) issues.push({ field, reason: 'must be an http(s) link' })
      break
    case 'local-time':
      try {
        parseLocal(value, field)
      } catch {
        issues.push({ field, reason: 'must be a local time like 2026-03-30T09:00' })
      }
      break
    case 'time-zone':
      if (!isTimeZone(value)) issues.push({ field, reason: 'is not a known IANA time zone' })
      break
    case 'status':
      if (!(SERVICE_STATUSES as readonly string[]).includes(value))
        issues.push({ field, reason: `must be one of ${SERVICE_STATUSES.join(', ')}` })
      break
    case 'text':
      break
  }
}

/** Checks the fields of `kind`; unknown fields are refused so a typo never silently does nothing. */
export function checkKindFields(kind: PostKind, fields: Record<string, unknown>): Record<string, string> {
  if (kind === 'giveaway')
    throw new DomainError('validation', 'kind: giveaways are created from a campaign', {
      fields: [{ field: 'kind', reason: 'giveaways are created from a campaign' }],
    })
  const specs = KIND_FIELDS[kind]
  const issues: FieldIssue[] = []
  for (const name of Object.keys(fields)) {
    if (!specs.some((s) => s.name === name))
      issues.push({ field: `fields.${name}`, reason: 'is not a field of this kind' })
  }
  for (const spec of specs) checkField(spec, fields[spec.name], issues)
  if (kind === 'event' && issues.length === 0) {
    const tz = fields.timeZone as string
    const start = zonedToUtc(parseLocal(fields.startsAt as string, 'fields.startsAt'), tz)
    const end = zonedToUtc(parseLocal(fields.endsAt as string, 'fields.endsAt'), tz)
    if (end <= start) issues.push({ field: 'fields.endsAt', reason: 'must be after the start' })
    if (!fields.place && !fields.link)
      issues.push({ field: 'fields.place', reason: 'give a place or a link' })
  }
  if (kind === 'support-notice' && fields.nextUpdateAt && !fields.timeZone)
    issues.push({ field: 'fields.timeZone', reason: 'is needed with nextUpdateAt' })
  if (issues.length > 0) {
    throw new DomainError('validation', issues.map((i) => `${i.field}: ${i.reason}`).join('; '), {
      fields: issues,
    })
  }
  return fields as Record<string, string>
}

const STATUS_WORDS: Record<string, string> = {
  investigating: 'We are investigating a problem with',
  identified: 'We have found the cause of the problem with',
  monitoring: 'A fix is in place; we are watching',
  resolved: 'Resolved:',
  maintenance: 'Planned maintenance:',
  degraded: 'Slower than usual:',
}

function when(local: string, tz: string): string {
  const [d, t] = local.split('T')
  return `${d} ${t} (${tz})`
}

/** The first draft of the text for `kind` from its fields; the composer shows it for editing. */
export function renderTemplate(kind: PostKind, f: Record<string, string>): string {
  const lines: string[] = []
  const add = (s: string | undefined) => {
    if (s) lines.push(s)
  }
  switch (kind) {
    case 'announcement':
      add(f.headline)
      add(f.body)
      add(f.link)
      break
    case 'news':
      add(f.headline)
      add(f.summary)
      add(f.link)
      break
    case 'event':
      add(`📅 ${f.title}`)
      if (f.startsAt && f.timeZone)
        add(`${when(f.startsAt, f.timeZone)} – ${(f.endsAt ?? '').split('T')[1] ?? ''}`)
      add(f.place ? `📍 ${f.place}` : undefined)
      add(f.description)
      add(f.link)
      break
    case 'support-notice':
      add(`${STATUS_WORDS[f.status ?? ''] ?? ''} ${f.service ?? ''}`.trim())
      add(f.details)
      if (f.nextUpdateAt && f.timeZone) add(`Next update: ${when(f.nextUpdateAt, f.timeZone)}`)
      add(f.link)
      break
    case 'company-info':
      add(f.topic)
      add(f.body)
      add(f.link)
      break
    case 'free':
    case 'giveaway':
      break
  }
  return lines.join('\n\n')
}

/** A short title for lists when none was given. */
export function defaultTitle(kind: PostKind, f: Record<string, string>, firstText: string): string {
  const t =
    f.headline ?? f.title ?? (f.service ? `${f.service}: ${f.status}` : undefined) ?? f.topic ?? firstText
  const one = (t || kind).split('\n')[0]!.trim()
  return one.length > 80 ? `${one.slice(0, 79)}…` : one
}

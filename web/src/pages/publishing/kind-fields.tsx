/** The fields of a post kind's template (event, service status…), filled before the text is written. */

import { TimeZoneSelect } from '../../components/time-zone-select.js'
import { Field, Input } from '../../components/ui.js'
import type { PostKind } from './publishing-api.js'

interface Spec {
  name: string
  label: string
  type: 'text' | 'long' | 'url' | 'local-time' | 'time-zone' | 'status'
  required?: boolean
  hint?: string
}

export const SERVICE_STATUSES = [
  ['investigating', 'Investigating'],
  ['identified', 'Identified'],
  ['monitoring', 'Monitoring'],
  ['resolved', 'Resolved'],
  ['maintenance', 'Maintenance'],
  ['degraded', 'Degraded'],
] as const

export const KIND_SPECS: Record<PostKind, Spec[]> = {
  announcement: [
    { name: 'headline', label: 'Headline', type: 'text', required: true },
    { name: 'body', label: 'Body', type: 'long' },
    { name: 'link', label: 'Link', type: 'url' },
  ],
  news: [
    { name: 'headline', label: 'Headline', type: 'text', required: true },
    { name: 'summary', label: 'Summary', type: 'long' },
    { name: 'link', label: 'Link', type: 'url' },
  ],
  event: [
    { name: 'title', label: 'Event title', type: 'text', required: true },
    { name: 'startsAt', label: 'Starts', type: 'local-time', required: true },
    { name: 'endsAt', label: 'Ends', type: 'local-time', required: true },
    { name: 'timeZone', label: 'Event time zone', type: 'time-zone', required: true },
    { name: 'place', label: 'Place', type: 'text', hint: 'An address, or leave empty for an online event' },
    { name: 'link', label: 'Event link', type: 'url' },
    { name: 'description', label: 'Description', type: 'long' },
  ],
  'support-notice': [
    { name: 'service', label: 'Affected service', type: 'text', required: true },
    { name: 'status', label: 'Status', type: 'status', required: true },
    { name: 'details', label: 'Details', type: 'long' },
    { name: 'nextUpdateAt', label: 'Next update', type: 'local-time' },
    { name: 'timeZone', label: 'Time zone of the next update', type: 'time-zone' },
    { name: 'link', label: 'Status page link', type: 'url' },
  ],
  'company-info': [
    { name: 'topic', label: 'Topic', type: 'text' },
    { name: 'body', label: 'Body', type: 'long', required: true },
    { name: 'link', label: 'Link', type: 'url' },
  ],
  free: [],
  giveaway: [],
}

export function KindFields(props: {
  kind: PostKind
  fields: Record<string, string>
  errors: Record<string, string>
  defaultTimeZone: string
  onChange: (name: string, value: string) => void
}) {
  const specs = KIND_SPECS[props.kind]
  if (specs.length === 0) return null
  return (
    <div className="composer-kind-fields">
      {specs.map((s) => {
        const value = props.fields[s.name] ?? ''
        const error = props.errors[`fields.${s.name}`]
        const set = (v: string) => props.onChange(s.name, v)
        let control = <Input value={value} onChange={(e) => set(e.target.value)} />
        if (s.type === 'long')
          control = (
            <textarea className="input" rows={3} value={value} onChange={(e) => set(e.target.value)} />
          )
        if (s.type === 'url')
          control = (
            <Input type="url" placeholder="https://" value={value} onChange={(e) => set(e.target.value)} />
          )
        if (s.type === 'local-time')
          control = <Input type="datetime-local" value={value} onChange={(e) => set(e.target.value)} />
        if (s.type === 'time-zone')
          control = <TimeZoneSelect value={value || props.defaultTimeZone} onChange={set} />
        if (s.type === 'status')
          control = (
            <select className="select" value={value} onChange={(e) => set(e.target.value)}>
              <option value="">Choose a status</option>
              {SERVICE_STATUSES.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          )
        return (
          <Field key={s.name} label={s.label} hint={s.hint} error={error} optional={!s.required}>
            {control}
          </Field>
        )
      })}
    </div>
  )
}

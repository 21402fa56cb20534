/**
 * Steps of the strategy wizard (strategy-wizard-page.tsx) kept apart to keep files short: the
 * audiences' channels, time and help, and guardrails.
 */

import { AUDIENCE_VISIBILITY, type AudienceKey } from '../../../../src/shared/strategy.types.js'
import { AUDIENCE_TEXT } from '../../../../src/shared/strategy-suggest.js'
import type { Member } from '../../api.js'
import { Button, Field, Input, Toggle } from '../../components/ui.js'
import type { ChannelInfo } from '../channels-api.js'
import type { StrategyInput } from './strategy-api.js'

type Set = (patch: Partial<StrategyInput>) => void

/** A quiet period being entered (dates as the date inputs give them). */
export type QuietDraft = { from: string; to: string; reason: string }

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

export function TimeStep(props: {
  s: StrategyInput
  set: Set
  members: Member[]
  fieldErrors: Record<string, string>
}) {
  const { s, set, members, fieldErrors } = props
  return (
    <fieldset className="wizard-step">
      <legend>Your time and who helps</legend>
      <Field label="Hours per week you can give" hint="Reading, writing and replying together.">
        <Input
          type="number"
          min={0}
          max={40}
          step={0.5}
          className="input input-narrow"
          value={s.hoursPerWeek}
          onChange={(e) => set({ hoursPerWeek: Number(e.target.value) })}
        />
      </Field>
      <p className="field-label">Who helps</p>
      <p className="field-hint">Drafting on your behalf is normal; approval always stays with you.</p>
      {s.helpers.map((h, n) => (
        <div key={h.memberId} className="row-inline">
          <span>{members.find((m) => m.id === h.memberId)?.name ?? h.memberId}</span>
          <select
            className="select select-sm"
            aria-label="Helps by"
            value={h.role}
            onChange={(e) =>
              set({
                helpers: s.helpers.map((x, j) =>
                  j === n ? { ...x, role: e.target.value as 'drafts' | 'advises' } : x,
                ),
              })
            }
          >
            <option value="drafts">drafts posts</option>
            <option value="advises">advises</option>
          </select>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => set({ helpers: s.helpers.filter((_, j) => j !== n) })}
          >
            Remove
          </Button>
        </div>
      ))}
      <select
        className="select"
        aria-label="Add a helper"
        value=""
        onChange={(e) =>
          e.target.value && set({ helpers: [...s.helpers, { memberId: e.target.value, role: 'drafts' }] })
        }
      >
        <option value="">Add a helper…</option>
        {members
          .filter((m) => !s.helpers.some((h) => h.memberId === m.id))
          .map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
      </select>
      <Toggle
        label="Company resources are used"
        description="Staff time or agencies paid by the company help with this presence."
        checked={s.companyResources.used}
        onChange={(v) => set({ companyResources: { ...s.companyResources, used: v } })}
      />
      {s.companyResources.used ? (
        <Field label="How it is disclosed" error={fieldErrors['companyResources.disclosure']}>
          <Input
            value={s.companyResources.disclosure}
            placeholder="Posts are drafted with the communications team"
            onChange={(e) => set({ companyResources: { ...s.companyResources, disclosure: e.target.value } })}
          />
        </Field>
      ) : null}
    </fieldset>
  )
}

export function GuardrailsStep(props: {
  s: StrategyInput
  set: Set
  members: Member[]
  ownerMemberId: string | null
  quiet: QuietDraft
  setQuiet: (q: QuietDraft) => void
}) {
  const { s, set, members, quiet, setQuiet } = props
  return (
    <fieldset className="wizard-step">
      <legend>Guardrails</legend>
      <Field label="Terms that need a second approval" hint="Separated by commas. Whole words, any case.">
        <Input
          value={s.guardrails.flaggedTerms.join(', ')}
          onChange={(e) => set({ guardrails: { ...s.guardrails, flaggedTerms: list(e.target.value) } })}
        />
      </Field>
      <Field
        label="Second approver"
        hint="Approves posts with a flagged term or in a quiet period, besides you."
      >
        <select
          className="select"
          value={s.guardrails.secondApproverMemberId ?? ''}
          onChange={(e) =>
            set({ guardrails: { ...s.guardrails, secondApproverMemberId: e.target.value || null } })
          }
        >
          <option value="">Any manager</option>
          {members
            .filter((m) => m.id !== props.ownerMemberId)
            .map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
        </select>
      </Field>
      <Field
        label="Topics to avoid"
        hint="Separated by commas. A post mentioning one gets a warning."
        optional
      >
        <Input
          value={s.guardrails.avoidTopics.join(', ')}
          onChange={(e) => set({ guardrails: { ...s.guardrails, avoidTopics: list(e.target.value) } })}
        />
      </Field>
      <p className="field-label">Quiet periods</p>
      {s.guardrails.quietPeriods.map((q, n) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: pillars being edited have no stable id
        <div key={`${q.from}-${n}`} className="row-inline">
          <span>
            {day(q.from)} to {day(q.to - 1)}: {q.reason}
          </span>
          <Button
            size="sm"
            variant="ghost"
            onClick={() =>
              set({
                guardrails: {
                  ...s.guardrails,
                  quietPeriods: s.guardrails.quietPeriods.filter((_, j) => j !== n),
                },
              })
            }
          >
            Remove
          </Button>
        </div>
      ))}
      <div className="quiet-form">
        <Input
          type="date"
          aria-label="Quiet from"
          value={quiet.from}
          onChange={(e) => setQuiet({ ...quiet, from: e.target.value })}
        />
        <Input
          type="date"
          aria-label="Quiet until"
          value={quiet.to}
          onChange={(e) => setQuiet({ ...quiet, to: e.target.value })}
        />
        <Input
          aria-label="Why quiet"
          placeholder="Before the annual results"
          value={quiet.reason}
          onChange={(e) => setQuiet({ ...quiet, reason: e.target.value })}
        />
        <Button
          size="sm"
          disabled={!quiet.from || !quiet.to || !quiet.reason.trim()}
          onClick={() => {
            const from = Date.parse(`${quiet.from}T00:00:00Z`)
            const to = Date.parse(`${quiet.to}T00:00:00Z`) + 24 * 3600_000
            set({
              guardrails: {
                ...s.guardrails,
                quietPeriods: [...s.guardrails.quietPeriods, { from, to, reason: quiet.reason.trim() }],
              },
            })
            setQuiet({ from: '', to: '', reason: '' })
          }}
        >
          Add quiet period
        </Button>
      </div>
      <p className="field-hint">
        A crisis freeze (hold every scheduled post) is on the plan page, when you need it.
      </p>
    </fieldset>
  )
}

export function AudienceRow(props: {
  k: AudienceKey
  s: StrategyInput
  set: (p: Partial<StrategyInput>) => void
  channels: ChannelInfo[]
}) {
  const { k, s, set, channels } = props
  const a = s.audiences.find((x) => x.key === k)
  const update = (channelIds: string[] | null) =>
    set({
      audiences:
        channelIds === null
          ? s.audiences.filter((x) => x.key !== k)
          : a
            ? s.audiences.map((x) => (x.key === k ? { ...x, channelIds } : x))
            : [...s.audiences, { key: k, visibility: AUDIENCE_VISIBILITY[k], channelIds }],
    })
  return (
    <div className="audience-row">
      <label className="check-card">
        <input type="checkbox" checked={!!a} onChange={(e) => update(e.target.checked ? [] : null)} />
        <strong>{AUDIENCE_TEXT[k]}</strong>
      </label>
      {a ? (
        <div className="audience-channels">
          {channels.length === 0 ? <span className="muted">No channel connected yet.</span> : null}
          {channels.map((c) => (
            <label key={c.id} className="chip-check">
              <input
                type="checkbox"
                aria-label={`${AUDIENCE_TEXT[k]} on ${c.networkLabel} @${c.handle}`}
                checked={a.channelIds.includes(c.id)}
                onChange={(e) =>
                  update(e.target.checked ? [...a.channelIds, c.id] : a.channelIds.filter((x) => x !== c.id))
                }
              />
              {c.networkLabel} @{c.handle}
            </label>
          ))}
        </div>
      ) : null}
    </div>
  )
}

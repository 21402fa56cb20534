/**
 * Guided set-up of a presence's strategy, one question group per step, phone first. Goals and the
 * benefits sought (Dutta, HBR 2010), audiences and the channels reaching them, time and help,
 * guardrails, then cadence, pillars and rhythm suggested from the answers.
 */
import { useEffect, useState } from 'react'
import {
  AUDIENCE_TEXT,
  BENEFIT_TEXT,
  pillarKey,
  suggestCadence,
  suggestPillars,
  suggestRhythm,
  WEEKDAYS,
} from '../../../../src/leader/strategy.suggest.js'
import {
  AUDIENCE_KEYS,
  AUDIENCE_VISIBILITY,
  type AudienceKey,
  BENEFITS,
} from '../../../../src/leader/strategy.types.js'
import { api, type Member } from '../../api.js'
import {
  Button,
  ErrorState,
  Field,
  FormAlert,
  Input,
  Loading,
  PageHeader,
  Toggle,
} from '../../components/ui.js'
import { useAsync, useSubmit } from '../../hooks.js'
import { navigate } from '../../router.js'
import { useWorkspace } from '../../session.js'
import { type ChannelInfo, channelsApi } from '../channels-api.js'
import { type LeaderPlan, type StrategyInput, strategyApi } from './strategy-api.js'
import '../../styles/leader.css'

type Step = 'goals' | 'audiences' | 'time' | 'guardrails' | 'plan'
const STEP_TITLES: Record<Step, string> = {
  goals: 'Goals and benefits',
  audiences: 'Audiences',
  time: 'Time and help',
  guardrails: 'Guardrails',
  plan: 'Cadence, pillars and rhythm',
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

interface Loaded {
  plan: LeaderPlan
  name: string
  /** The member the presence belongs to (never their own second approver). */
  ownerMemberId: string | null
  channels: ChannelInfo[]
  members: Member[]
}

export function StrategyWizardPage(props: { presenceId: string }) {
  const ws = useWorkspace()
  const state = useAsync<Loaded>(async () => {
    const [plan, presences, channels, members] = await Promise.all([
      strategyApi.plan(ws.id, props.presenceId),
      api.presences(ws.id),
      channelsApi.list(ws.id),
      api.members(ws.id),
    ])
    return {
      plan,
      name: presences.find((p) => p.id === props.presenceId)?.displayName ?? 'Presence',
      ownerMemberId: presences.find((p) => p.id === props.presenceId)?.memberId ?? null,
      channels: channels.filter((c) => c.presenceId === props.presenceId && c.status !== 'disconnected'),
      members,
    }
  }, [ws.id, props.presenceId])
  if (state.loading) return <Loading />
  if (state.error || !state.data) return <ErrorState error={state.error!} onRetry={state.reload} />
  return <Wizard {...state.data} presenceId={props.presenceId} ws={ws.id} />
}

function Wizard(props: Loaded & { presenceId: string; ws: string }) {
  const { plan, channels, members } = props
  const person = plan.kind === 'person'
  const steps: Step[] = person
    ? ['goals', 'audiences', 'time', 'guardrails', 'plan']
    : ['goals', 'audiences', 'guardrails', 'plan']
  const [i, setI] = useState(0)
  const [s, setS] = useState<StrategyInput>(plan.draft)
  const [cadenceTouched, setCadenceTouched] = useState(plan.strategy !== null)
  const [pillarsTouched, setPillarsTouched] = useState(plan.strategy !== null)
  const [quiet, setQuiet] = useState({ from: '', to: '', reason: '' })
  const save = useSubmit()
  const step = steps[i]!
  const set = (patch: Partial<StrategyInput>) => setS((x) => ({ ...x, ...patch }))
  const hasDrafter = s.helpers.some((h) => h.role === 'drafts')
  const suggested = suggestCadence(s.hoursPerWeek, hasDrafter || !person)

  // @NOTE cadence, pillars and rhythm follow the answers until the person edits them.
  // biome-ignore lint/correctness/useExhaustiveDependencies: suggestions are applied when the step changes, not on every keystroke
  useEffect(() => {
    if (step !== 'plan') return
    setS((x) => {
      const cadence = cadenceTouched ? x.cadence : suggested
      return {
        ...x,
        cadence,
        pillars: pillarsTouched ? x.pillars : suggestPillars(plan.kind, x.benefits, x.goals),
        rhythm: cadenceTouched ? x.rhythm : suggestRhythm(cadence.postsPerWeek, x.benefits),
      }
    })
  }, [step])

  async function submit() {
    const keyed = s.pillars.map((p) => ({ ...p, key: p.key || pillarKey(p.name) }))
    const saved = await save.run(() =>
      strategyApi.save(props.ws, props.presenceId, { ...s, pillars: keyed }, plan.strategy?.version ?? 0),
    )
    if (saved) navigate(`/leader/plan/${props.presenceId}`)
  }

  return (
    <div className="leader-page">
      <PageHeader
        title={`Strategy for ${props.name}`}
        description="About ten minutes. Answer alone or with your communications team; change it any time."
      />
      <p className="wizard-progress" aria-live="polite">
        Step {i + 1} of {steps.length}: {STEP_TITLES[step]}
      </p>
      <form
        className="form wizard"
        onSubmit={(e) => {
          e.preventDefault()
          if (i < steps.length - 1) setI(i + 1)
          else void submit()
        }}
      >
        {step === 'goals' ? (
          <fieldset className="wizard-step">
            <legend>What is this presence for?</legend>
            {person ? (
              <>
                <Toggle
                  label="Professional goals"
                  description="Your role, the company, your field."
                  checked={s.goals.professional}
                  onChange={(v) => set({ goals: { ...s.goals, professional: v } })}
                />
                <Toggle
                  label="Personal goals"
                  description="Who you are beyond the job title."
                  checked={s.goals.personal}
                  onChange={(v) => set({ goals: { ...s.goals, personal: v } })}
                />
              </>
            ) : null}
            <Field label="In one sentence, what should people get from it?" optional>
              <textarea
                className="input"
                rows={2}
                value={s.goals.statement}
                onChange={(e) => set({ goals: { ...s.goals, statement: e.target.value } })}
              />
            </Field>
            <p className="field-label">Benefits you want</p>
            {BENEFITS.map((b) => (
              <label key={b} className="check-card">
                <input
                  type="checkbox"
                  checked={s.benefits.includes(b)}
                  onChange={(e) =>
                    set({
                      benefits: e.target.checked ? [...s.benefits, b] : s.benefits.filter((x) => x !== b),
                    })
                  }
                />
                <span>
                  <strong>{BENEFIT_TEXT[b].label}</strong>
                  <span className="muted"> {BENEFIT_TEXT[b].text}</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : null}

        {step === 'audiences' ? (
          <fieldset className="wizard-step">
            <legend>Who do you want to reach, and where?</legend>
            {(['private', 'public'] as const).map((vis) => (
              <div key={vis}>
                <p className="field-label">
                  {vis === 'private' ? 'Inside the company (private)' : 'Outside (public)'}
                </p>
                {AUDIENCE_KEYS.filter((k) => AUDIENCE_VISIBILITY[k] === vis).map((k) => (
                  <AudienceRow key={k} k={k} s={s} set={set} channels={channels} />
                ))}
              </div>
            ))}
          </fieldset>
        ) : null}

        {step === 'time' ? (
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
                e.target.value &&
                set({ helpers: [...s.helpers, { memberId: e.target.value, role: 'drafts' }] })
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
              <Field label="How it is disclosed" error={save.fieldErrors['companyResources.disclosure']}>
                <Input
                  value={s.companyResources.disclosure}
                  placeholder="Posts are drafted with the communications team"
                  onChange={(e) =>
                    set({ companyResources: { ...s.companyResources, disclosure: e.target.value } })
                  }
                />
              </Field>
            ) : null}
          </fieldset>
        ) : null}

        {step === 'guardrails' ? (
          <fieldset className="wizard-step">
            <legend>Guardrails</legend>
            <Field
              label="Terms that need a second approval"
              hint="Separated by commas. Whole words, any case."
            >
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
        ) : null}

        {step === 'plan' ? (
          <fieldset className="wizard-step">
            <legend>Cadence, pillars and rhythm</legend>
            <p className="hint-banner">
              Suggested from {s.hoursPerWeek} h a week: {suggested.postsPerWeek} posts and{' '}
              {suggested.repliesPerWeek} replies. {plan.cadenceRule}
            </p>
            <div className="row-inline">
              <Field label="Posts per week">
                <Input
                  type="number"
                  min={0}
                  max={50}
                  className="input input-narrow"
                  value={s.cadence.postsPerWeek}
                  onChange={(e) => {
                    setCadenceTouched(true)
                    set({ cadence: { ...s.cadence, postsPerWeek: Number(e.target.value) } })
                  }}
                />
              </Field>
              <Field label="Replies per week">
                <Input
                  type="number"
                  min={0}
                  max={500}
                  className="input input-narrow"
                  value={s.cadence.repliesPerWeek}
                  onChange={(e) => {
                    setCadenceTouched(true)
                    set({ cadence: { ...s.cadence, repliesPerWeek: Number(e.target.value) } })
                  }}
                />
              </Field>
            </div>
            <p className="field-label">Content pillars (three to five)</p>
            {save.fieldErrors.pillars ? <p className="field-error">{save.fieldErrors.pillars}</p> : null}
            {s.pillars.map((p, n) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rhythm slots have no id
              <div key={`pillar-${n}`} className="pillar-edit">
                <Input
                  aria-label={`Pillar ${n + 1} name`}
                  value={p.name}
                  onChange={(e) => {
                    setPillarsTouched(true)
                    set({ pillars: s.pillars.map((x, j) => (j === n ? { ...x, name: e.target.value } : x)) })
                  }}
                />
                <Input
                  aria-label={`Pillar ${n + 1} example`}
                  value={p.example}
                  onChange={(e) => {
                    setPillarsTouched(true)
                    set({
                      pillars: s.pillars.map((x, j) => (j === n ? { ...x, example: e.target.value } : x)),
                    })
                  }}
                />
                {s.pillars.length > 3 ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => {
                      setPillarsTouched(true)
                      set({ pillars: s.pillars.filter((_, j) => j !== n) })
                    }}
                  >
                    Remove pillar
                  </Button>
                ) : null}
              </div>
            ))}
            {s.pillars.length < 5 ? (
              <Button
                size="sm"
                onClick={() => {
                  setPillarsTouched(true)
                  set({ pillars: [...s.pillars, { key: '', name: '', example: '' }] })
                }}
              >
                Add pillar
              </Button>
            ) : null}
            <p className="field-label">Weekly rhythm</p>
            <ul className="rhythm-list">
              {s.rhythm.map((r, n) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rhythm slots have no id
                <li key={`${r.weekday}-${r.time}-${n}`}>
                  {WEEKDAYS[r.weekday]} {r.time}: {r.activity}
                </li>
              ))}
            </ul>
          </fieldset>
        ) : null}

        {save.error ? <FormAlert error={save.error} /> : null}
        <div className="wizard-nav">
          <Button disabled={i === 0} onClick={() => setI(i - 1)}>
            Back
          </Button>
          <Button type="submit" variant="primary" busy={save.busy}>
            {i < steps.length - 1 ? 'Next' : 'Save plan'}
          </Button>
        </div>
      </form>
    </div>
  )
}

function AudienceRow(props: {
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

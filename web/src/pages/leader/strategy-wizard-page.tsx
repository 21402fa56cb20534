/**
 * Guided set-up of a presence's strategy, one question group per step, phone first. Goals and the
 * benefits sought (Dutta, HBR 2010), audiences and the channels reaching them, time and help,
 * guardrails, then cadence, pillars and rhythm suggested from the answers.
 */
import { useEffect, useState } from 'react'
import { AUDIENCE_KEYS, AUDIENCE_VISIBILITY, BENEFITS } from '../../../../src/shared/strategy.types.js'
import {
  BENEFIT_TEXT,
  pillarKey,
  suggestCadence,
  suggestPillars,
  suggestRhythm,
  WEEKDAYS,
} from '../../../../src/shared/strategy-suggest.js'
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
import { AudienceRow, GuardrailsStep, type QuietDraft, TimeStep } from './strategy-wizard-steps.js'
import '../../styles/leader.css'

type Step = 'goals' | 'audiences' | 'time' | 'guardrails' | 'plan'
const STEP_TITLES: Record<Step, string> = {
  goals: 'Goals and benefits',
  audiences: 'Audiences',
  time: 'Time and help',
  guardrails: 'Guardrails',
  plan: 'Cadence, pillars and rhythm',
}

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
  const [quiet, setQuiet] = useState<QuietDraft>({ from: '', to: '', reason: '' })
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
          <TimeStep s={s} set={set} members={members} fieldErrors={save.fieldErrors} />
        ) : null}

        {step === 'guardrails' ? (
          <GuardrailsStep
            s={s}
            set={set}
            members={members}
            ownerMemberId={props.ownerMemberId}
            quiet={quiet}
            setQuiet={setQuiet}
          />
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

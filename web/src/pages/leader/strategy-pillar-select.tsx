/** The composer's content pillar select: the pillars of the plans of the presences the post speaks for. */
import { Field } from '../../components/ui.js'
import { useAsync } from '../../hooks.js'
import { useWorkspace } from '../../session.js'
import { strategyApi } from './strategy-api.js'

export function PillarSelect(props: {
  presenceIds: string[]
  value: string | null
  onChange: (pillar: string | null) => void
  error?: string
}) {
  const ws = useWorkspace()
  const key = [...props.presenceIds].sort().join(',')
  const plans = useAsync(
    () => Promise.all(props.presenceIds.map((id) => strategyApi.plan(ws.id, id).catch(() => null))),
    [ws.id, key],
  )
  const pillars = (plans.data ?? [])
    .flatMap(
      (p) =>
        p?.strategy?.pillars.map((x) => ({
          ...x,
          neglected: p.pillarUsage.find((u) => u.key === x.key)?.neglected,
        })) ?? [],
    )
    .filter((x, i, all) => all.findIndex((y) => y.key === x.key) === i)
  if (pillars.length === 0) return null
  return (
    <Field
      label="Content pillar"
      optional
      hint="From the presence’s plan; the plan shows which pillars are neglected."
      error={props.error}
    >
      <select
        className="select"
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value || null)}
      >
        <option value="">No pillar</option>
        {pillars.map((p) => (
          <option key={p.key} value={p.key}>
            {p.name}
            {p.neglected ? ' (neglected)' : ''}
          </option>
        ))}
      </select>
    </Field>
  )
}

/** On the post page: what the leader's guardrails found in the post (flagged terms, quiet periods, topics to avoid). */
import { Badge } from '../../components/ui.js'
import { useAsync } from '../../hooks.js'
import { useWorkspace } from '../../session.js'
import { SectionCard } from '../publishing/section-card.js'
import { strategyApi } from './strategy-api.js'

export function GuardrailsCard(props: { postId: string; revision: number; scheduledAt: number | null }) {
  const ws = useWorkspace()
  const check = useAsync(
    () => strategyApi.guardrails(ws.id, props.postId),
    [ws.id, props.postId, props.revision, props.scheduledAt],
  )
  const findings = check.data?.findings ?? []
  if (findings.length === 0) return null
  return (
    <SectionCard title="Guardrails">
      <ul className="guardrail-list" aria-label="Guardrail findings">
        {findings.map((f) => (
          <li key={`${f.presenceId}-${f.kind}-${f.subject}-${f.where}`}>
            <Badge tone={f.needsSecondApproval ? 'warning' : 'neutral'}>
              {f.kind === 'avoid-topic' ? 'Warning' : 'Second approval'}
            </Badge>{' '}
            {f.message}
          </li>
        ))}
      </ul>
    </SectionCard>
  )
}

import { useState } from 'react'
import { api, client, ok, type Presence, type Schemas } from '../api.js'
import { Card, ErrorState, FormAlert, Loading, Toggle } from '../components/ui.js'
import { useAsync, useSubmit } from '../hooks.js'

type Policy = Schemas['ApprovalPolicy']

const W = (workspaceId: string, presenceId: string) => ({ params: { path: { workspaceId, presenceId } } })

/**
 * Approval rules per presence, as Sprout and Hootsuite offer them: the leader approves what goes
 * out in their name, agents' posts need a manager, or every post needs a second person.
 * The post page shows the rule that applies ("Needs: a manager").
 */
export function ApprovalRulesCard(props: { workspaceId: string; readOnly: boolean }) {
  const data = useAsync(async () => {
    const presences = await api.presences(props.workspaceId)
    const policies = await Promise.all(
      presences.map((p) =>
        ok(
          client.GET(
            '/api/workspaces/{workspaceId}/presences/{presenceId}/approval-policy',
            W(props.workspaceId, p.id),
          ),
        ),
      ),
    )
    return presences.map((p, i) => ({ presence: p, policy: policies[i]! }))
  }, [props.workspaceId])
  return (
    <Card
      title="Approval rules"
      description="Who must approve a post before it can go out, for each presence. Changes apply to posts sent for review from now on."
    >
      {data.loading && !data.data ? <Loading /> : null}
      {data.error ? <ErrorState error={data.error} onRetry={data.reload} /> : null}
      {data.data?.map(({ presence, policy }) => (
        <PresenceRules
          key={presence.id}
          workspaceId={props.workspaceId}
          presence={presence}
          policy={policy}
          readOnly={props.readOnly}
        />
      ))}
    </Card>
  )
}

function PresenceRules(props: {
  workspaceId: string
  presence: Presence
  policy: Policy
  readOnly: boolean
}) {
  const [policy, setPolicy] = useState(props.policy)
  const save = useSubmit()
  const p = props.presence
  async function change(patch: Partial<Policy>) {
    const next = { ...policy, ...patch }
    const saved = await save.run(() =>
      ok(
        client.PUT('/api/workspaces/{workspaceId}/presences/{presenceId}/approval-policy', {
          ...W(props.workspaceId, p.id),
          body: {
            personApproval: next.personApproval,
            managerForAgents: next.managerForAgents,
            reviewAll: next.reviewAll,
          },
        }),
      ),
    )
    if (saved) setPolicy(saved)
  }
  return (
    <section className="rules-group" aria-label={`Approval rules for ${p.displayName}`}>
      <h3 className="rules-title">
        {p.displayName}
        {p.kind === 'brand' ? <span className="muted"> · brand</span> : null}
      </h3>
      <FormAlert error={save.error} fieldErrors={save.fieldErrors} />
      {p.kind === 'person' ? (
        <Toggle
          label={`${p.displayName} approves posts in their name`}
          description="Unless they wrote the post themselves."
          checked={policy.personApproval}
          disabled={props.readOnly || save.busy}
          onChange={(v) => change({ personApproval: v })}
        />
      ) : null}
      <Toggle
        label="Agents’ posts need a manager"
        description="A manager, admin or owner approves what an agent writes."
        checked={policy.managerForAgents}
        disabled={props.readOnly || save.busy}
        onChange={(v) => change({ managerForAgents: v })}
      />
      <Toggle
        label="Every post needs an approver"
        description="Someone allowed to approve, other than the person who wrote it."
        checked={policy.reviewAll}
        disabled={props.readOnly || save.busy}
        onChange={(v) => change({ reviewAll: v })}
      />
    </section>
  )
}

import type { Strategy, StrategyInput } from '../../src/shared/strategy.types.js'
import { suggestStrategy } from '../../src/shared/strategy-suggest.js'
import { memberIdOf, type PublishingWorld } from '../publishing/support.js'
import { addMember, type TestClient } from '../support/app.js'

/** The CEO's plan as the wizard would send it, with a CFO as second approver. */
export function ceoPlan(
  w: PublishingWorld,
  cfoMemberId: string,
  over: Partial<StrategyInput> = {},
): StrategyInput {
  const s = suggestStrategy('person', [w.ceoChannel])
  return {
    ...s,
    goals: { personal: false, professional: true, statement: 'Explain where we are going' },
    guardrails: { ...s.guardrails, secondApproverMemberId: cfoMemberId, avoidTopics: ['politics'] },
    ...over,
  }
}

/** Adds a CFO member with a person presence titled "CFO" (so messages read "viewer person (CFO)"). */
export async function addCfo(w: PublishingWorld): Promise<{ cfo: TestClient; cfoMemberId: string }> {
  const cfo = await addMember(w.t.app, w.owner, w.ws, 'viewer', 'cfo@acme.example')
  const cfoMemberId = await memberIdOf(cfo, w.ws)
  const r = await w.owner.post(`/api/workspaces/${w.ws}/presences`, {
    kind: 'person',
    displayName: 'Chief Financial Officer',
    title: 'CFO',
    memberId: cfoMemberId,
  })
  if (r.status !== 201) throw new Error(`presence: ${r.status}`)
  return { cfo, cfoMemberId }
}

export async function savePlan(
  client: TestClient,
  w: PublishingWorld,
  plan: StrategyInput,
): Promise<{ status: number; body: Strategy & { errors?: Array<{ field: string }> } }> {
  return client.put<Strategy & { errors?: Array<{ field: string }> }>(
    `/api/workspaces/${w.ws}/presences/${w.ceoPresence}/strategy`,
    plan,
  )
}

/** Endpoints and types of the leader strategy (types come from the API document). */
import { client, ok, type Schemas } from '../../api.js'

export type Strategy = Schemas['Strategy']
export type StrategyInput = Schemas['StrategyInput']
export type LeaderPlan = Schemas['LeaderPlan']
/** A crisis freeze with the names of who started and lifted it. */
export type FreezeView = NonNullable<Schemas['Freeze']>

const P = (workspaceId: string, presenceId: string) => ({ params: { path: { workspaceId, presenceId } } })

export const strategyApi = {
  plan: (ws: string, presenceId: string) =>
    ok(client.GET('/api/workspaces/{workspaceId}/presences/{presenceId}/strategy', P(ws, presenceId))),
  save: (ws: string, presenceId: string, input: StrategyInput, expectedVersion?: number) =>
    ok(
      client.PUT('/api/workspaces/{workspaceId}/presences/{presenceId}/strategy', {
        ...P(ws, presenceId),
        body: { ...input, expectedVersion },
      }),
    ),
  history: (ws: string, presenceId: string) =>
    ok(
      client.GET('/api/workspaces/{workspaceId}/presences/{presenceId}/strategy/history', P(ws, presenceId)),
    ),
  freezes: (ws: string, presenceId: string) =>
    ok(client.GET('/api/workspaces/{workspaceId}/presences/{presenceId}/freezes', P(ws, presenceId))),
  freeze: (ws: string, presenceId: string, reason: string) =>
    ok(
      client.POST('/api/workspaces/{workspaceId}/presences/{presenceId}/freeze', {
        ...P(ws, presenceId),
        body: { reason },
      }),
    ),
  lift: (ws: string, presenceId: string) =>
    ok(client.POST('/api/workspaces/{workspaceId}/presences/{presenceId}/freeze/lift', P(ws, presenceId))),
  guardrails: (ws: string, postId: string) =>
    ok(
      client.GET('/api/workspaces/{workspaceId}/posts/{postId}/guardrails', {
        params: { path: { workspaceId: ws, postId } },
      }),
    ),
}

/** Field names of the plan in words (history shows what changed). */
export const FIELD_LABELS: Record<string, string> = {
  goals: 'goals',
  benefits: 'benefits',
  audiences: 'audiences',
  hoursPerWeek: 'time per week',
  helpers: 'helpers',
  companyResources: 'company resources',
  cadence: 'cadence',
  pillars: 'pillars',
  rhythm: 'weekly rhythm',
  guardrails: 'guardrails',
}

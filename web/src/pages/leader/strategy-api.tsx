/** Endpoints and types of the leader strategy (types come from the server's own definitions). */
import type {
  Freeze,
  GuardrailResult,
  PillarUsage,
  Strategy,
  StrategyInput,
  StrategyVersion,
} from '../../../../src/leader/strategy.types.js'
import { request } from '../../api.js'

export type { Freeze, GuardrailResult, PillarUsage, Strategy, StrategyInput, StrategyVersion }

export interface FreezeView extends Freeze {
  byName: string | null
  liftedByName: string | null
}

export interface LeaderPlan {
  presenceId: string
  kind: 'person' | 'brand'
  strategy: Strategy | null
  draft: StrategyInput
  pillarUsage: PillarUsage[]
  freeze: FreezeView | null
  cadenceRule: string
}

const enc = encodeURIComponent
const p = (ws: string, presenceId: string) => `/api/workspaces/${enc(ws)}/presences/${enc(presenceId)}`

export const strategyApi = {
  plan: (ws: string, presenceId: string) => request<LeaderPlan>('GET', `${p(ws, presenceId)}/strategy`),
  save: (ws: string, presenceId: string, input: StrategyInput, expectedVersion?: number) =>
    request<Strategy>('PUT', `${p(ws, presenceId)}/strategy`, { ...input, expectedVersion }),
  history: (ws: string, presenceId: string) =>
    request<StrategyVersion[]>('GET', `${p(ws, presenceId)}/strategy/history`),
  freezes: (ws: string, presenceId: string) => request<FreezeView[]>('GET', `${p(ws, presenceId)}/freezes`),
  freeze: (ws: string, presenceId: string, reason: string) =>
    request<{ freeze: FreezeView; held: number }>('POST', `${p(ws, presenceId)}/freeze`, { reason }),
  lift: (ws: string, presenceId: string) =>
    request<{ freeze: FreezeView; released: number }>('POST', `${p(ws, presenceId)}/freeze/lift`),
  guardrails: (ws: string, postId: string) =>
    request<GuardrailResult>('GET', `/api/workspaces/${enc(ws)}/posts/${enc(postId)}/guardrails`),
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

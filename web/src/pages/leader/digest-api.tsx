/**
 * Endpoints of the leader's weekly rhythm (digest, nudges, scorecards, practice). The types come
 * from the server's own definitions, so the pages and the API cannot drift apart.
 */
import type { Digest } from '../../../../src/leader/digest.service.js'
import type { NudgeKind } from '../../../../src/leader/nudge.rules.js'
import type { Nudge, NudgeMute } from '../../../../src/leader/nudge.service.js'
import type { PracticeSessionView } from '../../../../src/leader/practice.service.js'
import type { LeaderRef, Scorecard } from '../../../../src/leader/scorecard.service.js'
import { request } from '../../api.js'

export type { Digest, LeaderRef, Nudge, NudgeKind, NudgeMute, PracticeSessionView, Scorecard }

export type DigestView = Digest & {
  mutes: NudgeMute[]
  lastSent: { sentAt: number; trigger: string; emailed: boolean } | null
}

const base = (ws: string, presenceId: string) => `/api/workspaces/${ws}/leaders/${presenceId}`

export const rhythmApi = {
  leaders: (ws: string) => request<LeaderRef[]>('GET', `/api/workspaces/${ws}/leaders`),
  digest: (ws: string, p: string) => request<DigestView>('GET', `${base(ws, p)}/digest`),
  sendDigest: (ws: string, p: string) =>
    request<{ runId: string; emailed: boolean }>('POST', `${base(ws, p)}/digest/send`),
  approveLink: (ws: string, p: string, postId: string) =>
    request<{ url: string }>('POST', `${base(ws, p)}/digest/drafts/${postId}/approve-link`),
  dismiss: (ws: string, p: string, id: string) =>
    request<Nudge>('POST', `${base(ws, p)}/nudges/${id}/dismiss`),
  act: (ws: string, p: string, id: string, action: 'freeze' | 'draft-statement') =>
    request<{ nudge: Nudge; postId: string | null }>('POST', `${base(ws, p)}/nudges/${id}/act`, { action }),
  mute: (ws: string, p: string, kind: NudgeKind, until: number | null) =>
    request<NudgeMute>('PUT', `${base(ws, p)}/nudge-mutes`, { kind, until }),
  unmute: (ws: string, p: string, kind: NudgeKind) =>
    request<void>('DELETE', `${base(ws, p)}/nudge-mutes/${kind}`),
  scorecard: (ws: string, p: string) => request<Scorecard>('GET', `${base(ws, p)}/scorecard`),
  team: (ws: string) => request<Scorecard[]>('GET', `/api/workspaces/${ws}/scorecards`),
  practiceStart: (ws: string, p: string, opts: { speed?: number; seed?: number }) =>
    request<PracticeSessionView>('POST', `${base(ws, p)}/practice`, opts),
  practiceList: (ws: string, p: string) => request<PracticeSessionView[]>('GET', `${base(ws, p)}/practice`),
  practiceGet: (ws: string, p: string, id: string) =>
    request<PracticeSessionView>('GET', `${base(ws, p)}/practice/${id}`),
  practiceReply: (ws: string, p: string, id: string, position: number, text: string) =>
    request<PracticeSessionView>('POST', `${base(ws, p)}/practice/${id}/messages/${position}/reply`, {
      text,
    }),
  practiceFinish: (ws: string, p: string, id: string) =>
    request<PracticeSessionView>('POST', `${base(ws, p)}/practice/${id}/finish`),
}

export const NUDGE_LABELS: Record<NudgeKind, string> = {
  'cadence-behind': 'Posting rhythm behind plan',
  'question-waiting': 'Direct question waiting',
  'rising-conversation': 'Rising conversation',
  'negative-surge': 'Surge of negative mentions',
}

/** "2 h 5 min", "3 min", "40 s". */
export function duration(ms: number | null): string {
  if (ms === null) return '–'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`
  const h = Math.floor(m / 60)
  return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`
}

export const percent = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`)

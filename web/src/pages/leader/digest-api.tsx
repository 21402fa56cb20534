/**
 * Endpoints of the leader's weekly rhythm (digest, nudges, scorecards, practice). The types come
 * from the API document, so the pages and the API cannot drift apart.
 */
import { type Body, client, ok, type Schemas } from '../../api.js'

export type Digest = Schemas['Digest']
/** The digest page's data: the digest with the leader's mutes and when it was last sent. */
export type DigestView = Digest
export type LeaderRef = Schemas['LeaderRef']
export type Nudge = Schemas['Nudge']
export type NudgeKind = Nudge['kind']
export type NudgeMute = Schemas['NudgeMute']
export type PracticeSessionView = Schemas['PracticeSession']
export type Scorecard = Schemas['Scorecard']

const W = (workspaceId: string) => ({ params: { path: { workspaceId } } })
const L = (workspaceId: string, presenceId: string) => ({ workspaceId, presenceId })
const base = '/api/workspaces/{workspaceId}/leaders/{presenceId}' as const

export const rhythmApi = {
  leaders: (ws: string) => ok(client.GET('/api/workspaces/{workspaceId}/leaders', W(ws))),
  digest: (ws: string, p: string) => ok(client.GET(`${base}/digest`, { params: { path: L(ws, p) } })),
  sendDigest: (ws: string, p: string) =>
    ok(client.POST(`${base}/digest/send`, { params: { path: L(ws, p) } })),
  approveLink: (ws: string, p: string, postId: string) =>
    ok(
      client.POST(`${base}/digest/drafts/{postId}/approve-link`, {
        params: { path: { ...L(ws, p), postId } },
      }),
    ),
  dismiss: (ws: string, p: string, id: string) =>
    ok(client.POST(`${base}/nudges/{nudgeId}/dismiss`, { params: { path: { ...L(ws, p), nudgeId: id } } })),
  act: (
    ws: string,
    p: string,
    id: string,
    action: Body<`${typeof base}/nudges/{nudgeId}/act`, 'post'>['action'],
  ) =>
    ok(
      client.POST(`${base}/nudges/{nudgeId}/act`, {
        params: { path: { ...L(ws, p), nudgeId: id } },
        body: { action },
      }),
    ),
  mute: (ws: string, p: string, kind: NudgeKind, until: number | null) =>
    ok(client.PUT(`${base}/nudge-mutes`, { params: { path: L(ws, p) }, body: { kind, until } })),
  unmute: (ws: string, p: string, kind: NudgeKind) =>
    ok(client.DELETE(`${base}/nudge-mutes/{kind}`, { params: { path: { ...L(ws, p), kind } } })),
  scorecard: (ws: string, p: string) => ok(client.GET(`${base}/scorecard`, { params: { path: L(ws, p) } })),
  team: (ws: string) => ok(client.GET('/api/workspaces/{workspaceId}/scorecards', W(ws))),
  practiceStart: (ws: string, p: string, opts: Schemas['PracticeStartInput']) =>
    ok(client.POST(`${base}/practice`, { params: { path: L(ws, p) }, body: opts })),
  practiceList: (ws: string, p: string) => ok(client.GET(`${base}/practice`, { params: { path: L(ws, p) } })),
  practiceGet: (ws: string, p: string, id: string) =>
    ok(client.GET(`${base}/practice/{sessionId}`, { params: { path: { ...L(ws, p), sessionId: id } } })),
  practiceReply: (ws: string, p: string, id: string, position: number, text: string) =>
    ok(
      client.POST(`${base}/practice/{sessionId}/messages/{position}/reply`, {
        params: { path: { ...L(ws, p), sessionId: id, position } },
        body: { text },
      }),
    ),
  practiceFinish: (ws: string, p: string, id: string) =>
    ok(
      client.POST(`${base}/practice/{sessionId}/finish`, {
        params: { path: { ...L(ws, p), sessionId: id } },
      }),
    ),
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

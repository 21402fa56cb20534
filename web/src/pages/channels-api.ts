import { request } from '../api.js'

/** A channel as GET /api/workspaces/:id/channels returns it: health in plain words, never credentials. */
export interface ChannelInfo {
  id: string
  presenceId: string
  network: string
  networkLabel: string
  isSandbox: boolean
  handle: string
  displayName: string | null
  avatarUrl: string | null
  followerCount: number | null
  status: 'connected' | 'syncing' | 'needs-reconnect' | 'failing' | 'disconnected'
  statusReason: string | null
  lastSyncAt: number | null
  rateLimitedUntil: number | null
  rateLimited: boolean
  serviceUrl: string | null
  sandbox: { seed: number; ratePerMinute: number; crisisUntil: number | null } | null
  createdAt: number
}

export interface BlueskyConnect {
  presenceId: string
  serviceUrl?: string
  handle: string
  appPassword: string
}

const ws = (wid: string) => `/api/workspaces/${encodeURIComponent(wid)}/channels`
const one = (wid: string, id: string) => `${ws(wid)}/${encodeURIComponent(id)}`

/** The channel endpoints the Channels page uses. */
export const channelsApi = {
  list: (wid: string) => request<ChannelInfo[]>('GET', ws(wid)),
  connectSandbox: (wid: string, input: { presenceId?: string } = {}) =>
    request<ChannelInfo>('POST', `${ws(wid)}/sandbox`, input),
  connectBluesky: (wid: string, input: BlueskyConnect) =>
    request<ChannelInfo>('POST', `${ws(wid)}/bluesky`, input),
  reconnect: (wid: string, id: string, input: { appPassword?: string }) =>
    request<ChannelInfo>('POST', `${one(wid, id)}/reconnect`, input),
  check: (wid: string, id: string) => request<ChannelInfo>('POST', `${one(wid, id)}/check`),
  disconnect: (wid: string, id: string) => request<unknown>('DELETE', one(wid, id)),
  crisis: (wid: string, id: string, on: boolean) =>
    request<ChannelInfo>('POST', `${one(wid, id)}/sandbox/crisis`, { on, durationMinutes: 30 }),
}

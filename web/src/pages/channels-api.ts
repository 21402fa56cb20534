import { type Body, client, ok, type Schemas } from '../api.js'

/** A channel as GET /api/workspaces/:id/channels returns it: health in plain words, never credentials. */
export type ChannelInfo = Schemas['Channel']
export type BlueskyConnect = Schemas['BlueskyConnectInput']

const W = (workspaceId: string) => ({ params: { path: { workspaceId } } })
const C = (workspaceId: string, channelId: string) => ({ params: { path: { workspaceId, channelId } } })

/** The channel endpoints the Channels page uses. */
export const channelsApi = {
  list: (wid: string) => ok(client.GET('/api/workspaces/{workspaceId}/channels', W(wid))),
  connectSandbox: (wid: string, input: Schemas['SandboxConnectInput'] = {}) =>
    ok(client.POST('/api/workspaces/{workspaceId}/channels/sandbox', { ...W(wid), body: input })),
  connectBluesky: (wid: string, input: BlueskyConnect) =>
    ok(client.POST('/api/workspaces/{workspaceId}/channels/bluesky', { ...W(wid), body: input })),
  reconnect: (
    wid: string,
    id: string,
    input: Body<'/api/workspaces/{workspaceId}/channels/{channelId}/reconnect', 'post'>,
  ) =>
    ok(
      client.POST('/api/workspaces/{workspaceId}/channels/{channelId}/reconnect', {
        ...C(wid, id),
        body: input,
      }),
    ),
  check: (wid: string, id: string) =>
    ok(client.POST('/api/workspaces/{workspaceId}/channels/{channelId}/check', C(wid, id))),
  disconnect: (wid: string, id: string) =>
    ok(client.DELETE('/api/workspaces/{workspaceId}/channels/{channelId}', C(wid, id))),
  crisis: (wid: string, id: string, on: boolean) =>
    ok(
      client.POST('/api/workspaces/{workspaceId}/channels/{channelId}/sandbox/crisis', {
        ...C(wid, id),
        body: { on, durationMinutes: 30 },
      }),
    ),
}

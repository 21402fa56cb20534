import { type Body, client, ok, type Schemas } from '../api.js'

/** A network app (X, Meta) as Settings shows it: never its secret. */
export type OAuthAppInfo = Schemas['OAuthApp']
export type OAuthAppInput = Body<'/api/workspaces/{workspaceId}/oauth-apps/{app}', 'put'>
export type OAuthPending = Schemas['OAuthPending']

/** Networks connected through OAuth, with the words of their Connect button. */
export const OAUTH_NETWORKS: Record<string, string> = {
  x: 'Connect X',
  facebook: 'Connect Facebook Page',
  instagram: 'Connect Instagram',
}

const W = (workspaceId: string) => ({ params: { path: { workspaceId } } })

export const oauthApi = {
  /** Registered networks, to show a Connect button for each OAuth one. */
  networks: (wid: string) => ok(client.GET('/api/workspaces/{workspaceId}/networks', W(wid))),
  apps: (wid: string) => ok(client.GET('/api/workspaces/{workspaceId}/oauth-apps', W(wid))),
  saveApp: (wid: string, app: string, body: OAuthAppInput) =>
    ok(
      client.PUT('/api/workspaces/{workspaceId}/oauth-apps/{app}', {
        params: { path: { workspaceId: wid, app } },
        body,
      }),
    ),
  removeApp: (wid: string, app: string) =>
    ok(
      client.DELETE('/api/workspaces/{workspaceId}/oauth-apps/{app}', {
        params: { path: { workspaceId: wid, app } },
      }),
    ),
  start: (wid: string, network: string, presenceId: string) =>
    ok(
      client.POST('/api/workspaces/{workspaceId}/channels/oauth/{network}/start', {
        params: { path: { workspaceId: wid, network } },
        body: { presenceId },
      }),
    ),
  pending: (wid: string, pendingId: string) =>
    ok(
      client.GET('/api/workspaces/{workspaceId}/oauth/pending/{pendingId}', {
        params: { path: { workspaceId: wid, pendingId } },
      }),
    ),
  choose: (wid: string, pendingId: string, remoteId: string) =>
    ok(
      client.POST('/api/workspaces/{workspaceId}/oauth/pending/{pendingId}', {
        params: { path: { workspaceId: wid, pendingId } },
        body: { remoteId },
      }),
    ),
}

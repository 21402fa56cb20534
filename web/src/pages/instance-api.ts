/** Calls of the account and instance pages: sign out everywhere, instance settings, resuming a paused copy. */
import { type Body, client, ok, type Schemas } from '../api.js'

export type Instance = Schemas['Instance']
export type WorkspaceCreation = Instance['workspaceCreation']

export const instanceApi = {
  instance: () => ok(client.GET('/api/instance')),
  updateInstance: (patch: Body<'/api/instance', 'patch'>) =>
    ok(client.PATCH('/api/instance', { body: patch })),
  resume: () => ok(client.POST('/api/instance/resume')),
  signOutEverywhere: (keepTokens: string[]) =>
    ok(client.POST('/api/me/sign-out-everywhere', { body: keepTokens.length ? { keepTokens } : {} })),
}

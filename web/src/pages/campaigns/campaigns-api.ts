/** Calls of the Giveaways page (issue #23), typed by the OpenAPI document. */
import { type Body, client, ok, type Schemas } from '../../api.js'

export type Campaign = Schemas['Campaign']
export type CampaignEntry = Schemas['CampaignEntry']
export type CampaignInput = Body<'/api/workspaces/{workspaceId}/campaigns', 'post'>
export type Step = 'open' | 'collect' | 'freeze' | 'draw'

const W = (workspaceId: string) => ({ params: { path: { workspaceId } } })
const C = (workspaceId: string, campaignId: string) => ({ params: { path: { workspaceId, campaignId } } })

export const campaignsApi = {
  list: (wid: string) => ok(client.GET('/api/workspaces/{workspaceId}/campaigns', W(wid))),
  create: (wid: string, body: CampaignInput) =>
    ok(client.POST('/api/workspaces/{workspaceId}/campaigns', { ...W(wid), body })),
  entries: (wid: string, id: string) =>
    ok(client.GET('/api/workspaces/{workspaceId}/campaigns/{campaignId}/entries', C(wid, id))),
  open: (wid: string, id: string) =>
    ok(client.POST('/api/workspaces/{workspaceId}/campaigns/{campaignId}/open', C(wid, id))),
  collect: (wid: string, id: string) =>
    ok(client.POST('/api/workspaces/{workspaceId}/campaigns/{campaignId}/collect', C(wid, id))),
  freeze: (wid: string, id: string) =>
    ok(client.POST('/api/workspaces/{workspaceId}/campaigns/{campaignId}/freeze', C(wid, id))),
  draw: (wid: string, id: string) =>
    ok(client.POST('/api/workspaces/{workspaceId}/campaigns/{campaignId}/draw', C(wid, id))),
  decide: (wid: string, id: string, entryId: string, decision: 'disqualify' | 'restore', note: string) =>
    ok(
      client.POST('/api/workspaces/{workspaceId}/campaigns/{campaignId}/entries/{entryId}/decision', {
        params: { path: { workspaceId: wid, campaignId: id, entryId } },
        body: { decision, note },
      }),
    ),
}

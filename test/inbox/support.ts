/** Helpers for the inbox tests: a workspace with a channel, and activity messages to ingest. */

import type { Engine } from '../../src/db/database.js'
import type { IngestChannel } from '../../src/inbox/ingest.types.js'
import type { ActivityMessage } from '../../src/networks/network.port.js'
import { createTestApp, setupOwner, type TestApp, type TestClient } from '../support/app.js'

export interface InboxFixture {
  t: TestApp
  owner: TestClient
  workspaceId: string
  ownerMemberId: string
  channel: IngestChannel
}

export async function inboxFixture(engine: Engine): Promise<InboxFixture> {
  const t = await createTestApp(engine)
  const { owner, workspaceId } = await setupOwner(t.app)
  const presences = await owner.get<Array<{ id: string }>>(`/api/workspaces/${workspaceId}/presences`)
  const perms = await owner.get<{ memberId: string }>(`/api/workspaces/${workspaceId}/permissions`)
  const presenceId = presences.body[0]!.id
  const ch = await t.ctx.channels.create(
    workspaceId,
    { presenceId, network: 'sandbox', handle: 'acme.sandbox', remoteAccountId: 'brand-account' },
    null,
  )
  return {
    t,
    owner,
    workspaceId,
    ownerMemberId: perms.body.memberId,
    channel: { id: ch.id, workspaceId, presenceId, network: 'sandbox', remoteAccountId: 'brand-account' },
  }
}

let seq = 0

/** An activity message; by default a top-level mention from `alice`. */
export function activity(
  p: Partial<Omit<ActivityMessage, 'author'>> & { author?: Partial<ActivityMessage['author']> } = {},
): ActivityMessage {
  seq++
  const author = {
    remoteId: 'alice-id',
    handle: 'alice.example',
    displayName: 'Alice',
    avatarUrl: null,
    followerCount: 120,
    ...p.author,
  }
  return {
    kind: 'mention',
    remoteId: `remote-${seq}`,
    url: null,
    text: '@acme where is my order? it has been two weeks',
    subjectRemoteId: null,
    threadRootId: null,
    parentId: null,
    conversationId: null,
    createdAt: Date.UTC(2026, 2, 2, 8, 0, 0) + seq * 1000,
    ...p,
    author,
  }
}

import { newId } from '../../src/core/ids.js'
import { registerPublishingJobs } from '../../src/publishing/publishing.module.js'
import { activity } from '../inbox/support.js'
import { drain } from '../publishing/support.js'
import { addMember, type TestApp, TestClient } from '../support/app.js'
import type { WorkspaceIds } from './openapi-sample.js'

/** A 1×1 transparent PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

async function ok<T>(p: Promise<{ status: number; body: T }>, what: string): Promise<T> {
  const r = await p
  if (r.status >= 300) throw new Error(`fixture: ${what} → ${r.status} ${JSON.stringify(r.body)}`)
  return r.body
}

/** Registers the publishing jobs once per app, so `drain` can publish. */
export function withPublishing(t: TestApp): void {
  registerPublishingJobs(t.ctx.queue, t.ctx.publishing)
}

/**
 * One of every object kind in workspace `ws`, made by its owner `owner` (HTTP where the API makes it,
 * services or rows where only a network or a job would). Names carry `marker`, so a response that
 * shows any of them to someone else is a leak the walk can see.
 */
export async function populateWorkspace(
  t: TestApp,
  owner: TestClient,
  ws: string,
  marker: string,
  emailDomain: string,
): Promise<WorkspaceIds> {
  const base = `/api/workspaces/${ws}`
  const leader = await addMember(t.app, owner, ws, 'executive', `leader@${emailDomain}`)
  const member = (await ok(leader.get<{ memberId: string }>(`${base}/permissions`), 'permissions')).memberId
  const presence = await ok(
    owner.post<{ id: string }>(`${base}/presences`, {
      kind: 'person',
      displayName: `${marker} Leader`,
      memberId: member,
    }),
    'presence',
  )
  const channel = await ok(
    owner.post<{ id: string; handle: string }>(`${base}/channels/sandbox`, {
      presenceId: presence.id,
      ratePerMinute: 0,
    }),
    'channel',
  )
  const media = await ok(
    owner.post<{ id: string }>(`${base}/media`, { mimeType: 'image/png', dataBase64: PNG }),
    'media',
  )
  const post = await ok(
    owner.post<{ id: string }>(`${base}/posts`, {
      kind: 'free',
      parts: [{ text: `${marker} draft` }],
      channelIds: [channel.id],
    }),
    'post',
  )
  const published = await ok(
    owner.post<{ id: string }>(`${base}/posts`, {
      kind: 'free',
      parts: [{ text: `${marker} published` }],
      channelIds: [channel.id],
    }),
    'published post',
  )
  await ok(owner.post(`${base}/posts/${published.id}/submit`), 'submit')
  // A post on a leader's presence waits for the leader.
  await ok(leader.post(`${base}/posts/${published.id}/approve`), 'approve')
  await ok(owner.post(`${base}/posts/${published.id}/publish-now`), 'publish')
  await drain(t)
  const delivered = await ok(
    owner.get<{ deliveries: Array<{ id: string; remoteId: string | null }> }>(
      `${base}/posts/${published.id}`,
    ),
    'delivered post',
  )
  const webhook = await ok(
    owner.post<{ webhook: { id: string } }>(`${base}/webhooks`, {
      url: 'https://hooks.example.com/in',
      events: ['post.published'],
      description: marker,
    }),
    'webhook',
  )
  const invitation = await ok(
    owner.post<{ invitation: { id: string } }>(`${base}/invitations`, { role: 'agent' }),
    'invitation',
  )

  // The inbox: a mention on the channel makes a conversation, a message and a contact.
  await t.ctx.inbox.ingest.ingest(
    { id: channel.id, workspaceId: ws, presenceId: presence.id, network: 'sandbox', remoteAccountId: null },
    [
      activity({
        text: `${marker} where is my order?`,
        author: { remoteId: `${marker}-fan`, handle: `${marker.toLowerCase()}-fan.example` },
      }),
    ],
  )
  const db = t.ctx.db.kysely
  const conversation = await db
    .selectFrom('inbox_conversations')
    .select('id')
    .where('workspace_id', '=', ws)
    .executeTakeFirstOrThrow()
  const message = await db
    .selectFrom('inbox_messages')
    .select('id')
    .where('conversation_id', '=', conversation.id)
    .executeTakeFirstOrThrow()
  const contact = await db
    .selectFrom('inbox_contacts')
    .select('id')
    .where('workspace_id', '=', ws)
    .executeTakeFirstOrThrow()
  const inbox = `${base}/inbox`
  const team = await ok(
    owner.post<{ id: string }>(`${inbox}/teams`, { name: `${marker} team`, memberIds: [member] }),
    'team',
  )
  const rule = await ok(
    owner.post<{ id: string }>(`${inbox}/rules`, {
      name: `${marker} rule`,
      conditions: {},
      actions: [{ type: 'priority', priority: 'high' }],
    }),
    'rule',
  )
  const view = await ok(
    owner.post<{ id: string }>(`${inbox}/views`, { name: `${marker} view`, filters: {} }),
    'view',
  )
  const reply = await ok(
    owner.post<{ id: string }>(`${inbox}/saved-replies`, { name: `${marker} reply`, body: 'Thanks!' }),
    'saved reply',
  )
  const session = await ok(
    owner.post<{ id: string }>(`${base}/leaders/${presence.id}/practice`, { speed: 60, seed: 1 }),
    'practice session',
  )
  // @NOTE nudges open from weeks of activity; one row stands in for that history.
  const nudge = newId(t.clock.now())
  await db
    .insertInto('leader_nudges')
    .values({
      id: nudge,
      workspace_id: ws,
      presence_id: presence.id,
      kind: 'cadence-behind',
      state: 'open',
      open_key: `${presence.id}:cadence-behind`,
      why: `${marker} is behind`,
      data: '{}',
      created_at: t.clock.now(),
      updated_at: t.clock.now(),
    })
    .execute()
  // @NOTE notifications come from events (a mention, a rhythm); one row for the leader stands in.
  const leaderUser = await ok(leader.get<{ user: { id: string } }>('/api/session'), 'session')
  const notification = newId(t.clock.now())
  await db
    .insertInto('notifications')
    .values({
      id: notification,
      workspace_id: ws,
      user_id: leaderUser.user.id,
      kind: 'post.approval-requested',
      title: `${marker} needs you`,
      body: '',
      created_at: t.clock.now(),
    })
    .execute()
  const token = await ok(owner.post<{ info: { id: string } }>('/api/me/tokens', { name: marker }), 'token')

  // A giveaway entered by a reply, and the public status page with an incident.
  const campaign = await ok(
    owner.post<{ id: string }>(`${base}/campaigns`, {
      title: `${marker} giveaway`,
      prizes: [{ name: 'Mug', value: 25, currency: 'EUR', quantity: 1 }],
      winnerCount: 1,
      timeZone: 'Europe/Berlin',
      startsAt: '2026-03-03T10:00',
      endsAt: '2026-03-10T10:00',
      entryMethods: [{ channelId: channel.id, kind: 'reply', keyword: '#mug' }],
      sponsor: { name: `${marker} SAS`, address: '1 Main Street, Springfield' },
      freeMethod: 'Or send a postcard with your handle to the sponsor before the close.',
    }),
    'campaign',
  )
  // @NOTE entries come from collecting a network's replies; one row stands in for that.
  const entry = newId(t.clock.now())
  await db
    .insertInto('campaign_entries')
    .values({
      id: entry,
      campaign_id: campaign.id,
      channel_id: channel.id,
      network: 'sandbox',
      remote_id: `${marker}-entry`,
      method: 'reply',
      author_remote_id: `${marker}-fan`,
      handle: `${marker.toLowerCase()}-fan.example`,
      text: `${marker} #mug`,
      person_key: `sandbox:${marker}-fan`,
      status: 'valid',
      flags: '[]',
      entered_at: t.clock.now(),
      collected_at: t.clock.now(),
    })
    .execute()
  await ok(
    owner.request('PUT', `${base}/public-page`, {
      slug: marker.toLowerCase(),
      enabled: true,
      about: `${marker} makes mugs.`,
      contact: { email: `hello@${emailDomain}` },
    }),
    'public page',
  )
  const component = await ok(
    owner.post<{ id: string }>(`${base}/public-page/status/components`, { name: `${marker} API` }),
    'status component',
  )
  const incident = await ok(
    owner.post<{ id: string }>(`${base}/public-page/status/incidents`, {
      title: `${marker} slow`,
      impact: 'major',
      components: [component.id],
      state: 'investigating',
      message: 'Requests take seconds.',
    }),
    'incident',
  )
  // @NOTE a pending OAuth choice exists between a network's callback and the user's pick.
  const oauthPending = newId(t.clock.now())
  await db
    .insertInto('oauth_pending')
    .values({
      id: oauthPending,
      workspace_id: ws,
      user_id: leaderUser.user.id,
      network: 'x',
      presence_id: presence.id,
      choices_sealed: t.ctx.sealer.seal('[]', `oauth-pending:${oauthPending}`),
      expires_at: t.clock.now() + 600_000,
    })
    .execute()
  return {
    workspace: ws,
    member,
    presence: presence.id,
    channel: channel.id,
    post: post.id,
    delivery: delivered.deliveries[0]!.id,
    // The Sandbox item the published post became (its "open" link's view).
    sandboxItem: delivered.deliveries[0]!.remoteId!,
    media: media.id,
    webhook: webhook.webhook.id,
    invitation: invitation.invitation.id,
    conversation: conversation.id,
    message: message.id,
    contact: contact.id,
    team: team.id,
    rule: rule.id,
    view: view.id,
    savedReply: reply.id,
    nudge,
    session: session.id,
    notification,
    token: token.info.id,
    campaign: campaign.id,
    entry,
    oauthPending,
    incident: incident.id,
  }
}

/** A signed-in user who owns a workspace of their own, made through the service (not the API policy). */
export async function ownerOfNewWorkspace(
  t: TestApp,
  email: string,
  name: string,
): Promise<{ client: TestClient; workspaceId: string }> {
  const password = 'a long password of theirs'
  const user = await t.ctx.users.create({ email, name, password })
  const ws = await t.ctx.workspaces.create({ name: `${name} Co`, timeZone: 'UTC' }, user.id)
  const client = new TestClient(t.app)
  await ok(client.post('/api/auth/login', { email, password }), 'login')
  await ok(client.put('/api/session/workspace', { workspaceId: ws.id }), 'switch workspace')
  return { client, workspaceId: ws.id }
}

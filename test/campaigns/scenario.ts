/**
 * The end-to-end giveaway on the Sandbox through the HTTP API, shared by the public-page tests, the
 * browser test and the bench: a public page with status, news and an event; a campaign entered by
 * replies and reposts (one bot among them), opened, collected, frozen and drawn with quicknet round 123.
 */
import { newId } from '../../src/core/ids.js'
import { sandboxPerson } from '../../src/networks/sandbox/sandbox.people.js'
import { type CampaignRig, CLOSE_UTC, ROUND_123_AT } from './support.js'

export const SEED = 7

export interface Scenario {
  slug: string
  channelId: string
  worldId: string
  campaignId: string
  botHandle: string
  incidentId: string
  eventId: string
}

async function ok<T>(p: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
  const r = await p
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${JSON.stringify(r.body)}`)
  return r.body
}

/** A published post row (what the publishing pipeline leaves behind), for the page to read. */
async function publishedPost(
  r: CampaignRig,
  kind: string,
  title: string,
  fields: Record<string, string>,
  at: number,
) {
  const perms = (await r.owner.get<{ memberId: string }>(`/api/workspaces/${r.workspaceId}/permissions`)).body
  const session = (await r.owner.get<{ user: { id: string } }>('/api/session')).body
  const id = newId(at)
  await r.db.kysely
    .insertInto('posts')
    .values({
      id,
      workspace_id: r.workspaceId,
      kind,
      state: 'published',
      approval_state: 'approved',
      revision: 1,
      title,
      fields: JSON.stringify(fields),
      parts: JSON.stringify([{ text: title }]),
      variants: '{}',
      drafted_by_member_id: perms.memberId,
      drafted_by_user_id: session.user.id,
      drafted_by_role: 'owner',
      schedule_mode: 'now',
      scheduled_at: null,
      schedule_time_zone: null,
      schedule_local: null,
      published_at: at,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    })
    .execute()
  return id
}

/** Everything up to the draw. Leaves the clock just after beacon round 123. */
export async function runScenario(r: CampaignRig): Promise<Scenario> {
  const ws = `/api/workspaces/${r.workspaceId}`
  const slug = 'acme'
  await ok(
    r.owner.request('PUT', `${ws}/public-page`, {
      slug,
      enabled: true,
      about: 'Acme makes the mugs townhalls drink from.',
      contact: { email: 'hello@acme.example', address: '1 rue de la Paix, Paris' },
    }),
  )
  const api = await ok(
    r.owner.post<{ id: string }>(`${ws}/public-page/status/components`, { name: 'API' }),
    201,
  )
  const incident = await ok(
    r.owner.post<{ id: string }>(`${ws}/public-page/status/incidents`, {
      title: 'Slow API',
      impact: 'major',
      components: [api.id],
      state: 'investigating',
      message: 'Requests take seconds.',
    }),
    201,
  )
  r.clock.advance(10 * 60_000)
  await ok(
    r.owner.post(`${ws}/public-page/status/incidents/${incident.id}/updates`, {
      state: 'resolved',
      message: 'Fixed.',
    }),
  )
  await publishedPost(
    r,
    'news',
    'Mugs are back',
    { headline: 'Mugs are back', summary: 'In every colour.' },
    r.clock.now(),
  )
  await publishedPost(
    r,
    'support-notice',
    'Login',
    { service: 'Login', status: 'investigating', details: 'Some cannot sign in.' },
    r.clock.now(),
  )
  const eventId = await publishedPost(
    r,
    'event',
    'Mug day',
    {
      title: 'Mug day',
      startsAt: '2023-09-01T10:00',
      endsAt: '2023-09-01T12:00',
      timeZone: 'Europe/Paris',
      place: 'Paris',
    },
    r.clock.now(),
  )

  const ch = await ok(
    r.owner.post<{ id: string; settings?: unknown }>(`${ws}/channels/sandbox`, {
      ratePerMinute: 0,
      seed: SEED,
    }),
    201,
  )
  const row = await r.db.kysely
    .selectFrom('channels')
    .select('settings')
    .where('id', '=', ch.id)
    .executeTakeFirstOrThrow()
  const worldId = (JSON.parse(row.settings) as { worldId: string }).worldId
  const campaign = await ok(
    r.owner.post<{ id: string }>(`${ws}/campaigns`, {
      title: 'Win a Townhall mug',
      description: 'Two mugs for our followers.',
      prizes: [{ name: 'Townhall mug', value: 25, currency: 'EUR', quantity: 2 }],
      winnerCount: 2,
      timeZone: 'Europe/Paris',
      startsAt: '2023-08-23T16:00',
      endsAt: '2023-08-23T17:14',
      entryMethods: [
        { channelId: ch.id, kind: 'reply', keyword: '#mug' },
        { channelId: ch.id, kind: 'repost' },
      ],
      sponsor: { name: 'Acme SAS', address: '1 rue de la Paix, 75002 Paris, France' },
      freeMethod: 'Or send a postcard with your handle to the sponsor address before the close.',
    }),
    201,
  )
  const opened = await ok(
    r.owner.post<{ announcements: Record<string, string> }>(`${ws}/campaigns/${campaign.id}/open`),
  )
  const announcement = opened.announcements[ch.id]!
  r.clock.set(Date.UTC(2023, 7, 23, 14, 30))
  const people = Array.from({ length: 60 }, (_, i) => sandboxPerson(SEED, i))
  const humans = people.filter((p) => !p.spammer)
  const bot = Array.from({ length: 500 }, (_, i) => sandboxPerson(SEED, i)).find((p) => p.spammer)!
  for (const [i, p] of humans.slice(0, 6).entries()) {
    await r.ctx.networks.worlds.addCustomerItem(worldId, {
      kind: 'reply',
      authorIndex: p.index,
      parentId: announcement,
      text: `Mine please ${i} #mug`,
    })
    r.clock.advance(30_000)
  }
  for (const p of humans.slice(6, 10))
    await r.ctx.networks.worlds.addCustomerItem(worldId, {
      kind: 'repost',
      authorIndex: p.index,
      subjectId: announcement,
    })
  await r.ctx.networks.worlds.addCustomerItem(worldId, {
    kind: 'reply',
    authorIndex: bot.index,
    parentId: announcement,
    text: 'win crypto #mug',
  })
  await ok(r.owner.post(`${ws}/campaigns/${campaign.id}/collect`))
  r.clock.set(CLOSE_UTC + 5_000)
  await ok(r.owner.post(`${ws}/campaigns/${campaign.id}/freeze`))
  r.clock.set(ROUND_123_AT + 3_000)
  r.publish()
  await ok(r.owner.post(`${ws}/campaigns/${campaign.id}/draw`))
  return {
    slug,
    channelId: ch.id,
    worldId,
    campaignId: campaign.id,
    botHandle: bot.handle,
    incidentId: incident.id,
    eventId,
  }
}

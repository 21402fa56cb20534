/**
 * A giveaway on the Sandbox, through the services, on both engines: entries by reply and repost are
 * collected (again without doubles, and resumed by a fresh collector), a bot is flagged, the
 * commitment is published, the list frozen before the beacon round, the draw made with drand round
 * 123 and checked from its public record; tampering fails; a forfeited prize goes to the next entry.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { CampaignInput } from '../../src/campaigns/campaign.types.js'
import { CampaignCollector } from '../../src/campaigns/campaign-collect.js'
import { commitmentOf, listHashOf } from '../../src/campaigns/draw.js'
import { verifyDraw } from '../../src/campaigns/verify.js'
import { DomainError } from '../../src/core/errors.js'
import type { Engine } from '../../src/db/database.js'
import { sandboxPerson } from '../../src/networks/sandbox/sandbox.people.js'
import { describeEachEngine } from '../support/db.js'
import { type CampaignRig, CLOSE_UTC, campaignRig, ROUND_123, ROUND_123_AT } from './support.js'

const SEED = 7

describeEachEngine('giveaway on the Sandbox', (engine: Engine) => {
  let r: CampaignRig
  let channelId: string
  let worldId: string
  let campaignId: string
  let announcement: string
  const spammer = Array.from({ length: 500 }, (_, i) => sandboxPerson(SEED, i)).find((p) => p.spammer)!.index
  const people = Array.from({ length: 40 }, (_, i) => sandboxPerson(SEED, i))
    .filter((p) => !p.spammer)
    .map((p) => p.index)

  const input = (over: Partial<CampaignInput> = {}): CampaignInput => ({
    title: 'Win a Townhall mug',
    prizes: [{ name: 'Townhall mug', value: 25, currency: 'EUR', quantity: 2 }],
    winnerCount: 2,
    timeZone: 'Europe/Paris',
    startsAt: '2023-08-23T16:00',
    endsAt: '2023-08-23T17:14',
    entryMethods: [
      { channelId, kind: 'reply', keyword: '#mug' },
      { channelId, kind: 'repost' },
    ],
    sponsor: { name: 'Acme SAS', address: '1 rue de la Paix, 75002 Paris, France' },
    freeMethod: 'Or send a postcard with your handle to the sponsor address before the close.',
    eligibility: { minFollowers: 0, countries: ['FR', 'BE'] },
    ...over,
  })
  const fails = async (p: Promise<unknown>) => {
    try {
      await p
    } catch (err) {
      if (err instanceof DomainError) return { status: err.status, fields: err.details.fields }
      throw err
    }
    throw new Error('expected a refusal')
  }

  beforeAll(async () => {
    r = await campaignRig(engine)
    const ch = await r.ctx.networks.connect.connectSandbox(
      r.workspaceId,
      { ratePerMinute: 0, seed: SEED },
      { userId: null },
    )
    channelId = ch.id
    worldId = (
      JSON.parse(
        (
          await r.db.kysely
            .selectFrom('channels')
            .select('settings')
            .where('id', '=', ch.id)
            .executeTakeFirstOrThrow()
        ).settings,
      ) as { worldId: string }
    ).worldId
  })
  afterAll(async () => r.close())

  it('refuses bad campaigns with the field: time zone, start after end, forbidden entry methods', async () => {
    const c = r.ctx.campaigns.campaigns
    expect(await fails(c.create(r.workspaceId, input({ timeZone: 'Mars/Olympus_Mons' }), null))).toEqual({
      status: 400,
      fields: [{ field: 'timeZone', reason: 'is not an IANA time zone such as Europe/Paris' }],
    })
    expect(await fails(c.create(r.workspaceId, input({ startsAt: '2023-08-24T10:00' }), null))).toEqual({
      status: 400,
      fields: [{ field: 'endsAt', reason: 'must be after startsAt' }],
    })
    expect(
      (await fails(c.create(r.workspaceId, input({ startsAt: '2023-02-30T10:00' }), null))).fields,
    ).toEqual([{ field: 'startsAt', reason: 'is not a real date and time' }])
    const fb = await r.ctx.channels.create(
      r.workspaceId,
      {
        presenceId: (await r.ctx.presences.list(r.workspaceId))[0]!.id,
        network: 'facebook',
        handle: 'acme.fb',
      },
      null,
    )
    const meta = await fails(
      c.create(r.workspaceId, input({ entryMethods: [{ channelId: fb.id, kind: 'tag-friends' }] }), null),
    )
    expect(meta.fields?.[0]?.field).toBe('entryMethods.0.kind')
    expect(meta.fields?.[0]?.reason).toMatch(/facebook forbids "tag friends"/)
    const x = await r.ctx.channels.create(
      r.workspaceId,
      { presenceId: (await r.ctx.presences.list(r.workspaceId))[0]!.id, network: 'x', handle: 'acme_x' },
      null,
    )
    const most = await fails(
      c.create(
        r.workspaceId,
        input({ entryMethods: [{ channelId: x.id, kind: 'reply' }], selection: 'most-reposts' }),
        null,
      ),
    )
    expect(most.fields).toEqual([
      {
        field: 'selection',
        reason: 'X forbids picking winners by the most reposts or likes; winners are drawn at random',
      },
    ])
    const follow = await fails(
      c.create(r.workspaceId, input({ entryMethods: [{ channelId: x.id, kind: 'follow' }] }), null),
    )
    expect(follow.fields?.[0]?.reason).toMatch(/does not let Townhall check who follows/)
  })

  it('generates the official rules with every required item', async () => {
    const c = await r.ctx.campaigns.campaigns.create(r.workspaceId, input(), null)
    campaignId = c.id
    expect(c.state).toBe('draft')
    expect(c.startsAt).toBe(Date.UTC(2023, 7, 23, 14, 0))
    expect(c.endsAt).toBe(CLOSE_UTC)
    const rules = c.rulesText
    for (const item of [
      'NO PURCHASE NECESSARY',
      'VOID WHERE PROHIBITED',
      'Acme SAS, 1 rue de la Paix, 75002 Paris, France',
      '2023-08-23 16:00 and ends 2023-08-23 17:14 (Europe/Paris)',
      'in FR, BE',
      'reply to the announcement post including "#mug"',
      'Free alternative method of entry. Or send a postcard',
      '2 × Townhall mug (approximate retail value 25 EUR each)',
      'Odds.',
      'HMAC-SHA256',
      'claim their prize within 7 days',
    ])
      expect(rules).toContain(item)
    const edited = await r.ctx.campaigns.campaigns.update(
      r.workspaceId,
      c.id,
      input({ rulesText: `${rules}\n\nEdited.` }),
    )
    expect(edited.rulesEdited).toBe(true)
    expect(edited.rulesText.endsWith('Edited.')).toBe(true)
  })

  it('opens: commits to a seed and drand round 123, and announces with the commitment', async () => {
    const c = await r.ctx.campaigns.draw.open(r.workspaceId, campaignId, null)
    expect(c.state).toBe('open')
    expect(c.mode).toBe('beacon')
    expect(c.beaconRound).toBe(123)
    expect(c.commitment).toMatch(/^[0-9a-f]{64}$/)
    announcement = c.announcements[channelId]!
    const post = await r.db.kysely
      .selectFrom('sandbox_items')
      .select(['text', 'from_brand'])
      .where('id', '=', announcement)
      .executeTakeFirstOrThrow()
    expect(post.from_brand).toBe(1)
    expect(post.text).toContain(`commitment ${c.commitment!.slice(0, 16)}`)
    expect(post.text).toContain('drand round 123')
    expect(post.text).toContain(`https://acme.example/p/${r.workspaceId}/giveaways/${campaignId}`)
    const row = await r.db.kysely
      .selectFrom('campaigns')
      .select(['seed', 'seed_sealed'])
      .where('id', '=', campaignId)
      .executeTakeFirstOrThrow()
    expect(row.seed).toBeNull()
    expect(row.seed_sealed).toMatch(/^v1\./)
    expect(await fails(r.ctx.campaigns.campaigns.update(r.workspaceId, campaignId, input()))).toEqual({
      status: 409,
      fields: undefined,
    })
  })

  it('collects replies with the keyword and reposts, once each, resuming from the saved cursor', async () => {
    const worlds = r.ctx.networks.worlds
    r.clock.set(Date.UTC(2023, 7, 23, 14, 30))
    for (const [i, who] of people.slice(0, 5).entries()) {
      await worlds.addCustomerItem(worldId, {
        kind: 'reply',
        authorIndex: who,
        parentId: announcement,
        text: `I want it ${i} #mug`,
      })
      r.clock.advance(20_000)
    }
    await worlds.addCustomerItem(worldId, {
      kind: 'reply',
      authorIndex: people[5]!,
      parentId: announcement,
      text: 'no keyword here',
    })
    await worlds.addCustomerItem(worldId, {
      kind: 'repost',
      authorIndex: people[6]!,
      subjectId: announcement,
    })
    await worlds.addCustomerItem(worldId, {
      kind: 'repost',
      authorIndex: people[7]!,
      subjectId: announcement,
    })
    // the same person replies and reposts: one person, two actions, one entry counted
    await worlds.addCustomerItem(worldId, {
      kind: 'repost',
      authorIndex: people[0]!,
      subjectId: announcement,
    })
    await worlds.addCustomerItem(worldId, {
      kind: 'reply',
      authorIndex: spammer,
      parentId: announcement,
      text: 'free crypto #mug',
    })
    const first = await r.ctx.campaigns.draw.collect(r.workspaceId, campaignId)
    expect(first.stored).toBe(9)
    expect((await r.ctx.campaigns.draw.collect(r.workspaceId, campaignId)).stored).toBe(0)
    // a restarted process: a new collector reads the saved cursor and stores nothing twice
    await worlds.addCustomerItem(worldId, {
      kind: 'reply',
      authorIndex: people[8]!,
      parentId: announcement,
      text: 'count me in #MUG',
    })
    const fresh = new CampaignCollector(r.db.kysely, r.clock, r.ctx.networks.connect, async () => {})
    const row = await r.ctx.campaigns.campaigns.row(r.workspaceId, campaignId)
    expect((await fresh.collect(row)).stored).toBe(1)
    const entries = await r.ctx.campaigns.draw.entries(r.workspaceId, campaignId)
    expect(entries).toHaveLength(10)
    expect(entries.filter((e) => e.method === 'repost')).toHaveLength(3)
    expect(entries.some((e) => e.text === 'no keyword here')).toBe(false)
    const bot = entries.find((e) => e.handle === sandboxPerson(SEED, spammer).handle)!
    expect(bot.status).toBe('flagged')
    expect(bot.flags).toContain('new account')
    const twice = entries.filter((e) => e.handle === sandboxPerson(SEED, people[0]!).handle)
    expect(twice.map((e) => e.status).sort()).toEqual(['extra', 'valid'])
    const log = await r.ctx.campaigns.campaigns.logOf(campaignId)
    expect(log.find((l) => l.kind === 'flagged')?.note).toMatch(/flagged: new account/)
  })

  it('disqualifies and restores with a public note; refuses an empty note', async () => {
    const entries = await r.ctx.campaigns.draw.entries(r.workspaceId, campaignId)
    const target = entries.find((e) => e.status === 'valid' && e.method === 'reply')!
    expect(
      (
        await fails(
          r.ctx.campaigns.draw.decide(r.workspaceId, campaignId, target.id, 'disqualify', ' ', null),
        )
      ).fields,
    ).toEqual([{ field: 'note', reason: 'say why; the note is public' }])
    const out = await r.ctx.campaigns.draw.decide(
      r.workspaceId,
      campaignId,
      target.id,
      'disqualify',
      'staff member',
      null,
    )
    expect(out.status).toBe('disqualified')
    const back = await r.ctx.campaigns.draw.decide(
      r.workspaceId,
      campaignId,
      target.id,
      'restore',
      'not staff after all',
      null,
    )
    expect(back.status).toBe('valid')
    const notes = (await r.ctx.campaigns.campaigns.logOf(campaignId)).map((l) => l.note)
    expect(notes).toContain(`@${target.handle} on sandbox disqualified: staff member`)
    expect(notes).toContain(`@${target.handle} on sandbox restored: not staff after all`)
  })

  it('freezes at the close, before the beacon round, one ticket per person', async () => {
    expect((await fails(r.ctx.campaigns.draw.freeze(r.workspaceId, campaignId))).status).toBe(409)
    r.clock.set(CLOSE_UTC + 5_000)
    const c = await r.ctx.campaigns.draw.freeze(r.workspaceId, campaignId)
    expect(c.state).toBe('frozen')
    const record = r.ctx.campaigns.draw.record(await r.ctx.campaigns.campaigns.row(r.workspaceId, campaignId))
    // 10 entries: the bot is flagged out and one person's second action is extra
    expect(record.entries).toHaveLength(8)
    expect(record.listHash).toBe(listHashOf(record.entries!))
    expect(record.frozenAt).toBeLessThan(ROUND_123_AT)
    expect(record.seed).toBeNull()
  })

  it('waits for the beacon round, then draws with it and tells the winners by reply', async () => {
    r.clock.set(ROUND_123_AT - 1000)
    await r.ctx.campaigns.draw.tick(() => {})
    expect((await r.ctx.campaigns.campaigns.get(r.workspaceId, campaignId)).state).toBe('frozen')
    r.clock.set(ROUND_123_AT + 2000)
    expect((await fails(r.ctx.campaigns.draw.draw(r.workspaceId, campaignId, null))).status).toBe(409) // 425 Too Early
    r.publish()
    const errors: unknown[] = []
    await r.ctx.campaigns.draw.tick((e) => errors.push(e))
    expect(errors).toEqual([])
    const c = await r.ctx.campaigns.campaigns.get(r.workspaceId, campaignId)
    expect(c.state).toBe('drawn')
    expect(c.picked).toHaveLength(2)
    expect(r.beaconRequests).toContain(
      `/${'52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971'}/public/123`,
    )
    const record = r.ctx.campaigns.draw.record(await r.ctx.campaigns.campaigns.row(r.workspaceId, campaignId))
    expect(commitmentOf(record.seed!)).toBe(c.commitment)
    expect(record.beacon).toEqual(ROUND_123)
    const verified = await verifyDraw(record)
    expect(verified.steps.filter((s) => !s.ok)).toEqual([])
    expect(verified.winners).toEqual(c.picked)
    for (const ticket of c.picked)
      expect(c.claims[ticket]?.deadline).toBe(ROUND_123_AT + 2000 + 7 * 86_400_000)
    const replies = await r.db.kysely
      .selectFrom('sandbox_items')
      .select('text')
      .where('world_id', '=', worldId)
      .where('from_brand', '=', 1)
      .where('text', 'like', '%you won%')
      .execute()
    const viaDm = Object.values(c.claims).filter((x) => x.via === 'direct-message').length
    expect(replies.length).toBe(2)
    expect(viaDm + Object.values(c.claims).filter((x) => x.via === 'reply').length).toBe(2)

    expect((await verifyDraw({ ...record, seed: '00'.repeat(32) })).steps.find((s) => !s.ok)?.detail).toMatch(
      /seed does not match/,
    )
    const tampered = {
      ...record,
      entries: record.entries!.map((e, i) => (i === 0 ? { ...e, handle: 'mallory' } : e)),
    }
    expect((await verifyDraw(tampered)).steps.find((s) => !s.ok)?.detail).toMatch(/entry list does not match/)
  })

  it('a forfeited prize goes to the next entry of the ranking, and verification still holds', async () => {
    const before = await r.ctx.campaigns.campaigns.get(r.workspaceId, campaignId)
    await r.ctx.campaigns.draw.claim(r.workspaceId, campaignId, before.picked[0]!, null)
    expect(
      (await fails(r.ctx.campaigns.draw.forfeit(r.workspaceId, campaignId, before.picked[0]!, 'x', null)))
        .status,
    ).toBe(409)
    r.clock.advance(8 * 86_400_000)
    await r.ctx.campaigns.draw.tick(() => {})
    const after = await r.ctx.campaigns.campaigns.get(r.workspaceId, campaignId)
    expect(after.forfeited).toEqual([before.picked[1]])
    expect(after.picked).toHaveLength(3)
    const record = r.ctx.campaigns.draw.record(await r.ctx.campaigns.campaigns.row(r.workspaceId, campaignId))
    const v = await verifyDraw(record)
    expect(v.ok).toBe(true)
    expect(v.winners).toEqual([after.picked[0], after.picked[2]])
    const kinds = (await r.ctx.campaigns.campaigns.logOf(campaignId)).map((l) => l.kind)
    expect(kinds).toEqual(
      expect.arrayContaining([
        'committed',
        'opened',
        'flagged',
        'frozen',
        'drawn',
        'notified',
        'claimed',
        'forfeited',
        'redrawn',
      ]),
    )
  })
})

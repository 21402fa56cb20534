/**
 * Entry collection: during the window, each channel's activity is read through the Network port
 * (its own cursor per campaign and channel, saved after each stored page, so a restart resumes where
 * it stopped), matched against the entry methods and stored once per (campaign, channel, remote id).
 * Then every undecided entry is screened again and people are grouped through the inbox's contacts.
 *
 * @NOTE reposts and follows are only counted by the inbox (not stored per author), so collection reads
 * the network itself rather than the inbox's messages.
 */
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { ActivityMessage, Network } from '../networks/network.port.js'
import type { Eligibility, EntryMethod } from './campaign.types.js'
import type { CampaignEntriesTable, CampaignsTable } from './campaigns.tables.js'
import { screenEntries } from './screen.js'

/** Runs work against a channel's network (ChannelConnectService.run). */
export interface ChannelRunner {
  run<T>(workspaceId: string, channelId: string, work: (network: Network) => Promise<T>): Promise<T>
}

const MAX_PAGES = 20

/** The entry method `m` satisfies, if any. */
export function matchEntry(
  m: ActivityMessage,
  methods: readonly EntryMethod[],
  announcement: string | undefined,
): EntryMethod | undefined {
  const has = (kw: string | null | undefined) =>
    !kw || (m.text ?? '').toLowerCase().includes(kw.toLowerCase())
  const aboutPost = (id: string | null) => announcement !== undefined && id === announcement
  return methods.find((e) => {
    switch (e.kind) {
      case 'reply':
        return m.kind === 'reply' && (aboutPost(m.parentId) || aboutPost(m.threadRootId)) && has(e.keyword)
      case 'repost':
        return m.kind === 'repost' && aboutPost(m.subjectRemoteId)
      case 'quote':
        return m.kind === 'quote' && aboutPost(m.subjectRemoteId) && has(e.keyword)
      case 'mention':
        return m.kind === 'mention' && has(e.keyword)
      case 'follow':
        return m.kind === 'follow'
      default:
        return false
    }
  })
}

export class CampaignCollector {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly runner: ChannelRunner,
    private readonly log: (campaignId: string, kind: string, note: string, entryId?: string) => Promise<void>,
  ) {}

  /** Reads every channel of an open campaign and stores new entries. Safe to run again at any time. */
  async collect(c: Selectable<CampaignsTable>): Promise<{ stored: number }> {
    const methods = JSON.parse(c.entry_methods) as EntryMethod[]
    const announcements = JSON.parse(c.announcements) as Record<string, string>
    const byChannel = new Map<string, EntryMethod[]>()
    for (const m of methods) byChannel.set(m.channelId, [...(byChannel.get(m.channelId) ?? []), m])
    let stored = 0
    for (const [channelId, list] of byChannel) {
      const channel = await this.db
        .selectFrom('channels')
        .select(['network', 'remote_account_id'])
        .where('id', '=', channelId)
        .executeTakeFirst()
      if (!channel) continue
      const saved = await this.db
        .selectFrom('campaign_cursors')
        .select('cursor')
        .where('campaign_id', '=', c.id)
        .where('channel_id', '=', channelId)
        .executeTakeFirst()
      let cursor = saved?.cursor ?? null
      for (let page = 0; page < MAX_PAGES; page++) {
        const res = await this.runner.run(c.workspace_id, channelId, (n) => n.fetchActivity(cursor))
        const now = this.clock.now()
        const rows: Selectable<CampaignEntriesTable>[] = []
        for (const m of res.messages) {
          if (m.createdAt < Number(c.starts_at) || m.createdAt > Number(c.ends_at)) continue
          if (channel.remote_account_id && m.author.remoteId === channel.remote_account_id) continue
          const method = matchEntry(m, list, announcements[channelId])
          if (!method) continue
          rows.push({
            id: newId(now),
            campaign_id: c.id,
            channel_id: channelId,
            network: channel.network,
            remote_id: m.remoteId,
            method: method.kind,
            author_remote_id: m.author.remoteId,
            handle: m.author.handle,
            display_name: m.author.displayName,
            avatar_url: m.author.avatarUrl,
            follower_count: m.author.followerCount,
            account_created_at: m.author.accountCreatedAt ?? null,
            text: m.text === null ? null : m.text.slice(0, 2000),
            person_key: `${channel.network}:${m.author.remoteId}`,
            status: 'valid',
            flags: '[]',
            note: null,
            entered_at: m.createdAt,
            collected_at: now,
          })
        }
        if (rows.length > 0) {
          const r = await this.db
            .insertInto('campaign_entries')
            .values(rows)
            .onConflict((oc) => oc.columns(['campaign_id', 'channel_id', 'remote_id']).doNothing())
            .executeTakeFirst()
          stored += Number(r.numInsertedOrUpdatedRows ?? 0)
        }
        // @NOTE the cursor moves only after its page is stored: a crash re-reads it, the unique index dedupes.
        cursor = res.cursor ?? cursor
        await this.db
          .insertInto('campaign_cursors')
          .values({ campaign_id: c.id, channel_id: channelId, cursor, updated_at: now })
          .onConflict((oc) =>
            oc.columns(['campaign_id', 'channel_id']).doUpdateSet({ cursor, updated_at: now }),
          )
          .execute()
        if (!res.more) break
      }
    }
    await this.screen(c)
    return { stored }
  }

  /**
   * Groups entries into people through the inbox's contacts (accounts merged into one contact are
   * one person), flags rule breaks and likely bots, and marks entries beyond the per-person limit.
   * Entries the organiser decided (a note) keep their status.
   */
  async screen(c: Selectable<CampaignsTable>): Promise<void> {
    const entries = await this.db
      .selectFrom('campaign_entries')
      .selectAll()
      .where('campaign_id', '=', c.id)
      .orderBy('entered_at')
      .orderBy('id')
      .execute()
    if (entries.length === 0) return
    const keys = await this.personKeys(c.workspace_id, entries)
    const people = entries.map((e) => ({
      ...e,
      person_key: keys.get(`${e.network}:${e.author_remote_id}`) ?? e.person_key,
    }))
    const flags = screenEntries(
      people.map((e) => ({
        id: e.id,
        handle: e.handle,
        authorRemoteId: `${e.network}:${e.author_remote_id}`,
        personKey: e.person_key,
        avatarUrl: e.avatar_url,
        followerCount: e.follower_count,
        accountCreatedAt: e.account_created_at === null ? null : Number(e.account_created_at),
        text: e.text,
        enteredAt: Number(e.entered_at),
      })),
      JSON.parse(c.eligibility) as Eligibility,
      this.clock.now(),
    )
    const perPerson = new Map<string, number>()
    for (const [i, e] of people.entries()) {
      const before = entries[i]!
      const reasons = flags.get(e.id) ?? []
      let status = e.status
      if (e.note === null) status = reasons.length > 0 ? 'flagged' : 'valid'
      if (status === 'valid') {
        const n = (perPerson.get(e.person_key) ?? 0) + 1
        perPerson.set(e.person_key, n)
        if (n > c.entries_per_person && e.note === null) status = 'extra'
      }
      const flagText = JSON.stringify(reasons)
      if (status === before.status && flagText === before.flags && e.person_key === before.person_key)
        continue
      await this.db
        .updateTable('campaign_entries')
        .set({ status, flags: flagText, person_key: e.person_key })
        .where('id', '=', e.id)
        .execute()
      if (flagText !== e.flags && reasons.length > 0)
        await this.log(c.id, 'flagged', `@${e.handle} on ${e.network} flagged: ${reasons.join('; ')}`, e.id)
    }
  }

  /** `network:remote id` → the contact group that account belongs to, for the accounts the inbox knows. */
  private async personKeys(
    workspaceId: string,
    entries: ReadonlyArray<{ network: string; author_remote_id: string }>,
  ): Promise<Map<string, string>> {
    const ids = [...new Set(entries.map((e) => e.author_remote_id))]
    const out = new Map<string, string>()
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .selectFrom('inbox_contacts')
        .select(['id', 'merged_into', 'network', 'remote_id'])
        .where('workspace_id', '=', workspaceId)
        .where('remote_id', 'in', ids.slice(i, i + 500))
        .execute()
      for (const r of rows)
        if (r.network && r.remote_id)
          out.set(`${r.network}:${r.remote_id}`, `contact:${r.merged_into ?? r.id}`)
    }
    return out
  }
}

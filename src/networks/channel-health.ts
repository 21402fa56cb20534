/**
 * Channel health: what a network call's outcome means for the channel. Nothing fails silently —
 * every failure leaves a status and a reason in plain words, and a revoked credential notifies
 * the people who can fix it.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Database } from '../db/schema.js'
import type { NotifyInput } from '../notify/notification.service.js'
import type { Channel, ChannelService } from '../presence/channel.service.js'
import { NetworkError } from './network.port.js'

/** The part of the notification service channel health needs. */
export interface ChannelNotifier {
  notify(input: NotifyInput): Promise<void>
}

export class ChannelHealth {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly channels: ChannelService,
    private readonly clock: Clock,
    private readonly notifier: ChannelNotifier | undefined,
    private readonly labelOf: (network: string) => string,
  ) {}

  /** A call succeeded: the channel is connected and synced now. */
  async succeeded(channel: Channel): Promise<void> {
    const now = this.clock.now()
    const clearLimit = channel.rateLimitedUntil !== null && channel.rateLimitedUntil <= now
    await this.channels.update(channel.id, {
      status: 'connected',
      statusReason: null,
      lastSyncAt: now,
      ...(clearLimit ? { rateLimitedUntil: null } : {}),
    })
  }

  /**
   * A call failed. auth-expired → needs-reconnect (and a notification), rate-limited → the time
   * to wait, transient/unknown → failing with the error. invalid-content and not-found are about
   * one post or message, not the channel, so its health does not change.
   */
  async failed(channel: Channel, err: unknown): Promise<void> {
    const label = this.labelOf(channel.network)
    if (!(err instanceof NetworkError)) {
      await this.channels.update(channel.id, {
        status: 'failing',
        statusReason: `${label} could not be reached because of an internal error. We will keep trying.`,
      })
      return
    }
    switch (err.failure.kind) {
      case 'auth-expired': {
        const reason = `${label} no longer accepts the credentials of @${channel.handle}. Reconnect the channel${channel.network === 'bluesky' ? ' with a new app password' : ''}.`
        await this.channels.update(channel.id, { status: 'needs-reconnect', statusReason: reason })
        if (channel.status !== 'needs-reconnect') await this.notify(channel, label, reason)
        return
      }
      case 'rate-limited':
        await this.channels.update(channel.id, {
          rateLimitedUntil: this.clock.now() + err.failure.retryAfterMs,
        })
        return
      case 'invalid-content':
      case 'not-found':
        return
      default:
        await this.channels.update(channel.id, { status: 'failing', statusReason: err.message })
    }
  }

  /** Owners and admins of the workspace, and the person the presence belongs to. */
  private async recipients(channel: Channel): Promise<string[]> {
    const rows = await this.db
      .selectFrom('members')
      .select('user_id')
      .where((eb) =>
        eb.or([
          eb.and([
            eb(
              'workspace_id',
              '=',
              eb.selectFrom('channels').select('workspace_id').where('id', '=', channel.id),
            ),
            eb('role', 'in', ['owner', 'admin']),
          ]),
          eb('id', '=', eb.selectFrom('presences').select('member_id').where('id', '=', channel.presenceId)),
        ]),
      )
      .execute()
    return [...new Set(rows.map((r) => r.user_id))]
  }

  private async notify(channel: Channel, label: string, reason: string): Promise<void> {
    if (!this.notifier) return
    const ws = await this.db
      .selectFrom('channels')
      .select('workspace_id')
      .where('id', '=', channel.id)
      .executeTakeFirst()
    if (!ws) return
    const title = `${label} channel @${channel.handle} needs reconnecting`
    await this.notifier.notify({
      workspaceId: ws.workspace_id,
      userIds: await this.recipients(channel),
      kind: 'channel.needs-reconnect',
      title,
      body: reason,
      subjectId: channel.id,
      link: '/channels',
      email: { subject: title, text: `${reason}\n\nOpen Townhall → Channels to reconnect it.` },
    })
  }
}

/**
 * Moderation from the inbox: hide or unhide a customer's comment, delete it, like it, or hide its
 * author from the Page (spam), through the channel's network. Networks without an action answer
 * "unsupported" (moderation.port.ts), which reaches the person as a 400 on `action`.
 */
import type { Kysely } from 'kysely'
import { conflict, DomainError, invalid, notFound } from '../core/errors.js'
import type { Database } from '../db/schema.js'
import { type ModerationAction, moderateOn } from '../networks/moderation.port.js'
import { isNetworkError } from '../networks/network.port.js'
import type { ChannelRunner } from './reply.service.js'

export class ModerationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly runner: ChannelRunner,
  ) {}

  /** Runs `action` on the message `messageId` of the conversation; the network decides what it can do. */
  async moderate(
    workspaceId: string,
    conversationId: string,
    messageId: string,
    action: ModerationAction,
  ): Promise<void> {
    const m = await this.db
      .selectFrom('inbox_messages')
      .select(['channel_id', 'remote_id', 'direction', 'kind', 'author_handle'])
      .where('id', '=', messageId)
      .where('conversation_id', '=', conversationId)
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!m) throw notFound('message')
    if (m.direction !== 'in')
      throw invalid('messageId', 'is one of our own messages; moderate what customers wrote')
    if (m.kind === 'direct-message')
      throw invalid('messageId', 'is a direct message; only public comments are moderated')
    try {
      await this.runner.run(workspaceId, m.channel_id, (network) =>
        moderateOn(network, { remoteId: m.remote_id, authorRemoteId: m.author_handle }, action),
      )
    } catch (err) {
      if (!isNetworkError(err)) throw err
      const f = err.failure
      if (f.kind === 'invalid-content') throw invalid(f.field ?? 'action', f.reason)
      if (f.kind === 'not-found') throw conflict('The comment no longer exists on the network')
      if (f.kind === 'auth-expired')
        throw conflict("The channel's sign-in has expired; reconnect the channel, then try again")
      if (f.kind === 'rate-limited')
        throw new DomainError('rate-limited', err.message, {
          retryAfterSeconds: Math.ceil(f.retryAfterMs / 1000),
        })
      throw new DomainError('unavailable', `The network did not take it: ${err.message}`)
    }
  }
}

/**
 * Answering in public: a reply goes out through the channel's network, threaded under the message
 * it answers, after a collision check. The check is atomic: the conversation's `last_message_id`
 * is claimed for the reply only if it is still the one the agent saw when they opened it, so a
 * message that arrived, or a colleague's reply, blocks the send and comes back to the agent.
 */
import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { DomainError, invalid, notFound } from '../core/errors.js'
import type { EventBus } from '../core/event-bus.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { Network, NetworkCapabilities } from '../networks/network.port.js'
import { NetworkError } from '../networks/network.port.js'
import { measureText } from '../shared/validate-post.js'
import type { ConversationService, InboxActor } from './conversation.service.js'
import type { InboxMessagesTable } from './inbox.tables.js'
import type { ConversationState } from './inbox.types.js'
import { type MessageDto, toMessageDto } from './inbox.view.js'
import { lockInbox } from './ingest-lock.js'
import { sendFailure } from './send-failure.js'

/** Runs work against a channel's network with health tracking (ChannelConnectService.run). */
export interface ChannelRunner {
  run<T>(workspaceId: string, channelId: string, work: (network: Network) => Promise<T>): Promise<T>
}

/** Capabilities of a network by id (the registry). */
export type CapabilitiesOf = (network: string) => NetworkCapabilities | undefined

/** The send was blocked: something arrived, or someone replied, after the agent opened the conversation. */
export class ReplyCollision extends DomainError {
  constructor(readonly newMessages: MessageDto[]) {
    super('conflict', 'New activity arrived after you opened this conversation; read it before sending.')
  }
}

export interface ReplyInput {
  text: string
  /** The newest message id the agent has seen (from the detail they opened). */
  lastSeenMessageId: string | null
  /** The message answered; default the newest message from the customer. */
  inReplyToMessageId?: string
  /** State after sending, e.g. 'pending' (waiting on the customer) or 'resolved'. */
  thenState?: ConversationState
}

/** Fills {{contact.name}}, {{contact.handle}}, {{agent.name}}, {{agent.firstName}}; unknown variables stay. */
export function renderTemplate(body: string, vars: Record<string, string>): string {
  return body.replace(/\{\{\s*([a-zA-Z.]+)\s*\}\}/g, (m, key: string) => vars[key] ?? m)
}

export class ReplyService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly conversations: ConversationService,
    private readonly runner: ChannelRunner,
    private readonly capabilities: CapabilitiesOf,
    private readonly events?: EventBus,
  ) {}

  /** Variables for templates in this conversation, as `actor` would send it. */
  async variables(
    workspaceId: string,
    conversationId: string,
    actor: InboxActor,
  ): Promise<Record<string, string>> {
    const conv = await this.conversations.row(workspaceId, conversationId)
    const contact = await this.db
      .selectFrom('inbox_contacts')
      .select(['display_name', 'handle'])
      .where('id', '=', conv.contact_id)
      .executeTakeFirst()
    const agent = await this.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', actor.userId)
      .executeTakeFirst()
    const agentName = agent?.name ?? ''
    return {
      'contact.name': contact?.display_name ?? '',
      'contact.handle': contact ? `@${contact.handle}` : '',
      'agent.name': agentName,
      'agent.firstName': agentName.split(/\s+/)[0] ?? '',
    }
  }

  /** Messages of the conversation newer than `seenId` (all when null). */
  private async newerThan(conversationId: string, seenId: string | null): Promise<MessageDto[]> {
    let q = this.db.selectFrom('inbox_messages').selectAll().where('conversation_id', '=', conversationId)
    if (seenId) {
      const seen = await this.db
        .selectFrom('inbox_messages')
        .select(['created_at', 'id'])
        .where('id', '=', seenId)
        .executeTakeFirst()
      if (seen)
        q = q.where((eb) =>
          eb.or([
            eb('created_at', '>', seen.created_at),
            eb.and([eb('created_at', '=', seen.created_at), eb('id', '>', seen.id)]),
          ]),
        )
    }
    const rows = await q.orderBy('created_at').orderBy('id').limit(50).execute()
    return rows.filter((r) => r.id !== seenId).map(toMessageDto)
  }

  /** Sends a public reply; throws ReplyCollision (409) with the new messages when the agent is behind. */
  async reply(
    workspaceId: string,
    conversationId: string,
    actor: InboxActor,
    input: ReplyInput,
  ): Promise<MessageDto> {
    const conv = await this.conversations.row(workspaceId, conversationId)
    const channel = await this.db
      .selectFrom('channels')
      .select(['id', 'network', 'status'])
      .where('id', '=', conv.channel_id)
      .executeTakeFirst()
    if (!channel) throw notFound('channel')
    const text = renderTemplate(input.text, await this.variables(workspaceId, conversationId, actor)).trim()
    if (!text) throw invalid('text', 'is required')
    const caps = this.capabilities(channel.network)
    if (caps) {
      const used = measureText(text, caps.text.unit, caps.text.linkLength)
      if (used > caps.text.maxLength)
        throw invalid(
          'text',
          `is ${used} ${caps.text.unit} long; ${caps.label} allows ${caps.text.maxLength}`,
        )
    }
    let target: Selectable<InboxMessagesTable> | undefined
    if (input.inReplyToMessageId) {
      target = await this.db
        .selectFrom('inbox_messages')
        .selectAll()
        .where('id', '=', input.inReplyToMessageId)
        .where('conversation_id', '=', conversationId)
        .executeTakeFirst()
      if (!target) throw invalid('inReplyToMessageId', 'is not a message of this conversation')
    } else {
      target = await this.db
        .selectFrom('inbox_messages')
        .selectAll()
        .where('conversation_id', '=', conversationId)
        .where('direction', '=', 'in')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst()
      if (!target) throw invalid('inReplyToMessageId', 'there is no customer message to answer')
    }
    const now = this.clock.now()
    const messageId = newId(now)
    // @NOTE the claim: only one sender wins, and only if nothing changed since the agent looked.
    const claim = await this.db
      .updateTable('inbox_conversations')
      .set((eb) => ({ last_message_id: messageId, version: eb('version', '+', 1) }))
      .where('id', '=', conversationId)
      .where((eb) =>
        input.lastSeenMessageId === null
          ? eb('last_message_id', 'is', null)
          : eb('last_message_id', '=', input.lastSeenMessageId),
      )
      .executeTakeFirst()
    if (Number(claim.numUpdatedRows) === 0) {
      throw new ReplyCollision(await this.newerThan(conversationId, input.lastSeenMessageId))
    }
    let ref: Awaited<ReturnType<Network['reply']>>
    try {
      ref = await this.runner.run(workspaceId, conv.channel_id, (n) =>
        n.reply(target.remote_id, text, { idempotencyKey: messageId }),
      )
    } catch (err) {
      await this.db
        .updateTable('inbox_conversations')
        .set({ last_message_id: input.lastSeenMessageId })
        .where('id', '=', conversationId)
        .where('last_message_id', '=', messageId)
        .execute()
      if (err instanceof NetworkError) throw sendFailure(err, 'reply')
      throw err
    }
    const sentAt = this.clock.now()
    const author = await this.db
      .selectFrom('channels')
      .select(['handle', 'display_name'])
      .where('id', '=', conv.channel_id)
      .executeTakeFirstOrThrow()
    const row = {
      id: messageId,
      workspace_id: workspaceId,
      conversation_id: conversationId,
      channel_id: conv.channel_id,
      remote_id: ref.remoteId,
      direction: 'out',
      kind: 'reply',
      contact_id: null,
      author_handle: author.handle,
      author_name: author.display_name,
      text,
      url: ref.url,
      parent_remote_id: target.remote_id,
      root_remote_id: target.root_remote_id ?? target.remote_id,
      sentiment: null,
      score: null,
      intent: null,
      language: null,
      needs_reply: 0,
      sent_by_member_id: actor.memberId,
      created_at: sentAt,
      received_at: sentAt,
    }
    await this.db.transaction().execute(async (trx) => {
      // @NOTE the poll may bring our reply at the same moment: one writer at a time (ingest-lock.ts).
      await lockInbox(trx, workspaceId, channel.network)
      await trx
        .insertInto('inbox_messages')
        .values(row)
        .onConflict((oc) => oc.columns(['channel_id', 'remote_id']).doNothing())
        .execute()
      const fresh = await trx
        .selectFrom('inbox_conversations')
        .selectAll()
        .where('id', '=', conversationId)
        .executeTakeFirstOrThrow()
      const first = fresh.first_response_at === null && fresh.first_inbound_at !== null
      await trx
        .updateTable('inbox_conversations')
        .set({
          last_message_at: Math.max(fresh.last_message_at, sentAt),
          message_count: fresh.message_count + 1,
          preview: text.slice(0, 200),
          awaiting_since: null,
          sla_kind: null,
          sla_due_at: null,
          ...(first
            ? { first_response_at: sentAt, first_response_ms: Math.max(0, sentAt - fresh.first_inbound_at!) }
            : {}),
          ...(input.thenState && input.thenState !== 'snoozed' ? { state: input.thenState } : {}),
          ...(fresh.assignee_member_id === null ? { assignee_member_id: actor.memberId } : {}),
          updated_at: sentAt,
        })
        .where('id', '=', conversationId)
        .execute()
      await this.conversations.record(
        workspaceId,
        conversationId,
        'reply',
        actor.memberId,
        { messageId, inReplyTo: target.id, ...(first ? { firstResponse: true } : {}) },
        trx,
      )
      if (input.thenState && input.thenState !== 'snoozed' && input.thenState !== fresh.state) {
        await this.conversations.record(
          workspaceId,
          conversationId,
          'state',
          actor.memberId,
          { from: fresh.state, to: input.thenState },
          trx,
        )
      }
    })
    this.events?.publish({
      type: 'message.created',
      workspaceId,
      conversationId,
      messageId,
      direction: 'out',
    })
    return toMessageDto(row)
  }
}

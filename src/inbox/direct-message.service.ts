/**
 * "Continue in a direct message": from a public conversation, send the customer a DM through the
 * network port (where the network supports DMs) and link the DM conversation with the public one.
 * The DM joins the conversation the customer's DM answers will thread into (`d:<network
 * conversation>`), created here when it does not exist yet; both timelines record the move.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, invalid, notFound } from '../core/errors.js'
import type { EventBus } from '../core/event-bus.js'
import type { Database } from '../db/schema.js'
import { type Network, NetworkError } from '../networks/network.port.js'
import { emptyClassification } from '../triage/classifier.js'
import { IdPool } from './bulk.js'
import type { ConversationService, InboxActor } from './conversation.service.js'
import { type MessageDto, toMessageDto } from './inbox.view.js'
import { newConversation } from './ingest-conversation.js'
import { lockInbox } from './ingest-lock.js'
import type { CapabilitiesOf, ChannelRunner } from './reply.service.js'
import { sendFailure } from './send-failure.js'

export interface MoveToDmResult {
  /** The direct conversation the DM is in. */
  conversationId: string
  message: MessageDto
}

export class DirectMessageService {
  private readonly ids = new IdPool()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly conversations: ConversationService,
    private readonly runner: ChannelRunner,
    private readonly capabilities: CapabilitiesOf,
    private readonly events?: EventBus,
  ) {}

  async moveToDm(
    workspaceId: string,
    conversationId: string,
    actor: InboxActor,
    text: string,
  ): Promise<MoveToDmResult> {
    const conv = await this.conversations.row(workspaceId, conversationId)
    if (conv.kind !== 'public') throw invalid('conversationId', 'is already a direct conversation')
    const body = text.trim()
    if (!body) throw invalid('text', 'is required')
    const channel = await this.db
      .selectFrom('channels')
      .select(['id', 'network', 'handle', 'display_name', 'presence_id'])
      .where('id', '=', conv.channel_id)
      .executeTakeFirst()
    if (!channel) throw notFound('channel')
    const caps = this.capabilities(channel.network)
    if (!caps?.directMessages)
      throw conflict(`${caps?.label ?? channel.network} does not support direct messages from Townhall`)
    // The customer's account on this network: the contact's own, or one merged into it.
    const account = await this.db
      .selectFrom('inbox_contacts')
      .select(['remote_id', 'handle', 'remote_name as display_name', 'follower_count'])
      .where('workspace_id', '=', workspaceId)
      .where('network', '=', channel.network)
      .where((eb) => eb.or([eb('id', '=', conv.contact_id), eb('merged_into', '=', conv.contact_id)]))
      .where('remote_id', 'is not', null)
      .$narrowType<{ remote_id: string }>()
      .orderBy('created_at')
      .executeTakeFirst()
    if (!account) throw invalid('conversationId', "the customer's account on this network is unknown")
    let ref: Awaited<ReturnType<NonNullable<Network['sendDirectMessage']>>>
    try {
      ref = await this.runner.run(workspaceId, channel.id, async (n) => {
        if (!n.sendDirectMessage)
          throw conflict(`${caps.label} does not support direct messages from Townhall`)
        return n.sendDirectMessage(account.remote_id, body, {
          idempotencyKey: `dm:${conversationId}:${this.clock.now()}`,
        })
      })
    } catch (err) {
      if (err instanceof NetworkError) throw sendFailure(err, 'message')
      throw err
    }
    const now = this.clock.now()
    const key = `d:${ref.conversationId ?? account.remote_id}`
    const messageId = this.ids.next(now)
    const row = {
      id: messageId,
      workspace_id: workspaceId,
      conversation_id: '',
      channel_id: channel.id,
      remote_id: ref.remoteId,
      direction: 'out',
      kind: 'direct-message',
      contact_id: null,
      author_handle: channel.handle,
      author_name: channel.display_name,
      text: body,
      url: ref.url,
      parent_remote_id: null,
      root_remote_id: null,
      sentiment: null,
      score: null,
      intent: null,
      language: null,
      needs_reply: 0,
      sent_by_member_id: actor.memberId,
      created_at: ref.createdAt,
      received_at: now,
    }
    const dmId = await this.db.transaction().execute(async (trx) => {
      // @NOTE ingest may be storing this DM thread's first message right now (ingest-lock.ts).
      await lockInbox(trx, workspaceId, channel.network)
      const existing = await trx
        .selectFrom('inbox_conversations')
        .selectAll()
        .where('channel_id', '=', channel.id)
        .where('thread_key', '=', key)
        .executeTakeFirst()
      let id = existing?.id
      if (!existing) {
        const w = newConversation(
          this.ids,
          {
            id: channel.id,
            workspaceId,
            presenceId: conv.presence_id,
            network: channel.network,
            remoteAccountId: null,
          },
          key,
          {
            kind: 'direct-message',
            remoteId: ref.remoteId,
            url: null,
            author: {
              remoteId: account.remote_id,
              handle: account.handle,
              displayName: account.display_name,
              avatarUrl: null,
              followerCount: account.follower_count,
            },
            text: body,
            subjectRemoteId: null,
            threadRootId: null,
            parentId: null,
            conversationId: ref.conversationId,
            createdAt: ref.createdAt,
          },
          { id: conv.contact_id, followerCount: account.follower_count, blocked: false, muted: false },
          emptyClassification(),
          ref.createdAt,
          now,
        )
        const r = w.row
        // Ours is the first message: the conversation waits on the customer, with the public one's triage.
        Object.assign(r, {
          state: 'pending',
          priority: conv.priority,
          assignee_member_id: conv.assignee_member_id ?? actor.memberId,
          team_id: conv.team_id,
          labels: conv.labels,
          intent: conv.intent,
          sentiment: conv.sentiment,
          language: conv.language,
          last_message_id: messageId,
          last_inbound_at: null,
          first_inbound_at: null,
        })
        await trx.insertInto('inbox_conversations').values(r).execute()
        id = r.id
      } else {
        await trx
          .updateTable('inbox_conversations')
          .set({
            last_message_id: messageId,
            last_message_at: Math.max(existing.last_message_at, ref.createdAt),
            message_count: existing.message_count + 1,
            preview: body.slice(0, 200),
            awaiting_since: null,
            sla_kind: null,
            sla_due_at: null,
            updated_at: now,
          })
          .where('id', '=', existing.id)
          .execute()
      }
      await trx
        .insertInto('inbox_messages')
        .values({ ...row, conversation_id: id! })
        .onConflict((oc) => oc.columns(['channel_id', 'remote_id']).doNothing())
        .execute()
      await this.conversations.record(
        workspaceId,
        conversationId,
        'moved-to-dm',
        actor.memberId,
        { conversationId: id, messageId, text: 'continued in a direct message' },
        trx,
      )
      await this.conversations.record(
        workspaceId,
        id!,
        'moved-from-public',
        actor.memberId,
        { conversationId, messageId, text: 'continued from a public conversation' },
        trx,
      )
      return id!
    })
    this.events?.publish({
      type: 'message.created',
      workspaceId,
      conversationId: dmId,
      messageId,
      direction: 'out',
    })
    return { conversationId: dmId, message: toMessageDto({ ...row, conversation_id: dmId }) }
  }
}

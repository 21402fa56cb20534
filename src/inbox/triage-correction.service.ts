/**
 * Agents correct triage: a message's sentiment, its intent, or spam / not spam. Each correction is
 * recorded (`triage_corrections`), shown on the conversation's timeline, applied to the message (and
 * to the conversation when it is its latest incoming message), and taught to the workspace's learner
 * (src/triage/learner.store.ts), which the ingest pipeline uses for every later message.
 */
import type { Kysely, Updateable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import { classify, type Intent, type Sentiment } from '../triage/classifier.js'
import type { LearnerStore } from '../triage/learner.store.js'
import type { ConversationService, InboxActor } from './conversation.service.js'
import type { InboxConversationsTable } from './inbox.tables.js'

export interface CorrectionInput {
  sentiment?: Sentiment
  intent?: Intent
  /** true: this is spam (intent spam, conversation to spam); false: it is not. */
  spam?: boolean
}

export interface CorrectionResult {
  messageId: string
  conversationId: string
  sentiment: Sentiment
  intent: Intent
  needsReply: boolean
  /** Corrections the workspace's learner has learned from, this one included. */
  learnerExamples: number
}

export class TriageCorrectionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly learners: LearnerStore,
    private readonly conversations: ConversationService,
  ) {}

  async correct(
    workspaceId: string,
    messageId: string,
    actor: InboxActor,
    input: CorrectionInput,
  ): Promise<CorrectionResult> {
    if (input.sentiment === undefined && input.intent === undefined && input.spam === undefined)
      throw invalid('sentiment', 'give at least one of sentiment, intent or spam')
    if (input.spam !== undefined && input.intent !== undefined && (input.intent === 'spam') !== input.spam)
      throw invalid('intent', 'contradicts spam')
    const m = await this.db
      .selectFrom('inbox_messages as m')
      .innerJoin('inbox_conversations as c', 'c.id', 'm.conversation_id')
      .select([
        'm.id',
        'm.text',
        'm.direction',
        'm.sentiment',
        'm.intent',
        'm.created_at',
        'c.id as conversation_id',
        'c.state',
        'c.last_inbound_at',
      ])
      .where('m.id', '=', messageId)
      .where('m.workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!m) throw notFound('message')
    if (m.direction !== 'in')
      throw invalid('messageId', 'is one of our own messages; only incoming ones are triaged')
    const oldSentiment = (m.sentiment ?? 'neutral') as Sentiment
    const oldIntent = (m.intent ?? 'other') as Intent
    let intent = input.intent
    if (intent === undefined && input.spam === true) intent = 'spam'
    if (intent === undefined && input.spam === false) {
      // Not spam: what the shipped rules read in it, unless they read spam too.
      const lexical = classify(m.text).intent
      intent = oldIntent !== 'spam' ? oldIntent : lexical !== 'spam' ? lexical : 'other'
    }
    const sentiment = input.sentiment ?? oldSentiment
    const finalIntent = intent ?? oldIntent
    const needsReply =
      finalIntent !== 'spam' &&
      (finalIntent === 'question' ||
        finalIntent === 'complaint' ||
        finalIntent === 'request' ||
        sentiment === 'negative')
    const now = this.clock.now()
    const changes: Array<{ field: string; from: string | null; to: string }> = []
    if (input.sentiment) changes.push({ field: 'sentiment', from: m.sentiment, to: input.sentiment })
    if (input.spam !== undefined)
      changes.push({ field: 'spam', from: String(oldIntent === 'spam'), to: String(input.spam) })
    if (intent && (input.intent !== undefined || intent !== oldIntent))
      changes.push({ field: 'intent', from: m.intent, to: intent })
    const learner = await this.db.transaction().execute(async (trx) => {
      for (const ch of changes) {
        await trx
          .insertInto('triage_corrections')
          .values({
            id: newId(now),
            workspace_id: workspaceId,
            message_id: m.id,
            conversation_id: m.conversation_id,
            member_id: actor.memberId,
            field: ch.field,
            from_value: ch.from,
            to_value: ch.to,
            created_at: now,
          })
          .execute()
      }
      await trx
        .updateTable('inbox_messages')
        .set({ sentiment, intent: finalIntent, needs_reply: needsReply ? 1 : 0 })
        .where('id', '=', m.id)
        .execute()
      if (m.last_inbound_at === null || m.created_at >= m.last_inbound_at) {
        const set: Updateable<InboxConversationsTable> = { sentiment, intent: finalIntent, updated_at: now }
        await trx.updateTable('inbox_conversations').set(set).where('id', '=', m.conversation_id).execute()
      }
      await this.conversations.record(
        workspaceId,
        m.conversation_id,
        'triage',
        actor.memberId,
        {
          messageId: m.id,
          changes,
          text: `corrected ${changes.map((c) => `${c.field} to ${c.to}`).join(', ')}`,
        },
        trx,
      )
      return this.learners.update(trx, workspaceId, (l) =>
        l.learn(m.text, {
          ...(input.sentiment ? { sentiment: input.sentiment } : {}),
          ...(intent ? { intent } : {}),
        }),
      )
    })
    if (input.spam === true && m.state !== 'spam')
      await this.conversations.setState(workspaceId, m.conversation_id, actor, 'spam')
    if (input.spam === false && m.state === 'spam')
      await this.conversations.setState(workspaceId, m.conversation_id, actor, 'open')
    return {
      messageId: m.id,
      conversationId: m.conversation_id,
      sentiment,
      intent: finalIntent,
      needsReply,
      learnerExamples: learner.examples,
    }
  }
}

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
import type { WorkspaceLearner } from '../triage/learner.workspace.js'
import { readLexicon } from '../triage/lexicon.js'
import type { ConversationService, InboxActor } from './conversation.service.js'
import type { InboxConversationsTable } from './inbox.tables.js'

export interface CorrectionInput {
  sentiment?: Sentiment
  intent?: Intent
  /** true: this is spam (intent spam, conversation to spam); false: it is not. */
  spam?: boolean
  /** Whether it needs an answer, when the agent reads it otherwise than its intent and sentiment say. */
  needsReply?: boolean
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

/** At most this many incoming messages of a conversation are corrected when it is marked (not) spam. */
const MAX_SPAM_MESSAGES = 50
/** Extra "not spam" lessons on one text at most (see unlearnSpam). */
const MAX_UNSPAM_STEPS = 4

type MessageRow = {
  id: string
  text: string
  direction: string
  sentiment: string | null
  intent: string | null
  needs_reply: number
  created_at: number
  conversation_id: string
  state: string
  last_inbound_at: number | null
}

/**
 * "Not spam" after the learner was taught "spam" on this very text (a conversation marked spam by
 * mistake and taken back): one lesson of the right intent does not outweigh the spam one (AdaGrad
 * shrinks the later step), so the learner learns it again until it ranks `intent` above spam for
 * the text, at most MAX_UNSPAM_STEPS more times (docs/adr/0018-spam-state-teaches-triage.md).
 */
function unlearnSpam(l: WorkspaceLearner, text: string, intent: Intent): void {
  const reading = readLexicon(text.slice(0, 4000))
  for (let i = 0; i < MAX_UNSPAM_STEPS; i++) {
    const p = l.intent.predictReading(reading)?.p
    if (!p || p[intent] > p.spam) return
    l.learn(text, { intent })
  }
}

export class TriageCorrectionService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly learners: LearnerStore,
    private readonly conversations: ConversationService,
  ) {}

  private messages(workspaceId: string) {
    return this.db
      .selectFrom('inbox_messages as m')
      .innerJoin('inbox_conversations as c', 'c.id', 'm.conversation_id')
      .select([
        'm.id',
        'm.text',
        'm.direction',
        'm.sentiment',
        'm.intent',
        'm.needs_reply',
        'm.created_at',
        'c.id as conversation_id',
        'c.state',
        'c.last_inbound_at',
      ])
      .where('m.workspace_id', '=', workspaceId)
  }

  async correct(
    workspaceId: string,
    messageId: string,
    actor: InboxActor,
    input: CorrectionInput,
  ): Promise<CorrectionResult> {
    if (
      input.sentiment === undefined &&
      input.intent === undefined &&
      input.spam === undefined &&
      input.needsReply === undefined
    )
      throw invalid('sentiment', 'give at least one of sentiment, intent, spam or needsReply')
    if (input.spam !== undefined && input.intent !== undefined && (input.intent === 'spam') !== input.spam)
      throw invalid('intent', 'contradicts spam')
    const m = await this.messages(workspaceId).where('m.id', '=', messageId).executeTakeFirst()
    if (!m) throw notFound('message')
    if (m.direction !== 'in')
      throw invalid('messageId', 'is one of our own messages; only incoming ones are triaged')
    const result = await this.apply(workspaceId, m, actor, input)
    // The correction taught the learner already: moving the conversation must not teach it again.
    if (input.spam === true && m.state !== 'spam')
      await this.conversations.setState(workspaceId, m.conversation_id, actor, 'spam', undefined, {
        learn: false,
      })
    if (input.spam === false && m.state === 'spam')
      await this.conversations.setState(workspaceId, m.conversation_id, actor, 'open', undefined, {
        learn: false,
      })
    return result
  }

  /**
   * A conversation marked spam (or taken out of spam) by hand, one at a time or in bulk: the same
   * correction as "spam" / "not spam" on each of its incoming messages that reads otherwise (the
   * latest MAX_SPAM_MESSAGES), recorded, on the timeline and taught to the learner.
   */
  async learnConversationSpam(
    workspaceId: string,
    conversationId: string,
    actor: InboxActor,
    spam: boolean,
  ): Promise<number> {
    const rows = await this.messages(workspaceId)
      .where('m.conversation_id', '=', conversationId)
      .where('m.direction', '=', 'in')
      .orderBy('m.created_at', 'desc')
      .orderBy('m.id', 'desc')
      .limit(MAX_SPAM_MESSAGES)
      .execute()
    let n = 0
    for (const m of rows.reverse()) {
      if ((m.intent === 'spam') === spam) continue
      await this.apply(workspaceId, m, actor, { spam })
      n++
    }
    return n
  }

  /** Records, applies and teaches one correction of a message; the conversation's state is the caller's. */
  private async apply(
    workspaceId: string,
    m: MessageRow,
    actor: InboxActor,
    input: CorrectionInput,
  ): Promise<CorrectionResult> {
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
      input.needsReply ??
      (finalIntent !== 'spam' &&
        (finalIntent === 'question' ||
          finalIntent === 'complaint' ||
          finalIntent === 'request' ||
          sentiment === 'negative'))
    const now = this.clock.now()
    const changes: Array<{ field: string; from: string | null; to: string }> = []
    if (input.sentiment) changes.push({ field: 'sentiment', from: m.sentiment, to: input.sentiment })
    if (input.spam !== undefined)
      changes.push({ field: 'spam', from: String(oldIntent === 'spam'), to: String(input.spam) })
    if (intent && (input.intent !== undefined || intent !== oldIntent))
      changes.push({ field: 'intent', from: m.intent, to: intent })
    // Needs-reply is recorded and applied, not learned: it follows from intent and sentiment.
    if (input.needsReply !== undefined)
      changes.push({ field: 'needsReply', from: String(m.needs_reply === 1), to: String(input.needsReply) })
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
      return this.learners.update(trx, workspaceId, (l) => {
        l.learn(m.text, {
          ...(input.sentiment ? { sentiment: input.sentiment } : {}),
          ...(intent ? { intent } : {}),
        })
        if (input.spam === false && intent) unlearnSpam(l, m.text, intent)
      })
    })
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

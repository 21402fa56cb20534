/**
 * Watches running SLA clocks: warns before a breach (notification to the assignee, or to the
 * workspace's managers when nobody is assigned) and records a breach on the timeline, notifies and
 * sends it as a signed webhook. Each warning and breach happens once per clock.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { InboxNotifier } from './conversation.service.js'
import type { Priority } from './inbox.types.js'
import type { SlaService } from './sla.service.js'

/** Sends workspace events to subscribed webhooks (publishing's WebhookService). */
export interface WebhookEmitter {
  emit(workspaceId: string, event: string, data: Record<string, unknown>): Promise<void>
}

export const SLA_BREACH_EVENT = 'conversation.sla_breached'
const LOOKAHEAD_MS = 24 * 3600_000
const BATCH = 500

/**
 * Running clocks due within the lookahead, soonest first. Reads the partial index on `sla_due_at`
 * (only conversations with a due time: migration 0015), so its `IS NOT NULL` term must stay.
 */
export function dueClocks(db: Kysely<Database>, now: number) {
  return db
    .selectFrom('inbox_conversations')
    .select([
      'id',
      'workspace_id',
      'priority',
      'sla_kind',
      'sla_due_at',
      'sla_warned_at',
      'assignee_member_id',
      'preview',
    ])
    .where('state', '=', 'open')
    .where('sla_breached_at', 'is', null)
    .where('sla_due_at', 'is not', null)
    .where('sla_due_at', '<=', now + LOOKAHEAD_MS)
    .orderBy('sla_due_at')
    .limit(BATCH)
}

export class SlaMonitor {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly sla: SlaService,
    private readonly notifier?: InboxNotifier,
    private readonly webhooks?: WebhookEmitter,
  ) {}

  private async recipients(workspaceId: string, assignee: string | null): Promise<string[]> {
    let q = this.db.selectFrom('members').select('user_id').where('workspace_id', '=', workspaceId)
    q = assignee ? q.where('id', '=', assignee) : q.where('role', 'in', ['owner', 'admin', 'manager'])
    return (await q.execute()).map((r) => r.user_id)
  }

  private async event(
    workspaceId: string,
    conversationId: string,
    kind: string,
    data: Record<string, unknown>,
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('inbox_events')
      .values({
        id: newId(now),
        workspace_id: workspaceId,
        conversation_id: conversationId,
        kind,
        actor_member_id: null,
        rule_id: null,
        rule_name: null,
        data: JSON.stringify(data),
        created_at: now,
      })
      .execute()
  }

  /** One pass; returns how many warnings and breaches it recorded. */
  async check(now = this.clock.now()): Promise<{ warned: number; breached: number }> {
    let warned = 0
    let breached = 0
    const due = await dueClocks(this.db, now).execute()
    const policies = new Map<string, Awaited<ReturnType<SlaService['policies']>>>()
    for (const c of due) {
      let p = policies.get(c.workspace_id)
      if (!p) {
        p = await this.sla.policies(c.workspace_id)
        policies.set(c.workspace_id, p)
      }
      const policy = p[c.priority as Priority]
      const dueAt = c.sla_due_at!
      const link = `/inbox/${c.id}`
      if (dueAt <= now) {
        const r = await this.db
          .updateTable('inbox_conversations')
          .set({ sla_breached_at: now })
          .where('id', '=', c.id)
          .where('sla_breached_at', 'is', null)
          .executeTakeFirst()
        if (Number(r.numUpdatedRows) === 0) continue
        breached++
        const data = { kind: c.sla_kind, dueAt, priority: c.priority }
        await this.event(c.workspace_id, c.id, 'sla.breached', data, now)
        await this.notifier?.notify({
          workspaceId: c.workspace_id,
          userIds: await this.recipients(c.workspace_id, c.assignee_member_id),
          kind: 'inbox.sla-breached',
          title: `SLA breached: ${c.sla_kind === 'first' ? 'first' : 'next'} response overdue (${c.priority})`,
          body: c.preview || '(no text)',
          subjectId: c.id,
          link,
        })
        await this.webhooks?.emit(c.workspace_id, SLA_BREACH_EVENT, {
          conversationId: c.id,
          ...data,
          breachedAt: now,
        })
      } else if (c.sla_warned_at === null && dueAt - policy.warnBeforeMinutes * 60_000 <= now) {
        const r = await this.db
          .updateTable('inbox_conversations')
          .set({ sla_warned_at: now })
          .where('id', '=', c.id)
          .where('sla_warned_at', 'is', null)
          .executeTakeFirst()
        if (Number(r.numUpdatedRows) === 0) continue
        warned++
        await this.event(c.workspace_id, c.id, 'sla.warning', { kind: c.sla_kind, dueAt }, now)
        await this.notifier?.notify({
          workspaceId: c.workspace_id,
          userIds: await this.recipients(c.workspace_id, c.assignee_member_id),
          kind: 'inbox.sla-warning',
          title: `SLA due in ${Math.max(1, Math.round((dueAt - now) / 60_000))} min (${c.priority})`,
          body: c.preview || '(no text)',
          subjectId: c.id,
          link,
        })
      }
    }
    return { warned, breached }
  }
}

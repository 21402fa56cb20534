import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { newId } from '../core/ids.js'
import type { Logger } from '../core/logger.js'
import type { Database } from '../db/schema.js'
import type { Mailer } from './mailer.port.js'

export interface Notification {
  id: string
  kind: string
  title: string
  body: string
  subjectId: string | null
  link: string | null
  createdAt: number
  readAt: number | null
}

export interface NotifyInput {
  workspaceId: string
  userIds: string[]
  /** Stable kind, e.g. `post.approval-requested`, `channel.needs-reconnect`. */
  kind: string
  title: string
  body: string
  subjectId?: string
  /** Absolute path in the app (e.g. /publishing/posts/ID) or a full URL. */
  link?: string
  /** Also email each user when SMTP is configured. */
  email?: { subject: string; text: string; html?: string }
}

/** In-app notifications for members, with email when SMTP is configured. Email failures never lose the in-app one. */
export class NotificationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async notify(input: NotifyInput): Promise<void> {
    const userIds = [...new Set(input.userIds)]
    if (userIds.length === 0) return
    const now = this.clock.now()
    await this.db
      .insertInto('notifications')
      .values(
        userIds.map((userId) => ({
          id: newId(now),
          workspace_id: input.workspaceId,
          user_id: userId,
          kind: input.kind,
          title: input.title.slice(0, 200),
          body: input.body.slice(0, 2000),
          subject_id: input.subjectId ?? null,
          link: input.link ?? null,
          created_at: now,
          read_at: null,
        })),
      )
      .execute()
    if (!input.email || !this.mailer.enabled) return
    const users = await this.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('id', 'in', userIds)
      .execute()
    for (const u of users) {
      try {
        await this.mailer.send({ to: u.email, ...input.email })
      } catch (err) {
        this.logger.warn(
          { err: err instanceof Error ? err.message : String(err), kind: input.kind, userId: u.id },
          'notification email failed',
        )
      }
    }
  }

  async list(
    workspaceId: string,
    userId: string,
    opts: { unreadOnly?: boolean; limit?: number } = {},
  ): Promise<Notification[]> {
    let q = this.db
      .selectFrom('notifications')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
    if (opts.unreadOnly) q = q.where('read_at', 'is', null)
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit ?? 50)
      .execute()
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      subjectId: r.subject_id,
      link: r.link,
      createdAt: r.created_at,
      readAt: r.read_at,
    }))
  }

  async unreadCount(workspaceId: string, userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('notifications')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  /** Marks the given notifications (or all when `ids` is undefined) of this user as read. */
  async markRead(workspaceId: string, userId: string, ids?: string[]): Promise<number> {
    let q = this.db
      .updateTable('notifications')
      .set({ read_at: this.clock.now() })
      .where('workspace_id', '=', workspaceId)
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
    if (ids) {
      if (ids.length === 0) return 0
      q = q.where('id', 'in', ids)
    }
    const r = await q.executeTakeFirst()
    return Number(r.numUpdatedRows)
  }
}

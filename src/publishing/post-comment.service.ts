/** Comments on posts, with @mentions of members that notify them. */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import { newId } from '../core/ids.js'
import type { Database } from '../db/schema.js'
import type { Notifier } from './approval.service.js'
import type { PostRepository } from './post.repository.js'
import type { PostActor } from './post.types.js'

export interface PostComment {
  id: string
  authorMemberId: string
  authorName: string
  body: string
  mentions: string[]
  createdAt: number
}

export class PostCommentService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly repo: PostRepository,
    private readonly notifier: Notifier,
    private readonly clock: Clock,
  ) {}

  async comments(workspaceId: string, postId: string): Promise<PostComment[]> {
    if (!(await this.repo.get(workspaceId, postId))) throw notFound('post')
    const rows = await this.db
      .selectFrom('post_comments')
      .innerJoin('users', 'users.id', 'post_comments.author_user_id')
      .select([
        'post_comments.id',
        'post_comments.author_member_id',
        'users.name',
        'post_comments.body',
        'post_comments.mentions',
        'post_comments.created_at',
      ])
      .where('post_comments.workspace_id', '=', workspaceId)
      .where('post_comments.post_id', '=', postId)
      .orderBy('post_comments.id')
      .execute()
    return rows.map((c) => ({
      id: c.id,
      authorMemberId: c.author_member_id,
      authorName: c.name,
      body: c.body,
      mentions: JSON.parse(c.mentions) as string[],
      createdAt: c.created_at,
    }))
  }

  /**
   * Adds a comment. Members are mentioned by `mentions` (member ids, as the composer's picker sends)
   * or by `@name` in the text (the part of their email before the @, or their name without spaces).
   */
  async comment(
    workspaceId: string,
    postId: string,
    body: string,
    mentions: string[],
    actor: PostActor,
  ): Promise<PostComment> {
    const post = await this.repo.get(workspaceId, postId)
    if (!post) throw notFound('post')
    const members = await this.db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select(['members.id', 'members.user_id', 'users.name', 'users.email'])
      .where('members.workspace_id', '=', workspaceId)
      .execute()
    for (const m of mentions)
      if (!members.some((x) => x.id === m)) throw invalid('mentions', `unknown member ${m}`)
    const handles = [...body.matchAll(/@([\p{L}\p{N}._-]+)/gu)].map((m) => m[1]!.toLowerCase())
    const mentioned = members.filter(
      (m) =>
        mentions.includes(m.id) ||
        handles.includes(m.email.split('@')[0]!.toLowerCase()) ||
        handles.includes(m.name.replace(/\s+/g, '').toLowerCase()),
    )
    const now = this.clock.now()
    const id = newId(now)
    const ids = mentioned.map((m) => m.id)
    await this.db
      .insertInto('post_comments')
      .values({
        id,
        workspace_id: workspaceId,
        post_id: post.id,
        author_member_id: actor.memberId,
        author_user_id: actor.userId,
        body,
        mentions: JSON.stringify(ids),
        created_at: now,
      })
      .execute()
    await this.repo.history(
      workspaceId,
      post.id,
      actor.userId,
      'commented',
      { commentId: id, mentions: ids },
      now,
    )
    const author = members.find((m) => m.id === actor.memberId)
    await this.notifier.notify({
      workspaceId,
      userIds: mentioned.filter((m) => m.id !== actor.memberId).map((m) => m.user_id),
      kind: 'post.mentioned',
      title: `${author?.name ?? 'Someone'} mentioned you on “${post.title}”`,
      body,
      subjectId: post.id,
      link: `/publishing/posts/${post.id}`,
    })
    return {
      id,
      authorMemberId: actor.memberId,
      authorName: author?.name ?? '',
      body,
      mentions: ids,
      createdAt: now,
    }
  }
}

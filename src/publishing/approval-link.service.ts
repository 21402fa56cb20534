/**
 * One-tap approval links: a single-use token that expires, so an approver can approve from a phone
 * without signing in. Only a SHA-256 of the secret is stored; the token is `<id>.<secret>`.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { DomainError } from '../core/errors.js'
import { newId, newSecret } from '../core/ids.js'
import { hashToken, safeEqual } from '../core/seal.js'
import type { Database } from '../db/schema.js'

/** How long an approval link works. */
export const APPROVAL_LINK_TTL_MS = 72 * 3600_000

export interface ApprovalLinkGrant {
  tokenId: string
  workspaceId: string
  postId: string
  memberId: string
  revision: number
  expiresAt: number
}

const gone = (why: string) => new DomainError('not-found', why)

export class ApprovalLinks {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** A new link token for `memberId` to decide on revision `revision` of the post. */
  async create(workspaceId: string, postId: string, memberId: string, revision: number): Promise<string> {
    const now = this.clock.now()
    const id = newId(now)
    const secret = newSecret(32)
    await this.db
      .insertInto('approval_tokens')
      .values({
        id,
        workspace_id: workspaceId,
        post_id: postId,
        member_id: memberId,
        revision,
        secret_hash: hashToken(secret),
        expires_at: now + APPROVAL_LINK_TTL_MS,
        used_at: null,
        created_at: now,
      })
      .execute()
    return `${id}.${secret}`
  }

  /** What the token grants, or a 404 problem saying why it no longer works. */
  async inspect(token: string): Promise<ApprovalLinkGrant> {
    const [id, secret] = token.split('.')
    if (!id || !secret || id.length > 64) throw gone('This approval link is not valid')
    const row = await this.db
      .selectFrom('approval_tokens')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row || !safeEqual(hashToken(secret), row.secret_hash)) throw gone('This approval link is not valid')
    if (row.used_at !== null) throw gone('This approval link was already used')
    if (row.expires_at <= this.clock.now())
      throw gone('This approval link has expired; open the post in Townhall')
    return {
      tokenId: row.id,
      workspaceId: row.workspace_id,
      postId: row.post_id,
      memberId: row.member_id,
      revision: row.revision,
      expiresAt: row.expires_at,
    }
  }

  /** Marks the token used; false when another request used it first. */
  async consume(tokenId: string): Promise<boolean> {
    const r = await this.db
      .updateTable('approval_tokens')
      .set({ used_at: this.clock.now() })
      .where('id', '=', tokenId)
      .where('used_at', 'is', null)
      .executeTakeFirst()
    return Number(r.numUpdatedRows) > 0
  }
}

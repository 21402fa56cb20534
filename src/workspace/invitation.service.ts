import type { Kysely, Selectable } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, forbidden, invalid, notFound } from '../core/errors.js'
import { newId, newSecret } from '../core/ids.js'
import { hashToken } from '../core/seal.js'
import type { Database, InvitationsTable } from '../db/schema.js'
import { normalizeEmail } from '../identity/user.service.js'
import { audit } from './audit.js'
import type { Actor } from './member.service.js'
import { isRole, type MemberRole } from './permissions.js'

const INVITE_TTL_MS = 7 * 24 * 3600_000

export interface Invitation {
  id: string
  email: string | null
  role: MemberRole
  createdAt: number
  expiresAt: number
  acceptedAt: number | null
  revokedAt: number | null
  status: 'pending' | 'accepted' | 'revoked' | 'expired'
}

export interface InvitationPreview {
  workspaceName: string
  role: MemberRole
  email: string | null
  invitedBy: string
}

export class InvitationService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  private toInvitation(r: Selectable<InvitationsTable>): Invitation {
    const now = this.clock.now()
    const status = r.revoked_at
      ? 'revoked'
      : r.accepted_at
        ? 'accepted'
        : r.expires_at <= now
          ? 'expired'
          : 'pending'
    return {
      id: r.id,
      email: r.email,
      role: r.role as MemberRole,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      acceptedAt: r.accepted_at,
      revokedAt: r.revoked_at,
      status,
    }
  }

  /** Creates an invitation link. The token is returned once; only its hash is stored. */
  async create(
    workspaceId: string,
    input: { role: string; email?: string },
    actor: Actor,
  ): Promise<{ token: string; invitation: Invitation }> {
    if (!isRole(input.role))
      throw invalid('role', 'must be one of owner, admin, manager, agent, executive, viewer')
    if (input.role === 'owner' && actor.role !== 'owner')
      throw forbidden('only an owner can invite another owner')
    const email = input.email ? normalizeEmail(input.email) : null
    const now = this.clock.now()
    const token = newSecret(24)
    const row = {
      id: newId(now),
      workspace_id: workspaceId,
      email,
      role: input.role,
      token_hash: hashToken(token),
      invited_by: actor.userId,
      created_at: now,
      expires_at: now + INVITE_TTL_MS,
      accepted_at: null,
      accepted_by: null,
      revoked_at: null,
    }
    await this.db.insertInto('invitations').values(row).execute()
    await audit(
      this.db,
      {
        workspaceId,
        actorUserId: actor.userId,
        action: 'invitation.created',
        subjectId: row.id,
        data: { role: input.role },
      },
      now,
    )
    return { token, invitation: this.toInvitation(row) }
  }

  async list(workspaceId: string): Promise<Invitation[]> {
    const rows = await this.db
      .selectFrom('invitations')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('created_at', 'desc')
      .execute()
    return rows.map((r) => this.toInvitation(r))
  }

  async revoke(workspaceId: string, id: string, actor: Actor): Promise<void> {
    const res = await this.db
      .updateTable('invitations')
      .set({ revoked_at: this.clock.now() })
      .where('id', '=', id)
      .where('workspace_id', '=', workspaceId)
      .where('accepted_at', 'is', null)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) === 0) throw notFound('invitation')
    await audit(
      this.db,
      { workspaceId, actorUserId: actor.userId, action: 'invitation.revoked', subjectId: id },
      this.clock.now(),
    )
  }

  private async pendingByToken(token: string) {
    const row = await this.db
      .selectFrom('invitations')
      .innerJoin('workspaces', 'workspaces.id', 'invitations.workspace_id')
      .innerJoin('users', 'users.id', 'invitations.invited_by')
      .selectAll('invitations')
      .select(['workspaces.name as workspace_name', 'users.name as inviter_name'])
      .where('invitations.token_hash', '=', hashToken(token))
      .executeTakeFirst()
    if (!row || this.toInvitation(row).status !== 'pending')
      throw notFound('invitation (it may have expired, been used or been revoked)')
    return row
  }

  async preview(token: string): Promise<InvitationPreview> {
    const row = await this.pendingByToken(token)
    return {
      workspaceName: row.workspace_name,
      role: row.role as MemberRole,
      email: row.email,
      invitedBy: row.inviter_name,
    }
  }

  /** Makes `user` a member with the invited role. Single use. */
  async accept(
    token: string,
    user: { id: string; email: string },
  ): Promise<{ workspaceId: string; memberId: string }> {
    const row = await this.pendingByToken(token)
    if (row.email && row.email !== user.email) throw forbidden(`this invitation is for ${row.email}`)
    const now = this.clock.now()
    const memberId = newId(now)
    await this.db.transaction().execute(async (tx) => {
      const claimed = await tx
        .updateTable('invitations')
        .set({ accepted_at: now, accepted_by: user.id })
        .where('id', '=', row.id)
        .where('accepted_at', 'is', null)
        .executeTakeFirst()
      if (Number(claimed.numUpdatedRows) === 0) throw notFound('invitation')
      const existing = await tx
        .selectFrom('members')
        .select('id')
        .where('workspace_id', '=', row.workspace_id)
        .where('user_id', '=', user.id)
        .executeTakeFirst()
      if (existing) throw conflict('you are already a member of this workspace')
      await tx
        .insertInto('members')
        .values({
          id: memberId,
          workspace_id: row.workspace_id,
          user_id: user.id,
          role: row.role,
          availability: 'available',
          created_at: now,
          updated_at: now,
        })
        .execute()
      await audit(
        tx,
        {
          workspaceId: row.workspace_id,
          actorUserId: user.id,
          action: 'invitation.accepted',
          subjectId: row.id,
          data: { role: row.role },
        },
        now,
      )
    })
    return { workspaceId: row.workspace_id, memberId }
  }
}

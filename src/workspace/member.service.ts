import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { conflict, forbidden, invalid, notFound } from '../core/errors.js'
import type { Database } from '../db/schema.js'
import { audit } from './audit.js'
import { isAssignable, isRole, type MemberRole } from './permissions.js'

export interface Member {
  id: string
  userId: string
  name: string
  email: string
  role: MemberRole
  availability: 'available' | 'away'
  createdAt: number
}

/** The acting member, as resolved by the HTTP layer for a workspace-scoped request. */
export interface Actor {
  userId: string
  memberId: string
  role: MemberRole
}

export class MemberService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  private base(workspaceId: string) {
    return this.db
      .selectFrom('members')
      .innerJoin('users', 'users.id', 'members.user_id')
      .select([
        'members.id',
        'members.user_id',
        'members.role',
        'members.availability',
        'members.created_at',
        'users.name',
        'users.email',
      ])
      .where('members.workspace_id', '=', workspaceId)
  }

  async list(workspaceId: string): Promise<Member[]> {
    const rows = await this.base(workspaceId).orderBy('users.name').execute()
    return rows.map(toMember)
  }

  async get(workspaceId: string, memberId: string): Promise<Member> {
    const row = await this.base(workspaceId).where('members.id', '=', memberId).executeTakeFirst()
    if (!row) throw notFound('member')
    return toMember(row)
  }

  /** The membership of a user in a workspace, or undefined (the caller answers 404). */
  async forUser(workspaceId: string, userId: string): Promise<Member | undefined> {
    const row = await this.base(workspaceId).where('members.user_id', '=', userId).executeTakeFirst()
    return row ? toMember(row) : undefined
  }

  private async ownerCount(workspaceId: string): Promise<number> {
    const r = await this.db
      .selectFrom('members')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('workspace_id', '=', workspaceId)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow()
    return Number(r.n)
  }

  private assertMayTouch(actor: Actor, target: Member, newRole?: MemberRole): void {
    if ((target.role === 'owner' || newRole === 'owner') && actor.role !== 'owner') {
      throw forbidden('only an owner can change or remove an owner, or make someone an owner')
    }
  }

  async changeRole(workspaceId: string, memberId: string, role: string, actor: Actor): Promise<Member> {
    if (!isRole(role)) throw invalid('role', 'must be one of owner, admin, manager, agent, executive, viewer')
    const target = await this.get(workspaceId, memberId)
    this.assertMayTouch(actor, target, role)
    if (target.role === 'owner' && role !== 'owner' && (await this.ownerCount(workspaceId)) <= 1) {
      throw conflict('a workspace needs at least one owner; make someone else owner first')
    }
    await this.db
      .updateTable('members')
      .set({ role, updated_at: this.clock.now() })
      .where('id', '=', memberId)
      .where('workspace_id', '=', workspaceId)
      .execute()
    await audit(
      this.db,
      {
        workspaceId,
        actorUserId: actor.userId,
        action: 'member.role_changed',
        subjectId: memberId,
        data: { from: target.role, to: role },
      },
      this.clock.now(),
    )
    return { ...target, role }
  }

  async remove(workspaceId: string, memberId: string, actor: Actor): Promise<void> {
    const target = await this.get(workspaceId, memberId)
    this.assertMayTouch(actor, target)
    if (target.role === 'owner' && (await this.ownerCount(workspaceId)) <= 1) {
      throw conflict('the last owner cannot be removed')
    }
    await this.db.transaction().execute(async (tx) => {
      await tx.updateTable('presences').set({ member_id: null }).where('member_id', '=', memberId).execute()
      await tx
        .deleteFrom('members')
        .where('id', '=', memberId)
        .where('workspace_id', '=', workspaceId)
        .execute()
      // The removed person's sessions keep working for other workspaces; this one is simply gone.
      await tx
        .updateTable('sessions')
        .set({ current_workspace_id: null })
        .where('user_id', '=', target.userId)
        .where('current_workspace_id', '=', workspaceId)
        .execute()
      await audit(
        tx,
        {
          workspaceId,
          actorUserId: actor.userId,
          action: 'member.removed',
          subjectId: memberId,
          data: { email: target.email },
        },
        this.clock.now(),
      )
    })
  }

  /**
   * Available or away for round robin. Only roles that can be assigned conversations have a say
   * (`ASSIGNABLE_ROLES`).
   */
  async setAvailability(workspaceId: string, memberId: string, availability: string): Promise<Member> {
    if (availability !== 'available' && availability !== 'away')
      throw invalid('availability', 'must be available or away')
    const member = await this.get(workspaceId, memberId)
    if (!isAssignable(member.role))
      throw invalid('availability', `${member.role}s are not assigned conversations`)
    await this.db
      .updateTable('members')
      .set({ availability, updated_at: this.clock.now() })
      .where('id', '=', memberId)
      .where('workspace_id', '=', workspaceId)
      .execute()
    return this.get(workspaceId, memberId)
  }
}

function toMember(r: {
  id: string
  user_id: string
  role: string
  availability: string
  created_at: number
  name: string
  email: string
}): Member {
  return {
    id: r.id,
    userId: r.user_id,
    name: r.name,
    email: r.email,
    role: r.role as MemberRole,
    availability: r.availability === 'away' ? 'away' : 'available',
    createdAt: r.created_at,
  }
}

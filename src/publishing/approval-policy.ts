/** Approval rules per presence: who must approve what is posted for it. */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { notFound } from '../core/errors.js'
import type { Database } from '../db/schema.js'

export interface ApprovalPolicy {
  presenceId: string
  /** Everything for a person presence needs that person's approval (unless they drafted it). */
  personApproval: boolean
  /** Posts drafted by agents need a manager's (or admin's, owner's) approval. */
  managerForAgents: boolean
  /** Every post needs the approval of someone allowed to approve, other than its drafter. */
  reviewAll: boolean
}

export const MANAGER_ROLES: ReadonlySet<string> = new Set(['owner', 'admin', 'manager'])

export const defaultPolicy = (presenceId: string): ApprovalPolicy => ({
  presenceId,
  personApproval: true,
  managerForAgents: true,
  reviewAll: false,
})

/** Reads and writes the approval rules of presences. */
export class ApprovalPolicies {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async policies(workspaceId: string, presenceIds: string[]): Promise<Map<string, ApprovalPolicy>> {
    const out = new Map<string, ApprovalPolicy>(presenceIds.map((p) => [p, defaultPolicy(p)]))
    if (presenceIds.length === 0) return out
    const rows = await this.db
      .selectFrom('approval_policies')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('presence_id', 'in', presenceIds)
      .execute()
    for (const r of rows) {
      out.set(r.presence_id, {
        presenceId: r.presence_id,
        personApproval: r.person_approval === 1,
        managerForAgents: r.manager_for_agents === 1,
        reviewAll: r.review_all === 1,
      })
    }
    return out
  }

  async getPolicy(workspaceId: string, presenceId: string): Promise<ApprovalPolicy> {
    await this.presence(workspaceId, presenceId)
    return (await this.policies(workspaceId, [presenceId])).get(presenceId)!
  }

  async setPolicy(
    workspaceId: string,
    presenceId: string,
    p: Omit<ApprovalPolicy, 'presenceId'>,
  ): Promise<ApprovalPolicy> {
    await this.presence(workspaceId, presenceId)
    const row = {
      presence_id: presenceId,
      workspace_id: workspaceId,
      person_approval: p.personApproval ? 1 : 0,
      manager_for_agents: p.managerForAgents ? 1 : 0,
      review_all: p.reviewAll ? 1 : 0,
      updated_at: this.clock.now(),
    }
    await this.db
      .insertInto('approval_policies')
      .values(row)
      .onConflict((oc) =>
        oc.column('presence_id').doUpdateSet({
          person_approval: row.person_approval,
          manager_for_agents: row.manager_for_agents,
          review_all: row.review_all,
          updated_at: row.updated_at,
        }),
      )
      .execute()
    return { presenceId, ...p }
  }

  private async presence(workspaceId: string, presenceId: string) {
    const p = await this.db
      .selectFrom('presences')
      .select(['id', 'member_id', 'kind'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', presenceId)
      .executeTakeFirst()
    if (!p) throw notFound('presence')
    return p
  }
}

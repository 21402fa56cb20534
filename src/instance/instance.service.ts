/**
 * Instance-wide settings and instance owners: who runs this Townhall install, as opposed to who owns
 * a workspace in it. Stored in `instance_settings` (one JSON value per key) and `users.instance_owner`.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { DomainError, invalid, notFound } from '../core/errors.js'
import type { Database } from '../db/schema.js'

/** Who may create workspaces: instance owners only (the default), or every signed-in account. */
export const WORKSPACE_CREATION = ['owners', 'everyone'] as const
export type WorkspaceCreation = (typeof WORKSPACE_CREATION)[number]

export interface InstanceSettings {
  workspaceCreation: WorkspaceCreation
}

/** Set by `townhall restore`: this copy runs no workers (publishing, webhooks, polling) until resumed. */
export interface PausedState {
  since: number
  reason: string
}

const DEFAULTS: InstanceSettings = { workspaceCreation: 'owners' }

export class InstanceService {
  private readonly resumeListeners = new Set<() => void>()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** A stored value, or undefined when the key was never set. */
  private async read<T>(key: string): Promise<T | undefined> {
    const row = await this.db
      .selectFrom('instance_settings')
      .select('value')
      .where('key', '=', key)
      .executeTakeFirst()
    return row ? (JSON.parse(row.value) as T) : undefined
  }

  /** Stores `value` under `key` (insert or replace). */
  private async write(key: string, value: unknown, userId: string | null): Promise<void> {
    const row = { key, value: JSON.stringify(value), updated_by: userId, updated_at: this.clock.now() }
    await this.db
      .insertInto('instance_settings')
      .values(row)
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({ value: row.value, updated_by: userId, updated_at: row.updated_at }),
      )
      .execute()
  }

  async settings(): Promise<InstanceSettings> {
    const creation = await this.read<WorkspaceCreation>('workspace_creation')
    return { workspaceCreation: creation ?? DEFAULTS.workspaceCreation }
  }

  /** Changes instance settings; only an instance owner may (403 otherwise). */
  async update(userId: string, patch: Partial<InstanceSettings>): Promise<InstanceSettings> {
    await this.assertOwner(userId)
    if (patch.workspaceCreation !== undefined) {
      if (!(WORKSPACE_CREATION as readonly string[]).includes(patch.workspaceCreation))
        throw invalid('workspaceCreation', `must be one of ${WORKSPACE_CREATION.join(', ')}`)
      await this.write('workspace_creation', patch.workspaceCreation, userId)
    }
    return this.settings()
  }

  async isOwner(userId: string): Promise<boolean> {
    const u = await this.db
      .selectFrom('users')
      .select('instance_owner')
      .where('id', '=', userId)
      .executeTakeFirst()
    return u?.instance_owner === 1
  }

  /** A 403 unless `userId` is an instance owner. */
  async assertOwner(userId: string): Promise<void> {
    if (!(await this.isOwner(userId)))
      throw new DomainError('forbidden', 'Only an instance owner may change how this Townhall install runs.')
  }

  /** Whether `userId` may create a workspace under the current setting. */
  async mayCreateWorkspace(userId: string): Promise<boolean> {
    const { workspaceCreation } = await this.settings()
    return workspaceCreation === 'everyone' || (await this.isOwner(userId))
  }

  /** A 403 naming the setting unless `userId` may create a workspace. */
  async assertMayCreateWorkspace(userId: string): Promise<void> {
    if (await this.mayCreateWorkspace(userId)) return
    throw new DomainError(
      'forbidden',
      'Only instance owners may create workspaces on this Townhall (instance setting workspaceCreation is "owners"). Ask an instance owner to create the workspace and invite you, or to allow everyone.',
    )
  }

  /** The pause a restore set, or null when this copy runs normally. */
  async paused(): Promise<PausedState | null> {
    return (await this.read<PausedState | null>('paused')) ?? null
  }

  /** Pauses this copy (by `townhall restore` or `townhall pause`): workers do not start until resumed. */
  async pause(reason: string, userId: string | null = null): Promise<PausedState> {
    const state = { since: this.clock.now(), reason }
    await this.write('paused', state, userId)
    return state
  }

  /**
   * Resumes a paused copy; with `userId`, only an instance owner may (the CLI passes none). Workers
   * of this process start at once (`onResume`); those of other processes when they next look.
   */
  async resume(userId: string | null): Promise<void> {
    if (userId !== null) await this.assertOwner(userId)
    await this.write('paused', null, userId)
    for (const fn of this.resumeListeners) fn()
  }

  /** Calls `fn` when this process resumes the copy; returns the unsubscribe function. */
  onResume(fn: () => void): () => void {
    this.resumeListeners.add(fn)
    return () => this.resumeListeners.delete(fn)
  }

  /** Makes the user with `email` an instance owner (or not); for `townhall user grant-owner`. */
  async setOwner(email: string, owner: boolean): Promise<{ id: string; email: string }> {
    const u = await this.db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst()
    if (!u) throw notFound(`user ${email}`)
    if (!owner) {
      const owners = await this.db.selectFrom('users').select('id').where('instance_owner', '=', 1).execute()
      if (owners.length === 1 && owners[0]!.id === u.id)
        throw invalid('email', 'is the last instance owner; grant another one first')
    }
    await this.db
      .updateTable('users')
      .set({ instance_owner: owner ? 1 : 0, updated_at: this.clock.now() })
      .where('id', '=', u.id)
      .execute()
    return u
  }
}

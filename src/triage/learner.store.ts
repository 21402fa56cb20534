/**
 * Per-workspace persistence of the {@link WorkspaceLearner}: one row per workspace in
 * `triage_learners`, its state as JSON and a version bumped on every save. Readers keep the
 * deserialised learner in memory and reload it only when the stored version changed (another
 * process, or a restart, sees the same learner).
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import type { Database } from '../db/schema.js'
import { WorkspaceLearner, type WorkspaceLearnerState } from './learner.workspace.js'

export class LearnerStore {
  private readonly cache = new Map<string, { version: number; learner: WorkspaceLearner }>()

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly engine: 'sqlite' | 'postgres',
  ) {}

  /** The workspace's learner, or undefined while its agents have corrected nothing. */
  async learnerFor(workspaceId: string): Promise<WorkspaceLearner | undefined> {
    const row = await this.db
      .selectFrom('triage_learners')
      .select('version')
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    if (!row) {
      this.cache.delete(workspaceId)
      return undefined
    }
    const hit = this.cache.get(workspaceId)
    if (hit && hit.version === Number(row.version)) return hit.learner
    return (await this.load(this.db, workspaceId))?.learner
  }

  /** Summary for the API. */
  async stats(workspaceId: string): Promise<{ examples: number; updatedAt: number | null }> {
    const row = await this.db
      .selectFrom('triage_learners')
      .select(['examples', 'updated_at'])
      .where('workspace_id', '=', workspaceId)
      .executeTakeFirst()
    return { examples: Number(row?.examples ?? 0), updatedAt: row ? Number(row.updated_at) : null }
  }

  /**
   * Loads the stored learner (in `db`, which may be a transaction; on PostgreSQL the row is locked
   * so two corrections at once both count), lets `train` change it, and stores it.
   */
  async update(
    db: Kysely<Database>,
    workspaceId: string,
    train: (l: WorkspaceLearner) => void,
  ): Promise<WorkspaceLearner> {
    // Not from the cache: training must not touch a learner others use until the save commits.
    const cur = await this.load(db, workspaceId, this.engine === 'postgres', false)
    const learner = cur?.learner ?? new WorkspaceLearner()
    train(learner)
    const state = JSON.stringify(learner.toJSON())
    const now = this.clock.now()
    const version = (cur?.version ?? 0) + 1
    if (cur) {
      await db
        .updateTable('triage_learners')
        .set({ state, examples: learner.examples, version, updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .execute()
    } else {
      await db
        .insertInto('triage_learners')
        .values({ workspace_id: workspaceId, state, examples: learner.examples, version, updated_at: now })
        .execute()
    }
    this.cache.set(workspaceId, { version, learner })
    return learner
  }

  private async load(
    db: Kysely<Database>,
    workspaceId: string,
    lock = false,
    cache = true,
  ): Promise<{ version: number; learner: WorkspaceLearner } | undefined> {
    let q = db
      .selectFrom('triage_learners')
      .select(['state', 'version'])
      .where('workspace_id', '=', workspaceId)
    if (lock) q = q.forUpdate()
    const row = await q.executeTakeFirst()
    if (!row) return undefined
    const hit = {
      version: Number(row.version),
      learner: WorkspaceLearner.fromJSON(JSON.parse(row.state) as WorkspaceLearnerState),
    }
    if (cache) this.cache.set(workspaceId, hit)
    return hit
  }
}

import type { Engine } from '../../src/db/database.js'
import type { EmbeddedJobQueue } from '../../src/jobs/queue.embedded.js'
import { registerPublishingJobs } from '../../src/publishing/publishing.module.js'
import {
  addMember,
  createTestApp,
  setupOwner,
  type TestApp,
  type TestAppOptions,
  type TestClient,
} from '../support/app.js'

/** A workspace with a brand and a CEO presence, a Sandbox channel each, and an agent and a manager. */
export interface PublishingWorld {
  t: TestApp
  ws: string
  owner: TestClient
  ceo: TestClient
  agent: TestClient
  manager: TestClient
  ceoMemberId: string
  brandChannel: string
  ceoChannel: string
  brandPresence: string
  ceoPresence: string
}

export async function memberIdOf(client: TestClient, ws: string): Promise<string> {
  const r = await client.get<{ memberId: string }>(`/api/workspaces/${ws}/permissions`)
  return r.body.memberId
}

export async function setupPublishing(engine: Engine, opts: TestAppOptions = {}): Promise<PublishingWorld> {
  const t = await createTestApp(engine, opts)
  // @NOTE the queue is not started: tests run due jobs with `drain` at the manual clock's time.
  registerPublishingJobs(t.ctx.queue, t.ctx.publishing)
  const { owner, workspaceId: ws } = await setupOwner(t.app)
  const ceo = await addMember(t.app, owner, ws, 'executive', 'ceo@acme.example')
  const agent = await addMember(t.app, owner, ws, 'agent', 'agent@acme.example')
  const manager = await addMember(t.app, owner, ws, 'manager', 'manager@acme.example')
  const ceoMemberId = await memberIdOf(ceo, ws)
  const presences = await owner.get<Array<{ id: string; kind: string }>>(`/api/workspaces/${ws}/presences`)
  const brandPresence = presences.body.find((p) => p.kind === 'brand')!.id
  const ceoP = await owner.post<{ id: string }>(`/api/workspaces/${ws}/presences`, {
    kind: 'person',
    displayName: 'Dana Ortiz',
    memberId: ceoMemberId,
  })
  const connect = t.ctx.networks.connect
  const brand = await connect.connectSandbox(
    ws,
    { presenceId: brandPresence, ratePerMinute: 0 },
    { userId: null },
  )
  const ceoCh = await connect.connectSandbox(
    ws,
    { presenceId: ceoP.body.id, ratePerMinute: 0 },
    { userId: null },
  )
  return {
    t,
    ws,
    owner,
    ceo,
    agent,
    manager,
    ceoMemberId,
    brandChannel: brand.id,
    ceoChannel: ceoCh.id,
    brandPresence,
    ceoPresence: ceoP.body.id,
  }
}

/** Runs every due job (and what they enqueue) until nothing is due at the current clock. */
export async function drain(t: TestApp): Promise<void> {
  const q = t.ctx.queue as EmbeddedJobQueue
  for (let i = 0; i < 50; i++) {
    const n = await q.tick()
    await q.idle()
    if (n === 0) return
  }
}

/** Published brand posts on the Sandbox with this idempotency key prefix, counted on the network side. */
export async function sandboxPublished(
  t: TestApp,
): Promise<Array<{ idempotency_key: string | null; text: string | null }>> {
  return t.ctx.db.kysely
    .selectFrom('sandbox_items')
    .select(['idempotency_key', 'text'])
    .where('from_brand', '=', 1)
    .where('kind', '=', 'post')
    .execute()
}

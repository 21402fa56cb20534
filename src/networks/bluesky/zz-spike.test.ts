import { AtpAgent, RichText } from '@atproto/api'
import { TestNetwork } from '@atproto/dev-env'
import pg from 'pg'
import { afterAll, beforeAll, expect, inject, test } from 'vitest'

let network: TestNetwork
const schema = 'spike_bsky'
beforeAll(async () => {
  process.env.REDIS_HOST = 'localhost'
  const t = Date.now()
  network = await TestNetwork.create({ dbPostgresUrl: inject('postgresUrl'), dbPostgresSchema: schema })
  console.log('startup ms', Date.now() - t, network.pds.url)
})
afterAll(async () => {
  await network?.close()
  const c = new pg.Client({ connectionString: inject('postgresUrl') })
  await c.connect()
  const r = await c.query(`select schema_name from information_schema.schemata`)
  console.log(r.rows.map((x) => x.schema_name))
  await c.end()
})
test('spike', async () => {
  const agent = new AtpAgent({ service: network.pds.url })
  const acc = await agent.createAccount({
    handle: 'brand.test',
    email: 'b@test.com',
    password: 'hunter2hunter2',
  })
  console.log(acc.data.did, acc.data.handle)
  const ap = await agent.com.atproto.server.createAppPassword({ name: 'townhall' })
  console.log('app password', ap.data.password)
  const a2 = new AtpAgent({ service: network.pds.url })
  await a2.login({ identifier: 'brand.test', password: ap.data.password })
  const rt = new RichText({ text: 'hi @brand.test see https://example.com #news' })
  await rt.detectFacets(a2)
  const res = await a2.post({ text: rt.text, facets: rt.facets })
  console.log(res)
  await network.processAll()
  const prof = await a2.getProfile({ actor: 'brand.test' })
  console.log(prof.data)
  try {
    await new AtpAgent({ service: network.pds.url }).login({
      identifier: 'brand.test',
      password: 'nope-nope-nope',
    })
  } catch (e) {
    console.log(
      'err',
      (e as Error).constructor.name,
      (e as any).status,
      (e as any).error,
      (e as Error).message,
    )
  }
  try {
    await a2.post({ text: 'x'.repeat(400) })
  } catch (e) {
    console.log(
      'err',
      (e as Error).constructor.name,
      (e as any).status,
      (e as any).error,
      (e as Error).message,
    )
  }
  const did = a2.session!.did
  const r1 = await a2.com.atproto.repo.createRecord({
    repo: did,
    collection: 'app.bsky.feed.post',
    record: {
      $type: 'app.bsky.feed.post',
      text: 'with key',
      createdAt: new Date().toISOString(),
      townhallKey: 'abc',
    },
  })
  console.log('extra field ok', r1.data)
  try {
    const r2 = await a2.com.atproto.repo.createRecord({
      repo: did,
      collection: 'app.bsky.feed.post',
      rkey: 'th-abc',
      record: { $type: 'app.bsky.feed.post', text: 'custom rkey', createdAt: new Date().toISOString() },
    })
    console.log('rkey ok', r2.data)
  } catch (e) {
    console.log('rkey err', (e as Error).message)
  }
  const lr = await a2.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post', limit: 10 })
  console.log(lr.data.records.map((r) => [r.uri, (r.value as any).text, (r.value as any).townhallKey]))
  try {
    await a2.com.atproto.repo.getRecord({
      repo: did,
      collection: 'app.bsky.feed.post',
      rkey: '3zzzzzzzzzzzz',
    })
  } catch (e) {
    console.log('getRecord err', (e as any).status, (e as any).error, (e as Error).message)
  }
  const del = await a2.com.atproto.repo.deleteRecord({
    repo: did,
    collection: 'app.bsky.feed.post',
    rkey: '3zzzzzzzzzzzz',
  })
  console.log('delete missing ok', del.success)
  await network.processAll()
  const n = await a2.app.bsky.notification.listNotifications({ limit: 5 })
  console.log('notifs', n.data)
  expect(1).toBe(1)
})

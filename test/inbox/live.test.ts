import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { PgEventBus } from '../../src/core/event-bus.pg.js'
import type { LiveEvent } from '../../src/shared/live-event.types.js'
import { createPostgresDatabase } from '../support/db.js'
import { activity, type InboxFixture, inboxFixture } from './support.js'

describe('live events', () => {
  let f: InboxFixture
  beforeAll(async () => {
    f = await inboxFixture('sqlite')
  })
  afterAll(async () => f.t.close())

  it('streams new messages over Server-Sent Events', async () => {
    const ctrl = new AbortController()
    const res = await f.t.app.request(`/api/workspaces/${f.workspaceId}/events`, {
      headers: { cookie: f.owner.cookie },
      signal: ctrl.signal,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.getReader()
    const decoder = new TextDecoder()
    let text = ''
    while (!text.includes('event: ready')) text += decoder.decode((await reader.read()).value)
    await f.t.ctx.inbox.ingest.ingest(f.channel, [activity({ remoteId: 'live-1' })])
    while (!text.includes('event: message.created')) text += decoder.decode((await reader.read()).value)
    const data = text.split('event: message.created\ndata: ')[1]!.split('\n')[0]!
    const event = JSON.parse(data) as { conversationId: string; direction: string; workspaceId: string }
    expect(event.direction).toBe('in')
    expect(event.workspaceId).toBe(f.workspaceId)
    ctrl.abort()
    await reader.cancel().catch(() => {})
  })

  it('refuses the stream to a non-member with 404', async () => {
    const res = await f.t.app.request(`/api/workspaces/not-a-workspace/events`, {
      headers: { cookie: f.owner.cookie },
    })
    expect(res.status).toBe(404)
  })
})

describe('EventBus across processes (PostgreSQL LISTEN/NOTIFY)', () => {
  it('delivers an event published by one bus to a subscriber of another', async () => {
    if (!inject('postgresUrl')) throw new Error('PostgreSQL is required')
    const db = await createPostgresDatabase()
    const a = new PgEventBus({ url: db.url })
    const b = new PgEventBus({ url: db.url })
    try {
      const got: LiveEvent[] = []
      b.subscribe('ws-1', (e) => got.push(e))
      b.subscribe('ws-2', () => got.push({ type: 'inbox.ingested', workspaceId: 'wrong', count: 0 }))
      await b.ready()
      await a.ready()
      a.publish({ type: 'inbox.ingested', workspaceId: 'ws-1', count: 7 })
      for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20))
      expect(got).toEqual([{ type: 'inbox.ingested', workspaceId: 'ws-1', count: 7 }])
    } finally {
      await a.close()
      await b.close()
      await db.drop()
    }
  })
})

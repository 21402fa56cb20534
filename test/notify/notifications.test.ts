import { afterAll, beforeAll, expect, it } from 'vitest'
import { ManualClock } from '../../src/core/clock.js'
import { createLogger } from '../../src/core/logger.js'
import type { Engine } from '../../src/db/database.js'
import { SmtpMailer } from '../../src/notify/mailer.smtp.js'
import { NotificationService } from '../../src/notify/notification.service.js'
import { createTestApp, setupOwner, type TestApp } from '../support/app.js'
import { describeEachEngine } from '../support/db.js'
import { startSmtp } from '../support/smtp.js'

describeEachEngine('notifications', (engine: Engine) => {
  let t: TestApp
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  beforeAll(async () => {
    t = await createTestApp(engine)
    smtp = await startSmtp()
  })
  afterAll(async () => {
    await smtp.stop()
    await t.close()
  })

  it('stores an in-app notification, emails it through real SMTP, and marks it read', async () => {
    const { owner, workspaceId } = await setupOwner(t.app)
    const me = await owner.get<{ user: { id: string } }>('/api/session')
    const service = new NotificationService(
      t.db.kysely,
      new SmtpMailer(smtp.url, 'Townhall <townhall@acme.example>'),
      new ManualClock(),
      createLogger('silent'),
    )
    await service.notify({
      workspaceId,
      userIds: [me.body.user.id, me.body.user.id],
      kind: 'post.approval-requested',
      title: 'Dana asks you to approve a post',
      body: 'Launch announcement for Bluesky',
      link: '/publishing/posts/p1',
      email: {
        subject: 'Approve: Launch announcement',
        text: 'Open http://localhost/approve/abc to approve.',
      },
    })
    expect(smtp.received).toHaveLength(1)
    expect(smtp.received[0]!.to).toEqual(['olivia@acme.example'])
    expect(smtp.received[0]!.raw).toContain('Subject: Approve: Launch announcement')
    expect(smtp.received[0]!.raw).toContain('Open http://localhost/approve/abc to approve.')

    const list = await owner.get<{
      unread: number
      items: Array<{ id: string; title: string; link: string }>
    }>(`/api/workspaces/${workspaceId}/notifications`)
    expect(list.body.unread).toBe(1)
    expect(list.body.items[0]).toMatchObject({
      title: 'Dana asks you to approve a post',
      link: '/publishing/posts/p1',
    })
    const marked = await owner.post<{ marked: number }>(`/api/workspaces/${workspaceId}/notifications/read`, {
      ids: [list.body.items[0]!.id],
    })
    expect(marked.body.marked).toBe(1)
    const after = await owner.get<{ unread: number }>(
      `/api/workspaces/${workspaceId}/notifications?unread=true`,
    )
    expect(after.body.unread).toBe(0)
  })

  it('keeps the in-app notification when email delivery fails', async () => {
    const dead = new SmtpMailer('smtp://127.0.0.1:1?tls=off', 'x@acme.example')
    const service = new NotificationService(t.db.kysely, dead, new ManualClock(), createLogger('silent'))
    const user = await t.db.kysely.selectFrom('users').select(['id']).executeTakeFirstOrThrow()
    const ws = await t.db.kysely.selectFrom('workspaces').select(['id']).executeTakeFirstOrThrow()
    await service.notify({
      workspaceId: ws.id,
      userIds: [user.id],
      kind: 'x',
      title: 'Still here',
      body: 'b',
      email: { subject: 's', text: 't' },
    })
    const items = await service.list(ws.id, user.id, { unreadOnly: true })
    expect(items.map((i) => i.title)).toContain('Still here')
  })
})

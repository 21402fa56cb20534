/**
 * The phone-friendly approval page at /approve/{token}: plain HTML and a form, no script, no
 * sign-in. The form posts back to the same address (outside /api, so no CSRF header is needed:
 * the unguessable single-use token is the credential).
 */
import type { AppContext } from '../context.js'
import { DomainError } from '../core/errors.js'
import { approvalLinkView } from './approval-link.view.js'
import type { App } from './env.js'

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  )

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${esc(title)} · Townhall</title><style>
body{font:17px/1.45 system-ui,sans-serif;margin:0;padding:16px;max-width:560px;margin:auto;color:#1b1b1f;background:#fafafa}
h1{font-size:1.25rem}h2{font-size:1rem;margin:18px 0 0}.card{background:#fff;border:1px solid #ddd;border-radius:12px;padding:14px;margin:12px 0;white-space:pre-wrap}
.meta{color:#555;font-size:.9rem}button{font:inherit;width:100%;padding:14px;border-radius:10px;border:0;margin:8px 0;cursor:pointer}
.ok{background:#1a7f37;color:#fff}.guard{background:#fff4e5;border:1px solid #e8a33d;border-radius:12px;padding:10px 14px;margin:12px 0}.guard li{margin:4px 0}.no{background:#eee;color:#1b1b1f;border:1px solid #ccc}textarea{width:100%;box-sizing:border-box;font:inherit;min-height:90px;border-radius:8px;border:1px solid #ccc;padding:8px}
</style></head><body>${body}</body></html>`
}

export function registerApprovePage(app: App, ctx: AppContext): void {
  app.get('/approve/:token', async (c) => {
    const token = c.req.param('token')
    try {
      const v = await approvalLinkView(ctx, token)
      const cards = (ps: unknown[]) =>
        (ps as Array<{ text: string }>).map((p) => `<div class="card">${esc(p.text)}</div>`).join('')
      // @NOTE the approver sees every text that will go out: the common one, and each channel's own.
      const own = v.channels.filter((ch) => v.post.variants[ch.id])
      const parts =
        own.length === 0
          ? cards(v.post.parts)
          : `${own.length < v.channels.length ? `<h2>On the other channels</h2>${cards(v.post.parts)}` : ''}${own
              .map(
                (ch) => `<h2>On ${esc(ch.network)} @${esc(ch.handle)}</h2>${cards(v.post.variants[ch.id]!)}`,
              )
              .join('')}`
      const when = v.schedule?.local
        ? `Goes out ${esc(v.schedule.local.replace('T', ' '))} (${esc(v.schedule.timeZone ?? '')})`
        : 'Not scheduled yet'
      const where = v.channels.map((ch) => `${esc(ch.network)} @${esc(ch.handle)}`).join(', ')
      // @NOTE the leader's guardrails (flagged terms, quiet periods, topics to avoid), explained.
      const lv = await ctx.publishing.approvals.linkView(token)
      const check = await ctx.leader.guardrails.check(lv.post, [
        ...new Set(lv.channels.map((ch) => ch.presence_id)),
      ])
      const guard =
        check.findings.length > 0
          ? `<div class="guard" role="note"><strong>Guardrails</strong><ul>${check.findings.map((f) => `<li>${esc(f.message)}</li>`).join('')}</ul></div>`
          : ''
      return c.html(
        page(
          v.post.title,
          `<h1>${esc(v.post.title)}</h1><p class="meta">For ${where}<br>${when}<br>Asked of ${esc(v.approver.name)}</p>${guard}${parts}
<form method="post"><input type="hidden" name="decision" value="approve"><button class="ok" type="submit">Approve</button></form>
<form method="post"><input type="hidden" name="decision" value="request-changes"><label for="comment">What should change?</label><textarea id="comment" name="comment" required></textarea><button class="no" type="submit">Request changes</button></form>`,
        ),
      )
    } catch (err) {
      if (err instanceof DomainError)
        return c.html(page('Approval link', `<h1>${esc(err.message)}</h1>`), 404)
      throw err
    }
  })

  app.post('/approve/:token', async (c) => {
    const token = c.req.param('token')
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>)
    const decision =
      form.decision === 'request-changes'
        ? 'request-changes'
        : form.decision === 'approve'
          ? 'approve'
          : undefined
    const comment = typeof form.comment === 'string' ? form.comment.slice(0, 5000) : undefined
    try {
      if (!decision) throw new DomainError('validation', 'Choose Approve or Request changes')
      const state = await ctx.publishing.approvals.decideByLink(token, decision, comment)
      const msg =
        state === 'changes-requested'
          ? 'Thanks — the drafter will see your comment.'
          : state === 'approved'
            ? 'Approved. It will go out as scheduled.'
            : 'Approved. It still waits for another approval.'
      return c.html(page('Done', `<h1>${msg}</h1>`))
    } catch (err) {
      if (err instanceof DomainError)
        return c.html(page('Approval link', `<h1>${esc(err.message)}</h1>`), err.status === 400 ? 400 : 404)
      throw err
    }
  })
}

/**
 * `GET /sandbox/avatars/{initials}-{rrggbb}.svg`: the Sandbox's people's avatars (an initials
 * circle), public and cacheable like a network's avatar CDN. They name nobody's data, so no session.
 */
import { parseSandboxAvatar, sandboxAvatarSvg } from '../networks/sandbox/sandbox.avatar.js'
import type { App } from './env.js'
import { problem } from './problem.js'

export function registerSandboxAvatarRoutes(app: App): void {
  app.get('/sandbox/avatars/:file', (c) => {
    const parsed = parseSandboxAvatar(c.req.param('file'))
    if (!parsed.ok)
      return problem(c, 'validation', 400, `The avatar ${parsed.field} ${parsed.reason}.`, {
        errors: [{ field: parsed.field, reason: parsed.reason }],
      })
    return c.body(sandboxAvatarSvg(parsed.initials, parsed.color), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
      'cache-control': 'public, max-age=31536000, immutable',
    })
  })
}

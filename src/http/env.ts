import type { OpenAPIHono } from '@hono/zod-openapi'
import type { Principal } from '../identity/auth.service.js'
import type { Actor } from '../workspace/member.service.js'

/** Per-request variables set by middleware. */
export interface AppEnv {
  Variables: {
    requestId: string
    principal: Principal | undefined
    /** Set for /api/workspaces/:workspaceId/* by the workspace scope middleware. */
    actor: (Actor & { workspaceId: string }) | undefined
  }
}

export type App = OpenAPIHono<AppEnv>

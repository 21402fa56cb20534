/**
 * The OAuth apps a workspace connects with: its own (entered by an owner or admin in Settings, the
 * secret sealed at rest bound to the workspace and app) or the install's (environment variables).
 * A workspace's own app wins over the install's.
 */
import type { Kysely } from 'kysely'
import type { Clock } from '../../core/clock.js'
import { invalid } from '../../core/errors.js'
import type { Sealer } from '../../core/seal.js'
import type { Database } from '../../db/schema.js'
import { audit } from '../../workspace/audit.js'
import type { OAuthApp, OAuthEndpoints, OAuthProviders } from './oauth.provider.js'

/** What Settings shows of an app: never the secret. */
export interface OAuthAppView {
  app: string
  /** null: not configured at all. */
  source: 'workspace' | 'environment' | null
  clientId: string | null
  secretSet: boolean
  /** Effective endpoints (overrides over the network's defaults). */
  endpoints: OAuthEndpoints
  /** Only the endpoints this workspace changed. */
  overrides: Partial<OAuthEndpoints>
  updatedAt: number | null
}

export interface OAuthAppInput {
  clientId: string
  /** Omitted: keep the stored secret (edit the client id or endpoints only). */
  clientSecret?: string
  endpoints?: Partial<OAuthEndpoints>
}

const URL_FIELDS = ['authorizationUrl', 'tokenUrl', 'revocationUrl', 'apiBaseUrl', 'issuer'] as const

const aad = (workspaceId: string, app: string) => `oauth-app:${workspaceId}:${app}`

export class OAuthAppStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sealer: Sealer,
    private readonly providers: OAuthProviders,
    private readonly env: Record<string, { clientId: string; clientSecret: string }>,
    private readonly clock: Clock,
    /** Refuses internal targets (the outbound client's `refusal`). */
    private readonly refusal: (url: string) => Promise<string | null>,
  ) {}

  private defaults(app: string): OAuthEndpoints {
    const p = this.providers.ofApp(app)[0]
    if (!p) throw invalid('app', `must be one of ${this.providers.apps().join(', ')}`)
    return p.defaults
  }

  private row(workspaceId: string, app: string) {
    return this.db
      .selectFrom('oauth_apps')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('app', '=', app)
      .executeTakeFirst()
  }

  /** The app to connect with, secret opened; null when neither the workspace nor the install has one. */
  async resolve(workspaceId: string, app: string): Promise<OAuthApp | null> {
    const defaults = this.defaults(app)
    const r = await this.row(workspaceId, app)
    if (r) {
      const overrides = JSON.parse(r.settings) as Partial<OAuthEndpoints>
      return {
        app,
        clientId: r.client_id,
        clientSecret: this.sealer.open(r.client_secret_sealed, aad(workspaceId, app)),
        endpoints: { ...defaults, ...overrides },
        source: 'workspace',
      }
    }
    const e = this.env[app]
    if (!e) return null
    return {
      app,
      clientId: e.clientId,
      clientSecret: e.clientSecret,
      endpoints: defaults,
      source: 'environment',
    }
  }

  async view(workspaceId: string, app: string): Promise<OAuthAppView> {
    const defaults = this.defaults(app)
    const r = await this.row(workspaceId, app)
    if (r) {
      const overrides = JSON.parse(r.settings) as Partial<OAuthEndpoints>
      return {
        app,
        source: 'workspace',
        clientId: r.client_id,
        secretSet: true,
        endpoints: { ...defaults, ...overrides },
        overrides,
        updatedAt: r.updated_at,
      }
    }
    const e = this.env[app]
    return {
      app,
      source: e ? 'environment' : null,
      clientId: e?.clientId ?? null,
      secretSet: !!e,
      endpoints: defaults,
      overrides: {},
      updatedAt: null,
    }
  }

  /** Stores the workspace's own app; URLs are checked like every user-given target. */
  async save(workspaceId: string, app: string, input: OAuthAppInput, userId: string | null): Promise<void> {
    const defaults = this.defaults(app)
    const clientId = input.clientId.trim()
    if (!clientId) throw invalid('clientId', 'is required')
    const existing = await this.row(workspaceId, app)
    const secret = input.clientSecret?.trim()
    if (!secret && !existing) throw invalid('clientSecret', 'is required')
    const overrides: Partial<OAuthEndpoints> = {}
    for (const f of URL_FIELDS) {
      const v = input.endpoints?.[f]?.trim().replace(/\/+$/, '')
      if (!v || v === defaults[f]) continue
      let u: URL
      try {
        u = new URL(v)
      } catch {
        throw invalid(`endpoints.${f}`, 'must be an absolute http(s) URL')
      }
      if (u.protocol !== 'https:' && u.protocol !== 'http:')
        throw invalid(`endpoints.${f}`, 'must be an absolute http(s) URL')
      // @NOTE the client secret and the tokens would be sent there: refuse internal targets now.
      const refused = await this.refusal(v)
      if (refused) throw invalid(`endpoints.${f}`, refused)
      overrides[f] = v
    }
    const sealed = secret ? this.sealer.seal(secret, aad(workspaceId, app)) : existing!.client_secret_sealed
    const now = this.clock.now()
    const values = {
      client_id: clientId,
      client_secret_sealed: sealed,
      settings: JSON.stringify(overrides),
      updated_by: userId,
      updated_at: now,
    }
    if (existing)
      await this.db
        .updateTable('oauth_apps')
        .set(values)
        .where('workspace_id', '=', workspaceId)
        .where('app', '=', app)
        .execute()
    else
      await this.db
        .insertInto('oauth_apps')
        .values({ workspace_id: workspaceId, app, ...values })
        .execute()
    await audit(
      this.db,
      {
        workspaceId,
        actorUserId: userId,
        action: 'oauth-app.save',
        data: { app, clientId, secretChanged: !!secret, overrides: Object.keys(overrides) },
      },
      now,
    )
  }

  /** Forgets the workspace's own app (the install's, if any, applies again). */
  async remove(workspaceId: string, app: string, userId: string | null): Promise<void> {
    this.defaults(app)
    await this.db
      .deleteFrom('oauth_apps')
      .where('workspace_id', '=', workspaceId)
      .where('app', '=', app)
      .execute()
    await audit(
      this.db,
      { workspaceId, actorUserId: userId, action: 'oauth-app.remove', data: { app } },
      this.clock.now(),
    )
  }
}

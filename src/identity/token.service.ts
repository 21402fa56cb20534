import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { invalid, notFound } from '../core/errors.js'
import { newId, newSecret } from '../core/ids.js'
import { hashToken } from '../core/seal.js'
import type { Database } from '../db/schema.js'
import { toUser, type User } from './user.repository.js'

export interface ApiTokenInfo {
  id: string
  name: string
  prefix: string
  createdAt: number
  lastUsedAt: number | null
  expiresAt: number | null
  revokedAt: number | null
}

const TOKEN_PREFIX = 'thpat_'

/** Personal API tokens: shown once at creation, stored as SHA-256 only. */
export class TokenService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async create(
    userId: string,
    name: string,
    ttlDays?: number,
  ): Promise<{ token: string; info: ApiTokenInfo }> {
    const n = name.trim()
    if (!n || n.length > 100) throw invalid('name', 'must be 1 to 100 characters')
    if (ttlDays !== undefined && (!Number.isInteger(ttlDays) || ttlDays < 1 || ttlDays > 3650))
      throw invalid('expiresInDays', 'must be a whole number from 1 to 3650')
    const now = this.clock.now()
    const token = TOKEN_PREFIX + newSecret(32)
    const row = {
      id: newId(now),
      user_id: userId,
      name: n,
      token_hash: hashToken(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      created_at: now,
      last_used_at: null,
      expires_at: ttlDays ? now + ttlDays * 86400_000 : null,
      revoked_at: null,
    }
    await this.db.insertInto('api_tokens').values(row).execute()
    return { token, info: toInfo(row) }
  }

  async list(userId: string): Promise<ApiTokenInfo[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .execute()
    return rows.map(toInfo)
  }

  /** Revokes a token by id (or by its shown prefix) belonging to the user. */
  async revoke(userId: string, idOrPrefix: string): Promise<ApiTokenInfo> {
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('id', '=', idOrPrefix), eb('prefix', '=', idOrPrefix)]))
      .executeTakeFirst()
    if (!row) throw notFound('token')
    const now = this.clock.now()
    await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: row.revoked_at ?? now })
      .where('id', '=', row.id)
      .execute()
    return toInfo({ ...row, revoked_at: row.revoked_at ?? now })
  }

  /** Throws `invalid('keepTokens.N')` unless every id in `keep` is one of the user's active tokens. */
  async checkKeep(userId: string, keep: readonly string[]): Promise<void> {
    if (keep.length === 0) return
    const now = this.clock.now()
    const rows = await this.db
      .selectFrom('api_tokens')
      .select('id')
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .where('id', 'in', [...keep])
      .execute()
    const live = new Set(rows.map((r) => r.id))
    const bad = keep.findIndex((id) => !live.has(id))
    if (bad >= 0) throw invalid(`keepTokens.${bad}`, 'is not one of your active tokens')
  }

  /**
   * Revokes every token of the user not yet revoked, except the ids in `keep` (checked with
   * `checkKeep` first, so a wrong id changes nothing). Returns how many were revoked.
   */
  async revokeAll(userId: string, keep: readonly string[] = []): Promise<number> {
    await this.checkKeep(userId, keep)
    let q = this.db
      .updateTable('api_tokens')
      .set({ revoked_at: this.clock.now() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
    if (keep.length > 0) q = q.where('id', 'not in', [...keep])
    const r = await q.executeTakeFirst()
    return Number(r.numUpdatedRows)
  }

  /** Resolves a bearer token to its user; undefined when unknown, revoked or expired. */
  async authenticate(token: string): Promise<{ user: User; tokenId: string } | undefined> {
    if (!token.startsWith(TOKEN_PREFIX)) return undefined
    const now = this.clock.now()
    const row = await this.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('users')
      .select([
        'api_tokens.id as tid',
        'api_tokens.revoked_at',
        'api_tokens.expires_at',
        'api_tokens.last_used_at',
      ])
      .where('api_tokens.token_hash', '=', hashToken(token))
      .executeTakeFirst()
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now))
      return undefined
    if (!row.last_used_at || now - row.last_used_at > 60_000) {
      await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.tid).execute()
    }
    return { user: toUser(row), tokenId: row.tid }
  }
}

function toInfo(r: {
  id: string
  name: string
  prefix: string
  created_at: number
  last_used_at: number | null
  expires_at: number | null
  revoked_at: number | null
}): ApiTokenInfo {
  return {
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }
}

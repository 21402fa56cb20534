import type { Kysely } from 'kysely'
import type { Clock } from '../core/clock.js'
import { DomainError } from '../core/errors.js'
import { newId, newSecret } from '../core/ids.js'
import { verifyPassword } from '../core/password.js'
import { hashToken } from '../core/seal.js'
import type { Database } from '../db/schema.js'
import { toUser, type User, type UserRepository } from './user.repository.js'

const SESSION_TTL_MS = 30 * 24 * 3600_000
const THROTTLE_WINDOW_MS = 15 * 60_000
const MAX_FAILURES_PER_ACCOUNT = 5
const MAX_FAILURES_PER_IP = 20
const LOCK_MS = 15 * 60_000

export interface SessionInfo {
  sessionId: string
  user: User
  csrfToken: string
  currentWorkspaceId: string | null
}

/** Who is calling: a browser session (cookie) or a personal API token (bearer). */
export type Principal =
  | { kind: 'session'; user: User; sessionId: string; csrfToken: string; currentWorkspaceId: string | null }
  | { kind: 'token'; user: User; tokenId: string }

// A dummy hash so a login for an unknown email costs the same time as a known one.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'

/** Login, sessions and throttling. Tokens are random; only their SHA-256 is stored. */
export class AuthService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly users: UserRepository,
    private readonly clock: Clock,
  ) {}

  private async lockedUntil(key: string): Promise<number> {
    const row = await this.db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst()
    return row && row.locked_until > this.clock.now() ? row.locked_until : 0
  }

  private async recordFailure(key: string, max: number): Promise<void> {
    const now = this.clock.now()
    const row = await this.db
      .selectFrom('login_throttle')
      .selectAll()
      .where('key', '=', key)
      .executeTakeFirst()
    if (!row || now - row.window_start > THROTTLE_WINDOW_MS) {
      await this.db.deleteFrom('login_throttle').where('key', '=', key).execute()
      await this.db
        .insertInto('login_throttle')
        .values({ key, failures: 1, window_start: now, locked_until: 0 })
        .onConflict((oc) => oc.column('key').doUpdateSet({ failures: 1, window_start: now, locked_until: 0 }))
        .execute()
      return
    }
    const failures = row.failures + 1
    await this.db
      .updateTable('login_throttle')
      .set({ failures, locked_until: failures >= max ? now + LOCK_MS : row.locked_until })
      .where('key', '=', key)
      .execute()
  }

  /** Checks the password and opens a session; throttled per account and per IP. */
  async login(
    emailInput: string,
    password: string,
    meta: { ip?: string; userAgent?: string },
  ): Promise<{ token: string; session: SessionInfo }> {
    const email = emailInput.trim().toLowerCase()
    const keys = [`acct:${email}`, ...(meta.ip ? [`ip:${meta.ip}`] : [])]
    const locks = await Promise.all(keys.map((k) => this.lockedUntil(k)))
    const lockedUntil = Math.max(...locks)
    if (lockedUntil > 0) {
      throw new DomainError('rate-limited', 'Too many failed sign-in attempts. Try again later.', {
        retryAfterSeconds: Math.ceil((lockedUntil - this.clock.now()) / 1000),
      })
    }
    const row = await this.users.byEmail(email)
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH)
    if (!row || !ok) {
      await this.recordFailure(`acct:${email}`, MAX_FAILURES_PER_ACCOUNT)
      if (meta.ip) await this.recordFailure(`ip:${meta.ip}`, MAX_FAILURES_PER_IP)
      throw new DomainError('unauthenticated', 'Email or password is wrong.')
    }
    await this.db.deleteFrom('login_throttle').where('key', '=', `acct:${email}`).execute()
    const now = this.clock.now()
    await this.users.update(row.id, { last_login_at: now })
    return this.openSession(toUser(row), meta)
  }

  /** Opens a session for a user already verified (login, setup, accepting an invitation). */
  async openSession(
    user: User,
    meta: { ip?: string; userAgent?: string },
  ): Promise<{ token: string; session: SessionInfo }> {
    const now = this.clock.now()
    const token = newSecret(32)
    const id = newId(now)
    const csrfToken = newSecret(24)
    await this.db
      .insertInto('sessions')
      .values({
        id,
        user_id: user.id,
        token_hash: hashToken(token),
        csrf_token: csrfToken,
        current_workspace_id: null,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
        ip: meta.ip ?? null,
        created_at: now,
        last_seen_at: now,
        expires_at: now + SESSION_TTL_MS,
      })
      .execute()
    return { token, session: { sessionId: id, user, csrfToken, currentWorkspaceId: null } }
  }

  /** Resolves a session cookie to its session, sliding its expiry; undefined when unknown or expired. */
  async sessionFromToken(token: string): Promise<SessionInfo | undefined> {
    const now = this.clock.now()
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select([
        'sessions.id as sid',
        'sessions.csrf_token',
        'sessions.current_workspace_id',
        'sessions.expires_at',
        'sessions.last_seen_at',
      ])
      .where('sessions.token_hash', '=', hashToken(token))
      .executeTakeFirst()
    if (!row || row.expires_at <= now) return undefined
    if (now - row.last_seen_at > 60_000) {
      await this.db
        .updateTable('sessions')
        .set({ last_seen_at: now, expires_at: now + SESSION_TTL_MS })
        .where('id', '=', row.sid)
        .execute()
    }
    return {
      sessionId: row.sid,
      user: toUser(row),
      csrfToken: row.csrf_token,
      currentWorkspaceId: row.current_workspace_id,
    }
  }

  async setCurrentWorkspace(sessionId: string, workspaceId: string): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ current_workspace_id: workspaceId })
      .where('id', '=', sessionId)
      .execute()
  }

  async logout(sessionId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', sessionId).execute()
  }

  /**
   * Ends every session of a user (after a password reset), or every one but `exceptSessionId` (the
   * browser that asked to sign out everywhere else). Returns how many ended.
   */
  async logoutEverywhere(userId: string, exceptSessionId?: string): Promise<number> {
    let q = this.db.deleteFrom('sessions').where('user_id', '=', userId)
    if (exceptSessionId) q = q.where('id', '!=', exceptSessionId)
    const r = await q.executeTakeFirst()
    return Number(r.numDeletedRows)
  }
}

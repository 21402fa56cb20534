import type { Config } from '../config/config.js'
import { createContext } from '../context.js'
import { createLogger } from '../core/logger.js'
import { migrateToLatest } from '../db/database.js'
import { type CliIo, readSecret } from './io.js'

type Flags = { email?: string; name?: string; 'keep-tokens'?: string }

/**
 * `townhall user create|reset-password|grant-owner|revoke-owner`: a password comes from stdin or a
 * prompt, never argv.
 */
export async function userCommand(
  config: Config,
  sub: string | undefined,
  flags: Flags,
  io: CliIo,
): Promise<number> {
  if (sub === 'grant-owner' || sub === 'revoke-owner') return ownerCommand(config, sub, flags, io)
  if (sub !== 'create' && sub !== 'reset-password') {
    io.err(
      'usage: townhall user create --email E --name N | townhall user reset-password --email E [--keep-tokens ID,ID] | townhall user grant-owner|revoke-owner --email E',
    )
    return 2
  }
  if (!flags.email || (sub === 'create' && !flags.name)) {
    io.err(sub === 'create' ? 'user create needs --email and --name' : 'user reset-password needs --email')
    return 2
  }
  const ctx = createContext(config, { logger: createLogger('silent') })
  try {
    await migrateToLatest(ctx.db)
    const password = await readSecret(io, 'Password (at least 10 characters): ')
    if (sub === 'create') {
      const user = await ctx.users.create({ email: flags.email, name: flags.name!, password })
      io.out(`created user ${user.email} (${user.id})`)
    } else {
      const keep = (flags['keep-tokens'] ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
      const found = await ctx.db.kysely
        .selectFrom('users')
        .select('id')
        .where('email', '=', flags.email.trim().toLowerCase())
        .executeTakeFirst()
      if (found) await ctx.tokens.checkKeep(found.id, keep)
      const user = await ctx.users.resetPassword(flags.email, password)
      await ctx.auth.logoutEverywhere(user.id)
      // @NOTE a reset means the account may be in someone else's hands: its API tokens go too,
      // unless the operator names the ones to keep (issue #18).
      const revoked = await ctx.tokens.revokeAll(user.id, keep)
      io.out(
        `password reset for ${user.email}; their sessions were signed out and ${revoked} API token(s) revoked` +
          (keep.length ? ` (kept ${keep.join(', ')})` : ''),
      )
    }
    return 0
  } finally {
    await ctx.close()
  }
}

/** `townhall user grant-owner|revoke-owner --email E`: makes a user an instance owner, or not. */
async function ownerCommand(
  config: Config,
  sub: 'grant-owner' | 'revoke-owner',
  flags: Flags,
  io: CliIo,
): Promise<number> {
  if (!flags.email) {
    io.err(`user ${sub} needs --email`)
    return 2
  }
  const ctx = createContext(config, { logger: createLogger('silent') })
  try {
    await migrateToLatest(ctx.db)
    const user = await ctx.instance.setOwner(flags.email, sub === 'grant-owner')
    io.out(
      sub === 'grant-owner'
        ? `${user.email} is now an instance owner`
        : `${user.email} is no longer an instance owner`,
    )
    return 0
  } finally {
    await ctx.close()
  }
}

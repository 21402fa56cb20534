import type { Config } from '../config/config.js'
import { createContext } from '../context.js'
import { notFound } from '../core/errors.js'
import { createLogger } from '../core/logger.js'
import { migrateToLatest } from '../db/database.js'
import type { CliIo } from './io.js'

type Flags = { email?: string; name?: string; id?: string; 'expires-days'?: string }

/** `townhall token create|revoke`: personal API tokens, stored hashed, shown once. */
export async function tokenCommand(
  config: Config,
  sub: string | undefined,
  flags: Flags,
  io: CliIo,
): Promise<number> {
  if (
    (sub !== 'create' && sub !== 'revoke') ||
    !flags.email ||
    (sub === 'create' ? !flags.name : !flags.id)
  ) {
    io.err(
      'usage: townhall token create --email E --name N [--expires-days D] | townhall token revoke --email E --id ID',
    )
    return 2
  }
  const ctx = createContext(config, { logger: createLogger('silent') })
  try {
    await migrateToLatest(ctx.db)
    const user = await ctx.db.kysely
      .selectFrom('users')
      .select('id')
      .where('email', '=', flags.email.trim().toLowerCase())
      .executeTakeFirst()
    if (!user) throw notFound(`user ${flags.email}`)
    if (sub === 'create') {
      const days = flags['expires-days'] === undefined ? undefined : Number(flags['expires-days'])
      const { token, info } = await ctx.tokens.create(user.id, flags.name!, days)
      io.err(`created token "${info.name}" (id ${info.id}); it is shown once, store it now:`)
      io.out(token)
    } else {
      const info = await ctx.tokens.revoke(user.id, flags.id!)
      io.out(`revoked token "${info.name}" (${info.id})`)
    }
    return 0
  } finally {
    await ctx.close()
  }
}

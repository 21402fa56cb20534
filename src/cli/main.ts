import { parseArgs } from 'node:util'
import { buildConfig, ConfigError } from '../config/config.js'
import { readEnv } from '../config/env.js'
import { DomainError } from '../core/errors.js'
import { backupCommand } from './backup.command.js'
import { doctorCommand } from './doctor.command.js'
import { giveawayCommand } from './giveaway.command.js'
import { type CliIo, processIo } from './io.js'
import { pauseCommand, restoreCommand } from './restore.command.js'
import { migrateCommand, startCommand } from './start.command.js'
import { tokenCommand } from './token.command.js'
import { userCommand } from './user.command.js'

const USAGE = `townhall — run your company's public presence

Usage:
  townhall start [--role all|api|worker]   start the server (API + workers by default)
  townhall migrate                         apply database migrations
  townhall user create --email E --name N  create a user (password from stdin or prompt)
  townhall user reset-password --email E [--keep-tokens ID,ID]
                                           set a new password (from stdin or prompt); signs the
                                           user out everywhere and revokes their API tokens
  townhall user grant-owner --email E      make a user an instance owner (instance settings,
                                           creating workspaces); revoke-owner undoes it
  townhall token create --email E --name N [--expires-days D]   personal API token, shown once
  townhall token revoke --email E --id ID  revoke a token (id or shown prefix)
  townhall backup [--out FILE]             consistent online copy of the SQLite database
  townhall restore FILE [--data-dir DIR]   restore a backup into an empty data dir, PAUSED: no
                                           publishing, webhooks or polling until resumed
  townhall resume | townhall pause         resume a paused copy (starts its workers), or pause one
  townhall doctor                          check configuration, database, secret key, disk
  townhall classify                        classify one text per line from stdin (JSON lines)
  townhall giveaway verify URL             recompute a giveaway's winners from its public page and
                                           check the drand beacon's signature

--data-dir DIR overrides TOWNHALL_DATA_DIR for any command.
Configuration is read from the environment; see README.md.`

/** Runs the CLI and returns the exit code. */
export async function main(
  argv: string[],
  io: CliIo = processIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(USAGE)
    return command ? 0 : 2
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        role: { type: 'string' },
        email: { type: 'string' },
        name: { type: 'string' },
        id: { type: 'string' },
        out: { type: 'string' },
        'expires-days': { type: 'string' },
        'keep-tokens': { type: 'string' },
        'data-dir': { type: 'string' },
      },
    })
    const config = () => {
      const raw = readEnv(env)
      return buildConfig(
        values['data-dir'] ? { ...raw, dataDir: values['data-dir'] } : raw,
        values.role ? { role: parseRole(values.role) } : {},
      )
    }
    switch (command) {
      case 'start':
        return await startCommand(config(), io)
      case 'migrate':
        return await migrateCommand(config(), io)
      case 'user':
        return await userCommand(config(), positionals[0], values, io)
      case 'token':
        return await tokenCommand(config(), positionals[0], values, io)
      case 'backup':
        return await backupCommand(config(), values.out, io)
      case 'restore':
        return await restoreCommand(config(), positionals[0], values['data-dir'], io)
      case 'pause':
      case 'resume':
        return await pauseCommand(config(), command, io)
      case 'giveaway':
        return await giveawayCommand(config(), positionals[0], positionals[1], io)
      case 'doctor':
        return await doctorCommand(config, io)
      case 'classify': {
        const { classifyCommand } = await import('../triage/classify.command.js')
        return await classifyCommand(io.stdin, io.stdout)
      }
      default:
        io.err(`unknown command "${command}"\n\n${USAGE}`)
        return 2
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof DomainError) {
      io.err(`error: ${err.message}`)
      return err instanceof ConfigError ? 78 : 1
    }
    if (err instanceof TypeError && 'code' in err && String(err.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`error: ${err.message}\n\n${USAGE}`)
      return 2
    }
    throw err
  }
}

function parseRole(role: string): 'all' | 'api' | 'worker' {
  if (role === 'all' || role === 'api' || role === 'worker') return role
  throw new ConfigError('--role must be all, api or worker')
}

import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensurePrivateDir } from './private-files.js'

export const SECRET_KEY_FILE = 'secret.key'

/**
 * The key that seals secrets: TOWNHALL_SECRET_KEY if given, else `<dataDir>/secret.key`, generated
 * once with mode 0600. Losing it means reconnecting every channel, so backups must include it.
 */
export function loadSecretKey(
  dataDir: string,
  fromEnv?: Buffer,
): { key: Buffer; source: 'env' | 'file' | 'generated'; file?: string } {
  if (fromEnv) return { key: fromEnv, source: 'env' }
  const file = join(dataDir, SECRET_KEY_FILE)
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte base64 key`)
    return { key, source: 'file', file }
  }
  ensurePrivateDir(dataDir)
  const key = randomBytes(32)
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  chmodSync(file, 0o600)
  return { key, source: 'generated', file }
}

/** The key file's permission bits (for `doctor`), or undefined when there is no file. */
export function secretKeyFileMode(dataDir: string): number | undefined {
  const file = join(dataDir, SECRET_KEY_FILE)
  return existsSync(file) ? statSync(file).mode & 0o777 : undefined
}

import { randomBytes } from 'node:crypto'

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'

/**
 * Time-sortable identifier: 10 chars of millisecond time + 16 random chars (Crockford base32,
 * lower case), so ids sort by creation and index well on both engines.
 */
export function newId(now: number = Date.now()): string {
  let t = now
  let time = ''
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time
    t = Math.floor(t / 32)
  }
  const bytes = randomBytes(16)
  let rand = ''
  for (const b of bytes) rand += ALPHABET[b % 32]
  return time + rand
}

/** A random URL-safe secret of `bytes` bytes of entropy. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

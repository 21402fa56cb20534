import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Seals secrets at rest with AES-256-GCM. Output: `v1.<iv>.<tag>.<ciphertext>` in base64url.
 * The additional data binds a sealed value to where it is stored (e.g. a channel id), so a
 * sealed value copied to another row does not open.
 */
export class Sealer {
  private readonly key: Buffer
  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('secret key must be 32 bytes')
    this.key = key
  }

  seal(plain: string, aad = ''): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    cipher.setAAD(Buffer.from(aad))
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return [
      'v1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ct.toString('base64url'),
    ].join('.')
  }

  open(sealed: string, aad = ''): string {
    const [v, iv, tag, ct] = sealed.split('.')
    if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a sealed value')
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
    decipher.setAAD(Buffer.from(aad))
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8')
  }

  /** Short fingerprint of the key, safe to show (doctor). */
  fingerprint(): string {
    return createHash('sha256').update(this.key).digest('hex').slice(0, 12)
  }
}

/** SHA-256 hex of a token, for storing bearer/session/invite tokens hashed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}
